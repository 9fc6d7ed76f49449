"""Every hiring e-mail to a candidate ends with their rights and the address of their candidate
space, in their language, in the text and in the HTML version; the address signs nobody in."""

import datetime as dt
import re

import pytest
from django.core import mail
from django.utils import timezone

from tests.factories import ApplicationFactory, CandidateFactory
from vivier.hiring.conversations.services import send_reply
from vivier.hiring.interviews.services import SlotTimes, book_slot, schedule_interview
from vivier.hiring.models import PipelineStage, StageEmail, StageKind
from vivier.hiring.offer_letters import services as offer_letters
from vivier.hiring.services import move_application

pytestmark = pytest.mark.django_db


def html_of(email) -> str:
    (html, mimetype) = email.alternatives[0]
    assert mimetype == "text/html"
    return html


def space_links(html: str) -> list[str]:
    return re.findall(r'<a href="([^"]*espace-candidat[^"]*)"', html)


@pytest.fixture
def application(offer):
    return ApplicationFactory(
        offer=offer, stage=PipelineStage.for_offer(offer, StageKind.NEW),
        candidate=CandidateFactory(first_name="Lou", email="lou@example.test"),
    )  # fmt: skip


def enter_screening(application, bob, capture, *, body="Bonjour {candidate_first_name} !"):
    stage = PipelineStage.for_offer(application.offer, StageKind.SCREENING)
    StageEmail.objects.create(stage=stage, language="fr", subject="Votre dossier", body=body)
    StageEmail.objects.create(stage=stage, language="en", subject="Your file", body=body)
    mail.outbox.clear()
    with capture(execute=True):
        move_application(application=application, stage=stage, by=bob)
    (email,) = mail.outbox
    return email


def test_a_stage_email_links_to_the_space_in_french_in_text_and_html(
    application, bob, settings, django_capture_on_commit_callbacks
):
    email = enter_screening(application, bob, django_capture_on_commit_callbacks)
    space = settings.SITE_URL + "/espace-candidat/"
    assert email.body.startswith("Bonjour Lou !\n\n--\n")
    footer = email.body.split("\n\n--\n")[1]
    assert "/donnees-personnelles/" in footer
    assert footer.endswith(
        f"Votre espace candidat, pour suivre vos candidatures et nous répondre : {space}"
    )
    html = html_of(email)
    assert '<html lang="fr">' in html
    assert space_links(html) == [space]
    assert "Votre espace candidat, pour suivre vos candidatures" in html
    # The sign-in page, not a sign-in link: nothing in the e-mail lets another reader in.
    assert "/connexion/" not in email.body and "/connexion/" not in html


def test_a_candidate_who_applied_in_english_gets_the_english_space(
    application, bob, settings, django_capture_on_commit_callbacks
):
    application.language = "en"
    application.save(update_fields=["language"])
    email = enter_screening(application, bob, django_capture_on_commit_callbacks)
    space = settings.SITE_URL + "/en/espace-candidat/"
    assert email.body.endswith(
        f"Your candidate space, to follow your applications and answer us: {space}"
    )
    html = html_of(email)
    assert '<html lang="en">' in html and space_links(html) == [space]


def test_the_html_version_escapes_what_the_team_wrote(
    application, bob, django_capture_on_commit_callbacks
):
    email = enter_screening(
        application, bob, django_capture_on_commit_callbacks,
        body='<img src="https://tracker.example.test/x.gif">Bonjour\n\nÀ bientôt',
    )  # fmt: skip
    html = html_of(email)
    assert "<img" not in html
    assert "<p>&lt;img src=" in html and "<p>À bientôt</p>" in html


def test_the_interview_invitation_links_the_candidate_to_the_space_not_the_interviewers(
    application, bob, settings, django_capture_on_commit_callbacks
):
    start = timezone.now().replace(microsecond=0) + dt.timedelta(days=3)
    with django_capture_on_commit_callbacks(execute=True):
        interview = schedule_interview(
            application=application, interviewers=[bob], location="Salle 4",
            new_slots=[SlotTimes(start, start + dt.timedelta(minutes=45))], by=bob,
        )  # fmt: skip
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        book_slot(token_or_interview=interview.token, slot=interview.proposed_slots.first())
    space = settings.SITE_URL + "/espace-candidat/"
    to_candidate = next(email for email in mail.outbox if email.to == ["lou@example.test"])
    to_bob = next(email for email in mail.outbox if email.to == [bob.email])
    assert to_candidate.body.endswith(space)
    assert space_links(html_of(to_candidate)) == [space]
    assert [name for name, _content, _type in to_candidate.attachments] == ["invitation.ics"]
    assert "espace-candidat" not in to_bob.body
    assert space_links(html_of(to_bob)) == []


def test_the_slot_choice_and_the_offer_letter_link_to_the_space(
    application, bob, settings, django_capture_on_commit_callbacks
):
    space = settings.SITE_URL + "/espace-candidat/"
    start = timezone.now().replace(microsecond=0) + dt.timedelta(days=3)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        schedule_interview(
            application=application, interviewers=[bob], location="Salle 4",
            new_slots=[SlotTimes(start, start + dt.timedelta(minutes=45))], by=bob,
        )  # fmt: skip
    (choice,) = mail.outbox
    assert "/entretiens/" in choice.body and choice.body.endswith(space)
    assert space_links(html_of(choice)) == [space]

    values = offer_letters.initial_values(application) | {
        "salary": "38 000 € bruts par an",
        "start_date": timezone.localdate() + dt.timedelta(days=30),
    }
    letter = offer_letters.create_offer_letter(application=application, by=bob, **values)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        offer_letters.send_offer_letter(letter=letter, by=bob)
    (email,) = mail.outbox
    assert "/proposition-embauche/" in email.body and email.body.endswith(space)
    html = html_of(email)
    assert space_links(html) == [space]
    assert re.search(r'<a href="[^"]*/proposition-embauche/[^"]+/"', html)
    assert [mimetype for _name, _data, mimetype in email.attachments] == ["application/pdf"]


def test_a_conversation_message_links_to_the_space(
    application, bob, settings, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        send_reply(application=application, subject="Question", body="Êtes-vous libre ?", by=bob)
    (email,) = mail.outbox
    space = settings.SITE_URL + "/espace-candidat/"
    assert email.body.startswith("Êtes-vous libre ?\n\n--\n") and email.body.endswith(space)
    assert space_links(html_of(email)) == [space]
