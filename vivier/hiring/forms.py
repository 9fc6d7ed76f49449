from django import forms
from django.utils.translation import gettext_lazy as _

from vivier.hiring.models import MessageTemplate, PipelineStage, RejectionReason


class MoveForm(forms.Form):
    stage = forms.ModelChoiceField(queryset=PipelineStage.objects.filter(is_active=True))


class NoteForm(forms.Form):
    body = forms.CharField(
        label=_("Note"),
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Visible to the hiring team only."),
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
    class Meta:
        model = PipelineStage
        fields = ["name", "kind", "position", "is_active"]


class MessageTemplateForm(forms.ModelForm):
    class Meta:
        model = MessageTemplate
        fields = ["subject", "body"]
        widgets = {"body": forms.Textarea(attrs={"rows": 12})}
