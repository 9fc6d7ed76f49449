"""The e-mail copies: in the recipient's language, sent once whatever the retries, and the
daily digest, grouped, made once per person and day."""

import datetime as dt

import pytest
import time_machine
from django.core import mail
from django.db.models import F
from django.utils import timezone

from tests.factories import UserFactory
from tests.privacy.failing_backend import FailingBackend
from vivier.accounts.models import Role
from vivier.community.hubs import discussions, moderation
from vivier.community.referrals.models import Referral, ReferralKind
from vivier.hiring.services import add_note
from vivier.notifications import delivery, tasks
from vivier.notifications.models import Digest, Notification, NotificationPreference
from vivier.notifications.registry import EmailChoice
from vivier.notifications.services import notify

pytestmark = pytest.mark.django_db


def digest_for(user, verb="hubs.reply"):
    NotificationPreference.objects.update_or_create(
        user=user, verb=verb, defaults={"email": EmailChoice.DAILY}
    )


# --- Language ---------------------------------------------------------------------------------


def test_an_english_user_gets_english_and_a_french_one_french(
    thread, carla, elsa, cyril, django_capture_on_commit_callbacks
):
    discussions.set_following(thread=thread, user=elsa, following=True)
    for user in (carla, elsa):
        NotificationPreference.objects.create(user=user, verb="hubs.reply", email="immediately")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        post = discussions.reply(thread=thread, author=cyril, body="Je pars **lundi** à 8 h.")
    by_address = {message.to[0]: message for message in mail.outbox}
    assert set(by_address) == {carla.email, elsa.email}
    english, french = by_address[elsa.email], by_address[carla.email]
    assert (
        english.subject == "Cyril Candidat replied in a thread you follow: Covoiturage vers Brest"
    )
    assert french.subject == (
        "Cyril Candidat a répondu dans un fil que vous suivez : Covoiturage vers Brest"
    )
    assert "Je pars lundi à 8 h." in english.body  # the excerpt, as text
    assert f"http://127.0.0.1:8000/en/communaute/fil/{thread.pk}/#post-{post.pk}" in english.body
    assert f"http://127.0.0.1:8000/communaute/fil/{thread.pk}/#post-{post.pk}" in french.body
    assert "/en/communaute/notifications/reglages/" in english.body
    assert "Change them here" in english.body and "Modifiez-les ici" in french.body


def test_the_digest_is_in_the_users_language(thread, elsa, cyril):
    discussions.set_following(thread=thread, user=elsa, following=True)
    with time_machine.travel(dt.datetime(2030, 3, 1, 18, 0, tzinfo=dt.UTC)):
        discussions.reply(thread=thread, author=cyril, body="Moi !")
    with time_machine.travel(dt.datetime(2030, 3, 2, 6, 30, tzinfo=dt.UTC)):
        tasks.make_daily_digests()
    (message,) = [message for message in mail.outbox if message.to == [elsa.email]]
    assert message.subject == "Your Vivier notifications of March 2, 2030"
    assert "COMMUNITY" in message.body and "Cyril Candidat replied" in message.body


def test_a_hub_invitation_goes_in_the_language_of_the_account_of_its_address(
    public_hub, bob, elsa, django_capture_on_commit_callbacks
):
    from vivier.community.hubs.services import invite_to_hub

    with django_capture_on_commit_callbacks(execute=True):
        invite_to_hub(hub=public_hub, email=elsa.email, by=bob)
        invite_to_hub(hub=public_hub, email="nouvelle@example.test", by=bob)
    subjects = {message.to[0]: message.subject for message in mail.outbox}
    assert subjects[elsa.email].endswith("invites you to the hub Le Port")
    assert subjects["nouvelle@example.test"].endswith("vous invite dans l'espace Le Port")


# --- At once, once ---------------------------------------------------------------------------


