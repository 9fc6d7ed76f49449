from django import forms
from django.utils.translation import gettext_lazy as _

from vivier.accounts.models import Role, User
from vivier.jobs.models import JobOffer, OfferStatus


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class OfferForm(forms.ModelForm):
    class Meta:
        model = JobOffer
        fields = [
            "title", "reference", "department", "language", "summary", "description",
            "missions", "profile", "contract_type", "contract_duration_months",
            "public_service_category", "working_time", "weekly_hours", "city", "postcode",
            "region", "country", "remote_policy", "salary_min", "salary_max", "salary_currency",
            "salary_period", "start_date", "closing_date", "recruiter", "hiring_managers",
            "pipeline_template",
        ]  # fmt: skip
        widgets = {
            "description": forms.Textarea(attrs={"rows": 8}),
            "missions": forms.Textarea(attrs={"rows": 6}),
            "profile": forms.Textarea(attrs={"rows": 6}),
            "start_date": DateInput(),
            "closing_date": DateInput(),
            "hiring_managers": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        team = User.objects.filter(is_active=True)
        self.fields["recruiter"].queryset = team.filter(
            role__in=[Role.RECRUITER, Role.ADMINISTRATOR]
        )
        self.fields["hiring_managers"].queryset = team.filter(role=Role.HIRING_MANAGER)
        self.fields["country"].widget.attrs.update({"size": 2, "maxlength": 2})
        from vivier.hiring.models import PipelineTemplate  # hiring's models import jobs'

        self.fields["pipeline_template"].empty_label = None
        if not self.initial.get("pipeline_template"):
            self.initial["pipeline_template"] = getattr(PipelineTemplate.default(), "pk", None)

    def clean_pipeline_template(self):
        """Kept when left out; changed only while no application is in the old one's stages."""
        chosen = self.cleaned_data.get("pipeline_template")
        current = self.instance.pipeline_template if self.instance.pk else None
        if chosen is None:
            return current
        if (
            current is not None
            and chosen != current
            and self.instance.applications.filter(stage__template=current).exists()
        ):
            raise forms.ValidationError(
                _("Applications are already in this offer's stages: its pipeline cannot change.")
            )
        return chosen

    def clean_country(self):
        country = self.cleaned_data["country"].strip().upper()
        if len(country) != 2 or not country.isalpha():
            raise forms.ValidationError(_("Use the two-letter country code (FR, BE, …)."))
        return country

    def clean_reference(self):
        return (self.cleaned_data["reference"] or "").strip() or None


class OfferFilterForm(forms.Form):
    status = forms.ChoiceField(required=False)
    q = forms.CharField(required=False, max_length=100, label=_("Search"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [("", _("All but archived"))] + list(OfferStatus.choices)
        self.fields["status"].label = _("Status")
