"""Hiring's notifications (hiring.Notification, made by hiring's migration 0007) move here.

Each row is copied with its id (the links in e-mails already sent, and jobs already queued,
still find it), its dates and its e-mail state; an application-linked one keeps the application
as its target. hiring's migration 0010 then drops the old table. Going back moves them back.
On PostgreSQL the id sequence is moved past the copied ids.
"""

from django.core.management.color import no_style
from django.db import migrations

VERBS = {
    "mention": "hiring.mention",
    "review_requested": "hiring.review_requested",
    "review_given": "hiring.review_given",
}
BATCH = 1000


def _content_type(apps, model: str):
    ContentType = apps.get_model("contenttypes", "ContentType")
    return ContentType.objects.get_or_create(app_label="hiring", model=model)[0]


def _review_id(url: str):
    """/app/reviews/<id>/ (the review request a review notification is about), else None."""
    parts = [part for part in url.split("/") if part]
    if len(parts) >= 2 and parts[-2] == "reviews" and parts[-1].isdigit():
        return int(parts[-1])
    return None


def copy_forward(apps, schema_editor):
    Old = apps.get_model("hiring", "Notification")
    New = apps.get_model("notifications", "Notification")
    ReviewRequest = apps.get_model("hiring", "ReviewRequest")
    if not Old.objects.exists():
        return
    application_type = _content_type(apps, "application")
    review_type = _content_type(apps, "reviewrequest")
    reviews = {
        review.pk: review.offer.title
        for review in ReviewRequest.objects.select_related("offer")
    }
    rows = []
    for old in Old.objects.select_related("application__offer").order_by("pk").iterator():
        target_type, target_id, text = None, None, ""
        if old.application_id:
            target_type, target_id = application_type, old.application_id
            text = old.application.offer.title
        elif (review_id := _review_id(old.target_url)) in reviews:
            target_type, target_id, text = review_type, review_id, reviews[review_id]
        rows.append(
            New(
                id=old.pk, recipient_id=old.recipient_id, actor_id=old.actor_id,
                verb=VERBS.get(old.verb, f"hiring.{old.verb}"), text=text[:300],
                target_url=old.target_url, target_type=target_type, target_id=target_id,
                created_at=old.created_at, read_at=old.read_at, is_shown=True,
                email="immediately", email_claimed_at=old.emailed_at, emailed_at=old.emailed_at,
            )  # fmt: skip
        )
        if len(rows) >= BATCH:
            New.objects.bulk_create(rows)
            rows = []
    New.objects.bulk_create(rows)
    _reset_sequence(schema_editor, New)


def copy_back(apps, schema_editor):
    Old = apps.get_model("hiring", "Notification")
    New = apps.get_model("notifications", "Notification")
    application_type = _content_type(apps, "application")
    back = {value: key for key, value in VERBS.items()}
    rows = [
        Old(
            id=new.pk, recipient_id=new.recipient_id, actor_id=new.actor_id,
            verb=back[new.verb], target_url=new.target_url,
            application_id=(
                new.target_id if new.target_type_id == application_type.pk else None
            ),
            created_at=new.created_at, read_at=new.read_at, emailed_at=new.emailed_at,
        )  # fmt: skip
        for new in New.objects.filter(verb__in=back).order_by("pk")
    ]
    made_on = {row.pk: row.created_at for row in rows}
    Old.objects.bulk_create(rows, batch_size=BATCH)  # auto_now_add writes today's date…
    for row in rows:
        row.created_at = made_on[row.pk]
    Old.objects.bulk_update(rows, ["created_at"], batch_size=BATCH)  # …so the dates go back
    _reset_sequence(schema_editor, Old)
    New.objects.filter(verb__in=back).delete()  # they are hiring's again


def _reset_sequence(schema_editor, model) -> None:
    connection = schema_editor.connection
    for statement in connection.ops.sequence_reset_sql(no_style(), [model]):
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [
        ("notifications", "0001_initial"),
        ("hiring", "0009_stage_template_required"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(copy_forward, copy_back)]
