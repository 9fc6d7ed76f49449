"""E-mails to candidates go out from the Message rows: claimed with a lease, marked sent once the
mail server accepted them, swept up again when a worker or the queue lost them."""

import datetime as dt
import smtplib

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from tests.factories import pdf_upload
from vivier.hiring.models import Message
from vivier.hiring.services import (
    MESSAGE_MAX_ATTEMPTS,
    ApplicantDetails,
    deliver_message,
    send_pending_messages,
    submit_application,
)

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 11, 23, 10, 0, tzinfo=dt.UTC)


@pytest.fixture
def message(employer, offer):
    """The confirmation of a new application, written with it and not sent yet."""
    with time_machine.travel(NOW, tick=False):
        application, _created = submit_application(
            offer=offer,
            details=ApplicantDetails(first_name="Lou", last_name="Test", email="lou@example.test"),
            cv=pdf_upload(),
        )  # the queued task never ran: on_commit callbacks do not run in this test
    return application.messages.get()


def test_the_confirmation_is_written_with_the_application_before_any_worker(message):
    assert message.sent_at is None and message.claimed_at is None
    assert mail.outbox == []


def test_an_email_is_sent_once_under_a_stable_message_id(message):
    deliver_message(message)
    deliver_message(message)
    assert len(mail.outbox) == 1
    assert mail.outbox[0].extra_headers["Message-ID"] == message.message_id
    assert message.message_id.startswith(f"<message.{message.pk}.") and "@127.0.0.1>" in (
        message.message_id
    )
    message.refresh_from_db()
    assert message.sent_at is not None and message.send_attempts == 1


def test_a_failed_send_releases_the_claim_for_the_retry(message, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 9, 2
    with pytest.raises((OSError, smtplib.SMTPException)):
        deliver_message(message)
    message.refresh_from_db()
    assert message.sent_at is None and message.claimed_at is None and message.send_attempts == 1
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    deliver_message(message)
    assert len(mail.outbox) == 1


def test_a_claim_held_by_a_live_worker_is_left_alone_until_its_lease_runs_out(message, settings):
    with time_machine.travel(NOW, tick=False):
        Message.objects.filter(pk=message.pk).update(claimed_at=timezone.now())
    with time_machine.travel(NOW + dt.timedelta(seconds=settings.MESSAGE_LEASE_S - 1), tick=False):
        deliver_message(message)
        assert send_pending_messages() == 0
    assert mail.outbox == []
    with time_machine.travel(NOW + dt.timedelta(seconds=settings.MESSAGE_LEASE_S + 1), tick=False):
        assert send_pending_messages() == 1  # the task runs at once in tests
    assert len(mail.outbox) == 1
    message.refresh_from_db()
    assert message.sent_at is not None


def test_the_sweep_sends_what_was_never_queued_and_nothing_else(message, settings, offer):
    lease = dt.timedelta(seconds=settings.MESSAGE_LEASE_S)
    with time_machine.travel(NOW + lease / 2, tick=False):
        assert send_pending_messages() == 0  # young: its own task may still be on its way
    given_up = Message.objects.create(
        application=message.application, subject="s", body="b", send_attempts=MESSAGE_MAX_ATTEMPTS
    )
    Message.objects.filter(pk=given_up.pk).update(created_at=NOW)
    with time_machine.travel(NOW + lease * 2, tick=False):
        assert send_pending_messages() == 1
        assert send_pending_messages() == 0
    assert [sent.subject for sent in mail.outbox] == [message.subject]
