"""Replies from candidates: the reply address, the mail server's endpoint, the quarantine."""

import pytest
from django.core import mail
from django.test import override_settings
from django.urls import reverse

from tests.factories import pdf_upload
from tests.hiring.conversations.conftest import PDF, SECRET, raw_reply
from vivier.hiring.conversations import services
from vivier.hiring.conversations.addresses import read_address, reply_address, reply_token
from vivier.hiring.conversations.models import (
    InboundAttachment,
    InboundMessage,
    InboundStatus,
    QuarantineReason,
)
from vivier.hiring.services import ApplicantDetails, submit_application

pytestmark = pytest.mark.django_db


def post(client, raw: bytes, secret=SECRET, **extra):
    return client.post(
        reverse("conversations:inbound"), data=raw, content_type="message/rfc822",
        headers={"X-Vivier-Inbound-Secret": secret} if secret else {}, **extra,
    )  # fmt: skip


def test_outgoing_mail_carries_the_applications_reply_address(
    offer, employer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        application, _created = submit_application(
            offer=offer,
            details=ApplicantDetails(first_name="Lou", last_name="Test", email="lou@example.test"),
            cv=pdf_upload(),
        )
    (email,) = mail.outbox
    (address,) = email.reply_to
    assert address == reply_address(application)
    assert address.startswith(f"reply+{application.pk}-") and address.endswith(
        "@reponses.example.test"
    )
    assert read_address(address.upper()) == (True, application.pk)  # case does not matter


@override_settings(REPLY_DOMAIN="")
def test_without_a_reply_domain_the_employers_contact_stays_the_reply_to(
    offer, employer, django_capture_on_commit_callbacks
):
    employer.contact_email = "rh@example.test"
    employer.save()
    with django_capture_on_commit_callbacks(execute=True):
        submit_application(
            offer=offer,
            details=ApplicantDetails(first_name="Lou", last_name="Test", email="lou@example.test"),
            cv=pdf_upload(),
        )
    assert mail.outbox[0].reply_to == ["rh@example.test"]


def test_a_reply_with_a_good_token_joins_the_thread_with_its_attachment(client, application):
    raw = raw_reply(reply_address(application), attachments=[PDF])
    response = post(client, raw)
    assert response.status_code == 202
    record = InboundMessage.objects.get()
    assert response.json() == {"id": record.pk, "status": "attached", "reason": ""}
    assert record.application == application and record.status == InboundStatus.ATTACHED
    assert record.body == "Merci, à lundi !" and record.from_address == "gael@example.test"
    assert record.raw.storage.location.endswith("private") or "private" in str(
        record.raw.storage.location
    )
    with record.raw.open("rb") as handle:
        assert handle.read() == raw  # kept exactly as it came
    (attachment,) = record.attachments.all()
    assert attachment.original_name == "attestation.pdf"
    assert attachment.content_type == "application/pdf" and attachment.size == len(PDF[1])
    with attachment.file.open("rb") as handle:
        assert handle.read() == PDF[1]


def test_the_same_message_posted_twice_is_kept_once(client, application):
    raw = raw_reply(reply_address(application))
    first, second = post(client, raw), post(client, raw)
    assert first.status_code == second.status_code == 202
    assert first.json()["id"] == second.json()["id"]
    assert InboundMessage.objects.count() == 1


def test_a_forged_token_goes_to_quarantine(client, application):
    forged = f"reply+{application.pk}-{'0' * 32}@reponses.example.test"
    response = post(client, raw_reply(forged))
    assert response.status_code == 202
    record = InboundMessage.objects.get()
    assert record.status == InboundStatus.QUARANTINED and record.application is None
    assert record.quarantine_reason == QuarantineReason.FORGED_TOKEN
    assert record.body == "Merci, à lundi !"  # nothing lost


def test_another_applications_token_does_not_open_this_one(client, application):
    other_token = reply_token(application.pk + 1)
    response = post(
        client, raw_reply(f"reply+{application.pk}-{other_token}@reponses.example.test")
    )
    assert response.json()["reason"] == "forged"


def test_an_address_not_ours_goes_to_quarantine(client, application):
    post(client, raw_reply("recrutement@example.test"))
    record = InboundMessage.objects.get()
    assert record.quarantine_reason == QuarantineReason.UNKNOWN_ADDRESS


def test_the_envelope_recipient_given_by_the_mail_server_counts(client, application):
    raw = raw_reply("Équipe RH <recrutement@example.test>")
    response = client.post(
        reverse("conversations:inbound"), data=raw, content_type="message/rfc822",
        headers={
            "X-Vivier-Inbound-Secret": SECRET, "X-Vivier-Recipient": reply_address(application)
        },
    )  # fmt: skip
    assert response.json()["status"] == "attached"


@pytest.mark.parametrize(
    "raw",
    [
        b"\x00\xff\xfe garbage that is not a message \x00",
        b"no headers here, only text\r\nand more text",
        b"Subject: no sender\r\n\r\nbody",
    ],
)
def test_a_malformed_message_goes_to_quarantine_with_its_bytes(client, raw):
    response = post(client, raw)
    assert response.status_code == 202
    record = InboundMessage.objects.get()
    assert record.status == InboundStatus.QUARANTINED
    assert record.quarantine_reason == QuarantineReason.MALFORMED and record.problem
    with record.raw.open("rb") as handle:
        assert handle.read() == raw


def test_the_endpoint_refuses_a_wrong_secret_and_stores_nothing(client, application):
    raw = raw_reply(reply_address(application))
    assert post(client, raw, secret="guess").status_code == 403
    assert post(client, raw, secret="").status_code == 403
    assert not InboundMessage.objects.exists()


@override_settings(INBOUND_MAIL_SECRET="")
def test_the_endpoint_is_off_without_a_secret(client, application):
    assert post(client, raw_reply(reply_address(application)), secret="").status_code == 404


@override_settings(INBOUND_MAIL_MAX_BYTES=1000)
def test_a_message_too_large_is_refused_for_the_mail_server_to_bounce(client, application):
    raw = raw_reply(reply_address(application), body="x" * 2000)
    response = post(client, raw)
    assert response.status_code == 413 and not InboundMessage.objects.exists()


def test_an_unacceptable_attachment_is_not_kept_but_the_message_is(client, application):
    program = ("outil.exe", b"MZ\x90\x00" + b"\x00" * 100, "application", "octet-stream")
    post(client, raw_reply(reply_address(application), attachments=[program, PDF]))
    record = InboundMessage.objects.get()
    assert [a.original_name for a in record.attachments.all()] == ["attestation.pdf"]
    (refused,) = record.refused_attachments
    assert refused["name"] == "outil.exe" and "PDF" in refused["reason"]


@override_settings(INBOUND_ATTACHMENT_MAX_BYTES=100)
def test_an_attachment_too_large_is_not_kept(client, application):
    post(client, raw_reply(reply_address(application), attachments=[PDF]))
    record = InboundMessage.objects.get()
    assert not InboundAttachment.objects.exists()
    assert record.refused_attachments[0]["name"] == "attestation.pdf"


def test_an_html_only_reply_is_read_as_text(client, application):
    from email.message import EmailMessage

    message = EmailMessage()
    message["From"] = "gael@example.test"
    message["To"] = reply_address(application)
    message["Subject"] = "Re"
    message.set_content("<p>Je suis <b>disponible</b> mardi.</p>", subtype="html")
    post(client, message.as_bytes())
    assert InboundMessage.objects.get().body == "Je suis disponible mardi."


def test_a_reply_from_the_space_joins_the_thread(application):
    record = services.record_candidate_reply(application, "Voici mon attestation.", [pdf_upload()])
    assert record.via == "space" and record.status == InboundStatus.ATTACHED
    assert record.attachments.get().content_type == "application/pdf"


def test_a_reply_from_the_space_with_a_bad_file_is_refused_whole(application):
    from django.core.exceptions import ValidationError
    from django.core.files.uploadedfile import SimpleUploadedFile

    bad = SimpleUploadedFile("notes.txt", b"plain text")
    with pytest.raises(ValidationError) as error:
        services.record_candidate_reply(application, "Voici", [bad])
    assert "notes.txt" in str(error.value)
    assert not InboundMessage.objects.exists()


def test_the_pipe_command_stores_a_message_from_standard_input(application, monkeypatch):
    import io
    import sys

    from django.core.management import call_command

    raw = raw_reply(reply_address(application))
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(raw)))
    out = io.StringIO()
    call_command("receive_mail", stdout=out)
    assert "attached" in out.getvalue()
    assert InboundMessage.objects.get().application == application
