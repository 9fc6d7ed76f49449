from django.db import migrations, models


class Migration(migrations.Migration):
    """Messages are the worker's outbox: a claim with a lease, and the number of tries."""

    dependencies = [
        ("hiring", "0005_candidate_anonymised_at"),
    ]

    operations = [
        migrations.AddField(
            model_name="message",
            name="claimed_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="message",
            name="send_attempts",
            field=models.PositiveSmallIntegerField(default=0),
        ),
        migrations.AddIndex(
            model_name="message",
            index=models.Index(
                condition=models.Q(("sent_at__isnull", True)),
                fields=["created_at"],
                name="message_unsent",
            ),
        ),
    ]
