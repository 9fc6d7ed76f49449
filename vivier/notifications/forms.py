from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from vivier.notifications.registry import AREAS, EmailChoice, verbs_for


class PreferencesForm(forms.Form):
    """For each verb the user may receive: in Vivier or not, and how by e-mail; and the
    language of their e-mails. Field names: `<verb>-in_app`, `<verb>-email`."""

    language = forms.ChoiceField(
        label=_("Language of my e-mails"),
        choices=settings.LANGUAGES,
        help_text=_("The pages of Vivier switch to it too."),
    )

    def __init__(self, *args, user, current: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.verbs = verbs_for(user)
        self.fields["language"].initial = user.language
        for verb in self.verbs:
            in_app, email = current[verb.code]
            self.fields[f"{verb.code}-in_app"] = forms.BooleanField(
                label=_("Show in Vivier"), required=False, initial=in_app
            )
            self.fields[f"{verb.code}-email"] = forms.ChoiceField(
                label=_("By e-mail"), choices=EmailChoice.choices, initial=email
            )

    def areas(self) -> list:
        """[(area label, [(verb, in-app field, e-mail field)])], for the template."""
        grouped: dict = {}
        for verb in self.verbs:
            grouped.setdefault(verb.area, []).append(
                (verb, self[f"{verb.code}-in_app"], self[f"{verb.code}-email"])
            )
        return [(AREAS[code].label, rows) for code, rows in grouped.items()]

    def choices(self) -> dict:
        return {
            verb.code: (
                self.cleaned_data[f"{verb.code}-in_app"],
                self.cleaned_data[f"{verb.code}-email"],
            )
            for verb in self.verbs
        }
