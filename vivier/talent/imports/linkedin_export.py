"""LinkedIn's "Download your data" archive: the ZIP a member gets from their settings.

Read: Profile.csv, Positions.csv, Education.csv, Skills.csv, Email Addresses.csv, Languages.csv
(when present). LinkedIn writes dates as "Jan 2020" (or a bare year) and may put a few notes
lines before a CSV's header.
"""

import csv
import datetime as dt
import io
import zipfile

from django.utils.translation import gettext as _

from vivier.talent.imports.people import Item, Person, UnreadableFile

MAX_ARCHIVE_BYTES = 50 * 1024 * 1024
MAX_MEMBER_BYTES = 5 * 1024 * 1024  # a CSV larger than this is not a member's own data
MONTHS = {name: number for number, name in enumerate(
    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], start=1
)}  # fmt: skip


def _date(value: str) -> dt.date | None:
    parts = value.strip().split()
    try:
        if len(parts) == 2 and parts[0][:3].lower() in MONTHS:
            return dt.date(int(parts[1]), MONTHS[parts[0][:3].lower()], 1)
        if len(parts) == 1 and parts[0].isdigit():
            return dt.date(int(parts[0]), 1, 1)
    except ValueError:
        return None
    return None


def _rows(archive: zipfile.ZipFile, name: str) -> list[dict]:
    """The rows of one CSV of the archive, wherever it sits in it; [] when it is absent."""
    member = next(
        (info for info in archive.infolist() if info.filename.rsplit("/", 1)[-1] == name), None
    )
    if member is None:
        return []
    if member.file_size > MAX_MEMBER_BYTES:
        raise UnreadableFile(_("%(name)s is too large for a member's own data.") % {"name": name})
    text = archive.read(member).decode("utf-8-sig", errors="replace")
    lines = text.splitlines()
    # Skip LinkedIn's notes: the header is the first line with a comma-separated known column.
    start = next((index for index, line in enumerate(lines) if "," in line), 0)
    return list(csv.DictReader(io.StringIO("\n".join(lines[start:]))))


def read_linkedin_export(data: bytes) -> Person:
    if len(data) > MAX_ARCHIVE_BYTES:
        raise UnreadableFile(_("The archive is larger than 50 MB."))
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as error:
        raise UnreadableFile(_("The file is not a ZIP archive.")) from error
    with archive:
        profiles = _rows(archive, "Profile.csv")
        if not profiles:
            raise UnreadableFile(
                _("Profile.csv is missing: this is not LinkedIn's “Download your data” archive.")
            )
        row = profiles[0]
        person = Person(
            first_name=row.get("First Name", "").strip(),
            last_name=row.get("Last Name", "").strip(),
            headline=row.get("Headline", "").strip()[:200],
            summary=row.get("Summary", "").strip(),
            city=row.get("Geo Location", "").split(",")[0].strip()[:120],
        )
        emails = _rows(archive, "Email Addresses.csv")
        primary = [e for e in emails if e.get("Primary", "").lower() == "yes"] or emails
        if primary:
            person.email = primary[0].get("Email Address", "").strip().lower()
        for position in _rows(archive, "Positions.csv"):
            if position.get("Title", "").strip():
                person.experiences.append(
                    Item(
                        title=position["Title"].strip(),
                        place=position.get("Company Name", "").strip(),
                        starts_on=_date(position.get("Started On", "")),
                        ends_on=_date(position.get("Finished On", "")),
                        description=position.get("Description", "").strip(),
                    )
                )
        for school in _rows(archive, "Education.csv"):
            title = school.get("Degree Name", "").strip() or school.get("Notes", "").strip()
            if title or school.get("School Name", "").strip():
                person.education.append(
                    Item(
                        title=title or school["School Name"].strip(),
                        place=school.get("School Name", "").strip(),
                        starts_on=_date(school.get("Start Date", "")),
                        ends_on=_date(school.get("End Date", "")),
                    )
                )
        person.skills = [
            (skill["Name"].strip(), "")
            for skill in _rows(archive, "Skills.csv")
            if skill.get("Name")
        ]
        person.languages = [
            (language["Name"].strip(), language.get("Proficiency", "").strip())
            for language in _rows(archive, "Languages.csv")
            if language.get("Name")
        ]
    return person
