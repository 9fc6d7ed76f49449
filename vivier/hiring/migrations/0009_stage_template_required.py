import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("hiring", "0008_builtin_pipeline_templates")]

    operations = [
        migrations.AlterField(
            model_name="pipelinestage",
            name="template",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="stages",
                to="hiring.pipelinetemplate",
                verbose_name="template",
            ),
        ),
    ]
