"""A table of people (CSV) with its columns mapped to profile fields, imported by the worker.

Reading: UTF-8 with or without a byte-order mark, UTF-16 with one (Excel's "Unicode text"), else
Windows-1252 then Latin-1, as French spreadsheets save them; the delimiter (comma, semicolon or
tab) is the one that cuts the first lines into the most columns, the same number on each line.

Each row goes through `people.save_person` like any other import: the same person (e-mail, phone,
professional profile) is completed, not duplicated, and every field gets the row as its source.
A row the import cannot take whole — no name, an e-mail address that is not one, a date it cannot
read, a link to a personal network collected by a recruiter — is refused with the reason, and
nothing of it is kept.
"""

import csv
import datetime as dt
import io
import re
import time
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.validators import URLValidator, validate_email
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from vivier.talent import services
from vivier.talent.duplicates import flag_possible_duplicates, report_entries
from vivier.talent.imports.people import Person, UnreadableFile, save_person
from vivier.talent.models import (
    ImportBatch,
    ImportFile,
    ImportKind,
    LegalBasis,
    NetworkKind,
    Profile,
    SkillLevel,
    Source,
    SourceKind,
)
from vivier.talent.names import fold, split_full_name
from vivier.talent.search import index_profile

MAX_ROWS = 10_000  # per import; a larger table is split by the recruiter
MAX_COLUMNS = 60
SAMPLE_ROWS = 5  # rows shown under the columns while mapping them
DELIMITERS = {";": gettext_lazy("semicolon"), ",": gettext_lazy("comma"), "\t": gettext_lazy("tab")}
ENCODINGS = {"utf-8": "UTF-8", "utf-8-sig": "UTF-8", "utf-16": "UTF-16",
             "cp1252": "Windows-1252 (Excel)", "latin-1": "Latin-1 (ISO-8859-1)"}  # fmt: skip
PROGRESS_EVERY = 25  # rows between two updates of the progress bar…
PROGRESS_EVERY_S = 1.0  # …or seconds, whichever comes first

IGNORE = "ignore"
FIELDS = {
    IGNORE: gettext_lazy("— ignore this column —"),
    "first_name": gettext_lazy("First name"),
    "last_name": gettext_lazy("Last name"),
    "full_name": gettext_lazy("Full name (first and last, to split)"),
    "email": gettext_lazy("E-mail address"),
    "phone": gettext_lazy("Phone"),
    "headline": gettext_lazy("Headline"),
    "summary": gettext_lazy("Summary"),
    "city": gettext_lazy("City"),
    "region": gettext_lazy("Region"),
    "country": gettext_lazy("Country"),
    "skills": gettext_lazy("Skills (a list)"),
    "languages": gettext_lazy("Languages (a list)"),
    "url": gettext_lazy("Professional profile address (LinkedIn, GitHub…)"),
    "tags": gettext_lazy("Tags (a list)"),
    "available_from": gettext_lazy("Available from (a date)"),
}
LIST_FIELDS = {"skills", "languages", "tags"}
NAME_FIELDS = {"first_name", "last_name", "full_name"}
SEPARATORS = {",": gettext_lazy("comma ,"), ";": gettext_lazy("semicolon ;"),
              "|": gettext_lazy("vertical bar |"), "/": gettext_lazy("slash /"),
              "newline": gettext_lazy("a new line in the cell")}  # fmt: skip

