from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from vivier.hiring.offer_letters.models import OfferLetter, OfferLetterTemplate
from vivier.hiring.offer_letters.rendering import PLACEHOLDER_NAMES


def placeholder_help() -> str:
    return _("Placeholders: %(names)s.") % {
        "names": ", ".join("{" + name + "}" for name in PLACEHOLDER_NAMES)
    }


class OfferLetterForm(forms.ModelForm):
    class Meta:
        model = OfferLetter
        fields = [
            "salary", "start_date", "contract_type", "answer_by", "email_subject", "email_body",
            "letter",
        ]  # fmt: skip
        widgets = {
            "start_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "answer_by": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "email_body": forms.Textarea(attrs={"rows": 8}),
            "letter": forms.Textarea(attrs={"rows": 14}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["letter"].help_text = placeholder_help()
        self.fields["email_body"].help_text = _(
            "Put {link} where the candidate's link to answer should go."
        )

    def clean_answer_by(self):
        answer_by = self.cleaned_data["answer_by"]
        if answer_by < timezone.localdate():
            raise forms.ValidationError(_("Choose today or a later day."))
        return answer_by

    def clean_email_body(self):
        body = self.cleaned_data["email_body"]
        if "{link}" not in body:
            raise forms.ValidationError(
                _("The e-mail must contain {link}: the candidate answers through it.")
            )
        return body


class OfferLetterTemplateForm(forms.ModelForm):
    class Meta:
        model = OfferLetterTemplate
        fields = ["email_subject", "email_body", "letter"]
        widgets = {
            "email_body": forms.Textarea(attrs={"rows": 8}),
            "letter": forms.Textarea(attrs={"rows": 14}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["letter"].help_text = placeholder_help()

    clean_email_body = OfferLetterForm.clean_email_body


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label=_("Would you tell us why? (optional)"), required=False, max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )  # fmt: skip


class CloseOthersForm(forms.Form):
    subject = forms.CharField(label=_("Subject"), max_length=200)
    body = forms.CharField(
        label=_("Message"), widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_("Placeholders such as {candidate_first_name} are filled for each candidate."),
    )  # fmt: skip
