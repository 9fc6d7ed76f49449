from django import forms
from django.utils.translation import gettext_lazy as _

from vivier.community.referrals.models import BonusRule
from vivier.jobs.models import JobOffer


class DirectReferralForm(forms.Form):
    name = forms.CharField(label=_("Their name"), max_length=200)
    email = forms.EmailField(label=_("Their e-mail address"), max_length=254)
    reason = forms.CharField(
        label=_("Why them?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("A few words the person will read in the invitation."),
    )
    consent = forms.BooleanField(
        label=_("This person agrees that I give their name and address for this offer."),
    )

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        if not name:
            raise forms.ValidationError(_("Give the person's name."))
        return name


class LeaderboardChoiceForm(forms.Form):
    show_on_leaderboard = forms.BooleanField(
        label=_("Show my name on the leaderboard"), required=False
    )


class BonusRuleForm(forms.ModelForm):
    class Meta:
        model = BonusRule
        fields = ["offer", "amount", "days_after_start"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["offer"].queryset = JobOffer.objects.order_by("-created_at")
        self.fields["offer"].empty_label = _("Default (every other offer)")
        self.fields["amount"].min_value = 0
        self.fields["amount"].widget.attrs["min"] = 0

    def clean_amount(self):
        amount = self.cleaned_data["amount"]
        if amount is not None and amount < 0:
            raise forms.ValidationError(_("The amount cannot be negative."))
        return amount


class ShareForm(forms.Form):
    offer = forms.ModelChoiceField(label=_("Job offer"), queryset=JobOffer.objects.none())
    message = forms.CharField(
        label=_("Message to the partner"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["offer"].queryset = JobOffer.objects.open().order_by("title")


class MarkPaidForm(forms.Form):
    bonuses = forms.ModelMultipleChoiceField(queryset=None, widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, queryset, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["bonuses"].queryset = queryset
        self.fields["bonuses"].error_messages["required"] = _("Tick the bonuses that were paid.")