def test_a_retried_task_does_not_send_the_e_mail_twice(bob, hana, application):
    add_note(application=application, body="@hana", by=bob)  # the task is not run: no commit
    notification = Notification.objects.get()
    mail.outbox.clear()
    tasks.send_notification_emails([notification.pk])
    tasks.send_notification_emails([notification.pk])  # the retry, or a second worker
    assert len(mail.outbox) == 1
    assert (
        mail.outbox[0].extra_headers["Message-ID"].startswith(f"<notification.{notification.pk}.")
    )


def test_a_failed_send_releases_the_claim_for_the_retry(settings, bob, hana, application):
    add_note(application=application, body="@hana", by=bob)
    notification = Notification.objects.get()
    settings.EMAIL_BACKEND = "tests.privacy.failing_backend.FailingBackend"
    with pytest.raises(ConnectionError):
        delivery.deliver_immediate(notification.pk)
    notification.refresh_from_db()
    assert notification.email_claimed_at is None and notification.emailed_at is None
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    mail.outbox.clear()
    assert delivery.deliver_immediate(notification.pk)
    notification.refresh_from_db()
    assert notification.emailed_at is not None and notification.email_attempts == 2
    assert FailingBackend.attempts >= 1
    assert len(mail.outbox) == 1


def test_a_claim_left_by_a_stopped_worker_is_taken_again_once_its_lease_is_over(
    settings, bob, hana, application
):
    add_note(application=application, body="@hana", by=bob)
    notification = Notification.objects.get()
    Notification.objects.filter(pk=notification.pk).update(email_claimed_at=timezone.now())
    mail.outbox.clear()
    assert delivery.pending() == ([], [])  # another worker is on it
    assert not delivery.deliver_immediate(notification.pk)
    later = timezone.now() + dt.timedelta(seconds=settings.MESSAGE_LEASE_S + 1)
    with time_machine.travel(later):
        assert delivery.pending()[0] == [notification.pk]
        tasks.send_pending_notification_emails()
        tasks.send_pending_notification_emails()
    assert [message.to for message in mail.outbox] == [[hana.email]]


def test_an_e_mail_never_queued_goes_with_the_sweep_and_a_stale_one_does_not(
    settings, bob, hana, application
):
    add_note(application=application, body="@hana", by=bob)  # on_commit never ran
    notification = Notification.objects.get()
    mail.outbox.clear()
    assert delivery.pending()[0] == []  # it may still be queued by its web process
    with time_machine.travel(timezone.now() + dt.timedelta(days=2)):
        assert delivery.pending()[0] == []  # two days late helps nobody
    with time_machine.travel(timezone.now() + dt.timedelta(seconds=settings.MESSAGE_LEASE_S + 1)):
        tasks.send_pending_notification_emails()
    notification.refresh_from_db()
    assert notification.emailed_at is not None and len(mail.outbox) == 1


def test_a_hidden_post_or_a_recipient_who_lost_access_gets_no_e_mail(
    thread, carla, cyril, bob, django_capture_on_commit_callbacks
):
    from vivier.community.hubs.models import Hub

    NotificationPreference.objects.create(user=carla, verb="hubs.reply", email="immediately")
    post = discussions.reply(thread=thread, author=cyril, body="Spam")
    moderation.hide_post(post=post, by=bob)
    notification = Notification.objects.get(verb="hubs.reply")
    mail.outbox.clear()
    assert not delivery.deliver_immediate(notification.pk)
    notification.refresh_from_db()
    assert notification.email == EmailChoice.NEVER  # settled: the sweep leaves it
    assert mail.outbox == []
    # The hub becomes private: carla, not a member of it, may no longer read it.
    other = discussions.reply(thread=thread, author=cyril, body="Encore")
    Hub.objects.filter(pk=thread.hub_id).update(kind=Hub.Kind.PRIVATE)
    from vivier.community.hubs.models import Membership

    Membership.objects.filter(user=carla).delete()
    assert not delivery.deliver_immediate(Notification.objects.get(target_id=other.pk).pk)
    assert mail.outbox == []


# --- The daily digest -------------------------------------------------------------------------


