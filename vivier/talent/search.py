"""Searching the talent pool: full-text words and filters, one interface over two databases.

Words: SQLite's FTS5 table (accents folded, prefixes matched, ranked by bm25) or PostgreSQL's
French and English text search vectors of the unaccented text (a stored column under a GIN
index, ranked by ts_rank). Both match every word of the query (a word matches as a prefix),
and both find the same people.

Filters (`Criteria`) are SQL conditions on the profile and its items, the same on both
databases but for the tags (a JSON list): skill, occupation or ISCO group, city, distance,
years of experience, language and level, tag, availability, rating, consent. Distances use the
profile's place as a unit vector (talent.places): "within d km" is a bounding box on an index,
then a dot product, exact for a sphere.

`find()` answers one page of ids in order, the total, and facets with counts: exact when the
results number at most FACET_SAMPLE, otherwise counted among the first FACET_SAMPLE (best first)
and said so.
"""

import datetime as dt
import json
import re
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.utils import timezone

from vivier.talent.models import Profile, ProfileText
from vivier.talent.places import Circle

WORD = re.compile(r"\w+", re.UNICODE)
MAX_WORDS = 12
MAX_RESULTS = 200
FACET_SAMPLE = 5000  # results whose facets are counted; beyond, the first ones only
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
    ProfileText.objects.update_or_create(profile=profile, defaults=defaults)


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


def _words(query: str) -> list[str]:
    return [word for word in WORD.findall(query.lower()) if word.strip("_")][:MAX_WORDS]


def _prefix_range(prefix: str) -> tuple[str, str]:
    """Every string starting with `prefix` lies in [low, high): an index range on both DBs."""
    return prefix, prefix[:-1] + chr(ord(prefix[-1]) + 1)


