"""A person's skills, recognised against the ESCO taxonomy (vivier.taxonomy) as they are imported.

The skills section of a file is a list of claims: each item is matched against ESCO's skill
labels in the file's language, then, for an item nothing matched, in the other language (French
CVs write "customer service" or "Python" as often as "gestion de projet"). An item nothing
recognises stays, as written, a free skill. Experience descriptions are running text: the skills
they name join the profile too, with the stricter rule of `recognise_skills(in_prose=True)`.

Each recognised skill keeps its ESCO URI, ESCO's preferred label in the file's language (the
English one while French labels are not loaded) and the words the file used.
"""

import re
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext as _

from vivier.talent.models import ProfileSkill, SkillLevel
from vivier.taxonomy.matching import has_skill_labels, recognise_skills
from vivier.taxonomy.text import fold

# Words that only one of the two languages writes often, CV headings included.
_FRENCH_WORDS = """
    le la les des du de et en une pour avec au aux sur dans par chez depuis est sont
    competences formation langues profil professionnelle diplomes aujourd'hui
"""
_ENGLISH_WORDS = """
    the and of to in for with on at an is are from by as
    skills education languages summary work present
"""
FRENCH_WORDS = frozenset(_FRENCH_WORDS.split())
ENGLISH_WORDS = frozenset(_ENGLISH_WORDS.split())
LEVELS = set(SkillLevel.values)


@dataclass(frozen=True)
class FoundSkill:
    label: str  # ESCO's preferred label when recognised, else the file's words
    surface: str  # the words the file used
    esco_uri: str = ""
    level: str = ""


def guess_language(text: str) -> str:
    """ "fr" or "en", by the short words each language uses most; the default language on a tie."""
    words = re.findall(r"[^\W\d_][\w']*", fold(text))
    french = sum(word in FRENCH_WORDS for word in words)
    english = sum(word in ENGLISH_WORDS for word in words)
    if french == english:
        return settings.LANGUAGE_CODE[:2]
    return "fr" if french > english else "en"


def _person_text(person) -> str:
    parts = [person.text, person.headline, person.summary]
    parts += [f"{item.title} {item.description}" for item in person.experiences]
    parts += [item.title for item in person.education]
    parts += [label for label, _level in person.skills]
    parts += [language for language, _level in person.languages]
    return "\n".join(part for part in parts if part)


def recognise_person_skills(person) -> tuple[str, list[FoundSkill], list[str]]:
    """(language of the file, its skills, notes for the import report)."""
    language = person.language or guess_language(_person_text(person))
    other = "en" if language == "fr" else "fr"
    languages = [code for code in (language, other) if has_skill_labels(code)]
    notes: list[str] = []
    has_text = person.skills or any(item.description for item in person.experiences)
    if not languages:
        if has_text:
            notes.append(
                _("ESCO skills are not loaded: skills are kept as written, without recognition.")
            )
        return language, [FoundSkill(label, label, "", _level(level)) for label, level
                          in person.skills], notes  # fmt: skip
    if languages[0] != language and has_text:
        notes.append(
            _(
                "ESCO's French skill labels are not loaded (skills_fr.csv, docs/taxonomy.md): "
                "skills were recognised from their English labels only."
            )
            if language == "fr"
            else _(
                "ESCO's English skill labels are not loaded: skills were recognised from their "
                "French labels only."
            )
        )
    found: list[FoundSkill] = []
    seen: set[str] = set()

    def keep(recognised, level: str) -> None:
        for item in recognised:
            if item.skill.uri not in seen:
                seen.add(item.skill.uri)
                label = item.skill.label(language)
                found.append(FoundSkill(label[:200], item.text[:200], item.skill.uri, level))

    for label, level in person.skills:
        recognised = []
        for code in languages:
            recognised = recognise_skills(label, language=code)
            if recognised:
                break
        if recognised:
            keep(recognised, _level(level))
        elif fold(label) not in {fold(skill.label) for skill in found if not skill.esco_uri}:
            found.append(FoundSkill(label[:200], label[:200], "", _level(level)))
    for experience in person.experiences:
        if experience.description:
            keep(recognise_skills(experience.description, language=languages[0], in_prose=True), "")
    return language, found, notes


def _level(level: str) -> str:
    return level if level in LEVELS else ""


def save_skills(*, profile, source, person) -> list[str]:
    """The person's skills join the profile with `source`; those it already has are skipped."""
    _language, found, notes = recognise_person_skills(person)
    known = profile.skills.values_list("esco_uri", "label")
    uris = {uri for uri, _label in known if uri}
    free = {fold(label) for uri, label in known if not uri}
    for skill in found:
        if skill.esco_uri in uris or (not skill.esco_uri and fold(skill.label) in free):
            continue
        if skill.esco_uri:
            uris.add(skill.esco_uri)
        else:
            free.add(fold(skill.label))
        ProfileSkill.objects.create(
            profile=profile, source=source, label=skill.label, surface=skill.surface,
            esco_uri=skill.esco_uri, level=skill.level,
        )  # fmt: skip
    return notes
