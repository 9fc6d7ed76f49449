"""The two forms of a CSV import: the file and where it comes from, then its columns."""

from collections import defaultdict

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from vivier.core.uploads import check_csv
from vivier.talent.imports.csv_import import (
    FIELDS,
    IGNORE,
    NAME_FIELDS,
    SEPARATORS,
    Table,
    guess_mapping,
    guess_separator,
    read_table,
)
from vivier.talent.imports.people import UnreadableFile
from vivier.talent.models import LegalBasis


class CsvUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Table of people (CSV)"),
        help_text=_(
            "One line per person, the first line naming the columns. Separated by commas, "
            "semicolons or tabs; UTF-8 or Windows (Excel) encoding. At most 10 MB and 10,000 rows."
        ),
    )
    legal_basis = forms.ChoiceField(
        label=_("Where do these people's details come from?"),
        widget=forms.RadioSelect,
        initial=LegalBasis.LEGITIMATE_INTEREST,
        choices=[
            (
                LegalBasis.LEGITIMATE_INTEREST,
                _("I collected them (a job fair, professional networks): legitimate interest. "
                  "Each person must be told within a month; links to personal networks are "
                  "refused."),
            ),
            (
                LegalBasis.CONSENT,
                _("The people gave them to us and agreed to be in the talent pool (a sign-up "
                  "form): consent."),
            ),
        ],
    )  # fmt: skip

    def clean_file(self):
        upload = self.cleaned_data["file"]
        check_csv(upload)
        try:
            self.table = read_table(upload.read())
        except UnreadableFile as error:
            raise ValidationError(str(error), code="unreadable") from error
        finally:
            upload.seek(0)
        return upload


class ColumnMappingForm(forms.Form):
    """One choice per column of the table, pre-filled from the column's name."""

    separator = forms.ChoiceField(
        label=_("In one cell, the items of a list (skills, languages, tags) are separated by"),
        choices=list(SEPARATORS.items()),
    )

    def __init__(self, *args, table: Table, **kwargs):
        super().__init__(*args, **kwargs)
        self.table = table
        guesses = guess_mapping(table.header)
        for index, header in enumerate(table.header):
            self.fields[f"column_{index}"] = forms.ChoiceField(
                label=header, choices=list(FIELDS.items()), initial=guesses[index]
            )
        self.fields["separator"].initial = guess_separator(table, guesses)
        self.order_fields([f"column_{index}" for index in range(len(table.header))])

    def columns(self):
        """(bound field, the column's first values) for each column, in the file's order."""
        width = len(self.table.header)
        rows = [(cells + [""] * width)[:width] for _line, cells in self.table.rows[:5]]
        for index in range(width):
            values = [row[index].strip() for row in rows if row[index].strip()]
            yield self[f"column_{index}"], values

    def clean(self):
        cleaned = super().clean()
        mapping = [cleaned.get(f"column_{i}", IGNORE) for i in range(len(self.table.header))]
        columns = defaultdict(list)
        for index, field in enumerate(mapping):
            if field != IGNORE:
                columns[field].append(index)
        for field, indexes in columns.items():
            if len(indexes) > 1:
                names = ", ".join(f"“{self.table.header[index]}”" for index in indexes)
                message = _(
                    "“%(field)s” is chosen for several columns (%(columns)s): choose it for one "
                    "column only, and “ignore” for the others."
                ) % {"field": FIELDS[field], "columns": names}
                for index in indexes:
                    self.add_error(f"column_{index}", message)
        if not NAME_FIELDS & columns.keys():
            raise ValidationError(
                _("Choose the column that holds the name: a first name, a last name, or a "
                  "full name to split."),
                code="no_name",
            )  # fmt: skip
        if "full_name" in columns and {"first_name", "last_name"} & columns.keys():
            raise ValidationError(
                _("Choose either a full name to split, or a first name and a last name, "
                  "not both."),
                code="two_names",
            )  # fmt: skip
        cleaned["mapping"] = mapping
        return cleaned
