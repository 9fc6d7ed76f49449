from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from vivier.hiring.conversations.models import ReplyTemplate

PLACEHOLDERS = "{candidate_first_name}, {candidate_name}, {offer_title}, {offer_reference}, " \
    "{employer_name}"  # fmt: skip


class ReplyForm(forms.Form):
    subject = forms.CharField(label=_("Subject"), max_length=200)
    body = forms.CharField(
        label=_("Message"), widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Placeholders: %(names)s.") % {"names": PLACEHOLDERS},
    )  # fmt: skip
    send_at = forms.DateTimeField(
        label=_("Send later, on"), required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text=_("Leave empty to send it now."),
    )  # fmt: skip

    def clean_send_at(self):
        send_at = self.cleaned_data["send_at"]
        if send_at is not None and send_at <= timezone.now():
            raise forms.ValidationError(_("Choose a time in the future, or leave it empty."))
        return send_at


class ReplyTemplateForm(forms.ModelForm):
    class Meta:
        model = ReplyTemplate
        fields = ["name", "language", "subject", "body"]
        widgets = {"body": forms.Textarea(attrs={"rows": 10})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].help_text = _("Placeholders: %(names)s.") % {"names": PLACEHOLDERS}


class AssignForm(forms.Form):
    application = forms.IntegerField(
        label=_("Application number"), min_value=1,
        help_text=_("The number in the application page's address (…/applications/<number>/)."),
    )  # fmt: skip
