"""Searching the talent pool: full-text words and filters, one interface over two databases.

Words: SQLite's FTS5 table (accents folded, prefixes matched, ranked by bm25) or PostgreSQL's
French and English text search vectors of the unaccented text (a stored column under a GIN
index, ranked by ts_rank). Both match every word of the query (a word matches as a prefix;
articles and prepositions such as "de", "the" or the "d" of "d'accueil" are left out, as every
other word would have to follow them), and both find the same people.

On PostgreSQL each prefix is matched as the words of the index it begins (a table of the
vectors' lexemes kept by a trigger, migration 0012), up to EXPANDED of them: the GIN index then
skips through whole words along the other words and filters instead of gathering every entry
of the prefix first (which also overflowed work_mem into pages to check again, row by row).
The matches and the relevance are those of the prefix.

Filters (`Criteria`) are SQL conditions on the profile and its items, the same on both
databases: skill, occupation or ISCO group, city, distance, years of experience, language and
level, tag, availability, rating, consent. Distances use the profile's place as a unit vector
(talent.places): "within d km" is a bounding box on an index, then a dot product, exact for a
sphere. A search by words, or by an occupation or ISCO group, reads only the search table
(`ProfileText`), which carries a copy of every filter but the skill (asked of its own indexed
table), of the name, and of what the facets count; the language, rating, consent, city, map
cells, occupations and ISCO groups are words of its full-text index too (`filter_tokens`).

Ranking a large pool by relevance reads every match's vector: that is what made common words
slow (41,000 people for "comptable" in a million). So when more than RANKED people match, the
RANKED most recently updated of them are the candidates ranked by relevance, and the others
follow, most recent first; the screen says so (`Found.ranked_among`). The total is exact.

`find()` answers one page of ids in order, the total, and facets with counts: exact when the
results number at most FACET_SAMPLE, otherwise counted among the ranked candidates (with words)
or the first FACET_SAMPLE by name, and said so.
"""

import datetime as dt
import json
import math
import re
from collections import Counter
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.utils import timezone

from vivier.talent.models import Profile, ProfileText
from vivier.talent.places import EARTH_RADIUS_KM, Circle, unit_vector

WORD = re.compile(r"\w+", re.UNICODE)
MAX_WORDS = 12
MAX_RESULTS = 200
RANKED = 1000  # matches of words ranked by relevance: the most recently updated ones
FACET_SAMPLE = 1000  # results whose facets are counted; beyond, the first ones only
# Words that every other word would follow, left out of a search (unless it has no other).
STOPWORDS = frozenset({"a", "à", "au", "aux", "d", "de", "des", "du", "en", "et", "l", "la",
                       "le", "les", "un", "une", "of", "the", "and", "in", "for", "to", "on",
                       "at"})  # fmt: skip
FACET_SIZE = 8
DAYS_PER_YEAR = 365.25
SEARCH_FACTS = [
    "latitude",
    "longitude",
    "place_x",
    "place_y",
    "place_z",
    "experience_days",
    "experience_since",
    "last_name",
    "first_name",
]  # fmt: skip  (copied onto the search table, see ProfileText)


def profile_text(profile: Profile) -> str:
    parts = [profile.first_name, profile.last_name, profile.headline, profile.summary,
             profile.city, profile.region, " ".join(profile.tags)]  # fmt: skip
    parts += [f"{e.title} {e.organisation} {e.description}" for e in profile.experiences.all()]
    parts += [f"{e.title} {e.school}" for e in profile.education.all()]
    parts += [" ".join({skill.label: 0, skill.surface: 0}) for skill in profile.skills.all()]
    parts += [language.language for language in profile.languages.all()]
    parts += [document.text for document in profile.documents.all()]  # the CVs' own words
    return "\n".join(part for part in parts if part and part.strip())


def index_profile(profile: Profile) -> None:
    """After any change to a profile: its derived facts (talent.facts), then its text."""
    from vivier.talent.facts import refresh_facts

    refresh_facts(profile)
    defaults = {"body": profile_text(profile)}
    defaults |= {name: getattr(profile, name) for name in SEARCH_FACTS}
    defaults |= search_filters(profile)
    ProfileText.objects.update_or_create(profile=profile, defaults=defaults)


