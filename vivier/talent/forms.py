from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from vivier.core import pending_uploads
from vivier.core.uploads import check_cv
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


class DocumentForm(forms.Form):
    """Another CV a recruiter keeps on a profile; a valid file survives a form that failed."""

    file = forms.FileField(
        label=_("CV"),
        required=False,
        help_text=_("PDF or Word (DOCX), 10 MB at most."),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.docx"}),
    )
    file_token = forms.CharField(required=False, widget=forms.HiddenInput)
    description = forms.CharField(
        label=_("Description"),
        required=False,
        max_length=200,
        help_text=_("Optional, e.g. “CV updated in March, given at the job fair”."),
    )
    sent_by_the_person = forms.BooleanField(
        label=_("The person sent me this file and agreed to be in the talent pool"),
        required=False,
    )

    def clean(self):
        cleaned = super().clean()
        upload = cleaned.get("file")
        if upload:
            try:
                check_cv(upload)
            except ValidationError as error:
                self.add_error("file", error)
                cleaned["file"] = None
        elif cleaned.get("file_token"):
            cleaned["file"] = pending_uploads.claim(cleaned["file_token"])
        if not cleaned.get("file") and "file" not in self.errors:
            self.add_error("file", _("Choose a PDF or Word (DOCX) file."))
        return cleaned

    def keep_valid_file(self) -> None:
        """When the form fails for another reason, keep the valid file for the next submission."""
        upload = self.cleaned_data.get("file") if hasattr(self, "cleaned_data") else None
        if upload and "file" not in self.errors and not self.data.get("file_token"):
            self.data = self.data.copy()
            self.data["file_token"] = pending_uploads.keep(upload)

    @property
    def kept_file_name(self) -> str:
        token = self.data.get("file_token") if self.is_bound else ""
        return pending_uploads.original_name(token) if token and "file" not in self.errors else ""