# Column headers as French and English lists write them, folded (names.fold).
HEADERS = {
    "first_name": ["prenom", "prenoms", "prenom usuel", "first name", "firstname", "first",
                   "given name", "forename"],
    "last_name": ["nom", "nom de famille", "nom d usage", "nom de naissance", "last name",
                  "lastname", "last", "surname", "family name"],
    "full_name": ["name", "full name", "fullname", "nom complet", "nom et prenom", "nom prenom",
                  "prenom nom", "prenom et nom", "nom prenoms", "identite", "candidat",
                  "candidate", "contact", "personne", "person"],
    "email": ["email", "e mail", "mail", "courriel", "mel", "adresse e mail", "adresse email",
              "adresse mail", "adresse electronique", "email address", "e mail address"],
    "phone": ["telephone", "tel", "phone", "mobile", "portable", "phone number", "cell",
              "numero de telephone", "telephone portable", "telephone mobile", "cellulaire", "gsm",
              "mobile phone"],
    "headline": ["titre", "poste", "intitule", "intitule du poste", "headline", "title",
                 "job title", "fonction", "metier", "poste actuel", "current position", "position",
                 "emploi", "profession"],
    "summary": ["resume", "summary", "description", "presentation", "a propos", "about", "bio",
                "biography", "biographie"],
    "city": ["ville", "city", "commune", "localite", "town", "ville de residence", "lieu",
             "location", "localisation"],
    "region": ["region", "state", "province", "departement", "county"],
    "country": ["pays", "country", "country code", "code pays"],
    "skills": ["competences", "competence", "skills", "skill", "savoir faire", "expertise",
               "expertises", "technologies", "outils", "tools", "competences cles", "key skills"],
    "languages": ["langues", "langue", "languages", "language", "langues parlees",
                  "spoken languages"],
    "url": ["linkedin", "profil linkedin", "url linkedin", "linkedin url", "url", "lien", "link",
            "profile url", "url du profil", "github", "viadeo", "malt", "portfolio", "site",
            "site web", "website", "web"],
    "tags": ["tags", "tag", "etiquettes", "etiquette", "mots cles", "mot cle", "keywords",
             "labels", "label", "categories"],
    "available_from": ["disponibilite", "disponible le", "disponible a partir de", "disponible",
                       "date de disponibilite", "available", "availability", "available from",
                       "start date", "date de debut"],
}  # fmt: skip
# When no header matches whole: words a header contains, tried in this order.
HEADER_WORDS = [
    ("first_name", ["prenom", "first"]), ("email", ["mail", "courriel"]),
    ("phone", ["tel", "telephone", "phone", "mobile", "portable"]),
    ("url", ["linkedin", "github", "url", "lien", "link", "viadeo", "malt"]),
    ("skills", ["competence", "competences", "skill", "skills"]),
    ("languages", ["langue", "langues", "language", "languages"]),
    ("available_from", ["disponibilite", "disponible", "available", "availability"]),
    ("city", ["ville", "city"]), ("country", ["pays", "country"]), ("region", ["region"]),
    ("tags", ["tag", "tags", "etiquette", "etiquettes"]),
    ("last_name", ["nom", "surname"]), ("headline", ["titre", "title", "poste", "fonction"]),
]  # fmt: skip
EMPTY_VALUES = {"", "-", "--", "—", "?", "n/a", "na", "n.a.", "none", "null", "aucun", "aucune",
                "neant", "néant", "non renseigne", "non renseigné"}  # fmt: skip
NOW = {"immediate", "immediatement", "immediately", "de suite", "tout de suite", "asap", "now",
       "des maintenant", "maintenant"}  # fmt: skip
DATE_FORMATS = ["%d/%m/%Y", "%d/%m/%y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y", "%m/%Y", "%Y-%m",
                "%Y/%m/%d"]  # fmt: skip
COUNTRIES = {
    "france": "FR", "belgique": "BE", "belgium": "BE", "suisse": "CH", "switzerland": "CH",
    "luxembourg": "LU", "monaco": "MC", "canada": "CA", "allemagne": "DE", "germany": "DE",
    "espagne": "ES", "spain": "ES", "italie": "IT", "italy": "IT", "portugal": "PT",
    "royaume uni": "GB", "united kingdom": "GB", "uk": "GB", "angleterre": "GB", "england": "GB",
    "irlande": "IE", "ireland": "IE", "pays bas": "NL", "netherlands": "NL", "autriche": "AT",
    "austria": "AT", "etats unis": "US", "united states": "US", "usa": "US", "maroc": "MA",
    "morocco": "MA", "algerie": "DZ", "algeria": "DZ", "tunisie": "TN", "tunisia": "TN",
    "senegal": "SN", "cote d ivoire": "CI", "ivory coast": "CI", "cameroun": "CM",
    "cameroon": "CM", "madagascar": "MG", "mali": "ML", "pologne": "PL", "poland": "PL",
    "roumanie": "RO", "romania": "RO", "grece": "GR", "greece": "GR", "suede": "SE",
    "sweden": "SE", "norvege": "NO", "norway": "NO", "danemark": "DK", "denmark": "DK",
    "finlande": "FI", "finland": "FI", "liban": "LB", "lebanon": "LB", "chine": "CN",
    "china": "CN", "japon": "JP", "japan": "JP", "inde": "IN", "india": "IN", "bresil": "BR",
    "brazil": "BR", "mexique": "MX", "mexico": "MX", "australie": "AU", "australia": "AU",
    "haiti": "HT",
}  # fmt: skip
LEVEL_WORDS = re.compile(r"\b(A1|A2|B1|B2|C1|C2|natif|native|langue maternelle|maternelle|"
                         r"bilingue|bilingual|courant|fluent|intermédiaire|intermediaire|"
                         r"intermediate|notions|basic|débutant|debutant|beginner)\b",
                         re.IGNORECASE)  # fmt: skip
