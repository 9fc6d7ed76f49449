from django.db import migrations

# Names are left blank so that each stage shows its kind's translated name.
DEFAULT_KINDS = ["new", "screening", "interview", "offer", "hired", "rejected", "withdrawn"]


def create_default_stages(apps, schema_editor):
    PipelineStage = apps.get_model("hiring", "PipelineStage")
    if PipelineStage.objects.exists():
        return
    for position, kind in enumerate(DEFAULT_KINDS, start=1):
        PipelineStage.objects.create(kind=kind, name="", position=position * 10)


class Migration(migrations.Migration):
    dependencies = [("hiring", "0001_initial")]

    operations = [migrations.RunPython(create_default_stages, migrations.RunPython.noop)]
