"""Job titles to ESCO occupations, texts to ESCO skills: offline, from in-memory indexes.

The indexes are built from the database once per process (about 1 s for the 3,007 occupations
in French and English, 2 s for the skills) and kept in memory (figures in docs/taxonomy.md).
A process notices a new `load_esco` within FRESHNESS_S seconds: it compares the tables' row
count and latest update with those its index was built from; the process that ran the loader
forgets its indexes at once.
"""

import re
import threading
import time
from dataclasses import dataclass

from django.db import DEFAULT_DB_ALIAS
from django.db.models import Count, Max

from vivier.taxonomy.esco_files import LANGUAGES
from vivier.taxonomy.index import LabelIndex
from vivier.taxonomy.models import Occupation, Skill
from vivier.taxonomy.text import NOT_A_WORD, STOP_WORDS, fold, stem

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
    text: str  # the words of the text that matched, as the text wrote them


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


# Names of programming languages that folding would reduce to one letter or nothing.
SYMBOL_WORDS = {"c++": "cplusplus", "c#": "csharp", "f#": "fsharp", ".net": "dotnet"}
TOKEN = re.compile(r"c\+\+|[cf]#|\.net\b|[^\W_]+", re.IGNORECASE)
# Elided words before an apostrophe: "d'équipe", "c'est".
ELIDED = frozenset(["d", "l", "qu", "j", "n", "s", "c", "m", "t"])
LABEL_RANKS = {"preferred": 0, "alternative": 1, "hidden": 2}
# What the skill index keeps of each skill, and gives back: enough to show and store it. In the
# model's order of fields, as Model.from_db wants them.
SKILL_FIELDS = ("uri", "preferred_label_fr", "preferred_label_en", "skill_type")
SENTENCE_ENDS = ".!?:;•*-–—(\n"  # a capital after these starts a sentence or a list item


@dataclass(frozen=True)
class _Token:
    stem: str
    start: int  # where the word starts and ends in the original text
    end: int


def _tokens(text: str) -> list[_Token]:
    """The meaningful words of a text, stemmed, each with its place in the original text."""
    tokens = []
    for match in TOKEN.finditer(text):
        word = match.group(0).lower()
        if word in SYMBOL_WORDS:
            tokens.append(_Token(SYMBOL_WORDS[word], match.start(), match.end()))
            continue
        folded = fold(word)
        if folded in ELIDED and text[match.end() : match.end() + 1] in ("'", "’"):
            continue
        for part in NOT_A_WORD.split(folded):
            if part and part not in STOP_WORDS:
                tokens.append(_Token(stem(part), match.start(), match.end()))
    return tokens


def _phrase(text: str) -> tuple[str, ...]:
    return tuple(token.stem for token in _tokens(text))


def _build_skill_phrases(language: str) -> dict[tuple[str, ...], tuple[tuple, str, bool]]:
    """Every label of every skill in `language`, as a sequence of stems -> its skill.

    The skill is kept as its row (id and SKILL_FIELDS), so recognising costs no query.

    A phrase several skills share goes to one: the skill whose preferred label it is, else an
    alternative label, else a hidden one (old names and misspellings); at the same rank, the
    skill with the fewest labels, the most specific ("Adobe Photoshop" over "graphics editor
    software", which lists it among its names).
    """
    owners: dict[tuple[str, ...], list[tuple[int, int, int, str]]] = {}
    rows: dict[int, tuple] = {}
    fields = [f"{kind}_{language}" for kind in ("preferred_label", "alternative_labels")]
    fields.append(f"hidden_labels_{language}")
    for row in Skill.objects.values_list("id", *SKILL_FIELDS, *fields).iterator(chunk_size=2000):
        skill_id, (preferred, alternative, hidden) = row[0], row[-3:]
        rows[skill_id] = row[: 1 + len(SKILL_FIELDS)]
        named = (("preferred", [preferred] if preferred else []), ("alternative", alternative),
                 ("hidden", hidden))  # fmt: skip
        count = 1 + len(alternative) + len(hidden)
        for kind, labels in named:
            for label in labels:
                phrase = _phrase(label)
                if 0 < len(phrase) <= LONGEST_SKILL_LABEL:
                    rank = (LABEL_RANKS[kind], count, skill_id)
                    owners.setdefault(phrase, []).append((*rank, label))
    # (skill row, label, whether it is the skill's preferred label)
    return {
        phrase: (rows[best[2]], best[3], best[0] == 0)
        for phrase, best in ((phrase, min(found)) for phrase, found in owners.items())
    }


def has_skill_labels(language: str) -> bool:
    """Whether skills have labels in `language` (French ones need skills_fr.csv)."""
    language = "en" if language.startswith("en") else "fr"
    return bool(_cached("skills", language, Skill, _build_skill_phrases))


def _looks_like_a_name(text: str, start: int, surface: str) -> bool:
    """ "SQL", "PostgreSQL", "… in Python": capitals that are not just a sentence's first letter."""
    if any(char.isupper() for char in surface[1:]):
        return True
    before = text[:start].rstrip(" \t")
    return surface[:1].isupper() and bool(before) and before[-1] not in SENTENCE_ENDS


def recognise_skills(text: str, *, language: str, in_prose: bool = False) -> list[RecognisedSkill]:
    """The ESCO skills whose labels appear in `text`, in the order they appear, each once.

    Longest label first at each place ("project management" over "management"), after the same
    folding as job titles; `text` of each is the words as the text wrote them. Only skills with
    labels in `language` can be found: the shared ESCO data has English skill labels only until
    skills_fr.csv is loaded (docs/taxonomy.md; `has_skill_labels` tells).

    `in_prose`: the text is running text (a job's description), not a list of skills. There, a
    single word that is only another name of a skill ("data" for statistics, "reporting" for
    journalism) is common language, not a claim; it counts when ESCO or the text writes it as a
    name ("Python", "Linux"; "… the SQL server").
    """
    language = "en" if language.startswith("en") else "fr"
    phrases = _cached("skills", language, Skill, _build_skill_phrases)
    tokens = _tokens(text)
    stems = [token.stem for token in tokens]
    found: list[tuple[tuple, str, str]] = []
    position = 0
    while position < len(stems):
        for length in range(min(LONGEST_SKILL_LABEL, len(stems) - position), 0, -1):
            owner = phrases.get(tuple(stems[position : position + length]))
            if not owner:
                continue
            row, label, is_preferred = owner
            first, last = tokens[position], tokens[position + length - 1]
            surface = text[first.start : last.end]
            weak = in_prose and length == 1 and not is_preferred and not label[:1].isupper()
            if weak and not _looks_like_a_name(text, first.start, surface):
                continue
            found.append((row, label, surface))
            position += length
            break
        else:
            position += 1
    seen: set[int] = set()
    recognised = []
    for row, label, surface in found:
        if row[0] not in seen:
            seen.add(row[0])
            # As if fetched with .only(SKILL_FIELDS): other fields load when first read.
            skill = Skill.from_db(DEFAULT_DB_ALIAS, ["id", *SKILL_FIELDS], row)
            recognised.append(RecognisedSkill(skill=skill, label=label, text=surface))
    return recognised
