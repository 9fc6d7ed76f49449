"""The search table carries the place and experience filters next to the words (PostgreSQL
intersects the indexes of both before reading a row); filled from the profiles."""

from django.db import migrations, models


def copy_facts(apps, schema_editor):
    ProfileText = apps.get_model("talent", "ProfileText")
    Profile = apps.get_model("talent", "Profile")
    fields = ["latitude", "longitude", "place_x", "place_y", "place_z", "experience_days",
              "experience_since"]  # fmt: skip
    batch = []
    facts = Profile.objects.values_list("pk", *fields)
    for pk, *values in facts.iterator(chunk_size=2000):
        batch.append(ProfileText(profile_id=pk, **dict(zip(fields, values, strict=True))))
        if len(batch) == 2000:
            ProfileText.objects.bulk_update(batch, fields)
            batch = []
    ProfileText.objects.bulk_update(batch, fields)


# SQLite rebuilds a table to add a column with a default, and the rebuild drops its triggers:
# the full-text table's (0006) are put back.
SQLITE_TRIGGERS = [
    """CREATE TRIGGER IF NOT EXISTS talent_profiletext_ai AFTER INSERT ON talent_profiletext BEGIN
       INSERT INTO talent_profiletext_fts(rowid, body) VALUES (new.profile_id, new.body); END""",
    """CREATE TRIGGER IF NOT EXISTS talent_profiletext_ad AFTER DELETE ON talent_profiletext BEGIN
       INSERT INTO talent_profiletext_fts(talent_profiletext_fts, rowid, body)
       VALUES ('delete', old.profile_id, old.body); END""",
    """CREATE TRIGGER IF NOT EXISTS talent_profiletext_au AFTER UPDATE ON talent_profiletext BEGIN
       INSERT INTO talent_profiletext_fts(talent_profiletext_fts, rowid, body)
       VALUES ('delete', old.profile_id, old.body);
       INSERT INTO talent_profiletext_fts(rowid, body) VALUES (new.profile_id, new.body); END""",
]


def restore_triggers(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for statement in SQLITE_TRIGGERS:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("talent", "0009_profile_documents")]

    operations = [
        migrations.AddField("profiletext", "latitude", models.FloatField(null=True)),
        migrations.AddField("profiletext", "longitude", models.FloatField(null=True)),
        migrations.AddField("profiletext", "place_x", models.FloatField(null=True)),
        migrations.AddField("profiletext", "place_y", models.FloatField(null=True)),
        migrations.AddField("profiletext", "place_z", models.FloatField(null=True)),
        migrations.AddField("profiletext", "experience_days", models.PositiveIntegerField(default=0)),
        migrations.AddField("profiletext", "experience_since", models.DateField(null=True)),
        migrations.AddIndex(
            "profiletext",
            models.Index(fields=["latitude", "longitude"], name="talent_text_place"),
        ),
        migrations.AddIndex(
            "profiletext",
            models.Index(fields=["experience_since", "experience_days"], name="talent_text_years"),
        ),
        migrations.RunPython(restore_triggers, restore_triggers),
        migrations.RunPython(copy_facts, migrations.RunPython.noop),
    ]
