"""CVs (PDF or DOCX): their text, then the fields a recruiter expects, French or English.

Reading is heuristic and says nothing it did not find: contact details and links by their shape,
sections by their headings, dates by the usual French and English forms. The skills it lists
are recognised against the ESCO taxonomy when the person is saved (imports/skills.py).
"""

import datetime as dt
import io
import re
import unicodedata

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.translation import gettext as _

from vivier.core.uploads import PDF, check_cv, docx_paragraphs
from vivier.talent.imports.people import Item, Person, UnreadableFile
from vivier.talent.imports.skills import guess_language

MAX_PAGES = 20  # a CV longer than this is not a CV; the rest is not read

# Both start only where a word starts (the look-behinds): tried at every letter of a long run
# of letters, digits and dots, they took time in the square of its length (found by fuzzing).
EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# French numbers (06 12 34 56 78) or international ones (+33 6 12…, +44 20 7946 0958).
PHONE = re.compile(r"\+\d{1,3}(?:[\s.-]?\(?\d+\)?){2,6}|\b0\d(?:[\s.-]?\d{2}){4}\b")
URL = re.compile(r"(?<![\w.-])(?:https?://)?(?:[\w-]+\.)*(?:linkedin\.com|github\.com|"
                 r"gitlab\.com|malt\.fr|viadeo\.com|[\w-]+\.[a-z]{2,})/[^\s,;)]+",
                 re.IGNORECASE)  # fmt: skip
SECTIONS = {
    "summary": {"profil", "a propos", "a propos de moi", "about", "about me", "summary",
                "profile", "resume"},
    "experience": {"experience", "experiences", "experience professionnelle",
                   "experiences professionnelles", "parcours professionnel", "work experience",
                   "professional experience", "employment", "emplois"},
    "education": {"formation", "formations", "diplomes", "diplomes et formations", "education",
                  "etudes", "cursus", "academic background"},
    "skills": {"competences", "competences techniques", "skills", "technical skills",
               "savoir-faire", "outils", "tools"},
    "languages": {"langues", "languages", "langues etrangeres"},
}  # fmt: skip
MONTHS = {
    "jan": 1, "janv": 1, "janvier": 1, "january": 1, "feb": 2, "fev": 2, "fevr": 2,
    "fevrier": 2, "february": 2, "mar": 3, "mars": 3, "march": 3, "apr": 4, "avr": 4,
    "avril": 4, "april": 4, "may": 5, "mai": 5, "jun": 6, "juin": 6, "june": 6, "jul": 7,
    "juil": 7, "juillet": 7, "july": 7, "aug": 8, "aout": 8, "august": 8, "sep": 9, "sept": 9,
    "septembre": 9, "september": 9, "oct": 10, "octobre": 10, "october": 10, "nov": 11,
    "novembre": 11, "november": 11, "dec": 12, "decembre": 12, "december": 12,
}  # fmt: skip
NOW = {"aujourd'hui", "aujourdhui", "present", "présent", "now", "actuel", "en cours", "current"}
_DATE = r"(?:(?:\d{1,2}/)?\d{4}|[A-Za-zéûÉ]{3,9}\.?\s+\d{4})"
DATE_RANGE = re.compile(
    rf"(?P<start>{_DATE})\s*(?:-|–|—|à|to|au)\s*(?P<end>{_DATE}|aujourd'hui|aujourdhui|present|"
    r"présent|now|actuel|en cours|current)",
    re.IGNORECASE,
)
SEPARATORS = re.compile(r"\s+(?:—|–|-|\||chez|at|@)\s+|,\s+")
LANGUAGE_LEVEL = re.compile(r"\b(A1|A2|B1|B2|C1|C2|natif|native|maternelle|bilingue|bilingual|"
                            r"courant|fluent|intermédiaire|intermediate|notions|basic)\b",
                            re.IGNORECASE)  # fmt: skip


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(char for char in decomposed if not unicodedata.combining(char)).strip(" :•-—")


def cv_text(data: bytes, name: str = "cv") -> str:
    """The text of a PDF or DOCX CV; UnreadableFile says why when there is none."""
    upload = SimpleUploadedFile(name, data)
    try:
        kind = check_cv(upload)
    except ValidationError as error:
        raise UnreadableFile(" ".join(error.messages)) from error
    text = _pdf_text(data) if kind == PDF else "\n".join(docx_paragraphs(io.BytesIO(data)))
    if not text.strip():
        raise UnreadableFile(
            _("This CV holds no text (a scanned image?): it cannot be read automatically.")
        )
    return text


