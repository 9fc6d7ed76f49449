"""Search by occupation, distance, years of experience and language; the gazetteer's places.

PostgreSQL: the search vector becomes a stored generated column (ranking reads it instead of
parsing every matched text again), and tags get a GIN index for the tag filter.
"""

import django.db.models.deletion
import django.db.models.functions.text
from django.conf import settings
from django.db import migrations, models

POSTGRES = [
    "DROP INDEX IF EXISTS talent_profiletext_search",
    """ALTER TABLE talent_profiletext ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
       to_tsvector('french', vivier_unaccent(body)) || to_tsvector('english', vivier_unaccent(body))
       ) STORED""",
    "CREATE INDEX talent_profiletext_vector ON talent_profiletext USING gin (search_vector)",
    "CREATE INDEX talent_profile_tags ON talent_profile USING gin (tags jsonb_path_ops)",
    "CREATE INDEX talent_source_consent ON talent_source (profile_id) WHERE legal_basis = 'consent'",
]
POSTGRES_BACK = [
    "DROP INDEX IF EXISTS talent_source_consent",
    "DROP INDEX IF EXISTS talent_profile_tags",
    "DROP INDEX IF EXISTS talent_profiletext_vector",
    "ALTER TABLE talent_profiletext DROP COLUMN IF EXISTS search_vector",
    """CREATE INDEX talent_profiletext_search ON talent_profiletext USING gin (
       (to_tsvector('french', vivier_unaccent(body)) || to_tsvector('english', vivier_unaccent(body))))""",
]
SQLITE = [
    "CREATE INDEX talent_source_consent ON talent_source (profile_id) WHERE legal_basis = 'consent'",
]
SQLITE_BACK = ["DROP INDEX IF EXISTS talent_source_consent"]


def _run(statements):
    def run(apps, schema_editor):
        for statement in statements.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


def fill_keys(apps, schema_editor):
    """Skills and languages already in the pool get their folded key, code and level."""
    from vivier.talent.facts import skill_key
    from vivier.talent.languages import language_code, level_rank

    ProfileSkill = apps.get_model("talent", "ProfileSkill")
    ProfileLanguage = apps.get_model("talent", "ProfileLanguage")
    batch = []
    for skill in ProfileSkill.objects.only("pk", "label").iterator(chunk_size=2000):
        skill.key = skill_key(skill.label)
        batch.append(skill)
        if len(batch) == 2000:
            ProfileSkill.objects.bulk_update(batch, ["key"])
            batch = []
    ProfileSkill.objects.bulk_update(batch, ["key"])
    batch = []
    for language in ProfileLanguage.objects.iterator(chunk_size=2000):
        language.code = language_code(language.language)
        language.level_rank = level_rank(language.level, language.language)
        batch.append(language)
    ProfileLanguage.objects.bulk_update(batch, ["code", "level_rank"], batch_size=2000)


class Migration(migrations.Migration):
    dependencies = [
        ("talent", "0007_saved_searches"),
        ("taxonomy", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="Place",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("key", models.CharField(db_index=True, max_length=200)),
                ("name", models.CharField(max_length=200, verbose_name="name")),
                ("is_alternative_name", models.BooleanField(default=False)),
                ("country", models.CharField(max_length=2, verbose_name="country code")),
                ("postcode", models.CharField(blank=True, max_length=10, verbose_name="postcode")),
                ("department", models.CharField(blank=True, max_length=3)),
                ("region", models.CharField(blank=True, max_length=120, verbose_name="region")),
                ("latitude", models.FloatField(verbose_name="latitude")),
                ("longitude", models.FloatField(verbose_name="longitude")),
                ("population", models.PositiveIntegerField(default=0)),
                ("origin", models.CharField(max_length=40)),
            ],
            options={"verbose_name": "place", "verbose_name_plural": "places"},
        ),
        migrations.AddField(model_name="profile", name="latitude", field=models.FloatField(blank=True, null=True, verbose_name="latitude")),
        migrations.AddField(model_name="profile", name="longitude", field=models.FloatField(blank=True, null=True, verbose_name="longitude")),
        migrations.AddField(model_name="profile", name="place_x", field=models.FloatField(blank=True, null=True)),
        migrations.AddField(model_name="profile", name="place_y", field=models.FloatField(blank=True, null=True)),
        migrations.AddField(model_name="profile", name="place_z", field=models.FloatField(blank=True, null=True)),
        migrations.AddField(model_name="profile", name="experience_days", field=models.PositiveIntegerField(default=0, verbose_name="days of experience")),
        migrations.AddField(model_name="profile", name="experience_since", field=models.DateField(blank=True, null=True)),
        migrations.AddIndex(model_name="profile", index=models.Index(fields=["last_name", "first_name", "id"], name="talent_profile_name")),
        migrations.AddIndex(model_name="profile", index=models.Index(fields=["latitude", "longitude"], name="talent_profile_place")),
        migrations.AddIndex(model_name="profile", index=models.Index(django.db.models.functions.text.Lower("city"), name="talent_profile_city")),
        migrations.AddField(model_name="profileskill", name="key", field=models.CharField(blank=True, default="", max_length=200)),
        migrations.AddIndex(model_name="profileskill", index=models.Index(fields=["key", "profile"], name="talent_skill_key")),
        migrations.AddField(model_name="profilelanguage", name="code", field=models.CharField(blank=True, default="", max_length=3)),
        migrations.AddField(model_name="profilelanguage", name="level_rank", field=models.PositiveSmallIntegerField(blank=True, null=True)),
        migrations.AddIndex(model_name="profilelanguage", index=models.Index(fields=["code", "profile"], name="talent_language_code")),
        migrations.CreateModel(
            name="ProfileOccupation",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("isco_code", models.CharField(blank=True, max_length=4)),
                ("from_title", models.CharField(blank=True, max_length=200, verbose_name="recognised in")),
                ("score", models.FloatField(default=0)),
                ("status", models.CharField(choices=[("recognised", "Recognised by Vivier"), ("confirmed", "Confirmed by a recruiter"), ("rejected", "Removed by a recruiter")], default="recognised", max_length=10)),
                ("decided_at", models.DateTimeField(blank=True, null=True)),
                ("decided_by", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+", to=settings.AUTH_USER_MODEL)),
                ("occupation", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="+", to="taxonomy.occupation")),
                ("profile", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="occupations", to="talent.profile")),
            ],
            options={
                "ordering": ["-score"],
                "indexes": [
                    models.Index(fields=["occupation", "profile"], name="talent_occupation_profile"),
                    models.Index(fields=["isco_code", "profile"], name="talent_occupation_isco"),
                ],
                "constraints": [models.UniqueConstraint(fields=("profile", "occupation"), name="one_profile_occupation")],
            },
        ),
        migrations.RunPython(fill_keys, migrations.RunPython.noop),
        migrations.RunPython(
            _run({"postgresql": POSTGRES, "sqlite": SQLITE}),
            _run({"postgresql": POSTGRES_BACK, "sqlite": SQLITE_BACK}),
        ),
    ]
