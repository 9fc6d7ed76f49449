"""The conversation screen, templates, scheduled sending, the quarantine and personal data."""

import datetime as dt

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from tests.hiring.conversations.conftest import PDF, raw_reply
from vivier.hiring.conversations import services
from vivier.hiring.conversations.addresses import reply_address
from vivier.hiring.conversations.models import (
    InboundAttachment,
    InboundMessage,
    ReplyTemplate,
    ScheduledMessage,
)
from vivier.hiring.models import Message
from vivier.privacy.models import AuditEntry

pytestmark = pytest.mark.django_db


def test_the_thread_shows_both_directions_in_time_order_and_is_audited(
    client, application, hana, employer
):
    Message.objects.create(application=application, subject="Votre candidature", body="Bonjour")
    services.receive_raw_message(raw_reply(reply_address(application), attachments=[PDF]))
    client.force_login(hana)
    page = client.get(reverse("conversations:thread", kwargs={"pk": application.pk}))
    assert page.status_code == 200
    directions = [entry.direction for entry in page.context["entries"]]
    assert sorted(directions) == ["in", "out"]
    html = page.content.decode()
    assert "Merci, à lundi !" in html and "attestation.pdf" in html
    assert AuditEntry.objects.filter(
        actor=hana, object_id=str(application.pk), detail="conversation"
    ).exists()


def test_the_thread_reads_in_a_fixed_number_of_queries(
    client, application, bob, django_assert_max_num_queries
):
    for number in range(5):
        Message.objects.create(application=application, subject=f"S{number}", body="B")
        services.record_candidate_reply(application, f"Réponse {number}")
    client.force_login(bob)
    with django_assert_max_num_queries(25):
        client.get(reverse("conversations:thread", kwargs={"pk": application.pk}))


def test_a_reply_from_a_template_has_its_placeholders_filled(
    client, application, bob, employer, django_capture_on_commit_callbacks
):
    template = ReplyTemplate.objects.create(
        name="Disponibilités", language="fr", subject="{offer_title} : vos disponibilités",
        body="Bonjour {candidate_first_name},\n\nQuand seriez-vous libre ?",
    )  # fmt: skip
    client.force_login(bob)
    url = reverse("conversations:thread", kwargs={"pk": application.pk})
    initial = client.get(url, {"template": template.pk}).context["form"].initial
    assert initial["body"].startswith("Bonjour Gaël,")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"subject": initial["subject"], "body": initial["body"]})
    assert response.status_code == 302
    (email,) = mail.outbox
    assert email.to == ["gael@example.test"] and email.body.startswith("Bonjour Gaël,")
    assert email.subject == f"{application.offer.title} : vos disponibilités"
    assert email.reply_to == [reply_address(application)]


def test_a_scheduled_email_goes_only_once_its_time_has_come(
    client, application, bob, django_capture_on_commit_callbacks
):
    client.force_login(bob)
    url = reverse("conversations:thread", kwargs={"pk": application.pk})
    later = timezone.localtime() + dt.timedelta(hours=2)
    client.post(url, {"subject": "Rappel", "body": "À demain {candidate_first_name}",
                      "send_at": later.strftime("%Y-%m-%dT%H:%M")})  # fmt: skip
    scheduled = ScheduledMessage.objects.get()
    assert scheduled.body == "À demain Gaël" and not Message.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        assert services.send_due_messages() == 0
    assert mail.outbox == []
    with (
        time_machine.travel(later + dt.timedelta(minutes=1)),
        django_capture_on_commit_callbacks(execute=True),
    ):
        assert services.send_due_messages() == 1
        assert services.send_due_messages() == 0  # once only
    (email,) = mail.outbox
    assert email.subject == "Rappel" and email.to == ["gael@example.test"]
    scheduled.refresh_from_db()
    assert scheduled.message.sent_at is not None and scheduled.message.sent_by == bob


def test_a_scheduled_email_can_be_cancelled_before_its_time(client, application, bob):
    scheduled = services.send_reply(
        application=application, subject="S", body="B", by=bob,
        send_at=timezone.now() + dt.timedelta(hours=1),
    )  # fmt: skip
    client.force_login(bob)
    client.post(reverse("conversations:cancel_scheduled", kwargs={"pk": scheduled.pk}))
    with time_machine.travel(timezone.now() + dt.timedelta(hours=2)):
        assert services.send_due_messages() == 0
    assert not Message.objects.exists()


