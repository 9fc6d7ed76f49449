from django import forms
from django.utils.translation import gettext_lazy as _

from vivier.careers.forms import ApplicationForm
from vivier.core.antibot import AntiBotFormMixin
from vivier.core.uploads import check_cv


class SignInLinkForm(AntiBotFormMixin, forms.Form):
    email = forms.EmailField(
        label=_("Your e-mail address"),
        help_text=_("The one you applied with. We send you a link to sign in."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()


class NewCVForm(forms.Form):
    """A new CV for an application: the apply form's field and checks (type by content, size)."""

    cv = forms.FileField(
        label=_("New CV"),
        help_text=ApplicationForm.base_fields["cv"].help_text,
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.docx"}),
    )

    def clean_cv(self):
        upload = self.cleaned_data["cv"]
        check_cv(upload)  # raises the apply form's own messages
        return upload


class WithdrawForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("Yes, I withdraw this application."),
        error_messages={"required": _("Tick the box to confirm that you withdraw.")},
    )


class ReplyForm(forms.Form):
    body = forms.CharField(
        label=_("Your answer"), max_length=10000, widget=forms.Textarea(attrs={"rows": 6})
    )
    attachment = forms.FileField(
        label=_("A file to attach (optional)"),
        required=False,
        help_text=_("PDF, Word (DOCX) or an image."),
    )
