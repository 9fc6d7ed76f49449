from django import forms
from django.forms import inlineformset_factory

from vivier.brand.models import (
    Department,
    Employer,
    EmployerValue,
    Location,
    SocialAccount,
    Video,
)
from vivier.core.uploads import check_image


class EmployerForm(forms.ModelForm):
    class Meta:
        model = Employer
        fields = [
            "name", "legal_name", "tagline", "description", "logo", "website", "contact_email",
            "privacy_contact", "is_public_sector",
        ]  # fmt: skip
        widgets = {"description": forms.Textarea(attrs={"rows": 8})}

    def clean_logo(self):
        logo = self.cleaned_data.get("logo")
        if logo and hasattr(logo, "content_type"):
            check_image(logo)
        return logo


def _formset(model, fields):
    return inlineformset_factory(
        Employer, model, fields=fields + ["position"], extra=1, can_delete=True
    )


ValueFormSet = _formset(EmployerValue, ["title", "text"])
LocationFormSet = _formset(
    Location, ["name", "street_address", "postcode", "city", "region", "country"]
)
SocialAccountFormSet = _formset(SocialAccount, ["network", "url"])
VideoFormSet = _formset(Video, ["title", "url"])

FORMSETS = [
    ("values", ValueFormSet),
    ("locations", LocationFormSet),
    ("social_accounts", SocialAccountFormSet),
    ("videos", VideoFormSet),
]


class DepartmentForm(forms.ModelForm):
    class Meta:
        model = Department
        fields = ["name", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}