SKILL_LEVELS = {"expert": SkillLevel.EXPERT, "experte": SkillLevel.EXPERT,
                "avance": SkillLevel.ADVANCED, "avancee": SkillLevel.ADVANCED,
                "advanced": SkillLevel.ADVANCED, "confirme": SkillLevel.ADVANCED,
                "intermediaire": SkillLevel.INTERMEDIATE, "intermediate": SkillLevel.INTERMEDIATE,
                "debutant": SkillLevel.BASIC, "debutante": SkillLevel.BASIC,
                "notions": SkillLevel.BASIC, "basic": SkillLevel.BASIC,
                "beginner": SkillLevel.BASIC}  # fmt: skip
PHONE_CHARACTERS = re.compile(r"[+\d\s().\-/]+")


class RowRefused(ValueError):
    """A row that cannot be imported whole; the message says why."""


@dataclass
class Table:
    header: list[str]
    rows: list[tuple[int, list[str]]]  # (line number in the file, cells)
    encoding: str
    delimiter: str

    @property
    def delimiter_label(self) -> str:
        return str(DELIMITERS.get(self.delimiter, self.delimiter))

    @property
    def encoding_label(self) -> str:
        return ENCODINGS.get(self.encoding, self.encoding)


# Reading the file


def decode(data: bytes) -> tuple[str, str]:
    """The text and the encoding it was read with."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace"), "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace"), "utf-16"
    for encoding in ("utf-8", "cp1252"):
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1"), "latin-1"


def _parse(text: str, delimiter: str, *, limit: int | None = None) -> list[tuple[int, list[str]]]:
    """(line, cells) of each row that is not blank; csv.Error says the text is not a table."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows = []
    for cells in reader:
        if any(cell.strip() for cell in cells):
            rows.append((reader.line_num, cells))
            if limit is not None and len(rows) >= limit:
                break
    return rows


def sniff_delimiter(text: str) -> str:
    """The delimiter that cuts the first lines into the most columns, equal on each line."""
    sample = text[: 64 * 1024]
    best, best_score = ",", (0, 0)
    for delimiter in (";", "\t", ","):
        try:
            rows = _parse(sample, delimiter, limit=20)
        except csv.Error:
            continue
        if len(rows) > 1 and len(text) > len(sample):
            rows = rows[:-1]  # the last line of a cut sample may be cut too
        widths = [len(cells) for _line, cells in rows]
        if not widths or widths[0] < 2:
            continue
        score = (sum(width == widths[0] for width in widths), widths[0])
        if score > best_score:
            best, best_score = delimiter, score
    return best


