"""The full-text index of the talent pool, in each database's own way."""

from django.db import migrations

POSTGRES = [
    "CREATE EXTENSION IF NOT EXISTS unaccent",
    # unaccent() is only STABLE; an index needs an IMMUTABLE function around it.
    """CREATE OR REPLACE FUNCTION vivier_unaccent(text) RETURNS text
       LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT AS $$ SELECT public.unaccent($1) $$""",
    """CREATE INDEX talent_profiletext_search ON talent_profiletext USING gin (
       (to_tsvector('french', vivier_unaccent(body)) || to_tsvector('english', vivier_unaccent(body))))""",
]
POSTGRES_BACK = [
    "DROP INDEX IF EXISTS talent_profiletext_search",
    "DROP FUNCTION IF EXISTS vivier_unaccent(text)",
]
SQLITE = [
    # An external-content FTS5 table over talent_profiletext, kept in step by triggers.
    """CREATE VIRTUAL TABLE talent_profiletext_fts USING fts5(
       body, content='talent_profiletext', content_rowid='profile_id',
       tokenize='unicode61 remove_diacritics 2')""",
    """CREATE TRIGGER talent_profiletext_ai AFTER INSERT ON talent_profiletext BEGIN
       INSERT INTO talent_profiletext_fts(rowid, body) VALUES (new.profile_id, new.body); END""",
    """CREATE TRIGGER talent_profiletext_ad AFTER DELETE ON talent_profiletext BEGIN
       INSERT INTO talent_profiletext_fts(talent_profiletext_fts, rowid, body)
       VALUES ('delete', old.profile_id, old.body); END""",
    """CREATE TRIGGER talent_profiletext_au AFTER UPDATE ON talent_profiletext BEGIN
       INSERT INTO talent_profiletext_fts(talent_profiletext_fts, rowid, body)
       VALUES ('delete', old.profile_id, old.body);
       INSERT INTO talent_profiletext_fts(rowid, body) VALUES (new.profile_id, new.body); END""",
]
SQLITE_BACK = [
    "DROP TRIGGER IF EXISTS talent_profiletext_ai",
    "DROP TRIGGER IF EXISTS talent_profiletext_ad",
    "DROP TRIGGER IF EXISTS talent_profiletext_au",
    "DROP TABLE IF EXISTS talent_profiletext_fts",
]


def _run(statements):
    def run(apps, schema_editor):
        vendor = schema_editor.connection.vendor
        for statement in statements.get(vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("talent", "0005_search_text")]

    operations = [
        migrations.RunPython(
            _run({"postgresql": POSTGRES, "sqlite": SQLITE}),
            _run({"postgresql": POSTGRES_BACK, "sqlite": SQLITE_BACK}),
        )
    ]