def refresh_search_filters(profile: Profile) -> None:
    """The search table's copies of the filters and facets, after a change to one of them."""
    ProfileText.objects.filter(profile=profile).update(**search_filters(profile))


def search_filters(profile: Profile) -> dict:
    """The search table's copies of the filters and facets (see ProfileText)."""
    from vivier.talent.models import LegalBasis, OccupationStatus

    skills = [(skill.key, skill.label) for skill in profile.skills.all()]
    occupations = profile.occupations.exclude(status=OccupationStatus.REJECTED)
    languages = [(language.code, language.level_rank) for language in profile.languages.all()]
    consent = profile.sources.filter(legal_basis=LegalBasis.CONSENT).exists()
    occupations = list(occupations.values_list("occupation_id", "isco_code"))
    place = (profile.latitude, profile.longitude)
    return {
        "filters": filter_tokens(
            languages, profile.rating, consent, profile.city, place, occupations
        ),
        "updated_at": profile.updated_at,
        "city": profile.city,
        "available_from": profile.available_from,
        "tags": tag_text(profile.tags),
        "facets": facets_text(
            skills,
            [occupation_id for occupation_id, _isco in occupations],
            [code for code, _rank in languages],
        ),  # fmt: skip
    }


def filter_tokens(languages, rating: int | None, consent: bool, city: str,
                  place: tuple[float | None, float | None] = (None, None),
                  occupations=()) -> str:  # fmt: skip
    """The filters of a profile as words for the full-text index: "len len1 … len5" for
    English at level 5 (each level reached), "r1 r2 r3" for a rating of 3, "consent" or
    "noconsent", "c" and the city's letters ("crennes"), the cells of the map the place
    lies in ("g" and PLACE_CELLS), then for each (occupation id, ISCO code) not removed by a
    recruiter "o" and the id, "i" and each of the code's groups ("i2 i22 i222 i2221"), last
    (migration 0012 appended them to the filters already stored). The city and distance
    filters still compare the city and the distance themselves: these words only narrow the
    rows to read."""
    tokens = []
    for code, rank in languages:
        if code:
            tokens += [f"l{code}", *(f"l{code}{level}" for level in range(1, (rank or 0) + 1))]
    tokens += [f"r{stars}" for stars in range(1, (rating or 0) + 1)]
    tokens.append("consent" if consent else "noconsent")
    tokens.append(city_token(city))
    latitude, longitude = place
    if latitude is not None and longitude is not None:
        tokens += [_cell(size, latitude, longitude) for size in PLACE_CELLS]
    tokens += occupation_tokens(occupations)
    return " ".join(dict.fromkeys(token for token in tokens if token.isalnum()))


def occupation_tokens(occupations) -> list[str]:
    """ "o" and the id of each (occupation id, ISCO code), "i" and each group of its code."""
    tokens = []
    for occupation_id, isco in occupations:
        tokens.append(f"o{occupation_id}")
        tokens += [f"i{isco[:digits]}" for digits in range(1, len(isco or "") + 1)]
    return tokens


PLACE_CELLS = {"a": 1.0, "b": 0.25}  # cells of the map, degrees of latitude and longitude
MAX_CELLS = 40  # a distance filter asks the index for at most this many cells, or none


def _cell(size: str, latitude: float, longitude: float) -> str:
    degrees = PLACE_CELLS[size]
    return (
        f"g{size}{math.floor((latitude + 90) / degrees)}x{math.floor((longitude + 180) / degrees)}"
    )


def _cells(box: tuple[float, float, float, float], circle: Circle | None = None) -> list[str]:
    """The cells that cover a (south, north, west, east) box, and of them only those the
    circle reaches when it is given: the finest size that needs no more than MAX_CELLS."""
    south, north, west, east = box
    for size, degrees in sorted(PLACE_CELLS.items(), key=lambda item: item[1]):
        rows = range(math.floor((south + 90) / degrees), math.floor((north + 90) / degrees) + 1)
        columns = range(math.floor((west + 180) / degrees), math.floor((east + 180) / degrees) + 1)
        cells = [(row, column) for row in rows for column in columns]
        if circle:
            cells = [cell for cell in cells if _reaches(circle, degrees, *cell)]
        if len(cells) <= MAX_CELLS:
            return [f"g{size}{row}x{column}" for row, column in cells]
    return []


