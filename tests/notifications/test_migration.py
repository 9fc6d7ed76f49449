"""Hiring's notifications move into this app (notifications 0002, hiring 0010), both ways.

Transactional: migrations run for real, on SQLite and on PostgreSQL (where the id sequence
must follow the copied ids)."""

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

BEFORE = [("hiring", "0009_stage_template_required"), ("notifications", "0001_initial")]
AFTER = [
    ("hiring", "0010_delete_notification"),
    ("notifications", "0002_copy_hiring_notifications"),
]


def migrate(targets):
    """Migrate hiring and notifications to `targets`; the models as they then are (the other
    apps' at their latest, as their tables are)."""
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    executor.loader.build_graph()
    moved = {app for app, _name in targets}
    others = [node for node in executor.loader.graph.leaf_nodes() if node[0] not in moved]
    return executor.loader.project_state([*others, *targets]).apps


@pytest.mark.django_db(transaction=True)
def test_hiring_notifications_are_copied_with_their_ids_dates_and_targets_and_back():
    old_apps = migrate(BEFORE)
    try:
        user_model = old_apps.get_model("accounts", "User")
        hana = user_model.objects.create(email="hana.migration@example.test", role="hiring_manager")
        bob = user_model.objects.create(email="bob.migration@example.test", role="recruiter")
        offer = old_apps.get_model("jobs", "JobOffer").objects.create(
            title="Agent d'accueil", reference="MIG-1", description="x"
        )
        stage = old_apps.get_model("hiring", "PipelineStage").objects.filter(kind="new").first()
        if stage is None:  # an earlier transactional test's flush took the default stages
            template = old_apps.get_model("hiring", "PipelineTemplate").objects.create(
                name="T", is_default=True
            )
            stage = old_apps.get_model("hiring", "PipelineStage").objects.create(
                template=template, kind="new", name="Nouvelle", position=0
            )
        candidate = old_apps.get_model("hiring", "Candidate").objects.create(
            first_name="Lou", last_name="Secret", email="lou.migration@example.test"
        )
        application = old_apps.get_model("hiring", "Application").objects.create(
            offer=offer, candidate=candidate, stage=stage
        )
        review = old_apps.get_model("hiring", "ReviewRequest").objects.create(
            offer=offer, requested_by=bob, reviewer=hana
        )
        old = old_apps.get_model("hiring", "Notification")
        read_on = timezone.now() - dt.timedelta(days=3)
        mention = old.objects.create(
            recipient=hana, actor=bob, verb="mention", application=application,
            target_url=f"/app/applications/{application.pk}/#note-1", read_at=read_on,
            emailed_at=read_on,
        )  # fmt: skip
        asked = old.objects.create(
            recipient=hana, actor=bob, verb="review_requested",
            target_url=f"/app/reviews/{review.pk}/",
        )  # fmt: skip
        made_on = timezone.now() - dt.timedelta(days=10)
        old.objects.filter(pk=mention.pk).update(created_at=made_on)

        new_apps = migrate(AFTER)
        new = new_apps.get_model("notifications", "Notification")
        copied = {row.pk: row for row in new.objects.all()}
        assert set(copied) == {mention.pk, asked.pk}
        first, second = copied[mention.pk], copied[asked.pk]
        assert (first.verb, first.recipient_id, first.actor_id) == (
            "hiring.mention",
            hana.pk,
            bob.pk,
        )
        assert (first.target_type.model, first.target_id) == ("application", application.pk)
        assert first.text == "Agent d'accueil"  # the offer, never the candidate
        assert (first.created_at, first.read_at, first.emailed_at) == (made_on, read_on, read_on)
        assert (second.verb, second.target_type.model, second.target_id) == (
            "hiring.review_requested", "reviewrequest", review.pk,
        )  # fmt: skip
        assert second.emailed_at is None and second.email == "immediately"
        # New rows take ids after the copied ones (PostgreSQL's sequence was moved on).
        later = new.objects.create(recipient_id=hana.pk, verb="hubs.mention", target_url="/")
        assert later.pk > max(copied)

        back_apps = migrate(BEFORE)
        restored = back_apps.get_model("hiring", "Notification").objects.order_by("pk")
        assert [(row.pk, row.verb, row.application_id) for row in restored] == [
            (mention.pk, "mention", application.pk), (asked.pk, "review_requested", None),
        ]  # fmt: skip
        assert restored[0].created_at == made_on
        remaining = back_apps.get_model("notifications", "Notification").objects.all()
        assert [row.verb for row in remaining] == ["hubs.mention"]  # not hiring's: it stays
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())
