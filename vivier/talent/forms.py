from django import forms
from django.utils.translation import gettext_lazy as _

from vivier.jobs.models import JobOffer
from vivier.talent.models import ClaimCheck, Profile


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