def _reaches(circle: Circle, degrees: float, row: int, column: int) -> bool:
    """Whether some of the cell may lie within the circle: its point nearest the centre in
    latitude and longitude, with a margin (the nearest point on a sphere lies a little
    poleward of it: metres, for cells of a degree)."""
    south, west = row * degrees - 90, column * degrees - 180
    latitude = min(max(circle.latitude, south), south + degrees)
    longitude = min(max(circle.longitude, west), west + degrees)
    point = unit_vector(latitude, longitude)
    dot = sum(a * b for a, b in zip(point, circle.vector, strict=True))
    margin = 1 + circle.km / 100  # km
    return dot >= math.cos(min(math.pi, (circle.km + margin) / EARTH_RADIUS_KM))


def city_token(city: str) -> str:
    from vivier.taxonomy.text import fold

    letters = re.sub(r"[^a-z0-9]", "", fold(city or ""))
    return f"c{letters}" if letters else ""


def tag_text(tags) -> str:
    cleaned = [" ".join(str(tag).split()) for tag in tags or []]
    return ("\t" + "\t".join(tag for tag in cleaned if tag) + "\t") if cleaned else ""


def facets_text(skills, occupation_ids, language_codes) -> str:
    """The facets' values of one profile, as JSON: one label per skill key, each value once."""
    labels: dict[str, str] = {}
    for key, label in skills:
        if key and (key not in labels or label < labels[key]):
            labels[key] = label
    facets = {
        "skills": sorted(labels.items()),
        "occupations": sorted(set(occupation_ids)),
        "languages": sorted({code for code in language_codes if code}),
    }
    return json.dumps(facets, ensure_ascii=False, separators=(",", ":"))


@dataclass
class Criteria:
    words: str = ""
    skill: str = ""  # a skill label's beginning, folded (facts.skill_key)
    city: str = ""
    circle: Circle | None = None
    min_years: int | None = None
    occupation_id: int | None = None
    isco: str = ""  # an ISCO-08 group: 1 to 4 digits
    language: str = ""  # ISO 639-1 code
    language_level: int | None = None  # 1 = A1 … 6 = C2, 7 = native
    tag: str = ""
    available_by: dt.date | None = None
    min_rating: int | None = None
    consent: str = ""  # "yes", "no" or "" for all
    today: dt.date | None = None  # for years of experience; today's date by default

    @property
    def is_empty(self) -> bool:
        return not any(
            value not in (None, "") for name, value in self.__dict__.items() if name != "today"
        )


@dataclass
class Found:
    ids: list[int]  # the asked page, best first (or by name without words)
    total: int
    facets: dict[str, list[tuple[str, str, int]]] = field(default_factory=dict)
    facets_among: int | None = None  # facets were counted among this many first results
    ranked_among: int | None = None  # more matched: this many most recent were ranked


def _words(query: str) -> list[str]:
    words = [word for word in WORD.findall(query.lower()) if word.strip("_")]
    telling = [word for word in words if len(word) > 1 and word not in STOPWORDS]
    return (telling or words)[:MAX_WORDS]


LEXEME = re.compile(r"'((?:[^']|'')+)':\*")
# At most this many words of the index for one prefix, else the prefix itself: past a few
# dozen ("cond", 48 words, 266,000 people in a million) PostgreSQL reckons their matches many
# and tests all of them on every row (4.9 s, where the prefix takes 2.2 s).
EXPANDED = 16


def _stems(words: list[str]) -> list[list[str]] | None:
    """PostgreSQL: each word's French, English and plain forms as the prefixes to look for,
    the forms another one begins with left out ("comptabl" covers "comptable"): the index
    reads each entry once instead of three times. None when a word is not one plain form in
    each ("foo_bar")."""
    sql = (
        "SELECT to_tsquery('french', vivier_unaccent(w))::text, "
        "to_tsquery('english', vivier_unaccent(w))::text, "
        "to_tsquery('simple', vivier_unaccent(w))::text FROM unnest(%s::text[]) AS w"
    )
    rows = _rows(sql, [[f"{word}:*" for word in words]])
    found = []
    for forms in rows:
        stems = set()
        for form in forms:
            if not form:
                continue  # a stopword in this language
            match = LEXEME.fullmatch(form)
            if not match:
                return None  # several lexemes in one word: the general query
            stems.add(match.group(1).replace("''", "'"))
        kept = sorted(s for s in stems if not any(o != s and s.startswith(o) for o in stems))
        if not kept:
            return None
        found.append(kept)
    return found