class _Query:
    """The FROM, WHERE and ORDER BY of one search, for one database.

    With words on PostgreSQL the query starts from the search table `t`, whose copies of the
    place and experience meet the words' index there; the profile `p` is joined only when a
    filter needs one of its own columns.
    """

    def __init__(self, criteria: Criteria, vendor: str):
        self.vendor = vendor
        words = _words(criteria.words)
        self.from_text = vendor == "postgresql" and bool(words)
        self.pid = "t.profile_id" if self.from_text else "p.id"  # the profile's id
        self.facts = "t" if self.from_text else "p"  # where place and experience are read
        self.needs_profile = not self.from_text
        self.joins: list[str] = []
        self.join_params: list = []
        self.where: list[str] = []
        self.params: list = []
        self.order = "p.last_name, p.first_name, p.id"
        self.order_params: list = []
        self.count_joins: list[str] = []
        self.count_join_params: list = []
        self.has_words = bool(words)
        if criteria.words and not words:
            self.where.append("1 = 0")  # only punctuation: nothing matches
        if words:
            self._words(words)
        self._filters(criteria)

    def _date(self, value: dt.date):
        return value.isoformat() if self.vendor == "sqlite" else value

    def _words(self, words: list[str]) -> None:
        if self.vendor == "postgresql":
            expression = " & ".join(f"{word}:*" for word in words)
            query = (
                "(to_tsquery('french', vivier_unaccent(%s)) || to_tsquery('english', "
                "vivier_unaccent(%s)) || to_tsquery('simple', vivier_unaccent(%s)))"
            )
            self.where.append(f"t.search_vector @@ {query}")
            self.params += [expression] * 3
            self.order = f"ts_rank(t.search_vector, {query}) DESC, t.profile_id"
            self.order_params = [expression] * 3
        else:
            expression = " ".join('"' + word.replace('"', "") + '"*' for word in words)
            self.joins.append(
                "JOIN (SELECT rowid AS id, bm25(talent_profiletext_fts) AS rank "
                "FROM talent_profiletext_fts WHERE talent_profiletext_fts MATCH %s) m "
                "ON m.id = p.id"
            )
            self.join_params.append(expression)
            self.count_joins.append(
                "JOIN (SELECT rowid AS id FROM talent_profiletext_fts "
                "WHERE talent_profiletext_fts MATCH %s) m ON m.id = p.id"
            )
            self.count_join_params.append(expression)
            self.order = "m.rank, p.id"

    def _add(self, condition: str, *params) -> None:
        self.where.append(condition)
        self.params += params

    def _add_profile(self, condition: str, *params) -> None:
        """A condition on the profile's own columns: `p` must be joined."""
        self.needs_profile = True
        self._add(condition, *params)

    def _filters(self, c: Criteria) -> None:
        if c.skill:
            low, high = _prefix_range(c.skill)
            self._add(f"{self.pid} IN (SELECT s.profile_id FROM talent_profileskill s "
                      "WHERE s.key >= %s AND s.key < %s)", low, high)  # fmt: skip
        if c.occupation_id:
            self._add(
                f"{self.pid} IN (SELECT o.profile_id FROM talent_profileoccupation o WHERE "
                "o.occupation_id = %s AND o.status <> 'rejected')",
                c.occupation_id,
            )
        if c.isco:
            low, high = _prefix_range(c.isco)
            self._add(f"{self.pid} IN (SELECT o.profile_id FROM talent_profileoccupation o WHERE "
                      "o.isco_code >= %s AND o.isco_code < %s AND o.status <> 'rejected')",
                      low, high)  # fmt: skip
        if c.city:
            self._add_profile("LOWER(p.city) = %s", c.city.lower())
        if c.circle:
            self._circle(c.circle)
        if c.min_years:
            days = round(c.min_years * DAYS_PER_YEAR)
            since = (c.today or timezone.localdate()) - dt.timedelta(days=days)
            f = self.facts
            self._add(f"(({f}.experience_since IS NULL AND {f}.experience_days >= %s) "
                      f"OR {f}.experience_since <= %s)", days, self._date(since))  # fmt: skip
        if c.language:
            condition = "l.code = %s"
            params = [c.language]
            if c.language_level:
                condition += " AND l.level_rank >= %s"
                params.append(c.language_level)
            self._add(f"{self.pid} IN (SELECT l.profile_id FROM talent_profilelanguage l WHERE "
                      f"{condition})", *params)  # fmt: skip
        if c.tag:
            if self.vendor == "postgresql":
                self._add_profile("p.tags @> %s::jsonb", json.dumps([c.tag]))
            else:
                self._add("EXISTS (SELECT 1 FROM json_each(p.tags) WHERE json_each.value = %s)",
                          c.tag)  # fmt: skip
        if c.available_by:
            self._add_profile("(p.available_from IS NULL OR p.available_from <= %s)",
                      self._date(c.available_by))  # fmt: skip
        if c.min_rating:
            self._add_profile("p.rating >= %s", c.min_rating)
        consented = (f"SELECT 1 FROM talent_source s WHERE s.profile_id = {self.pid} "
                     "AND s.legal_basis = 'consent'")  # fmt: skip
        if c.consent == "yes":
            self._add(f"EXISTS ({consented})")
        elif c.consent == "no":
            self._add(f"NOT EXISTS ({consented})")

    def _circle(self, circle: Circle) -> None:
        box = circle.bounding_box()
        if box:
            south, north, west, east = box
            f = self.facts
            self._add(f"{f}.latitude BETWEEN %s AND %s AND {f}.longitude BETWEEN %s AND %s",
                      south, north, west, east)  # fmt: skip
        x, y, z = circle.vector
        # 1e-12: the profile at the very centre must not be lost to rounding.
        f = self.facts
        self._add(f"{f}.place_x * %s + {f}.place_y * %s + {f}.place_z * %s >= %s",
                  x, y, z, circle.min_dot - 1e-12)  # fmt: skip

    def _where_sql(self) -> str:
        return ("WHERE " + " AND ".join(self.where)) if self.where else ""

    def _from(self, joins: list[str]) -> str:
        if self.from_text:
            profile = " JOIN talent_profile p ON p.id = t.profile_id" if self.needs_profile else ""
            return "talent_profiletext t" + profile
        return "talent_profile p " + " ".join(joins)

    def ordered_ids(self, limit: int, offset: int = 0, *, with_total=False) -> tuple[str, list]:
        total = ", COUNT(*) OVER ()" if with_total else ""
        sql = (f"SELECT {self.pid}{total} FROM {self._from(self.joins)} {self._where_sql()} "
               f"ORDER BY {self.order} LIMIT %s OFFSET %s")  # fmt: skip
        return sql, [*self.join_params, *self.params, *self.order_params, limit, offset]

    def count(self) -> tuple[str, list]:
        sql = f"SELECT COUNT(*) FROM {self._from(self.count_joins)} {self._where_sql()}"
        return sql, [*self.count_join_params, *self.params]


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
            # Compiling these queries (JIT) costs more than running them: off, for this search.
            _execute("SET LOCAL jit = off")
        rows = _rows(*query.ordered_ids(FACET_SAMPLE + 1, with_total=query.has_words))
        first = [row[0] for row in rows]
        is_complete = len(first) <= FACET_SAMPLE
        if is_complete:
            total, among = len(first), None
        else:
            first = first[:FACET_SAMPLE]
            # Ranked by words, all of them were sorted anyway: the window counted them.
            total = rows[0][1] if query.has_words else _rows(*query.count())[0][0]
            among = FACET_SAMPLE
        if is_complete or offset + limit <= len(first):
            page = first[offset : offset + limit]
        else:  # a page beyond the first FACET_SAMPLE results
            page = [row[0] for row in _rows(*query.ordered_ids(limit, offset))]
        facets = count_facets(first) if with_facets and first else {}
    return Found(ids=page, total=total, facets=facets, facets_among=among)


