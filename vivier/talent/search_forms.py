"""The talent pool's search form: it checks and normalises the filters into search.Criteria."""

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from vivier.talent import places
from vivier.talent.facts import skill_key
from vivier.talent.languages import LANGUAGES, LEVEL_CHOICES, NATIVE_RANK
from vivier.talent.search import Criteria

DEFAULT_DISTANCE_KM = 30
MAX_DISTANCE_KM = 1000
RATING_CHOICES = [("", "—")] + [(str(n), "★" * n) for n in range(1, 6)]


class ProfileSearchForm(forms.Form):
    q = forms.CharField(label=_("Keywords"), required=False, max_length=100)
    skill = forms.CharField(label=_("Skill"), required=False, max_length=100)
    occupation = forms.CharField(
        label=_("Occupation"), required=False, max_length=200,
        help_text=_("A job title: the closest ESCO occupation is searched."),
    )  # fmt: skip
    isco = forms.CharField(
        label=_("ISCO group"), required=False, max_length=4,
        help_text=_("1 to 4 digits, e.g. 2221 (nursing professionals) or 22 (health)."),
    )  # fmt: skip
    city = forms.CharField(label=_("City"), required=False, max_length=120)
    near = forms.CharField(label=_("Near"), required=False, max_length=120,
                           help_text=_("A town or city, e.g. Rennes."))  # fmt: skip
    within_km = forms.IntegerField(
        label=_("Within (km)"), required=False, min_value=1, max_value=MAX_DISTANCE_KM,
        widget=forms.NumberInput(attrs={"placeholder": str(DEFAULT_DISTANCE_KM)}),
    )  # fmt: skip
    min_years = forms.IntegerField(label=_("Years of experience, at least"), required=False,
                                   min_value=0, max_value=60)  # fmt: skip
    language = forms.ChoiceField(
        label=_("Language"), required=False,
        choices=[("", "—")] + [(code, label) for code, label, _names in LANGUAGES],
    )  # fmt: skip
    language_level = forms.TypedChoiceField(
        label=_("Level at least"), required=False, coerce=int, empty_value=None,
        choices=[("", "—"), *LEVEL_CHOICES, (str(NATIVE_RANK), _("Native"))],
    )  # fmt: skip
    tag = forms.CharField(label=_("Tag"), required=False, max_length=60)
    available_by = forms.DateField(
        label=_("Available by"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    min_rating = forms.TypedChoiceField(
        label=_("Rating at least"), required=False, coerce=int, empty_value=None,
        choices=RATING_CHOICES,
    )  # fmt: skip
    consent = forms.ChoiceField(
        label=_("Consent"),
        required=False,
        choices=[("", _("All")), ("yes", _("Gave their consent")), ("no", _("No consent"))],
    )
    page = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)

    place: places.Located | None = None
    occupation_found = None  # the ESCO occupation the "occupation" field names

    def clean_occupation(self):
        from vivier.taxonomy.matching import suggest_occupations
        from vivier.taxonomy.models import Occupation

        text = self.cleaned_data["occupation"].strip()
        if not text:
            return ""
        found = None
        if text.isdigit():  # a facet's link names the occupation by id
            found = Occupation.objects.filter(pk=int(text)).select_related("isco_group").first()
        elif text.startswith("http"):
            found = Occupation.objects.filter(uri=text).first()
        else:
            suggestions = suggest_occupations(text, language="fr", limit=1)
            found = suggestions[0].occupation if suggestions else None
        if found is None:
            raise forms.ValidationError(
                _("No ESCO occupation matches “%(text)s”: try another job title."),
                params={"text": text},
            )
        self.occupation_found = found
        return text

    def clean_isco(self):
        code = self.cleaned_data["isco"].strip()
        if code and not re.fullmatch(r"\d{1,4}", code):
            raise forms.ValidationError(_("An ISCO group is 1 to 4 digits, e.g. 2221."))
        return code

    def clean_near(self):
        name = self.cleaned_data["near"].strip()
        if not name:
            return ""
        self.place = places.locate(name)
        if self.place is None:
            raise forms.ValidationError(
                _("Vivier knows no place called “%(name)s”: check the spelling, or ask an "
                  "administrator to load the places (manage.py load_places)."),
                params={"name": name},
            )  # fmt: skip
        return name

    def criteria(self) -> Criteria:
        data = self.cleaned_data
        circle = None
        if self.place is not None:
            circle = places.Circle(self.place.latitude, self.place.longitude,
                                   data.get("within_km") or DEFAULT_DISTANCE_KM)  # fmt: skip
        return Criteria(
            words=data.get("q", ""),
            skill=skill_key(data.get("skill", "")),
            occupation_id=self.occupation_found.pk if self.occupation_found else None,
            isco=data.get("isco", ""),
            city=data.get("city", "").strip(),
            circle=circle,
            min_years=data.get("min_years"),
            language=data.get("language", ""),
            language_level=data.get("language_level") if data.get("language") else None,
            tag=data.get("tag", "").strip(),
            available_by=data.get("available_by"),
            min_rating=data.get("min_rating"),
            consent=data.get("consent", ""),
        )