def _lexeme(text: str) -> str:
    """One lexeme of a tsquery, quoted."""
    return "'" + text.replace("\\", "\\\\").replace("'", "''") + "'"


def _prefix_tsquery(stems: list[list[str]]) -> str:
    """Every word, as one of its prefixes."""
    return " & ".join(
        "(" + " | ".join(f"{_lexeme(stem)}:*" for stem in forms) + ")" for forms in stems
    )


def _expanded_tsquery(stems: list[list[str]]) -> str | None:
    """The same query with each prefix replaced by the index's own words that begin with it
    (the table of lexemes kept by migration 0012's trigger): the index looks whole words up,
    and skips through them along the other words and the filters, where a prefix makes it
    gather every entry of every word it begins (170,000 for "conducteur" in a million people)
    before intersecting anything. A prefix that begins more than EXPANDED words stays a
    prefix; None when a word begins no word of the index (nobody has it)."""
    prefixes = sorted({stem for forms in stems for stem in forms})
    sql = (
        "SELECT s.stem, l.lexeme FROM unnest(%s::text[], %s::text[]) AS s(stem, high) "
        "CROSS JOIN LATERAL (SELECT DISTINCT x.lexeme FROM talent_profiletext_lexeme x "
        "WHERE x.lexeme >= s.stem AND x.lexeme < s.high ORDER BY x.lexeme LIMIT %s) l"
    )
    bounds = [_prefix_range(stem) for stem in prefixes]
    words: dict[str, list[str]] = {stem: [] for stem in prefixes}
    for stem, lexeme in _rows(sql, [[low for low, _ in bounds], [high for _, high in bounds],
                                    EXPANDED + 1]):  # fmt: skip
        words[stem].append(lexeme)
    parts = []
    for forms in stems:
        alternatives = []
        for stem in forms:
            if len(words[stem]) > EXPANDED:
                alternatives.append(f"{_lexeme(stem)}:*")
            else:
                alternatives += [_lexeme(lexeme) for lexeme in words[stem]]
        if not alternatives:
            return None
        parts.append("(" + " | ".join(alternatives) + ")")
    return " & ".join(parts)


def _prefix_range(prefix: str) -> tuple[str, str]:
    """Every string starting with `prefix` lies in [low, high): an index range on both DBs."""
    return prefix, prefix[:-1] + chr(ord(prefix[-1]) + 1)


def _contains(vendor: str) -> str:
    """SQL true when the first text contains the second."""
    return "strpos(%s, %s) > 0" if vendor == "postgresql" else "instr(%s, %s) > 0"


