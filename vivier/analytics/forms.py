from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from vivier.analytics.reports import Filters
from vivier.brand.models import Department
from vivier.campaigns.models import Campaign
from vivier.distribution.models import Channel
from vivier.hiring.models import CareerStage
from vivier.jobs.models import JobOffer

MAX_PERIOD_DAYS = 5 * 366


class ReportFilterForm(forms.Form):
    # Left empty, the period is this year so far.
    start = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    end = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    department = forms.ModelChoiceField(
        label=_("Department"), queryset=Department.objects.all(), required=False,
        empty_label=_("All"),
    )  # fmt: skip
    offer = forms.ModelChoiceField(
        label=_("Job offer"), queryset=JobOffer.objects.order_by("-created_at"), required=False,
        empty_label=_("All"),
    )  # fmt: skip
    campaign = forms.ModelChoiceField(
        label=_("Campaign"), queryset=Campaign.objects.all(), required=False, empty_label=_("All")
    )
    audience = forms.ChoiceField(
        label=_("Audience"), choices=[("", _("All"))] + list(CareerStage.choices), required=False
    )

    def __init__(self, data=None):
        today = timezone.localdate()
        super().__init__(data, initial={"start": today.replace(month=1, day=1), "end": today})

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end:
            if start > end:
                raise ValidationError(_("The period ends before it starts."))
            if (end - start).days > MAX_PERIOD_DAYS:
                raise ValidationError(_("Choose a period of five years at most."))
        return data

    @property
    def filters(self) -> Filters:
        """The filters chosen, or this year so far when the form is empty or wrong."""
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        today = timezone.localdate()
        return Filters(
            start=data.get("start") or self.initial["start"],
            end=data.get("end") or today,
            department_id=data["department"].pk if data.get("department") else None,
            offer_id=data["offer"].pk if data.get("offer") else None,
            campaign_id=data["campaign"].pk if data.get("campaign") else None,
            audience=data.get("audience") or "",
        )


class FollowersForm(forms.Form):
    """Followers of an account whose network does not say, typed in by a recruiter."""

    channel = forms.ModelChoiceField(label=_("Channel"), queryset=Channel.objects.none())
    day = forms.DateField(label=_("Day"), widget=forms.DateInput(attrs={"type": "date"}))
    followers = forms.IntegerField(label=_("Followers"), min_value=0, max_value=1_000_000_000)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["channel"].queryset = Channel.objects.filter(is_enabled=True)
        self.initial.setdefault("day", timezone.localdate())

    def clean_day(self):
        day = self.cleaned_data["day"]
        if day > timezone.localdate():
            raise ValidationError(_("This day has not come yet."))
        return day
