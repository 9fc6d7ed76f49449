import re

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from vivier.brand.models import Department
from vivier.core import pending_uploads
from vivier.core.antibot import AntiBotFormMixin
from vivier.core.uploads import check_cv
from vivier.hiring.models import CareerStage, DeclaredSource
from vivier.jobs.models import ContractType, RemotePolicy

PHONE = re.compile(r"^\+?[0-9 .\-()]{6,25}$")


class OfferSearchForm(forms.Form):
    q = forms.CharField(label=_("Keywords"), required=False, max_length=100)
    contract = forms.ChoiceField(label=_("Contract"), required=False)
    location = forms.ChoiceField(label=_("Location"), required=False)
    department = forms.ChoiceField(label=_("Department"), required=False)
    remote = forms.ChoiceField(label=_("Remote work"), required=False)

    def __init__(self, *args, open_offers, **kwargs):
        super().__init__(*args, **kwargs)
        anything = [("", _("All"))]
        self.fields["contract"].choices = anything + list(ContractType.choices)
        self.fields["remote"].choices = anything + list(RemotePolicy.choices)
        cities = sorted(set(open_offers.values_list("city", flat=True)))
        self.fields["location"].choices = anything + [(city, city) for city in cities]
        departments = Department.objects.filter(offers__in=open_offers).distinct()
        self.fields["department"].choices = anything + [(str(d.pk), d.name) for d in departments]

    def filter(self, offers):
        """The offers matching the valid criteria; invalid ones are ignored, not an error."""
        data = self.cleaned_data if self.is_valid() else {}
        keywords = (data.get("q") or "").split()
        for word in keywords[:8]:
            offers = offers.filter(
                Q(title__icontains=word)
                | Q(summary__icontains=word)
                | Q(description__icontains=word)
                | Q(missions__icontains=word)
                | Q(city__icontains=word)
                | Q(reference__iexact=word)
            )
        if data.get("contract"):
            offers = offers.filter(contract_type=data["contract"])
        if data.get("location"):
            offers = offers.filter(city=data["location"])
        if data.get("department"):
            offers = offers.filter(department_id=data["department"])
        if data.get("remote"):
            offers = offers.filter(remote_policy=data["remote"])
        return offers

    @property
    def is_filtered(self) -> bool:
        return self.is_valid() and any(self.cleaned_data.values())


class ApplicationForm(AntiBotFormMixin, forms.Form):
    first_name = forms.CharField(label=_("First name"), max_length=120)
    last_name = forms.CharField(label=_("Last name"), max_length=120)
    email = forms.EmailField(label=_("E-mail address"))
    phone = forms.CharField(label=_("Phone"), max_length=30, required=False)
    cv = forms.FileField(
        label=_("CV"),
        required=False,
        help_text=_("PDF or Word (DOCX), 10 MB at most."),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.docx"}),
    )
    cv_token = forms.CharField(required=False, widget=forms.HiddenInput)
    cover_letter = forms.CharField(
        label=_("Cover letter"),
        required=False,
        max_length=8000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Optional. Tell us why this post interests you."),
    )
    declared_source = forms.ChoiceField(
        label=_("How did you hear about this offer?"),
        choices=[("", _("Choose an answer"))] + list(DeclaredSource.choices),
    )
    declared_source_detail = forms.CharField(
        label=_("Details (which site, event or person?)"), max_length=200, required=False
    )
    career_stage = forms.ChoiceField(
        label=_("Where are you in your working life?"),
        choices=[("", _("I prefer not to say"))] + list(CareerStage.choices),
        required=False,
        help_text=_(
            "Optional. It only tells us which channels reach students, graduates or "
            "experienced people; it plays no part in reading your application."
        ),
    )
    talent_pool_consent = forms.BooleanField(
        label=_(
            "I agree that my application be kept in the talent pool for 24 months, so that "
            "I can be offered other posts."
        ),
        required=False,
    )

    def clean_phone(self):
        phone = self.cleaned_data["phone"].strip()
        if phone and not PHONE.match(phone):
            raise ValidationError(_("Enter a phone number with digits only (and +, spaces)."))
        return phone

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()

    def clean(self):
        cleaned = super().clean()
        upload = cleaned.get("cv")
        if upload:
            try:
                check_cv(upload)
            except ValidationError as error:
                self.add_error("cv", error)
                cleaned["cv"] = None
        elif cleaned.get("cv_token"):
            cleaned["cv"] = pending_uploads.claim(cleaned["cv_token"])
        if not cleaned.get("cv") and "cv" not in self.errors:
            self.add_error("cv", _("Please attach your CV."))
        if (
            cleaned.get("declared_source") == DeclaredSource.OTHER
            and not cleaned.get("declared_source_detail", "").strip()
        ):
            self.add_error("declared_source_detail", _("Tell us where you heard of the offer."))
        return cleaned

    def keep_valid_cv(self) -> None:
        """When the form fails for another reason, keep the valid CV for the next submission."""
        upload = self.cleaned_data.get("cv") if hasattr(self, "cleaned_data") else None
        if upload and "cv" not in self.errors and not self.data.get("cv_token"):
            token = pending_uploads.keep(upload)
            self.data = self.data.copy()
            self.data["cv_token"] = token

    @property
    def kept_cv_name(self) -> str:
        token = self.data.get("cv_token") if self.is_bound else ""
        return pending_uploads.original_name(token) if token and "cv" not in self.errors else ""
