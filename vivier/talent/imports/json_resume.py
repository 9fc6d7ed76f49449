"""JSON Resume (https://jsonresume.org/schema), the open format many CV tools export."""

import datetime as dt
import json

from django.utils.translation import gettext as _

from vivier.talent.imports.people import Item, Person, UnreadableFile

MAX_BYTES = 2 * 1024 * 1024
LEVELS = {"beginner": "basic", "intermediate": "intermediate", "advanced": "advanced",
          "master": "expert", "expert": "expert"}  # fmt: skip


def _date(value) -> dt.date | None:
    """ISO 8601 dates as JSON Resume writes them: 2020-03-01, 2020-03 or 2020."""
    if not isinstance(value, str) or not value:
        return None
    parts = value.split("-")
    try:
        year = int(parts[0])
        month = int(parts[1]) if len(parts) > 1 else 1
        day = int(parts[2][:2]) if len(parts) > 2 else 1
        return dt.date(year, month, day)
    except (ValueError, IndexError):
        return None


def _text(value) -> str:
    return value.strip() if isinstance(value, str) else ""


def read_json_resume(data: bytes) -> Person:
    if len(data) > MAX_BYTES:
        raise UnreadableFile(_("The file is larger than 2 MB: it is not a JSON Resume."))
    try:
        resume = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise UnreadableFile(_("The file is not valid JSON.")) from error
    if not isinstance(resume, dict) or not isinstance(resume.get("basics"), dict):
        raise UnreadableFile(_("The file has no “basics” section: it is not a JSON Resume."))
    basics = resume["basics"]
    names = _text(basics.get("name")).split(" ", 1)
    location = basics.get("location") if isinstance(basics.get("location"), dict) else {}
    person = Person(
        first_name=names[0],
        last_name=names[1] if len(names) > 1 else "",
        email=_text(basics.get("email")).lower(),
        phone=_text(basics.get("phone"))[:30],
        headline=_text(basics.get("label"))[:200],
        summary=_text(basics.get("summary")),
        city=_text(location.get("city"))[:120],
        region=_text(location.get("region"))[:120],
        country=_text(location.get("countryCode"))[:2].upper(),
    )
    if _text(basics.get("url")):
        person.links.append(_text(basics["url"]))
    for profile in _list(basics.get("profiles")):
        if _text(profile.get("url")):
            person.links.append(_text(profile["url"]))
    for work in _list(resume.get("work")):
        if _text(work.get("position")):
            person.experiences.append(
                Item(
                    title=_text(work["position"]), place=_text(work.get("name")),
                    starts_on=_date(work.get("startDate")), ends_on=_date(work.get("endDate")),
                    description="\n".join(
                        [_text(work.get("summary")), *_strings(work.get("highlights"))]
                    ).strip(),
                )
            )  # fmt: skip
    for school in _list(resume.get("education")):
        title = " — ".join(
            part for part in (_text(school.get("studyType")), _text(school.get("area"))) if part
        )
        if title:
            person.education.append(
                Item(
                    title=title, place=_text(school.get("institution")),
                    starts_on=_date(school.get("startDate")), ends_on=_date(school.get("endDate")),
                )
            )  # fmt: skip
    for skill in _list(resume.get("skills")):
        if _text(skill.get("name")):
            level = LEVELS.get(_text(skill.get("level")).lower(), "")
            person.skills.append((_text(skill["name"]), level))
            # "keywords" name the skill's parts ("Web" -> "HTML", "CSS"): skills of their own.
            person.skills += [(word, "") for word in _strings(skill.get("keywords"))]
    for language in _list(resume.get("languages")):
        if _text(language.get("language")):
            person.languages.append((_text(language["language"]), _text(language.get("fluency"))))
    return person


def _strings(value) -> list[str]:
    """The non-empty strings of a JSON list, stripped."""
    items = value if isinstance(value, list) else []
    return [item.strip() for item in items if isinstance(item, str) and item.strip()]


def _list(value) -> list[dict]:
    return [item for item in value if isinstance(item, dict)] if isinstance(value, list) else []
