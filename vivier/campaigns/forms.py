from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from vivier.campaigns.models import Campaign
from vivier.hiring.models import CareerStage
from vivier.jobs.models import JobOffer, OfferStatus


class CampaignForm(forms.ModelForm):
    career_stages = forms.MultipleChoiceField(
        label=_("Career stages aimed at"),
        choices=CareerStage.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("The audience is described by career stage, field and region only."),
    )

    class Meta:
        model = Campaign
        fields = [
            "name", "objective", "career_stages", "field", "region", "starts_on", "ends_on",
            "offers", "hashtags", "landing_title", "landing_text", "is_public",
        ]  # fmt: skip
        widgets = {
            "objective": forms.Textarea(attrs={"rows": 3}),
            "landing_text": forms.Textarea(attrs={"rows": 6}),
            "starts_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "ends_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "offers": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["offers"].queryset = JobOffer.objects.exclude(
            status=OfferStatus.ARCHIVED
        ).order_by("title")

    def clean(self):
        data = super().clean()
        if data.get("starts_on") and data.get("ends_on") and data["starts_on"] > data["ends_on"]:
            self.add_error("ends_on", _("The campaign ends before it starts."))
        return data


class PlanLineForm(forms.Form):
    """One channel of the plan: used or not, its budget, when to post the campaign's page."""

    is_used = forms.BooleanField(label=_("Use"), required=False)
    budget = forms.DecimalField(
        label=_("Budget (€)"), required=False, min_value=0, max_digits=10, decimal_places=2
    )
    at = forms.DateTimeField(
        label=_("Post on"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )

    def __init__(self, *args, channel, **kwargs):
        super().__init__(*args, prefix=f"plan-{channel.pk}", **kwargs)
        self.channel = channel
        if not channel.is_push:
            del self.fields["at"]

    def clean(self):
        data = super().clean()
        if not data.get("is_used") and (data.get("budget") or data.get("at")):
            raise ValidationError(_("Tick “Use” to plan this channel."))
        return data
