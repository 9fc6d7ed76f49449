"""Reading the API's input: JSON bodies, query strings and form fields, refusing NUL characters.

PostgreSQL text cannot hold a NUL (0x00) character and would fail the whole request; the
screens' form fields refuse it (Django's ProhibitNullCharactersValidator), and so does every
API input here, with a 422 problem that names the field. Uploaded files are not text and are
left alone (Django's upload parser already drops a NUL from a file's name).
"""

from django.utils.translation import gettext as _
from ninja.parser import Parser

from vivier.api.problems import Problem

NUL = "\x00"


def _holds_nul(value) -> bool:
    if isinstance(value, str):
        return NUL in value
    if isinstance(value, dict):
        return any(_holds_nul(key) or _holds_nul(item) for key, item in value.items())
    if isinstance(value, list):
        return any(_holds_nul(item) for item in value)
    return False


def _refuse_nul(data):
    if isinstance(data, dict):
        fields = sorted(str(key) for key, value in data.items() if _holds_nul({key: value}))
    else:
        fields = ["body"] if _holds_nul(data) else []
    if fields:
        raise Problem(
            422, _("Invalid characters"),
            _("These fields hold a NUL character, which text cannot contain: %(fields)s.")
            % {"fields": ", ".join(field.replace(NUL, "\\0") for field in fields)},
        )  # fmt: skip
    return data


class NulRefusingParser(Parser):
    def parse_body(self, request):
        return _refuse_nul(super().parse_body(request))

    def parse_querydict(self, data, list_fields, request):
        return _refuse_nul(super().parse_querydict(data, list_fields, request))
