"""The mailbox poller against an IMAP server on loopback (tests/.../imap_server.py)."""

import os

import pytest
from django.core.management import CommandError, call_command

from tests.hiring.conversations.conftest import PDF, raw_reply
from tests.hiring.conversations.imap_server import IMAPServer, Mailbox
from vivier.hiring.conversations.addresses import reply_address
from vivier.hiring.conversations.models import InboundMessage

pytestmark = pytest.mark.django_db


@pytest.fixture
def mailbox():
    box = Mailbox("vivier", "s3cret pass")
    with IMAPServer(box) as server:
        box.url = f"imap://vivier:s3cret%20pass@127.0.0.1:{server.port}/INBOX"
        yield box


def test_the_poller_stores_each_message_then_deletes_it_from_the_mailbox(mailbox, application):
    mailbox.add(raw_reply(reply_address(application), attachments=[PDF]))
    mailbox.add(raw_reply("reply+1-deadbeef@reponses.example.test"))
    mailbox.add(b"\x00 not a message")
    call_command("poll_inbound_mail", url=mailbox.url)
    records = {record.status: record for record in InboundMessage.objects.all()}
    assert InboundMessage.objects.count() == 3
    attached = InboundMessage.objects.get(status="attached")
    assert attached.application == application and attached.via == "imap"
    assert attached.attachments.get().original_name == "attestation.pdf"
    assert sorted(
        InboundMessage.objects.filter(status="quarantined").values_list(
            "quarantine_reason", flat=True
        )
    ) == ["forged", "malformed"]
    assert records and mailbox.messages == {}


def test_reading_the_mailbox_again_makes_no_duplicate(mailbox, application):
    raw = raw_reply(reply_address(application))
    mailbox.add(raw)
    call_command("poll_inbound_mail", url=mailbox.url)
    mailbox.add(raw)  # e.g. the worker stopped before the mailbox's EXPUNGE
    call_command("poll_inbound_mail", url=mailbox.url)
    assert InboundMessage.objects.count() == 1


def test_wrong_credentials_fail_loudly_and_leave_the_mailbox_alone(mailbox, application):
    mailbox.add(raw_reply(reply_address(application)))
    with pytest.raises(CommandError):
        call_command("poll_inbound_mail", url=mailbox.url.replace("s3cret", "wrong"))
    assert len(mailbox.messages) == 1 and not InboundMessage.objects.exists()


def test_the_poller_needs_a_mailbox(settings):
    settings.INBOUND_IMAP_URL = ""
    with pytest.raises(CommandError):
        call_command("poll_inbound_mail")


REAL_IMAP_URL = os.environ.get("VIVIER_TEST_IMAP_URL", "")


@pytest.mark.skipif(not REAL_IMAP_URL, reason="VIVIER_TEST_IMAP_URL names no real IMAP server")
def test_the_poller_against_a_real_imap_server(application):
    """Run with e.g. Dovecot: VIVIER_TEST_IMAP_URL=imap://user:pass@127.0.0.1:14300/INBOX.

    The mailbox is emptied by the test: use a throw-away account.
    """
    from vivier.hiring.conversations.imap import connect

    connection = connect(REAL_IMAP_URL)
    for raw in [raw_reply(reply_address(application), attachments=[PDF]), b"\x00 not a message"]:
        connection.append("INBOX", None, None, raw)
    connection.logout()
    call_command("poll_inbound_mail", url=REAL_IMAP_URL)
    attached = InboundMessage.objects.get(status="attached")
    assert attached.application == application and attached.via == "imap"
    assert attached.attachments.get().original_name == "attestation.pdf"
    assert InboundMessage.objects.get(status="quarantined").quarantine_reason == "malformed"
    connection = connect(REAL_IMAP_URL)
    _status, data = connection.uid("SEARCH", None, "ALL")
    connection.logout()
    assert data[0].split() == []  # read, stored, then deleted from the mailbox