class _Query:
    """The FROM and WHERE of one search, for one database.

    With words, or an occupation or ISCO group, the query reads the search table `t` alone
    (its copies of the filters meet the full-text index there); otherwise the profile `p` and
    its items' tables. Without words, in order of name (the profile's, or its copy on `t`).
    """

    def __init__(self, criteria: Criteria, vendor: str):
        self.vendor = vendor
        words = _words(criteria.words)
        self.has_words = bool(words)
        # The filters the full-text index holds (filter_tokens) are asked of it with words, and
        # without when an occupation or ISCO group is asked: the index then finds the people
        # who meet all of them in one scan, where the search starts (`driver`).
        self.in_index = self.has_words or bool(criteria.occupation_id or criteria.isco)
        self.pid = "t.profile_id" if self.in_index else "p.id"  # the profile's id
        self.facts = "t" if self.in_index else "p"  # where the copied filters are read
        self.match_sql, self.match_params = "", []
        self.where: list[str] = []
        self.params: list = []
        self.rank = ""  # the relevance of a row of `t`, best first when sorted ascending
        self.rank_params: list = []
        self.tokens: list[str] = []  # filters the full-text index holds (filter_tokens)
        self.driver: tuple[str, list] | None = None
        self.any_tokens: list[str] = []  # one of these too (the cells around a place)
        if criteria.words and not words:
            self.where.append("1 = 0")  # only punctuation: nothing matches
        self._filters(criteria)
        if words:
            self._words(words)
        elif self.in_index:
            self._tokens_alone()

    def _date(self, value: dt.date):
        return value.isoformat() if self.vendor == "sqlite" else value

    def _words(self, words: list[str]) -> None:
        if self.vendor == "postgresql":
            stems = _stems(words)
            if stems:
                query, params = "%s::tsquery", [_prefix_tsquery(stems)]
                expanded = _expanded_tsquery(stems)
                if expanded is None:
                    self.where.append("1 = 0")  # a word that begins no word of the index
                match, match_params = "%s::tsquery", [expanded or params[0]]
            else:
                expression = " & ".join(f"{word}:*" for word in words)
                query = (
                    "(to_tsquery('french', vivier_unaccent(%s)) || to_tsquery('english', "
                    "vivier_unaccent(%s)) || to_tsquery('simple', vivier_unaccent(%s)))"
                )
                params = [expression] * 3
                match, match_params = query, params
            self.where.append(f"t.search_vector @@ {match}")
            self.params += match_params
            if self.tokens or self.any_tokens:  # in the words' index: one scan finds both
                self._add("t.filter_vector @@ %s::tsquery", self._tsquery_tokens())
            # ranked by the prefixes typed: the same rows, the same relevance as before the
            # prefixes were expanded into whole words
            self.rank = f"-ts_rank(x.search_vector, {query})"
            self.rank_params = params
        else:
            expression = " ".join('{body} : "' + word.replace('"', "") + '"*' for word in words)
            expression += self._fts_tokens()
            # CROSS JOIN: SQLite reads the words' matches first, then each one's row of `t`
            # (never the other way round, one full-text query per row of an indexed filter).
            self.match_sql = (
                "(SELECT rowid AS id, bm25(talent_profiletext_fts, 1.0, 0.0) AS rank "
                "FROM talent_profiletext_fts WHERE talent_profiletext_fts MATCH %s) f "
                "CROSS JOIN talent_profiletext t ON t.profile_id = f.id"
            )
            self.match_params = [expression]
            self.rank = "c.rank"

    def _tsquery_tokens(self) -> str:
        parts = [f"'{token}'" for token in self.tokens]
        if self.any_tokens:
            parts.append("(" + " | ".join(f"'{token}'" for token in self.any_tokens) + ")")
        return " & ".join(parts)

    def _fts_tokens(self) -> str:
        """SQLite: the filters' words as an FTS5 query of the `filters` column (after words,
        or alone)."""
        expression = "".join(f' {{filters}} : "{token}"' for token in self.tokens)
        if self.any_tokens:
            cells = " OR ".join(f'{{filters}} : "{token}"' for token in self.any_tokens)
            expression += f" AND ({cells})"
        return expression

    def _tokens_alone(self) -> None:
        """Without words: the people the full-text index finds with every filter it holds,
        then their rows of the search table (SQLite: the index first, as with words)."""
        if self.vendor == "postgresql":
            self._add("t.filter_vector @@ %s::tsquery", self._tsquery_tokens())
            return
        self.match_sql = (
            "(SELECT rowid AS id FROM talent_profiletext_fts "
            "WHERE talent_profiletext_fts MATCH %s) f "
            "CROSS JOIN talent_profiletext t ON t.profile_id = f.id"
        )
        self.match_params = [self._fts_tokens().strip()]

    def _add(self, condition: str, *params) -> None:
        self.where.append(condition)
        self.params += params

    def _among(self, subquery: str, *params) -> None:
        """Only the profiles this query of an item's table finds. Without words, the first
        such filter is where the search starts (`driver`): a join from it by the profile's key,
        rather than a scan of every profile in order of name."""
        if self.in_index or self.driver:
            self._add(f"{self.pid} IN ({subquery})", *params)
        else:
            self.driver = (subquery, list(params))

    def _filters(self, c: Criteria) -> None:
        f = self.facts
        if c.skill:
            low, high = _prefix_range(c.skill)
            self._among("SELECT s.profile_id FROM talent_profileskill s "
                        "WHERE s.key >= %s AND s.key < %s", low, high)  # fmt: skip
        if c.occupation_id:  # in the index: not removed by a recruiter (filter_tokens)
            self.tokens.append(f"o{c.occupation_id}")
        if c.isco:
            self.tokens.append(f"i{c.isco}")
        if c.city:
            self._add(f"LOWER({f}.city) = %s", c.city.lower())
            if self.in_index and city_token(c.city):
                self.tokens.append(city_token(c.city))
        if c.circle:
            self._circle(c.circle)
        if c.min_years:
            days = round(c.min_years * DAYS_PER_YEAR)
            since = (c.today or timezone.localdate()) - dt.timedelta(days=days)
            self._add(f"(({f}.experience_since IS NULL AND {f}.experience_days >= %s) "
                      f"OR {f}.experience_since <= %s)", days, self._date(since))  # fmt: skip
        if c.language:
            if self.in_index:
                self.tokens.append(f"l{c.language}{c.language_level or ''}")
            else:
                condition = "l.code = %s"
                params = [c.language]
                if c.language_level:
                    condition += " AND l.level_rank >= %s"
                    params.append(c.language_level)
                # correlated: each profile's languages by its key, not a list of every
                # English speaker built first (SQLite)
                self._add(f"EXISTS (SELECT 1 FROM talent_profilelanguage l WHERE "
                          f"l.profile_id = p.id AND {condition})", *params)  # fmt: skip
        if c.tag:
            if self.in_index:
                self._add(_contains(self.vendor) % ("t.tags", "%s"), f"\t{c.tag}\t")
            elif self.vendor == "postgresql":
                self._add("p.tags @> %s::jsonb", json.dumps([c.tag]))
            else:
                self._add("EXISTS (SELECT 1 FROM json_each(p.tags) WHERE json_each.value = %s)",
                          c.tag)  # fmt: skip
        if c.available_by:
            self._add(f"({f}.available_from IS NULL OR {f}.available_from <= %s)",
                      self._date(c.available_by))  # fmt: skip
        if c.min_rating:
            if self.in_index:
                self.tokens.append(f"r{c.min_rating}")
            else:
                self._add("p.rating >= %s", c.min_rating)
        if c.consent in ("yes", "no"):
            if self.in_index:
                self.tokens.append("consent" if c.consent == "yes" else "noconsent")
            else:
                consented = ("EXISTS (SELECT 1 FROM talent_source s WHERE s.profile_id = p.id "
                             "AND s.legal_basis = 'consent')")  # fmt: skip
                self._add(consented if c.consent == "yes" else f"NOT {consented}")

    def _circle(self, circle: Circle) -> None:
        box = circle.bounding_box()
        f = self.facts
        cells = _cells(box, circle) if box and self.in_index else []
        if cells:
            # the cells the circle reaches: the index narrows by place, the distance decides
            # (an index scan of the box too, intersected with the words', only cost more)
            self.any_tokens = cells
        elif box:
            south, north, west, east = box
            self._add(f"{f}.latitude BETWEEN %s AND %s AND {f}.longitude BETWEEN %s AND %s",
                      south, north, west, east)  # fmt: skip
        x, y, z = circle.vector
        # 1e-12: the profile at the very centre must not be lost to rounding.
        self._add(f"{f}.place_x * %s + {f}.place_y * %s + {f}.place_z * %s >= %s",
                  x, y, z, circle.min_dot - 1e-12)  # fmt: skip

    def _where_sql(self) -> str:
        return ("WHERE " + " AND ".join(self.where)) if self.where else ""

    # --- With words: the matches, the most recent RANKED of them ranked ----------------------
    def _matches(self) -> tuple[str, list]:
        """Every match's id, place in the table (to read its row again with no index) and
        order of recency (and on SQLite its bm25), as a CTE."""
        if self.vendor == "postgresql":
            sql = (f"SELECT t.profile_id, t.ctid AS place, t.updated_at FROM talent_profiletext t "
                   f"{self._where_sql()}")  # fmt: skip
            return f"WITH m AS MATERIALIZED ({sql})", self.params
        sql = (f"SELECT t.profile_id, t.rowid AS place, t.updated_at, f.rank "
               f"FROM {self.match_sql} {self._where_sql()}")  # fmt: skip
        return f"WITH m AS MATERIALIZED ({sql})", [*self.match_params, *self.params]

    RECENT = "m.updated_at DESC, m.profile_id DESC"  # NULLs (never saved again) come last
    RECENT_PG = "m.updated_at DESC NULLS LAST, m.profile_id DESC"

    def _place(self) -> str:
        return "ctid" if self.vendor == "postgresql" else "rowid"

    def _recent(self) -> str:
        return self.RECENT_PG if self.vendor == "postgresql" else self.RECENT

    def ranked(self, candidates: int) -> tuple[str, list]:
        """The most recent `candidates` matches, best first, with their facets' values and
        the number of all matches: (id, city, tags, facets, total) rows."""
        with_m, params = self._matches()
        rank_of = "m.rank" if self.vendor == "sqlite" else "NULL"
        sql = (
            f"{with_m}, c AS (SELECT m.place, {rank_of} AS rank FROM m "
            f"ORDER BY {self._recent()} LIMIT %s) "
            f"SELECT x.profile_id, x.city, x.tags, x.facets, (SELECT COUNT(*) FROM m) "
            f"FROM c JOIN talent_profiletext x ON x.{self._place()} = c.place "
            f"ORDER BY {self.rank}, x.profile_id"
        )
        return sql, [*params, candidates, *self.rank_params]

    def recent(self, limit: int, offset: int) -> tuple[str, list]:
        """Matches by recency alone: the pages after the ranked candidates."""
        with_m, params = self._matches()
        sql = f"{with_m} SELECT m.profile_id FROM m ORDER BY {self._recent()} LIMIT %s OFFSET %s"
        return sql, [*params, limit, offset]

    # --- Without words: by name -------------------------------------------------------------
    def _profiles(self) -> tuple[str, list]:
        if self.in_index:  # the search table's copies, from the index (_tokens_alone)
            if self.vendor == "postgresql":
                return "talent_profiletext t", []
            return self.match_sql, self.match_params
        if not self.driver:
            return "talent_profile p", []
        subquery, params = self.driver
        join = "CROSS JOIN" if self.vendor == "sqlite" else "JOIN"  # SQLite: in this order
        return (f"(SELECT DISTINCT d.profile_id AS id FROM ({subquery}) d) d "
                f"{join} talent_profile p ON p.id = d.id"), params  # fmt: skip

    def by_name(self, limit: int, offset: int = 0, *, with_total=False) -> tuple[str, list]:
        profiles, params = self._profiles()
        total = ", COUNT(*) OVER ()" if with_total else ""
        f = self.facts  # the profile, or the search table's copy of its name
        sql = (f"SELECT {self.pid}{total} FROM {profiles} {self._where_sql()} "
               f"ORDER BY {f}.last_name, {f}.first_name, {self.pid} "
               f"LIMIT %s OFFSET %s")  # fmt: skip
        return sql, [*params, *self.params, limit, offset]

    def count(self) -> tuple[str, list]:
        profiles, params = self._profiles()
        return f"SELECT COUNT(*) FROM {profiles} {self._where_sql()}", [*params, *self.params]