def test_the_digest_groups_the_days_notifications_by_area_and_sends_nothing_twice(
    thread, carla, cyril, bob, django_capture_on_commit_callbacks
):
    digest_for(carla, "hubs.reply")
    digest_for(carla, "referrals.progress")
    discussions.reply(thread=thread, author=cyril, body="Un")
    discussions.reply(thread=thread, author=bob, body="Deux")
    referral = Referral.objects.create(
        referrer=carla, offer=_offer(), kind=ReferralKind.DIRECT, name="X", email="x@example.test"
    )
    notify(
        carla, "referrals.progress", target=referral, text="Agent d'accueil", variant="applied",
        target_url="/communaute/recommandations/mes-recommandations/",
    )  # fmt: skip
    mail.outbox.clear()
    with time_machine.travel(timezone.now() + dt.timedelta(hours=1)):
        tasks.make_daily_digests()
        tasks.make_daily_digests()  # the periodic task retried, or a second worker
        tasks.send_pending_notification_emails()
    (message,) = mail.outbox
    assert message.to == [carla.email]
    body = message.body
    assert body.index("COMMUNAUTÉ") < body.index("RECOMMANDATIONS")
    assert body.count("a répondu dans un fil que vous suivez") == 2
    assert "Une personne que vous avez recommandée a postulé" in body
    assert "Agent d'accueil" in body
    assert Digest.objects.count() == 1
    digest = Digest.objects.get()
    assert digest.sent_at is not None and digest.send_attempts == 1
    assert set(digest.notifications.values_list("emailed_at", flat=True)) != {None}
    assert digest.notifications.count() == 3
    # The same day, a new reply waits for tomorrow's digest: today's is never filled again.
    discussions.reply(thread=thread, author=cyril, body="Trois")
    with time_machine.travel(timezone.now() + dt.timedelta(hours=2)):
        tasks.make_daily_digests()
    assert len(mail.outbox) == 1
    assert Notification.objects.filter(digest__isnull=True, email="daily").count() == 1


def test_a_digest_whose_send_failed_goes_once_with_the_retry(settings, thread, carla, cyril):
    discussions.reply(thread=thread, author=cyril, body="Un")
    (digest_id,) = delivery.make_digests()
    settings.EMAIL_BACKEND = "tests.privacy.failing_backend.FailingBackend"
    with pytest.raises(ConnectionError):
        delivery.deliver_digest(digest_id)
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    mail.outbox.clear()
    assert delivery.deliver_digest(digest_id)
    assert not delivery.deliver_digest(digest_id)
    assert len(mail.outbox) == 1


def test_a_digest_claimed_by_a_stopped_worker_is_sent_by_the_sweep_after_its_lease(
    settings, thread, carla, cyril
):
    discussions.reply(thread=thread, author=cyril, body="Un")
    (digest_id,) = delivery.make_digests()
    Digest.objects.filter(pk=digest_id).update(claimed_at=timezone.now())
    assert delivery.pending()[1] == []
    Digest.objects.filter(pk=digest_id).update(
        claimed_at=F("claimed_at") - dt.timedelta(seconds=settings.MESSAGE_LEASE_S + 1)
    )
    mail.outbox.clear()
    tasks.send_pending_notification_emails()
    assert [message.to for message in mail.outbox] == [[carla.email]]


def test_nobody_without_waiting_notifications_gets_a_digest(thread, carla, hana, cyril):
    """hana chose the digest but has nothing; carla's only one was hidden since."""
    digest_for(hana, "hiring.mention")
    post = discussions.reply(thread=thread, author=cyril, body="Spam")
    moderation.hide_post(post=post, by=UserFactory(role=Role.RECRUITER))
    mail.outbox.clear()
    tasks.make_daily_digests()
    assert mail.outbox == []
    assert list(Digest.objects.values_list("recipient", flat=True)) == [carla.pk]
    assert Digest.objects.get().sent_at is not None  # settled without an e-mail


def _offer():
    from tests.factories import JobOfferFactory

    return JobOfferFactory(published=True)
