"""Occupations and ISCO groups as words of the filters' index, the name on the search table,
and on PostgreSQL a table of the words the search vectors hold, kept by a trigger
(search._expanded_tsquery).

The occupations a recruiter did not remove, and each group of their ISCO codes, join the
language, rating, consent, city and map words of the `filters` column (search.filter_tokens):
"o" and the occupation's id, "i" and each group ("i2 i22 i222 i2221"). An occupation or ISCO
group then meets the other filters inside the full-text index, with words or without; without,
the search reads the search table alone, in order of the name copied there. The occupations'
words are the last of the filters: appending them to what is stored gives what filter_tokens
makes. Every row is written once (on PostgreSQL with the words' index built again after).

PostgreSQL: `talent_profiletext_lexeme` holds every lexeme a search vector has held (never
removed: a word no profile has any more finds nobody), in byte order ("C"), so that a prefix
typed ("conducteur") becomes the words of the index it begins ("conducteur",
"conducteur-livreur"…), which the GIN index looks up and skips through instead of gathering
every entry of the prefix first. A statement trigger adds the new lexemes of the rows a
statement inserts or whose text it changes; no unique key, so that two imports adding the same
new word never wait for each other (a word twice costs nothing). The search table is locked
while the trigger is created and the table filled, so that no text written meanwhile is missed.
"""

import importlib
import re

from django.db import migrations, models

POSTGRES = [
    "LOCK TABLE talent_profiletext IN SHARE ROW EXCLUSIVE MODE",
    'CREATE TABLE talent_profiletext_lexeme (lexeme text COLLATE "C" NOT NULL)',
    """CREATE FUNCTION talent_profiletext_add_lexemes() RETURNS trigger
       LANGUAGE plpgsql AS $$
       BEGIN
         IF TG_OP = 'UPDATE' THEN
           INSERT INTO talent_profiletext_lexeme (lexeme)
           SELECT DISTINCT w.lexeme
           FROM changed JOIN before ON before.profile_id = changed.profile_id,
                unnest(tsvector_to_array(changed.search_vector)) AS w(lexeme)
           WHERE changed.body IS DISTINCT FROM before.body
             AND NOT EXISTS (SELECT 1 FROM talent_profiletext_lexeme x
                             WHERE x.lexeme = w.lexeme);
         ELSE
           INSERT INTO talent_profiletext_lexeme (lexeme)
           SELECT DISTINCT w.lexeme
           FROM changed, unnest(tsvector_to_array(changed.search_vector)) AS w(lexeme)
           WHERE NOT EXISTS (SELECT 1 FROM talent_profiletext_lexeme x
                             WHERE x.lexeme = w.lexeme);
         END IF;
         RETURN NULL;
       END $$""",
    """CREATE TRIGGER talent_profiletext_lexemes_insert AFTER INSERT ON talent_profiletext
       REFERENCING NEW TABLE AS changed
       FOR EACH STATEMENT EXECUTE FUNCTION talent_profiletext_add_lexemes()""",
    """CREATE TRIGGER talent_profiletext_lexemes_update AFTER UPDATE ON talent_profiletext
       REFERENCING OLD TABLE AS before NEW TABLE AS changed
       FOR EACH STATEMENT EXECUTE FUNCTION talent_profiletext_add_lexemes()""",
    """INSERT INTO talent_profiletext_lexeme (lexeme)
       SELECT word FROM ts_stat('SELECT search_vector FROM talent_profiletext')""",
    "CREATE INDEX talent_profiletext_lexeme_key ON talent_profiletext_lexeme (lexeme)",
]
POSTGRES_BACK = [
    "DROP TRIGGER IF EXISTS talent_profiletext_lexemes_insert ON talent_profiletext",
    "DROP TRIGGER IF EXISTS talent_profiletext_lexemes_update ON talent_profiletext",
    "DROP FUNCTION IF EXISTS talent_profiletext_add_lexemes()",
    "DROP TABLE IF EXISTS talent_profiletext_lexeme",
]