def _rows(sql: str, params: list) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def find(criteria: Criteria, *, limit: int = 50, offset: int = 0,
         with_facets: bool = True) -> Found:  # fmt: skip
    """One page of the profiles that meet the criteria, the total, and the facets."""
    query = _Query(criteria, connection.vendor)
    with transaction.atomic():
        if connection.vendor == "postgresql":
            # Compiling these queries (JIT) costs more than running them: off, for this search;
            # so do parallel workers. The pool's pages are in memory: a row looked up by its key
            # costs little more than one read in order (the default, 4, is for spinning disks),
            # so that a search from a few hundred people with a skill joins them by key instead
            # of reading every profile in order of name.
            _execute("SELECT set_config('jit', 'off', true), "
                     "set_config('max_parallel_workers_per_gather', '0', true), "
                     "set_config('random_page_cost', '1.1', true)")  # fmt: skip
        if query.has_words:
            return _find_words(query, limit, offset, with_facets)
        # From a skill, or from the index (an occupation, an ISCO group), every match is read
        # to be sorted anyway: the count comes with them. Otherwise the name's index gives the
        # first ones without the others.
        counted = query.driver is not None or query.in_index
        rows = _rows(*query.by_name(FACET_SAMPLE + 1, with_total=counted))
        first = [row[0] for row in rows]
        is_complete = len(first) <= FACET_SAMPLE
        if is_complete:
            total, among = len(first), None
        else:
            first = first[:FACET_SAMPLE]
            total = rows[0][1] if counted else _rows(*query.count())[0][0]
            among = FACET_SAMPLE
        if is_complete or offset + limit <= len(first):
            page = first[offset : offset + limit]
        else:  # a page beyond the first FACET_SAMPLE results
            page = [row[0] for row in _rows(*query.by_name(limit, offset))]
        facets = count_facets(_facet_values(first)) if with_facets and first else {}
    return Found(ids=page, total=total, facets=facets, facets_among=among)