def read_table(data: bytes, *, encoding: str | None = None, delimiter: str | None = None) -> Table:
    """The header and rows of a CSV; UnreadableFile says why when it is not a usable table."""
    if encoding:
        text = data.decode(encoding, errors="replace").removeprefix("\ufeff")
    else:
        text, encoding = decode(data)
    delimiter = delimiter or sniff_delimiter(text)
    try:
        rows = _parse(text, delimiter, limit=MAX_ROWS + 2)
    except csv.Error as error:
        raise UnreadableFile(
            _("This file cannot be read as a table (line %(line)s): %(error)s")
            % {"line": getattr(error, "line_num", "?"), "error": error}
        ) from error
    if len(rows) < 2:
        raise UnreadableFile(_("The file needs a line of column names and at least one person."))
    (_line, header), rows = rows[0], rows[1:]
    if len(rows) > MAX_ROWS:
        raise UnreadableFile(
            _("The file has more than %(limit)s rows: split it into several files.")
            % {"limit": f"{MAX_ROWS:,}".replace(",", "\u202f")}
        )
    if len(header) > MAX_COLUMNS:
        raise UnreadableFile(
            _("The file has more than %(limit)s columns: is it really a list of people?")
            % {"limit": MAX_COLUMNS}
        )
    header = [name.strip() or _("Column %(number)s") % {"number": index + 1}
              for index, name in enumerate(header)]  # fmt: skip
    return Table(header=header, rows=rows, encoding=encoding, delimiter=delimiter)


# Guessing the mapping


def guess_field(header: str) -> str:
    folded = fold(header)
    for name, headers in HEADERS.items():
        if folded in headers:
            return name
    words = set(folded.split())
    for name, keys in HEADER_WORDS:
        if words & set(keys):
            return name
    return IGNORE


def guess_mapping(header: list[str]) -> list[str]:
    """The field of each column from its name, French or English; each field at most once."""
    mapping, taken = [], set()
    for name in header:
        field = guess_field(name)
        if field != IGNORE and field in taken:
            field = IGNORE
        taken.add(field)
        mapping.append(field)
    if "full_name" in taken and {"first_name", "last_name"} & taken:
        mapping = [IGNORE if field == "full_name" else field for field in mapping]
    return mapping


def guess_separator(table: Table, mapping: list[str]) -> str:
    """The separator the list columns use most in their first rows; a comma otherwise."""
    counts = dict.fromkeys(SEPARATORS, 0)
    columns = [index for index, field in enumerate(mapping) if field in LIST_FIELDS]
    for _line, cells in table.rows[:50]:
        for index in columns:
            value = cells[index] if index < len(cells) else ""
            for separator in counts:
                counts[separator] += value.count("\n" if separator == "newline" else separator)
    best = max(counts, key=counts.get)
    return best if counts[best] else ","


def sample(table: Table) -> list[list[str]]:
    width = len(table.header)
    return [(cells + [""] * width)[:width] for _line, cells in table.rows[:SAMPLE_ROWS]]


# One row


def _clean(value: str) -> str:
    value = value.strip()
    return "" if value.lower() in EMPTY_VALUES else value


def _items(value: str, separator: str) -> list[str]:
    parts = value.splitlines() if separator == "newline" else value.split(separator)
    seen, items = set(), []
    for part in (part.strip() for part in parts):
        if part and part.casefold() not in seen:
            seen.add(part.casefold())
            items.append(part)
    return items


def _max_length(name: str) -> int | None:
    return Profile._meta.get_field(name).max_length


def _date(value: str) -> dt.date:
    if fold(value) in NOW:
        return timezone.localdate()
    text = value.strip()[:10] if re.match(r"\d{4}-\d\d-\d\d[ T]", value.strip()) else value.strip()
    for pattern in DATE_FORMATS:
        try:
            return dt.datetime.strptime(text, pattern).date()  # noqa: DTZ007 a date, no time
        except ValueError:
            continue
    raise RowRefused(
        _("“%(value)s” is not a date Vivier can read (write 31/12/2026 or 2026-12-31).")
        % {"value": value}
    )


def _country(value: str) -> str:
    if re.fullmatch(r"[A-Za-z]{2}", value):
        return value.upper()
    code = COUNTRIES.get(fold(value))
    if code is None:
        raise RowRefused(
            _("“%(value)s” is not a country Vivier knows: write its two-letter code (FR, BE…).")
            % {"value": value}
        )
    return code


def _phone(value: str) -> str:
    digits = re.sub(r"\D", "", value)
    if not PHONE_CHARACTERS.fullmatch(value) or not 6 <= len(digits) <= 15 or len(value) > 30:
        raise RowRefused(_("“%(value)s” is not a phone number.") % {"value": value})
    return value


