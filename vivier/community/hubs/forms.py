from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _

from vivier.accounts.models import Role
from vivier.community.hubs.discussions import MAX_POST_CHARS, MAX_TITLE_CHARS
from vivier.community.hubs.models import (
    Hub,
    HubInvitation,
    MemberOffer,
    Membership,
    PartnerOrganisation,
    Reaction,
)
from vivier.community.hubs.moderation import MAX_REASON_CHARS

BODY_HELP = _("Markdown: **bold**, *italics*, lists, [links](https://…). Mention a member: @name.")


def _body_field(label=None):
    field = forms.CharField(
        label=label or _("Message"),
        max_length=MAX_POST_CHARS,
        strip=True,
        help_text=BODY_HELP,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={
            "required": _("Write a message before sending it."),
            "max_length": _(
                "A message is limited to %(limit_value)d characters (it has %(show_value)d): "
                "shorten it or split it in two."
            ),
        },
    )
    # No maxlength in the page: a browser would cut a long paste silently; the server says so
    # and gives the whole text back.
    field.widget.attrs.pop("maxlength", None)
    return field


class ThreadForm(forms.Form):
    title = forms.CharField(
        label=_("Title"),
        max_length=MAX_TITLE_CHARS,
        error_messages={
            "required": _("Give the thread a title."),
            "max_length": _("A title is limited to %(limit_value)d characters."),
        },
    )
    body = _body_field()


class PostForm(forms.Form):
    body = _body_field(_("Your reply"))


class EditPostForm(forms.Form):
    body = _body_field()

    def __init__(self, *args, with_title=False, **kwargs):
        super().__init__(*args, **kwargs)
        if with_title:
            self.fields = {"title": ThreadForm.base_fields["title"], **self.fields}


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        max_length=MAX_REASON_CHARS,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ReportForm(forms.Form):
    reason = forms.CharField(
        label=_("What is wrong with this post?"),
        max_length=MAX_REASON_CHARS,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Say what is wrong with this post.")},
    )


class ReactionForm(forms.Form):
    kind = forms.ChoiceField(choices=Reaction.Kind.choices)


class JoinRequestForm(forms.Form):
    message = forms.CharField(
        label=_("A word for the moderators (optional)"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class HubForm(forms.ModelForm):
    moderators = forms.ModelMultipleChoiceField(
        label=_("Moderators"),
        queryset=get_user_model().objects.filter(is_active=True).exclude(role=Role.CANDIDATE),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
        help_text=_("They hide and restore posts and ban members in this hub."),
    )

    class Meta:
        model = Hub
        fields = [
            "name",
            "slug",
            "kind",
            "description",
            "accepts_join_requests",
            "partner_organisations",
            "keeps_posts_after_erasure",
            "is_archived",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 5}),
            "partner_organisations": forms.CheckboxSelectMultiple,
        }
        help_texts = {"slug": _("In the hub's address: lower-case letters, digits and dashes.")}

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        if kind == Hub.Kind.PARTNER and not data.get("partner_organisations"):
            self.add_error(
                "partner_organisations", _("A partner hub needs at least one partner organisation.")
            )
        if data.get("accepts_join_requests") and kind != Hub.Kind.PRIVATE:
            self.add_error(
                "accepts_join_requests",
                _("Only private hubs take join requests: the others open to their members."),
            )
        return data


class InvitationForm(forms.ModelForm):
    class Meta:
        model = HubInvitation
        fields = ["email", "account_role", "membership_role", "partner_organisation"]
        help_texts = {
            "account_role": _("Only for someone without an account: existing accounts keep theirs.")
        }

    def __init__(self, *args, hub=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partner_organisation"].required = False
        if hub is not None:
            from vivier.community.hubs.services import ACCOUNT_ROLE_BY_KIND

            self.initial.setdefault("account_role", ACCOUNT_ROLE_BY_KIND.get(hub.kind, "candidate"))
            if hub.kind != Hub.Kind.PARTNER:
                del self.fields["partner_organisation"]
            else:
                self.fields["partner_organisation"].queryset = hub.partner_organisations.all()


class ModeratorInvitationForm(forms.Form):
    """Hub moderators invite members of their private hub (new accounts are candidates)."""

    email = forms.EmailField(label=_("E-mail address"))

    def __init__(self, *args, hub=None, **kwargs):
        super().__init__(*args, **kwargs)


class AcceptWithAccountForm(forms.Form):
    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150)
    password1 = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password2 = forms.CharField(
        label=_("Password (again)"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args, email="", **kwargs):
        super().__init__(*args, **kwargs)
        self.email = email

    def clean(self):
        data = super().clean()
        first, second = data.get("password1"), data.get("password2")
        if first and second and first != second:
            self.add_error("password2", _("The two passwords differ."))
        elif first:
            user = get_user_model()(
                email=self.email,
                first_name=data.get("first_name", ""),
                last_name=data.get("last_name", ""),
            )
            try:
                validate_password(first, user)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return data


class MemberOfferForm(forms.ModelForm):
    class Meta:
        model = MemberOffer
        fields = [
            "title",
            "contract_type",
            "source",
            "organisation_name",
            "partner_organisation",
            "city",
            "description",
            "external_url",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 8})}
        help_texts = {
            "organisation_name": _("Your team, or the employer offering the job."),
            "external_url": _("Where to apply, if the offer is published elsewhere."),
        }
        error_messages = {
            "description": {"required": _("Describe the job: missions, profile, how to apply.")}
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partner_organisation"].required = False
        self.fields["description"].validators.append(MaxLengthValidator(MAX_POST_CHARS))

    def clean(self):
        data = super().clean()
        if data.get("source") == MemberOffer.Source.PARTNER and not (
            data.get("partner_organisation") or data.get("organisation_name")
        ):
            self.add_error("organisation_name", _("Name the partner offering the job."))
        return data


class ReviewOfferForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        widget=forms.RadioSelect,
        choices=[
            ("draft", _("Approve as a draft offer (to complete, then publish)")),
            ("publish", _("Approve and publish as a regular offer")),
            ("hub_post", _("Approve as a post of the hub, with its external link")),
            ("reject", _("Decline")),
        ],
    )
    note = forms.CharField(
        label=_("Note to the member"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class PartnerOrganisationForm(forms.ModelForm):
    class Meta:
        model = PartnerOrganisation
        fields = ["name", "kind", "contact_name", "contact_email", "website", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}


class PartnerMemberForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address of a partner account"))

    def clean_email(self):
        email = self.cleaned_data["email"].lower()
        user = get_user_model().objects.filter(email__iexact=email).first()
        if user is None:
            raise forms.ValidationError(
                _("No account has this address: invite the person to the partner hub instead.")
            )
        if user.role != Role.PARTNER:
            raise forms.ValidationError(
                _("This account's role is not partner: only partners can be members.")
            )
        self.user = user
        return email


class MemberRoleForm(forms.Form):
    role = forms.ChoiceField(choices=Membership.Role.choices)
