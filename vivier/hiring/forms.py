from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from vivier.accounts.models import User
from vivier.hiring.models import (
    MessageTemplate,
    PipelineStage,
    PipelineTemplate,
    RejectionReason,
)

PLACEHOLDER_HELP = _(
    "Placeholders: {candidate_first_name}, {candidate_name}, {offer_title}, {offer_reference}, "
    "{employer_name}."
)


class MoveForm(forms.Form):
    stage = forms.ModelChoiceField(queryset=PipelineStage.objects.filter(is_active=True))

    def __init__(self, *args, offer=None, **kwargs):
        super().__init__(*args, **kwargs)
        if offer is not None:
            from vivier.hiring.pipelines import stages_of

            self.fields["stage"].queryset = stages_of(offer)


class NoteForm(forms.Form):
    body = forms.CharField(
        label=_("Note"),
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Visible to the hiring team only. Write @ and a colleague's first name or the start "
            "of their e-mail address (@hana) to notify them."
        ),
    )


class RejectForm(forms.Form):
    reason = forms.ChoiceField(label=_("Reason"), choices=RejectionReason.choices)
    send_email = forms.BooleanField(label=_("Send an e-mail to the candidate"), required=False)
    subject = forms.CharField(label=_("Subject"), max_length=200, required=False)
    body = forms.CharField(
        label=_("Message"), required=False, widget=forms.Textarea(attrs={"rows": 10})
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("send_email"):
            if not cleaned.get("subject", "").strip():
                self.add_error("subject", _("An e-mail needs a subject."))
            if not cleaned.get("body", "").strip():
                self.add_error("body", _("An e-mail needs a message."))
        return cleaned


class StageForm(forms.ModelForm):
    """A stage, with its automatic e-mail in each language (subject_fr, body_fr, ...)."""

    class Meta:
        model = PipelineStage
        fields = ["name", "kind", "position", "is_active", "time_limit_days"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        emails = {}
        if self.instance.pk:
            emails = {email.language: email for email in self.instance.emails.all()}
        for language, language_name in settings.LANGUAGES:
            email = emails.get(language)
            self.fields[f"subject_{language}"] = forms.CharField(
                label=_("E-mail subject (%(language)s)") % {"language": language_name},
                max_length=200, required=False, initial=email.subject if email else "",
            )  # fmt: skip
            self.fields[f"body_{language}"] = forms.CharField(
                label=_("E-mail message (%(language)s)") % {"language": language_name},
                required=False, initial=email.body if email else "",
                widget=forms.Textarea(attrs={"rows": 6}), help_text=PLACEHOLDER_HELP,
            )  # fmt: skip

    def clean(self):
        cleaned = super().clean()
        for language, _name in settings.LANGUAGES:
            subject = cleaned.get(f"subject_{language}", "").strip()
            body = cleaned.get(f"body_{language}", "").strip()
            if subject and not body:
                self.add_error(f"body_{language}", _("An e-mail needs a message."))
            if body and not subject:
                self.add_error(f"subject_{language}", _("An e-mail needs a subject."))
        return cleaned

    def email_texts(self) -> dict[str, tuple[str, str]]:
        return {
            language: (
                self.cleaned_data.get(f"subject_{language}", ""),
                self.cleaned_data.get(f"body_{language}", ""),
            )
            for language, _name in settings.LANGUAGES
        }

    def email_fields(self):
        return [self[name] for name in self.fields if name.startswith(("subject_", "body_"))]


class PipelineTemplateForm(forms.ModelForm):
    # Not the model field: the database's one-default rule is kept by pipelines.make_default.
    is_default = forms.BooleanField(
        label=_("default template"), required=False,
        help_text=_("New offers follow this template unless the recruiter picks another."),
    )  # fmt: skip

    class Meta:
        model = PipelineTemplate
        fields = ["name", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["is_default"].initial = self.instance.is_default


class NewPipelineTemplateForm(forms.ModelForm):
    copy_from = forms.ModelChoiceField(
        label=_("Start from the stages of"), queryset=PipelineTemplate.objects.all(),
        required=False, empty_label=_("(only the required stages)"),
    )  # fmt: skip

    class Meta:
        model = PipelineTemplate
        fields = ["name", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}


class BulkAction:
    MOVE = "move"
    REJECT = "reject"
    EMAIL = "email"
    REVIEW = "review"


class BulkForm(forms.Form):
    action = forms.ChoiceField(
        label=_("Action"),
        choices=[
            (BulkAction.MOVE, _("Move to")),
            (BulkAction.REJECT, _("Reject…")),
            (BulkAction.EMAIL, _("Send an e-mail…")),
            (BulkAction.REVIEW, _("Ask for a review…")),
        ],
    )
    stage = forms.ModelChoiceField(
        label=_("Stage"), queryset=PipelineStage.objects.none(), required=False
    )

    def __init__(self, *args, offer, **kwargs):
        super().__init__(*args, **kwargs)
        from vivier.hiring.pipelines import stages_of

        self.fields["stage"].queryset = stages_of(offer)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("action") == BulkAction.MOVE and not cleaned.get("stage"):
            self.add_error("stage", _("Choose a stage."))
        return cleaned


class BulkRejectForm(forms.Form):
    reason = forms.ChoiceField(label=_("Reason"), choices=RejectionReason.choices)
    send_email = forms.BooleanField(label=_("Send an e-mail to each candidate"), required=False)
    subject = forms.CharField(label=_("Subject"), max_length=200, required=False)
    body = forms.CharField(
        label=_("Message"), required=False, widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_(
            "Leave the subject and message blank to send each candidate the rejection template "
            "in their language."
        ),
    )  # fmt: skip

    def clean(self):
        cleaned = super().clean()
        if bool(cleaned.get("subject", "").strip()) != bool(cleaned.get("body", "").strip()):
            self.add_error("body", _("Give both a subject and a message, or neither."))
        return cleaned


class BulkEmailForm(forms.Form):
    subject = forms.CharField(label=_("Subject"), max_length=200)
    body = forms.CharField(
        label=_("Message"), widget=forms.Textarea(attrs={"rows": 10}), help_text=PLACEHOLDER_HELP
    )


class ReviewRequestForm(forms.Form):
    reviewer = forms.ModelChoiceField(label=_("Hiring manager"), queryset=User.objects.none())
    message = forms.CharField(
        label=_("Message"), required=False, max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )  # fmt: skip
    due_on = forms.DateField(
        label=_("Answer by"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, offer, **kwargs):
        super().__init__(*args, **kwargs)
        from vivier.hiring.collaboration import reviewers_for

        self.fields["reviewer"].queryset = reviewers_for(offer)

    def clean_due_on(self):
        from django.utils import timezone

        due_on = self.cleaned_data["due_on"]
        if due_on and due_on < timezone.localdate():
            raise forms.ValidationError(_("The date is already past."))
        return due_on


class MessageTemplateForm(forms.ModelForm):
    class Meta:
        model = MessageTemplate
        fields = ["subject", "body"]
        widgets = {"body": forms.Textarea(attrs={"rows": 12})}
