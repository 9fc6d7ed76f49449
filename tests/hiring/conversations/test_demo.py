"""The demo data has offer letters (one accepted, one waiting) and a conversation."""

import pytest
from django.core.management import call_command

from vivier.hiring.conversations.models import InboundMessage, ReplyTemplate, ScheduledMessage
from vivier.hiring.offer_letters.models import OfferLetter

pytestmark = pytest.mark.django_db


def test_the_demo_has_offer_letters_and_a_conversation(settings, capsys):
    settings.DEBUG = True
    call_command("demo", "--days", "7")
    letters = OfferLetter.objects.select_related("application__stage")
    assert sorted(letters.values_list("status", flat=True)) == ["accepted", "sent"]
    accepted = letters.get(status="accepted")
    assert accepted.application.stage.kind == "hired" and accepted.pdf
    reply = InboundMessage.objects.get(status="attached")
    assert reply.attachments.count() == 1
    assert reply.application.messages.count() >= 2  # the team's e-mails around it
    assert InboundMessage.objects.filter(status="quarantined").count() == 1
    assert ScheduledMessage.objects.filter(queued_at__isnull=True).count() == 1
    assert ReplyTemplate.objects.exists()
