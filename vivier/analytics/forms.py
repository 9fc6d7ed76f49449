from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from vivier.analytics.reports import Filters
from vivier.analytics.selectors import matching_offers, offer_label
from vivier.brand.models import Department
from vivier.campaigns.models import Campaign
from vivier.distribution.models import Channel
from vivier.hiring.models import CareerStage

MAX_PERIOD_DAYS = 5 * 366
OFFER_CHOICES_ID = "offer-choices"  # the <datalist> the suggestions go into


class OfferField(forms.CharField):
    """A job offer searched by its title or reference, with suggestions as one types (a
    <datalist> the analytics:offers view fills) rather than a list of every offer."""

    default_error_messages = {
        "unknown": _("No job offer has this title or reference: choose one of the suggestions."),
        "ambiguous": _(
            "Several job offers have this title: choose one of the suggestions, which end "
            "with the reference."
        ),
    }

    def __init__(self, **kwargs):
        attrs = {
            "list": OFFER_CHOICES_ID,
            "autocomplete": "off",
            "hx-get": reverse_lazy("analytics:offers"),
            "hx-trigger": "input changed delay:250ms, focus once",
            "hx-target": f"#{OFFER_CHOICES_ID}",
            "hx-sync": "this:replace",
        }
        super().__init__(max_length=250, widget=forms.TextInput(attrs=attrs), **kwargs)

    def clean(self, value):
        text = super().clean(value)
        if not text:
            return None
        offers = matching_offers(text)
        if not offers:
            raise ValidationError(self.error_messages["unknown"], code="unknown")
        if len(offers) > 1:
            raise ValidationError(self.error_messages["ambiguous"], code="ambiguous")
        return offers[0]


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
    offer = OfferField(
        label=_("Job offer"), required=False,
        help_text=_("Its title or reference; empty: all."),
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
        if data.get("offer"):  # shown again as its suggestion reads, whatever was typed
            self.data = self.data.copy()
            self.data[self.add_prefix("offer")] = offer_label(data["offer"])
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
