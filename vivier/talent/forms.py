from django import forms
from django.utils.translation import gettext_lazy as _

from vivier.jobs.models import JobOffer
from vivier.talent.models import ClaimCheck, Profile


class ProfileSearchForm(forms.Form):
    q = forms.CharField(label=_("Keywords"), required=False, max_length=100)
    skill = forms.CharField(label=_("Skill"), required=False, max_length=100)
    city = forms.CharField(label=_("City"), required=False, max_length=120)
    tag = forms.CharField(label=_("Tag"), required=False, max_length=60)
    available_by = forms.DateField(
        label=_("Available by"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    min_rating = forms.TypedChoiceField(
        label=_("Rating at least"), required=False, coerce=int, empty_value=None,
        choices=[("", "—")] + [(str(n), "★" * n) for n in range(1, 6)],
    )  # fmt: skip
    consent = forms.ChoiceField(
        label=_("Consent"),
        required=False,
        choices=[("", _("All")), ("yes", _("Gave their consent")), ("no", _("No consent"))],
    )


class ProfileForm(forms.ModelForm):
    """A person a recruiter adds by hand: they will be told within a month."""

    class Meta:
        model = Profile
        fields = ["first_name", "last_name", "email", "phone", "headline", "summary", "city",
                  "region", "available_from"]  # fmt: skip
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 4}),
            "available_from": forms.DateInput(attrs={"type": "date"}),
        }


class LinkForm(forms.Form):
    url = forms.URLField(label=_("Address of a professional profile"), max_length=500)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else [data]
        return [super(MultipleFileField, self).clean(item, initial) for item in files]


class ImportForm(forms.Form):
    files = MultipleFileField(
        label=_("Files"),
        help_text=_(
            "CVs (PDF, DOCX) — several at once or in a ZIP —, JSON Resumes, or LinkedIn's "
            "“Download your data” archive."
        ),
    )
    sent_by_the_person = forms.BooleanField(
        label=_("The person sent me this file and agreed to be in the talent pool"),
        required=False,
        help_text=_("Otherwise they will have to be told within a month."),
    )


class QualifyForm(forms.Form):
    tags = forms.CharField(label=_("Tags"), required=False, help_text=_("Comma-separated."))
    rating = forms.TypedChoiceField(
        label=_("Rating"), required=False, coerce=int, empty_value=None,
        choices=[("", "—")] + [(str(n), "★" * n) for n in range(1, 6)],
    )  # fmt: skip


class NoteForm(forms.Form):
    body = forms.CharField(
        label=_("Note"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000
    )


class ShortlistForm(forms.Form):
    offer = forms.ModelChoiceField(label=_("Offer"), queryset=None)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["offer"].queryset = JobOffer.objects.open().order_by("title")


class ClaimCheckForm(forms.ModelForm):
    class Meta:
        model = ClaimCheck
        fields = ["kind", "claim", "evidence", "outcome"]
        widgets = {"evidence": forms.Textarea(attrs={"rows": 2})}
