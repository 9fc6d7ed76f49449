"""The search table carries every filter but the skill and occupation, and what the facets count,
so that a search by words reads that table alone (search.py); filled from the profiles.

The language, rating, consent and city filters are also words of the full-text index, in a
column of their own (`filters`, see search.filter_tokens): the index finds the people who have
the words and meet those filters in one scan, and a common word with a narrow filter no longer
reads the row of every person who has the word. PostgreSQL: a second text search vector, in the
same GIN index as the words'. SQLite: a second column of the FTS5 table.
"""

import json

from django.db import migrations, models

POSTGRES = [
    """ALTER TABLE talent_profiletext ADD COLUMN filter_vector tsvector
       GENERATED ALWAYS AS (to_tsvector('simple', filters)) STORED""",
    "DROP INDEX IF EXISTS talent_profiletext_vector",
    """CREATE INDEX talent_profiletext_vector ON talent_profiletext
       USING gin (search_vector, filter_vector)""",
]
POSTGRES_BACK = [
    "DROP INDEX IF EXISTS talent_profiletext_vector",
    "ALTER TABLE talent_profiletext DROP COLUMN IF EXISTS filter_vector",
    "CREATE INDEX talent_profiletext_vector ON talent_profiletext USING gin (search_vector)",
]


def _sqlite(columns: list[str]) -> list[str]:
    """The FTS5 table over talent_profiletext with these columns, its triggers, its index."""
    names = ", ".join(columns)
    new = ", ".join(f"new.{column}" for column in columns)
    old = ", ".join(f"old.{column}" for column in columns)
    return [
        "DROP TRIGGER IF EXISTS talent_profiletext_ai",
        "DROP TRIGGER IF EXISTS talent_profiletext_ad",
        "DROP TRIGGER IF EXISTS talent_profiletext_au",
        "DROP TABLE IF EXISTS talent_profiletext_fts",
        f"""CREATE VIRTUAL TABLE talent_profiletext_fts USING fts5(
           {names}, content='talent_profiletext', content_rowid='profile_id',
           tokenize='unicode61 remove_diacritics 2')""",
        f"""CREATE TRIGGER talent_profiletext_ai AFTER INSERT ON talent_profiletext BEGIN
           INSERT INTO talent_profiletext_fts(rowid, {names}) VALUES (new.profile_id, {new});
           END""",
        f"""CREATE TRIGGER talent_profiletext_ad AFTER DELETE ON talent_profiletext BEGIN
           INSERT INTO talent_profiletext_fts(talent_profiletext_fts, rowid, {names})
           VALUES ('delete', old.profile_id, {old}); END""",
        f"""CREATE TRIGGER talent_profiletext_au AFTER UPDATE ON talent_profiletext BEGIN
           INSERT INTO talent_profiletext_fts(talent_profiletext_fts, rowid, {names})
           VALUES ('delete', old.profile_id, {old});
           INSERT INTO talent_profiletext_fts(rowid, {names}) VALUES (new.profile_id, {new});
           END""",
        "INSERT INTO talent_profiletext_fts(talent_profiletext_fts) VALUES ('rebuild')",
    ]


def full_text(apps, schema_editor):
    statements = {"postgresql": POSTGRES, "sqlite": _sqlite(["body", "filters"])}
    for statement in statements.get(schema_editor.connection.vendor, []):
        schema_editor.execute(statement)


def full_text_back(apps, schema_editor):
    statements = {"postgresql": POSTGRES_BACK, "sqlite": _sqlite(["body"])}
    for statement in statements.get(schema_editor.connection.vendor, []):
        schema_editor.execute(statement)


def copy_filters(apps, schema_editor):
    from vivier.talent.search import facets_text, filter_tokens, tag_text  # as index_profile

    def grouped(model, *fields, **conditions):
        rows = apps.get_model("talent", model).objects.filter(**conditions)
        found = {}
        for profile_id, *values in rows.values_list("profile_id", *fields).iterator(2000):
            found.setdefault(profile_id, []).append(values)
        return found

    skills = grouped("ProfileSkill", "key", "label")
    languages = grouped("ProfileLanguage", "code", "level_rank")
    occupations = grouped("ProfileOccupation", "occupation_id")
    rejected = set(
        apps.get_model("talent", "ProfileOccupation")
        .objects.filter(status="rejected")
        .values_list("profile_id", "occupation_id")
    )
    consented = set(
        apps.get_model("talent", "Source")
        .objects.filter(legal_basis="consent")
        .values_list("profile_id", flat=True)
    )
    ProfileText = apps.get_model("talent", "ProfileText")
    fields = ["filters", "updated_at", "city", "available_from", "tags", "facets"]
    batch = []
    profiles = apps.get_model("talent", "Profile").objects.filter(text__isnull=False)
    rows = profiles.values_list("pk", "updated_at", "city", "available_from", "rating", "tags",
                                "latitude", "longitude")  # fmt: skip
    for pk, updated_at, city, available_from, rating, tags, *place in rows.iterator(2000):
        spoken = [tuple(item) for item in languages.get(pk, [])]
        kept = [o for (o,) in occupations.get(pk, []) if (pk, o) not in rejected]
        batch.append(ProfileText(
            profile_id=pk, filters=filter_tokens(spoken, rating, pk in consented, city, place),
            updated_at=updated_at, city=city, available_from=available_from,
            tags=tag_text(tags if isinstance(tags, list) else json.loads(tags or "[]")),
            facets=facets_text([tuple(s) for s in skills.get(pk, [])], kept,
                               [code for code, _rank in spoken]),
        ))  # fmt: skip
        if len(batch) == 2000:
            ProfileText.objects.bulk_update(batch, fields)
            batch = []
    ProfileText.objects.bulk_update(batch, fields)


class Migration(migrations.Migration):
    dependencies = [("talent", "0010_search_table_facts")]

    operations = [
        migrations.AddField("profiletext", "filters", models.TextField(blank=True, default="")),
        migrations.AddField("profiletext", "updated_at", models.DateTimeField(null=True)),
        migrations.AddField(
            "profiletext", "city", models.CharField(blank=True, default="", max_length=120)
        ),
        migrations.AddField("profiletext", "available_from", models.DateField(null=True)),
        migrations.AddField("profiletext", "tags", models.TextField(blank=True, default="")),
        migrations.AddField("profiletext", "facets", models.TextField(blank=True, default="")),
        # Most people pass the years filter: read with the row, it costs less than an index
        # scan of most of the table, which PostgreSQL intersected with the words' (0010).
        migrations.RemoveIndex("profiletext", "talent_text_years"),
        migrations.RunPython(copy_filters, migrations.RunPython.noop),
        migrations.RunPython(full_text, full_text_back),
    ]