def _find_words(query: _Query, limit: int, offset: int, with_facets: bool) -> Found:
    rows = _rows(*query.ranked(RANKED))
    total = rows[0][4] if rows else 0
    ranked = [row[0] for row in rows]
    page = ranked[offset : offset + limit]
    if len(page) < limit and offset + limit > len(ranked) and total > len(ranked):
        # past the ranked candidates: the other matches, most recent first
        skip = len(ranked) + max(0, offset - len(ranked))
        page += [row[0] for row in _rows(*query.recent(limit - len(page), skip))]
    among = None if total <= len(ranked) else len(ranked)
    facets = count_facets([row[1:4] for row in rows]) if with_facets and rows else {}
    return Found(ids=page, total=total, facets=facets, facets_among=among, ranked_among=among)


def _execute(sql: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql)


def _facet_values(ids: list[int]) -> list[tuple]:
    """(city, tags, facets) of these profiles, from the search table."""
    if connection.vendor == "postgresql":
        condition, param = "profile_id = ANY(%s)", ids
    else:
        condition, param = "profile_id IN (SELECT value FROM json_each(%s))", json.dumps(ids)
    sql = f"SELECT city, tags, facets FROM talent_profiletext WHERE {condition}"
    return _rows(sql, [param])


def count_facets(values: list[tuple]) -> dict[str, list[tuple[str, str, int]]]:
    """The most frequent cities, skills, occupations, languages and tags among profiles given
    by their (city, tags, facets) of the search table: (value for the filter, label, number of
    profiles), at most FACET_SIZE of each, the most frequent first."""
    counts: dict[str, Counter] = {name: Counter() for name in FACET_NAMES}
    skill_labels: dict[str, str] = {}
    for city, tags, facets in values:
        if city:
            counts["city"][city] += 1
        if tags:
            counts["tag"].update(tag for tag in tags.split("\t") if tag)
        if not facets:
            continue
        items = json.loads(facets)
        for key, label in items["skills"]:
            counts["skill"][key] += 1
            if key not in skill_labels or label < skill_labels[key]:
                skill_labels[key] = label
        counts["occupation"].update(str(pk) for pk in items["occupations"])
        counts["language"].update(items["languages"])
    labels = {"skill": skill_labels.get, "occupation": lambda value: "",
              "language": lambda value: value}  # fmt: skip
    found = {}
    for name, counter in counts.items():
        label = labels.get(name, lambda value: value)
        items = [(value, label(value), count) for value, count in counter.items()]
        items.sort(key=lambda item: (-item[2], item[1], item[0]))
        found[name] = items[:FACET_SIZE]
    return found