def _execute(sql: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql)


def _ids_condition(column: str) -> str:
    if connection.vendor == "postgresql":
        return f"{column} = ANY(%s)"
    return f"{column} IN (SELECT value FROM json_each(%s))"


def count_facets(ids: list[int]) -> dict[str, list[tuple[str, str, int]]]:
    """The most frequent cities, skills, occupations, languages and tags among these profiles:
    (value for the filter, label, number of profiles)."""
    ids_param = ids if connection.vendor == "postgresql" else json.dumps(ids)
    if connection.vendor == "postgresql":
        tags = (
            "SELECT tag.value AS value FROM talent_profile p, "
            "jsonb_array_elements_text(p.tags) AS tag(value)"
        )
    else:
        tags = "SELECT json_each.value AS value FROM talent_profile p, json_each(p.tags)"
    branches = {
        "city": (f"SELECT city, MIN(city), COUNT(*) FROM talent_profile WHERE "
                 f"{_ids_condition('id')} AND city <> '' GROUP BY city"),
        "skill": (f"SELECT key, MIN(label), COUNT(DISTINCT profile_id) FROM talent_profileskill "
                  f"WHERE {_ids_condition('profile_id')} AND key <> '' GROUP BY key"),
        "occupation": (f"SELECT CAST(occupation_id AS TEXT), '', COUNT(DISTINCT profile_id) "
                       f"FROM talent_profileoccupation WHERE {_ids_condition('profile_id')} "
                       f"AND status <> 'rejected' GROUP BY occupation_id"),
        "language": (f"SELECT code, code, COUNT(DISTINCT profile_id) FROM talent_profilelanguage "
                     f"WHERE {_ids_condition('profile_id')} AND code <> '' GROUP BY code"),
        "tag": (f"SELECT value, value, COUNT(*) FROM ({tags} WHERE {_ids_condition('p.id')}) "
                f"tagged GROUP BY value"),
    }  # fmt: skip
    sql = " UNION ALL ".join(
        f"SELECT * FROM (SELECT '{name}' AS facet, grouped.* FROM ({branch}) AS grouped "
        f"ORDER BY 4 DESC, 2 LIMIT {FACET_SIZE}) AS {name}_facet"
        for name, branch in branches.items()
    )
    facets: dict[str, list[tuple[str, str, int]]] = {name: [] for name in branches}
    for name, value, label, count in _rows(sql, [ids_param] * len(branches)):
        facets[name].append((value, label, count))
    for items in facets.values():
        items.sort(key=lambda item: (-item[2], item[1]))
    return facets


def search_ids(query: str, limit: int = MAX_RESULTS) -> list[int]:
    """Profile ids matching every word of the query, best first."""
    if not _words(query):
        return []
    return find(Criteria(words=query), limit=limit, with_facets=False).ids
