"""The demo data has offer letters (one accepted, one waiting) and a conversation; the waiting
letter and the conversation are the demo candidate's, whose space shows four applications."""

import pytest
from django.core.management import call_command

from vivier.accounts.candidates import may_open_a_candidate_space
from vivier.careers.space.demo import DEMO_CANDIDATE
from vivier.hiring.conversations.models import InboundMessage, ReplyTemplate, ScheduledMessage
from vivier.hiring.models import Application
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

    email = DEMO_CANDIDATE["email"]
    hers = Application.objects.filter(candidate__email=email)
    assert sorted(hers.values_list("stage__kind", flat=True)) == [
        "new", "offer", "rejected", "screening"
    ]  # fmt: skip
    assert letters.get(status="sent").application.candidate.email == email
    assert reply.application.candidate.email == email
    assert may_open_a_candidate_space(email)
    assert email in capsys.readouterr().out  # the demo says how she signs in