def test_a_time_in_the_past_is_refused_with_a_clear_error(client, application, bob):
    client.force_login(bob)
    url = reverse("conversations:thread", kwargs={"pk": application.pk})
    response = client.post(url, {"subject": "S", "body": "B", "send_at": "2020-01-01T10:00"})
    assert response.status_code == 200 and response.context["form"].errors["send_at"]
    assert not ScheduledMessage.objects.exists() and not Message.objects.exists()


def test_the_staff_assign_a_quarantined_message_to_its_application(client, application, bob):
    record = services.receive_raw_message(raw_reply("recrutement@example.test"))
    client.force_login(bob)
    url = reverse("conversations:quarantined", kwargs={"pk": record.pk})
    page = client.get(url)
    assert application in list(page.context["suggestions"])  # same sender address
    response = client.post(url, {"application": application.pk})
    assert response.status_code == 302
    record.refresh_from_db()
    assert record.application == application and record.status == "attached"
    assert record.assigned_by == bob


def test_assigning_to_an_unknown_application_says_so(client, application, bob):
    record = services.receive_raw_message(raw_reply("recrutement@example.test"))
    client.force_login(bob)
    url = reverse("conversations:quarantined", kwargs={"pk": record.pk})
    response = client.post(url, {"application": 999999})
    assert response.status_code == 200 and response.context["form"].errors["application"]
    record.refresh_from_db()
    assert record.status == "quarantined"


def test_the_staff_discard_a_quarantined_message_and_its_files(
    client, bob, django_capture_on_commit_callbacks
):
    record = services.receive_raw_message(raw_reply("x@example.test", attachments=[PDF]))
    storage, names = record.raw.storage, [record.raw.name, record.attachments.get().file.name]
    client.force_login(bob)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("conversations:discard", kwargs={"pk": record.pk}))
    assert response.status_code == 302
    assert not InboundMessage.objects.exists() and not InboundAttachment.objects.exists()
    assert not any(storage.exists(name) for name in names)


def test_the_quarantine_lists_what_waits(client, bob, application):
    services.receive_raw_message(raw_reply("x@example.test", subject="Question"))
    services.receive_raw_message(raw_reply(reply_address(application), subject="Dans le fil"))
    client.force_login(bob)
    html = client.get(reverse("conversations:quarantine")).content.decode()
    assert "Question" in html and "Dans le fil" not in html


def test_a_hiring_manager_cannot_download_another_offers_attachment(client, hugo, application):
    record = services.receive_raw_message(raw_reply(reply_address(application), attachments=[PDF]))
    client.force_login(hugo)
    url = reverse("conversations:attachment", kwargs={"pk": record.attachments.get().pk})
    assert client.get(url).status_code == 404


def test_the_personal_data_export_and_erasure_include_conversations_and_offers(
    application, bob, django_capture_on_commit_callbacks
):
    from vivier.hiring.offer_letters import services as offer_services
    from vivier.privacy.personal_data import find_person, related_records
    from vivier.privacy.rights import erase_person

    record = services.receive_raw_message(raw_reply(reply_address(application), attachments=[PDF]))
    services.send_reply(
        application=application, subject="S", body="B", by=bob,
        send_at=timezone.now() + dt.timedelta(days=1),
    )  # fmt: skip
    values = offer_services.initial_values(application) | {
        "salary": "1", "start_date": dt.date(2031, 1, 1)
    }  # fmt: skip
    letter = offer_services.create_offer_letter(application=application, by=bob, **values)
    person = find_person("gael@example.test")
    found = {type(r).__name__ for root in person.roots for r in related_records(root)}
    assert {"InboundMessage", "InboundAttachment", "ScheduledMessage", "OfferLetter"} <= found
    files = [record.raw.name, record.attachments.get().file.name]
    storage = record.raw.storage
    with django_capture_on_commit_callbacks(execute=True):
        erase_person(email="gael@example.test", by=bob)
    assert not InboundMessage.objects.filter(pk=record.pk).exists()
    assert not InboundAttachment.objects.exists() and not ScheduledMessage.objects.exists()
    assert not type(letter).objects.filter(pk=letter.pk).exists()
    assert not any(storage.exists(name) for name in files)
    application.refresh_from_db()  # the application stays, nameless, for the statistics
    assert application.candidate.anonymised_at is not None
