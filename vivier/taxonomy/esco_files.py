"""Reading the official ESCO CSV files, as the ESCO portal ships them.

The portal gives one zip per language ("classification", e.g. `occupations_fr.csv`,
`skills_fr.csv`, `ISCOGroups_fr.csv`) and one language-independent zip of relations
(`occupationSkillRelations.csv`). An operator may leave them zipped or unzip them: a file is
found by its name, loose in the folder (or a sub-folder) or inside any zip there.
"""

import csv
import io
import zipfile
from collections.abc import Iterator
from pathlib import Path

from django.utils.translation import gettext as _

LANGUAGES = ("fr", "en")
REQUIRED = (
    "occupations_fr.csv",
    "occupations_en.csv",
    "skills_en.csv",
    "ISCOGroups_en.csv",
    "occupationSkillRelations.csv",
)
OPTIONAL = ("skills_fr.csv", "ISCOGroups_fr.csv")
# Some ESCO fields (descriptions) pass the csv module's default limit of 128 KiB.
csv.field_size_limit(16 * 1024 * 1024)


class EscoFilesMissing(Exception):
    """The folder lacks files the loader needs; the message says which and where to get them."""


class EscoFiles:
    """The ESCO CSV files found in one folder, by file name."""

    def __init__(self, directory):
        self.directory = Path(directory)
        if not self.directory.is_dir():
            raise EscoFilesMissing(
                _("The ESCO folder %(folder)s does not exist. %(hint)s")
                % {"folder": self.directory, "hint": download_hint()}
            )
        self.found: dict[str, tuple[Path, str | None]] = {}
        for path in sorted(self.directory.rglob("*")):
            if path.suffix.lower() == ".csv":
                self.found.setdefault(path.name, (path, None))
            elif path.suffix.lower() == ".zip":
                with zipfile.ZipFile(path) as archive:
                    for member in archive.namelist():
                        name = member.rsplit("/", 1)[-1]
                        if name.lower().endswith(".csv"):
                            self.found.setdefault(name, (path, member))

    def check(self) -> None:
        missing = [name for name in REQUIRED if name not in self.found]
        if missing:
            raise EscoFilesMissing(
                _("These ESCO files are missing from %(folder)s: %(files)s. %(hint)s")
                % {"folder": self.directory, "files": ", ".join(missing), "hint": download_hint()}
            )

    def has(self, name: str) -> bool:
        return name in self.found

    def rows(self, name: str) -> Iterator[dict[str, str]]:
        path, member = self.found[name]
        if member is None:
            with path.open(encoding="utf-8-sig", newline="") as handle:
                yield from csv.DictReader(handle)
        else:
            with zipfile.ZipFile(path) as archive, archive.open(member) as raw:
                handle = io.TextIOWrapper(raw, encoding="utf-8-sig", newline="")
                yield from csv.DictReader(handle)


def download_hint() -> str:
    return _(
        "Download ESCO version 1.1.1 in CSV format from "
        "https://esco.ec.europa.eu/en/use-esco/download (classification in French and in "
        "English, and the relations), then run: manage.py load_esco <folder>."
    )


def split_labels(value: str | None) -> list[str]:
    """ESCO puts one label per line in altLabels and hiddenLabels."""
    labels: dict[str, None] = {}
    for line in (value or "").splitlines():
        if line.strip():
            labels.setdefault(line.strip(), None)
    return list(labels)


def concept_labels(files: EscoFiles) -> dict[str, list[tuple[str, str, str]]]:
    """Every name of every occupation and ISCO group by URI: (language, kind, label) triples.

    kind is "preferred", "alternative" or "hidden" for occupations, "group" for ISCO groups.
    What the product knows of a concept's names, without a database: the benchmark uses it.
    """
    labels: dict[str, list[tuple[str, str, str]]] = {}
    for language in LANGUAGES:
        for name in (f"occupations_{language}.csv", f"ISCOGroups_{language}.csv"):
            if not files.has(name):
                continue
            is_group = name.startswith("ISCO")
            for row in files.rows(name):
                forms = labels.setdefault(row["conceptUri"], [])
                kinds = (
                    ("preferred", [row["preferredLabel"].strip()]),
                    ("alternative", split_labels(row.get("altLabels"))),
                    ("hidden", split_labels(row.get("hiddenLabels"))),
                )
                for kind, values in kinds:
                    kind = "group" if is_group else kind
                    forms += [(language, kind, value) for value in values if value]
    return labels


def default_directory() -> Path:
    """settings.ESCO_DIR, or the shared data folder next to the project (development, CI)."""
    from django.conf import settings

    return Path(
        getattr(settings, "ESCO_DIR", settings.BASE_DIR.parent / "shared" / "data" / "esco")
    )
