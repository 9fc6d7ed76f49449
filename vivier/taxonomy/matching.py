"""Job titles to ESCO occupations, texts to ESCO skills: offline, from in-memory indexes.

The indexes are built from the database once per process (about 1 s for the 3,007 occupations
in French and English, 2 s for the skills) and kept in memory (figures in docs/taxonomy.md).
A process notices a new `load_esco` within FRESHNESS_S seconds: it compares the tables' row
count and latest update with those its index was built from; the process that ran the loader
forgets its indexes at once.
"""

import threading
import time
from dataclasses import dataclass

from django.db.models import Count, Max

from vivier.taxonomy.esco_files import LANGUAGES
from vivier.taxonomy.index import LabelIndex
from vivier.taxonomy.models import Occupation, Skill
from vivier.taxonomy.text import STOP_WORDS, stem, words

# A label in another language than the query's is weaker evidence: French titles such as
# "Data scientist" or "Community manager" are English words, but "chef" is not "chief".
OTHER_LANGUAGE_WEIGHT = 0.85
FRESHNESS_S = 60  # seconds a process trusts its indexes before checking the tables again
LONGEST_SKILL_LABEL = 8  # words; longer ESCO skill labels are sentences nobody writes verbatim

_lock = threading.Lock()
_indexes: dict[tuple[str, str], tuple[tuple, float, object]] = {}


@dataclass(frozen=True)
class OccupationSuggestion:
    occupation: Occupation
    score: float
    label: str  # the surface form that matched best, as ESCO writes it


@dataclass(frozen=True)
class RecognisedSkill:
    skill: Skill
    label: str  # the ESCO label found in the text
    text: str  # the words of the text that matched, folded


# A preferred label is ESCO's own name for the occupation; when two occupations share a label
# (ESCO has such pairs), the one whose preferred label it is should come first. A group of
# occupations (ISCO) is a category, not an answer to "which job is this?".
# Chosen by a coarse grid on the MELO French benchmark (docs/taxonomy.md).
KIND_WEIGHTS = {"preferred": 1.0, "alternative": 0.9, "hidden": 0.8, "group": 0.8}


def search_occupation_index(index: LabelIndex, title: str, *, language: str | None, limit: int):
    """The one way titles are searched, by the product and by bench/occupations."""
    return index.search(
        title, limit=limit, language=language, other_language_weight=OTHER_LANGUAGE_WEIGHT
    )


def forget_indexes() -> None:
    """Drop this process's indexes: the next query rebuilds them from the tables."""
    with _lock:
        _indexes.clear()


def _fingerprint(model) -> tuple:
    figures = model.objects.aggregate(count=Count("id"), latest=Max("updated_at"))
    return (figures["count"], figures["latest"])


def _cached(kind: str, language: str, model, build):
    key = (kind, language)
    now = time.monotonic()
    with _lock:
        cached = _indexes.get(key)
    if cached and now - cached[1] < FRESHNESS_S:
        return cached[2]
    fingerprint = _fingerprint(model)
    index = cached[2] if cached and cached[0] == fingerprint else build(language)
    with _lock:
        _indexes[key] = (fingerprint, now, index)
    return index


def _build_occupation_index(_language: str) -> LabelIndex:
    entries = []
    rows = Occupation.objects.values_list(
        "id",
        *(
            f"{kind}_{code}"
            for code in LANGUAGES
            for kind in ("preferred_label", "alternative_labels", "hidden_labels")
        ),
    )
    for row in rows.iterator(chunk_size=2000):
        occupation_id, fields = row[0], row[1:]
        for position, code in enumerate(LANGUAGES):
            preferred, alternative, hidden = fields[3 * position : 3 * position + 3]
            for kind, forms in (
                ("preferred", [preferred] if preferred else []),
                ("alternative", alternative),
                ("hidden", hidden),
            ):
                weight = KIND_WEIGHTS[kind]
                entries += [(occupation_id, form, weight, code) for form in forms]
    return LabelIndex(entries)


def suggest_occupations(
    title: str, *, language: str = "fr", limit: int = 10
) -> list[OccupationSuggestion]:
    """The ESCO occupations a job title most likely names, best first, scores between 0 and ~1.

    Works in both languages whatever `language` says (labels in `language` weigh more); accents,
    case, feminine forms, "(e)" and "H/F" do not matter.
    """
    # One index serves every language: the query's language only changes label weights.
    index = _cached("occupations", "all", Occupation, _build_occupation_index)
    matches = search_occupation_index(index, title, language=language[:2], limit=limit)
    occupations = Occupation.objects.in_bulk([match.concept for match in matches])
    return [
        OccupationSuggestion(
            occupation=occupations[match.concept], score=match.score, label=match.label
        )
        for match in matches
        if match.concept in occupations
    ]


def _phrase(text: str) -> tuple[str, ...]:
    return tuple(stem(word) for word in words(text) if word not in STOP_WORDS)


def _build_skill_phrases(language: str) -> dict[tuple[str, ...], list[tuple[int, str]]]:
    """Every label of every skill in `language`, as a sequence of stems -> (skill id, label)."""
    phrases: dict[tuple[str, ...], list[tuple[int, str]]] = {}
    fields = [f"preferred_label_{language}", f"alternative_labels_{language}"]
    fields.append(f"hidden_labels_{language}")
    for skill_id, preferred, alternative, hidden in Skill.objects.values_list(
        "id", *fields
    ).iterator(chunk_size=2000):
        for label in ([preferred] if preferred else []) + alternative + hidden:
            phrase = _phrase(label)
            if 0 < len(phrase) <= LONGEST_SKILL_LABEL:
                owners = phrases.setdefault(phrase, [])
                if all(owner != skill_id for owner, _ in owners):
                    owners.append((skill_id, label))
    return phrases


def recognise_skills(text: str, *, language: str) -> list[RecognisedSkill]:
    """The ESCO skills whose labels appear in `text`, in the order they appear.

    Longest label first at each place ("project management" over "management"), after the same
    folding as job titles. Only skills with labels in `language` can be found: the shared ESCO
    data has English skill labels only until skills_fr.csv is loaded (docs/taxonomy.md).
    """
    language = "en" if language.startswith("en") else "fr"
    phrases = _cached("skills", language, Skill, _build_skill_phrases)
    stems = _phrase(text)
    found: list[tuple[int, str, str]] = []
    position = 0
    while position < len(stems):
        for length in range(min(LONGEST_SKILL_LABEL, len(stems) - position), 0, -1):
            window = tuple(stems[position : position + length])
            if window in phrases:
                found += [
                    (skill_id, label, " ".join(window)) for skill_id, label in phrases[window]
                ]
                position += length
                break
        else:
            position += 1
    skills = Skill.objects.in_bulk({skill_id for skill_id, _, _ in found})
    seen: set[int] = set()
    recognised = []
    for skill_id, label, matched in found:
        if skill_id not in seen:
            seen.add(skill_id)
            recognised.append(RecognisedSkill(skill=skills[skill_id], label=label, text=matched))
    return recognised