def lexemes(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in POSTGRES:
            schema_editor.execute(statement)


def lexemes_back(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in POSTGRES_BACK:
            schema_editor.execute(statement)


# Past this many rows to change, the words' index is built again rather than updated row by row
# (each new row version adds every word of its text to it): minutes less for a million people.
REBUILD_FROM = 20_000
GIN_INDEX = """CREATE INDEX talent_profiletext_vector ON talent_profiletext
               USING gin (search_vector, filter_vector)"""  # as 0011 made it


def copy_names_and_occupations(apps, schema_editor):
    """Every row of the search table once: the profile's name, and the occupations' words
    after its filters."""
    from vivier.talent.search import occupation_tokens  # as filter_tokens

    connection = schema_editor.connection
    rows = (
        apps.get_model("talent", "ProfileOccupation")
        .objects.exclude(status="rejected")
        .order_by("profile_id", "pk")
        .values_list("profile_id", "occupation_id", "isco_code")
    )
    found: dict[int, list] = {}
    for profile_id, occupation_id, isco in rows.iterator(5000):
        found.setdefault(profile_id, []).append((occupation_id, isco))
    words = [(pk, " ".join(dict.fromkeys(occupation_tokens(items)))) for pk, items in found.items()]
    texts = apps.get_model("talent", "ProfileText").objects.count()
    is_postgres = connection.vendor == "postgresql"
    with connection.cursor() as cursor:
        cursor.execute("CREATE TEMPORARY TABLE talent_occupation_words (id bigint PRIMARY KEY, "
                       "words text NOT NULL)")  # fmt: skip
        for start in range(0, len(words), 5000):
            batch = words[start : start + 5000]
            if is_postgres:
                cursor.execute("INSERT INTO talent_occupation_words "
                               "SELECT * FROM unnest(%s::bigint[], %s::text[])",
                               [[pk for pk, _ in batch], [text for _, text in batch]])  # fmt: skip
            else:
                cursor.executemany("INSERT INTO talent_occupation_words VALUES (%s, %s)", batch)
        if is_postgres and texts > REBUILD_FROM:
            cursor.execute("DROP INDEX talent_profiletext_vector")  # built again below
        cursor.execute("""
            UPDATE talent_profiletext SET last_name = p.last_name, first_name = p.first_name,
              filters = CASE WHEN w.words IS NULL THEN talent_profiletext.filters
                             WHEN talent_profiletext.filters = '' THEN w.words
                             ELSE talent_profiletext.filters || ' ' || w.words END
            FROM talent_profile p LEFT JOIN talent_occupation_words w ON w.id = p.id
            WHERE p.id = talent_profiletext.profile_id
        """)  # fmt: skip
        if is_postgres and texts > REBUILD_FROM:
            cursor.execute(GIN_INDEX)
        cursor.execute("DROP TABLE talent_occupation_words")


def remove_occupation_words(apps, schema_editor):
    """Back to 0011: the filters without the occupations' words (the last ones, from "o")."""
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "UPDATE talent_profiletext SET filters = regexp_replace(filters, '( |^)o[0-9].*$', '') "
            "WHERE filters ~ '( |^)o[0-9]'"
        )
        return
    ProfileText = apps.get_model("talent", "ProfileText")
    batch = []
    for text in ProfileText.objects.filter(filters__regex=r"(^| )o[0-9]").only("filters"):
        words = text.filters.split(" ")
        first = next(n for n, word in enumerate(words) if re.fullmatch(r"o[0-9]+", word))
        text.filters = " ".join(words[:first])
        batch.append(text)
    ProfileText.objects.bulk_update(batch, ["filters"], batch_size=2000)


def sqlite_full_text(apps, schema_editor):
    """SQLite makes the table again to add a column, and its triggers go with it: the FTS5
    table, its triggers and its index again, as 0011 made them."""
    if schema_editor.connection.vendor == "sqlite":
        previous = importlib.import_module("vivier.talent.migrations.0011_search_table_filters")
        for statement in previous._sqlite(["body", "filters"]):
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("talent", "0011_search_table_filters")]

    operations = [
        # back to 0011: after the columns are removed (SQLite makes the table again)
        migrations.RunPython(migrations.RunPython.noop, sqlite_full_text),
        migrations.AddField(
            "profiletext", "last_name", models.CharField(blank=True, default="", max_length=120)
        ),
        migrations.AddField(
            "profiletext", "first_name", models.CharField(blank=True, default="", max_length=120)
        ),
        migrations.RunPython(sqlite_full_text, migrations.RunPython.noop),
        migrations.RunPython(copy_names_and_occupations, remove_occupation_words),
        migrations.RunPython(lexemes, lexemes_back),
    ]
