"""The side-by-side review of two profiles: for each field they disagree on, whose value stays."""

from django import forms
from django.utils.translation import gettext_lazy as _

from vivier.talent.merging import KEPT, MERGED, differing_fields
from vivier.talent.models import Profile


class MergeForm(forms.Form):
    def __init__(self, *args, kept: Profile, other: Profile, **kwargs):
        super().__init__(*args, **kwargs)
        for name in differing_fields(kept, other):
            self.fields[name] = forms.ChoiceField(
                label=Profile._meta.get_field(name).verbose_name,
                widget=forms.RadioSelect,
                choices=[(KEPT, _("this one")), (MERGED, _("this one"))],
                initial=KEPT,
            )

    def choices(self) -> dict[str, str]:
        return {name: self.cleaned_data[name] for name in self.fields}
