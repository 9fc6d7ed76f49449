"""Referrers told of their referrals' progress; notifications in a person's data export and
erasure; the retention of old ones."""

import datetime as dt

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from tests.factories import pdf_upload
from vivier.community.referrals.services import refer_directly
from vivier.hiring.models import PipelineStage, StageKind
from vivier.hiring.services import ApplicantDetails, move_application, submit_application
from vivier.notifications.models import Digest, Notification, NotificationPreference
from vivier.notifications.services import notify
from vivier.privacy.rights import collect, erase_person

pytestmark = pytest.mark.django_db


def told_to(user) -> list[str]:
    return list(
        Notification.objects.filter(recipient=user, verb="referrals.progress")
        .order_by("created_at", "pk")
        .values_list("variant", flat=True)
    )


def test_a_referrer_is_told_applied_in_process_and_hired_and_nothing_more(
    offer, carla, bob, django_capture_on_commit_callbacks
):
    referral = refer_directly(
        referrer=carla, offer=offer, name="Sam Durand", email="sam@example.test", reason="Bien"
    )
    assert told_to(carla) == []  # invited, not applied yet: nothing to tell
    details = ApplicantDetails(first_name="Sam", last_name="Durand", email="sam@example.test")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        application = submit_application(offer=offer, details=details, cv=pdf_upload())[0]
    assert told_to(carla) == ["applied"]
    (message,) = [m for m in mail.outbox if m.to == [carla.email]]
    assert message.subject == f"Une personne que vous avez recommandée a postulé : {offer.title}"
    assert "Sam" not in message.subject + message.body  # never the person's name
    notification = Notification.objects.get(recipient=carla)
    assert notification.target == referral and notification.text == offer.title
    for kind in (StageKind.SCREENING, StageKind.INTERVIEW, StageKind.OFFER):
        move_application(
            application=application, stage=PipelineStage.for_offer(offer, kind), by=bob
        )
    assert told_to(carla) == ["applied", "in_process"]  # once for the whole process
    move_application(
        application=application, stage=PipelineStage.for_offer(offer, StageKind.HIRED), by=bob
    )
    assert told_to(carla) == ["applied", "in_process", "hired"]
    assert set(Notification.objects.values_list("recipient", flat=True)) == {carla.pk}


def test_an_ended_process_is_not_told(offer, carla, bob):
    refer_directly(
        referrer=carla, offer=offer, name="Sam Durand", email="sam@example.test", reason="Bien"
    )
    details = ApplicantDetails(first_name="Sam", last_name="Durand", email="sam@example.test")
    application = submit_application(offer=offer, details=details, cv=pdf_upload())[0]
    rejected = PipelineStage.for_offer(offer, StageKind.REJECTED)
    move_application(application=application, stage=rejected, by=bob)
    assert told_to(carla) == ["applied"]


def test_an_application_nobody_referred_tells_nobody(offer, carla, bob):
    details = ApplicantDetails(first_name="Zoé", last_name="Seule", email="zoe@example.test")
    application = submit_application(offer=offer, details=details, cv=pdf_upload())[0]
    move_application(
        application=application, stage=PipelineStage.for_offer(offer, StageKind.SCREENING), by=bob
    )
    assert not Notification.objects.exists()


# --- Personal data ---------------------------------------------------------------------------


def test_notifications_and_choices_are_in_the_export_and_go_with_an_erasure(cleo, carla, alice):
    NotificationPreference.objects.create(user=cleo, verb="hubs.reply", email="never")
    notify(cleo, "hubs.mention", target_url="/communaute/", text="Fil du port")
    notify(carla, "hubs.mention", target_url="/communaute/", text="Autre fil")
    tables = collect(cleo.email)["tables"]
    assert [row["text"]["value"] for row in tables["notifications.notification"]["rows"]] == [
        "Fil du port"
    ]
    assert len(tables["notifications.notificationpreference"]["rows"]) == 1
    erase_person(email=cleo.email, by=alice)
    assert not Notification.objects.filter(recipient__email=cleo.email).exists()
    assert not NotificationPreference.objects.filter(verb="hubs.reply", email="never").exists()
    assert Notification.objects.filter(recipient=carla).count() == 1  # another's stay


def test_deleting_an_application_takes_its_notifications(bob, hana, application):
    from vivier.hiring.services import add_note

    add_note(application=application, body="@hana", by=bob)
    assert Notification.objects.filter(target_id=application.pk).exists()
    application.documents.all().delete()
    application.delete()
    assert not Notification.objects.exists()


def test_old_read_notifications_and_digests_go_with_privacys_nightly_retention(settings, carla):
    from vivier.privacy import retention

    settings.NOTIFICATION_RETENTION_DAYS = 180
    long_ago = timezone.now() - dt.timedelta(days=181)
    with time_machine.travel(long_ago):
        (read,) = notify(carla, "hubs.mention", target_url="/a/")
        (unread,) = notify(carla, "hubs.mention", target_url="/b/")
        (emailed_only,) = notify(carla, "hubs.mention", target_url="/c/")
        Digest.objects.create(recipient=carla, day=long_ago.date(), sent_at=long_ago)
    Notification.objects.filter(pk=read.pk).update(read_at=long_ago)
    Notification.objects.filter(pk=emailed_only.pk).update(is_shown=False)
    (recent,) = notify(carla, "hubs.mention", target_url="/d/")
    Notification.objects.filter(pk=recent.pk).update(read_at=timezone.now())
    planned = {rule.rule.key: rule.records for rule in retention.plan().rules}
    assert [n.pk for n in planned["notifications.read"]] == [read.pk, emailed_only.pk]
    assert len(planned["notifications.digests"]) == 1
    retention.run()
    assert set(Notification.objects.values_list("pk", flat=True)) == {unread.pk, recent.pk}
    assert not Digest.objects.exists()