def _email(value: str) -> str:
    try:
        validate_email(value)
    except ValidationError as error:
        message = _("“%(value)s” is not a valid e-mail address.") % {"value": value}
        raise RowRefused(message) from error
    return value.lower()


def _urls(value: str, *, personal_allowed: bool) -> list[str]:
    """Addresses apart by spaces, commas, semicolons or bars; a personal network refuses the row."""
    urls = []
    for part in re.split(r"[\s,;|]+", value):
        if not part:
            continue
        url = part if re.match(r"https?://", part, re.IGNORECASE) else "https://" + part
        try:
            URLValidator(schemes=["http", "https"])(url)
        except ValidationError as error:
            raise RowRefused(_("“%(value)s” is not a web address.") % {"value": part}) from error
        if len(url) > 500:
            raise RowRefused(_("A web address of this row is longer than 500 characters."))
        network = services.network_of(url)
        if network and network.kind == NetworkKind.PERSONAL and not personal_allowed:
            raise RowRefused(services.private_sphere_message(network))
        urls.append(url)
    return urls


def _language(item: str) -> tuple[str, str]:
    level = LEVEL_WORDS.search(item)
    language = LEVEL_WORDS.sub("", item).strip(" :()-–,")
    return language[:60], (level.group(0) if level else "")[:30]


def _skill(item: str) -> tuple[str, str]:
    match = re.fullmatch(r"(.+?)\s*[(:–-]\s*([^()]+?)\)?", item)
    if match and fold(match.group(2)) in SKILL_LEVELS:
        return match.group(1).strip()[:200], SKILL_LEVELS[fold(match.group(2))]
    return item[:200], ""


@dataclass
class RowData:
    person: Person
    tags: list[str]
    available_from: dt.date | None


def read_row(cells: list[str], mapping: list[str], *, separator: str,
             personal_links_allowed: bool) -> RowData:  # fmt: skip
    """The person one row describes, or RowRefused with the first reason it cannot be taken."""
    values = {}
    for index, field in enumerate(mapping):
        if field != IGNORE and index < len(cells):
            values[field] = _clean(cells[index])
    extra = [cell for cell in cells[len(mapping) :] if cell.strip()]
    if extra:
        raise RowRefused(_("This row has more cells than the file has columns."))
    person = Person(first_name=values.get("first_name", ""), last_name=values.get("last_name", ""))
    if values.get("full_name"):
        person.first_name, person.last_name = split_full_name(values["full_name"])
    if not (person.first_name or person.last_name):
        raise RowRefused(_("No name on this row."))
    for name in ("first_name", "last_name", "headline", "city", "region"):
        value = getattr(person, name) if name in NAME_FIELDS else values.get(name, "")
        limit = _max_length(name)
        if limit and len(value) > limit:
            raise RowRefused(
                _("The %(field)s is longer than %(limit)s characters.")
                % {"field": str(FIELDS[name]).lower(), "limit": limit}
            )
        setattr(person, name, value)
    person.summary = values.get("summary", "")
    if values.get("email"):
        person.email = _email(values["email"])
    if values.get("phone"):
        person.phone = _phone(values["phone"])
    if values.get("country"):
        person.country = _country(values["country"])
    if values.get("url"):
        person.links = _urls(values["url"], personal_allowed=personal_links_allowed)
    available_from = _date(values["available_from"]) if values.get("available_from") else None
    seen = set()
    for label, level in (_skill(item) for item in _items(values.get("skills", ""), separator)):
        if label.casefold() not in seen:  # "Python (expert)" and "python": one skill
            seen.add(label.casefold())
            person.skills.append((label, level))
    person.languages = [_language(item) for item in _items(values.get("languages", ""), separator)]
    person.languages = [(language, level) for language, level in person.languages if language]
    tags = [tag[:60] for tag in _items(values.get("tags", ""), separator)]
    return RowData(person=person, tags=tags, available_from=available_from)