def _pdf_text(data: bytes) -> str:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise UnreadableFile(_("This PDF is protected by a password: it cannot be read."))
        pages = reader.pages[:MAX_PAGES]
        return "\n".join(page.extract_text() or "" for page in pages)
    except UnreadableFile:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError) as error:
        raise UnreadableFile(_("This PDF is damaged and cannot be read.")) from error


YEARS = range(1900, 2101)  # a year outside these is no date of a working life ("0000": fuzzing)


def _date(text: str, *, end: bool = False) -> dt.date | None:
    text = text.strip().rstrip(".")
    if _fold(text) in {_fold(word) for word in NOW}:
        return None
    if match := re.fullmatch(r"(?:(\d{1,2})/)?(\d{4})", text):
        month = int(match.group(1) or (12 if end else 1))
        year = int(match.group(2))
        return dt.date(year, min(max(month, 1), 12), 1) if year in YEARS else None
    parts = text.split()
    if len(parts) == 2 and parts[1].isdigit():
        month = MONTHS.get(_fold(parts[0]).rstrip("."))
        if month and int(parts[1]) in YEARS:
            return dt.date(int(parts[1]), month, 1)
    return None


def _section_of(line: str) -> str | None:
    folded = _fold(line)
    for section, headings in SECTIONS.items():
        if folded in headings:
            return section
    return None


def _name(lines: list[str]) -> tuple[str, str]:
    """The first line that looks like a name: 2 to 4 words of letters, no digits or @."""
    for line in lines[:5]:
        words = line.split()
        if 2 <= len(words) <= 4 and all(re.fullmatch(r"[^\W\d_][\w'’-]*", w) for w in words):
            # A word in capitals is the family name, as French CVs write it.
            upper = [w for w in words if w.isupper() and len(w) > 1]
            if upper and len(upper) < len(words):
                first = [w for w in words if w not in upper]
                return " ".join(first), " ".join(w.capitalize() for w in upper)
            return words[0], " ".join(words[1:])
    return "", ""


def read_cv(text: str) -> Person:
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    first_name, last_name = _name(lines)
    person = Person(
        first_name=first_name, last_name=last_name, language=guess_language(text), text=text
    )
    if email := EMAIL.search(text):
        person.email = email.group(0).lower()
    if phone := PHONE.search(text.replace(person.email, "")):
        person.phone = phone.group(0).strip()[:30]
    for match in URL.finditer(text):
        url = match.group(0)
        if "@" in url:
            continue
        url = url if url.startswith("http") else "https://" + url
        if url not in person.links:
            person.links.append(url)
    name_line = next((i for i, line in enumerate(lines) if first_name and first_name in line), -1)
    if 0 <= name_line < len(lines) - 1:
        candidate = lines[name_line + 1]
        if not _section_of(candidate) and len(candidate) <= 80 and not EMAIL.search(candidate):
            person.headline = candidate
    section, summary = None, []
    for line in lines:
        if heading := _section_of(line):
            section = heading
            continue
        if section == "summary":
            summary.append(line)
        elif section in ("experience", "education"):
            _read_dated_line(person, section, line)
        elif section == "skills":
            for skill in re.split(r"[,;•·|/]|\s-\s", line):
                if skill.strip() and len(skill.strip()) <= 60:
                    person.skills.append((skill.strip(" :"), ""))
        elif section == "languages":
            for part in re.split(r"[,;•·|]", line):
                if not part.strip():
                    continue
                level = LANGUAGE_LEVEL.search(part)
                language = LANGUAGE_LEVEL.sub("", part).strip(" :()-–")
                if language:
                    person.languages.append((language, level.group(0) if level else ""))
    person.summary = " ".join(summary)
    return person


def _read_dated_line(person: Person, section: str, line: str) -> None:
    """A line with a date range starts an item; a line without adds to the last item."""
    items = person.experiences if section == "experience" else person.education
    match = DATE_RANGE.search(line)
    if not match:
        if items:
            items[-1].description = (items[-1].description + "\n" + line).strip()
        return
    rest = (line[: match.start()] + " " + line[match.end() :]).strip(" :—–-,|")
    parts = [part.strip() for part in SEPARATORS.split(rest) if part.strip()]
    items.append(
        Item(
            title=parts[0] if parts else rest,
            place=parts[1] if len(parts) > 1 else "",
            starts_on=_date(match.group("start")),
            ends_on=_date(match.group("end"), end=True),
        )
    )
