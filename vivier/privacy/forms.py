from django import forms
from django.utils.translation import gettext_lazy as _

from vivier.core.antibot import AntiBotFormMixin
from vivier.privacy.models import AuditAction, RequestKind


class RightsRequestForm(AntiBotFormMixin, forms.Form):
    """Public: each confirmed request sends an e-mail, so robots are kept out (antibot, limits)."""

    email = forms.EmailField(
        label=_("Your e-mail address"),
        help_text=_("The one you applied or were contacted with. We send a link to confirm."),
    )
    kind = forms.ChoiceField(
        label=_("What do you ask?"), choices=RequestKind.choices, widget=forms.RadioSelect
    )


class AuditSearchForm(forms.Form):
    person = forms.CharField(
        label=_("Whose data"), required=False,
        help_text=_("An e-mail address, or a key such as candidate:12."),
    )  # fmt: skip
    actor = forms.CharField(label=_("Who (e-mail)"), required=False)
    action = forms.ChoiceField(
        label=_("What"), required=False, choices=[("", _("Any")), *AuditAction.choices]
    )
    since = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    until = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def clean(self):
        data = super().clean()
        if data.get("since") and data.get("until") and data["since"] > data["until"]:
            raise forms.ValidationError(_("The start date must come before the end date."))
        return data


class RefusalForm(forms.Form):
    answer = forms.CharField(
        label=_("Reason given to the person"), widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("For instance, data the law obliges us to keep, and for how long."),
    )  # fmt: skip
