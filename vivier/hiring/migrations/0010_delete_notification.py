# Hiring's notifications moved to vivier.notifications (docs/decisions/0006-notifications-app.md):
# its migration 0002 copied the rows, so the old table goes.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("hiring", "0009_stage_template_required"),
        ("notifications", "0002_copy_hiring_notifications"),
    ]

    operations = [
        migrations.DeleteModel(
            name="Notification",
        ),
    ]