@transaction.atomic
def save_row(*, row: RowData, legal_basis: str, consent: bool, by, detail: str):
    """Save one row's person through `save_person`, then the tags and availability it gives."""
    outcome = save_person(
        person=row.person, source_kind=SourceKind.CSV_IMPORT, legal_basis=legal_basis, by=by,
        supplied_by_candidate=consent, detail=detail,
    )  # fmt: skip
    profile = outcome.profile
    if profile is None or not (row.tags or row.available_from):
        return outcome
    source = Source.objects.filter(profile=profile, detail=detail).order_by("-pk").first()
    changed = []
    if row.tags and set(row.tags) - set(profile.tags):
        profile.tags = sorted(set(profile.tags) | set(row.tags))
        changed.append("tags")
        profile.field_sources.get_or_create(field="tags", defaults={"source": source})
    if row.available_from and profile.available_from is None:
        profile.available_from = row.available_from
        changed.append("available_from")
        profile.field_sources.update_or_create(field="available_from", defaults={"source": source})
    if changed:
        profile.save(update_fields=[*changed, "updated_at"])
        index_profile(profile)
    return outcome


# The batch


@transaction.atomic
def create_csv_batch(*, name: str, data: bytes, mapping: list[str], separator: str,
                     legal_basis: str, by, language: str = "") -> ImportBatch:  # fmt: skip
    """Keep the table and its mapping; the worker imports it after the commit."""
    from vivier.talent.tasks import run_csv_import  # the task module imports this one

    table = read_table(data)
    consent = legal_basis == LegalBasis.CONSENT
    batch = ImportBatch.objects.create(
        created_by=by, sent_by_the_person=consent, kind=ImportKind.CSV, total=len(table.rows),
        options={"name": name[:200], "mapping": mapping, "separator": separator,
                 "encoding": table.encoding, "delimiter": table.delimiter,
                 "legal_basis": legal_basis, "language": language},
    )  # fmt: skip
    ImportFile.objects.create(
        batch=batch, name=name[:255], file=ContentFile(data, name="table.csv")
    )
    transaction.on_commit(lambda: run_csv_import(batch.pk))
    return batch


def _row_entry(line: int, cells: list[str], batch: ImportBatch) -> dict:
    options = batch.options
    consent = options["legal_basis"] == LegalBasis.CONSENT
    detail = _("%(file)s, line %(line)s") % {"file": options["name"], "line": line}
    try:
        row = read_row(cells, options["mapping"], separator=options["separator"],
                       personal_links_allowed=consent)  # fmt: skip
    except RowRefused as refusal:
        return {"line": line, "name": "", "action": "refused", "profile": None,
                "notes": [str(refusal)]}  # fmt: skip
    outcome = save_row(
        row=row, legal_basis=options["legal_basis"], consent=consent, by=batch.created_by,
        detail=detail[:300],
    )  # fmt: skip
    entry = {"line": line, "name": f"{row.person.first_name} {row.person.last_name}".strip(),
             "action": outcome.action, "notes": outcome.notes,
             "profile": outcome.profile.pk if outcome.profile else None}  # fmt: skip
    if outcome.profile:
        pairs = flag_possible_duplicates(profile=outcome.profile)
        entry["duplicates"] = report_entries(pairs, outcome.profile)
    return entry


def run_csv_batch(batch_id: int) -> ImportBatch:
    """Import the rows not yet done (a batch picked up again goes on where it stopped)."""
    batch = ImportBatch.objects.get(pk=batch_id)
    item = batch.files.first()
    if item is None or batch.finished_at:
        return batch
    with item.file.open("rb") as handle:
        data = handle.read()
    with translation.override(batch.options.get("language") or None):
        table = read_table(
            data, encoding=batch.options["encoding"], delimiter=batch.options["delimiter"]
        )
        report, flushed = list(batch.report), time.monotonic()
        for line, cells in table.rows[len(report) :]:
            report.append(_row_entry(line, cells, batch))
            if len(report) % PROGRESS_EVERY == 0 or time.monotonic() - flushed > PROGRESS_EVERY_S:
                ImportBatch.objects.filter(pk=batch.pk).update(done=len(report), report=report)
                flushed = time.monotonic()
    ImportBatch.objects.filter(pk=batch.pk).update(
        done=len(report), report=report, finished_at=timezone.now()
    )
    item.file.delete(save=False)  # the profiles keep what was read; the table is not kept
    item.delete()
    batch.refresh_from_db()
    return batch