FACET_NAMES = ["city", "skill", "occupation", "language", "tag"]


def search_ids(query: str, limit: int = MAX_RESULTS) -> list[int]:
    """Profile ids matching every word of the query, best first."""
    if not _words(query):
        return []
    return find(Criteria(words=query), limit=limit, with_facets=False).ids


def prune_lexemes() -> int:
    """PostgreSQL: remove from the table of the index's words (_expanded_tsquery) those no
    search vector holds any more, such as the name of a person erased; the number removed.

    The search table is locked against writes while its vectors are read (12 s for
    a million people), so that no text saved meanwhile can hold a word removed; searches go
    on. A writer holding the table longer than LEXEME_LOCK_TIMEOUT makes it give up (the
    weekly task tries again)."""
    if connection.vendor != "postgresql":
        return 0
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT set_config('lock_timeout', %s, true)", [LEXEME_LOCK_TIMEOUT])
        cursor.execute("LOCK TABLE talent_profiletext IN SHARE MODE")
        cursor.execute("CREATE TEMPORARY TABLE talent_lexeme_held ON COMMIT DROP AS SELECT word "
                       "FROM ts_stat('SELECT search_vector FROM talent_profiletext')")  # fmt: skip
        cursor.execute("DELETE FROM talent_profiletext_lexeme x WHERE NOT EXISTS "
                       "(SELECT 1 FROM talent_lexeme_held h WHERE h.word = x.lexeme)")  # fmt: skip
        return cursor.rowcount


LEXEME_LOCK_TIMEOUT = "10s"
