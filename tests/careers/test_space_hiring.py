"""The space calls hiring's sub-apps: a slot booked, an answer to the team, an offer answered."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from tests.factories import ApplicationFactory, CandidateFactory, pdf_upload
from vivier.accounts.candidates import candidate_account
from vivier.hiring.conversations.models import InboundMessage, Via
from vivier.hiring.conversations.services import send_reply
from vivier.hiring.interviews.models import InterviewStatus
from vivier.hiring.interviews.services import SlotTimes, schedule_interview
from vivier.hiring.models import PipelineStage
from vivier.hiring.offer_letters import services as letters
from vivier.hiring.offer_letters.models import LetterStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def lou(employer):
    return candidate_account(email="lou.exemple@example.test")


@pytest.fixture
def application(offer, lou):
    return ApplicationFactory(
        offer=offer,
        candidate=CandidateFactory(email=lou.email),
        stage=PipelineStage.for_offer(offer, "interview"),
    )


@pytest.fixture
def signed_in(client, lou):
    client.force_login(lou)
    return client


def page(client, application) -> str:
    return client.get(reverse("space:application", kwargs={"pk": application.pk})).content.decode()


def an_interview(application, bob, django_capture_on_commit_callbacks, slots=2):
    start = timezone.now() + dt.timedelta(days=3)
    times = [
        SlotTimes(start + dt.timedelta(hours=i), start + dt.timedelta(hours=i, minutes=45))
        for i in range(slots)
    ]
    with django_capture_on_commit_callbacks(execute=True):
        return schedule_interview(
            application=application, interviewers=[bob], new_slots=times,
            location="Hôtel de Région, salle 2", instructions="Ne pas parler du salaire", by=bob,
        )  # fmt: skip


def test_the_candidate_books_a_proposed_slot_from_the_space(
    signed_in, application, bob, django_capture_on_commit_callbacks
):
    interview = an_interview(application, bob, django_capture_on_commit_callbacks)
    html = page(signed_in, application)
    assert "Hôtel de Région, salle 2" in html
    assert "Ne pas parler du salaire" not in html  # the interviewers' instructions
    slot = interview.proposed_slots.order_by("starts_at").last()
    with django_capture_on_commit_callbacks(execute=True):
        response = signed_in.post(
            reverse("space:choose_slot", kwargs={"pk": application.pk}),
            {"interview": interview.pk, "slot": slot.pk},
        )
    assert response.status_code == 302
    interview.refresh_from_db()
    assert interview.status == InterviewStatus.SCHEDULED
    assert interview.slot == slot
    assert reverse("interviews:candidate_ics", kwargs={"token": interview.token}) in page(
        signed_in, application
    )


def test_a_slot_taken_by_someone_else_is_refused_with_a_message(
    signed_in, application, bob, offer, django_capture_on_commit_callbacks
):
    from vivier.hiring.interviews.services import book_slot

    interview = an_interview(application, bob, django_capture_on_commit_callbacks, slots=1)
    slot = interview.proposed_slots.get()
    other = ApplicationFactory(offer=offer, stage=application.stage)
    with django_capture_on_commit_callbacks(execute=True):
        rival = schedule_interview(
            application=other, interviewers=[bob], new_slots=[], shared_slots=[slot], by=bob
        )
        book_slot(token_or_interview=rival, slot=slot)
    response = signed_in.post(
        reverse("space:choose_slot", kwargs={"pk": application.pk}),
        {"interview": interview.pk, "slot": slot.pk},
        follow=True,
    )
    assert response.status_code == 200
    interview.refresh_from_db()
    assert interview.status == InterviewStatus.PROPOSED
    shown = [str(message) for message in response.context["messages"]]
    assert len(shown) == 1 and shown[0] != ""
    assert "booked" not in shown[0] and "réservé" not in shown[0]


def test_another_applications_interview_cannot_be_booked(
    signed_in, application, bob, offer, django_capture_on_commit_callbacks
):
    other = ApplicationFactory(offer=offer, stage=application.stage)
    theirs = an_interview(other, bob, django_capture_on_commit_callbacks)
    response = signed_in.post(
        reverse("space:choose_slot", kwargs={"pk": application.pk}),
        {"interview": theirs.pk, "slot": theirs.proposed_slots.first().pk},
    )
    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.status == InterviewStatus.PROPOSED


def test_the_candidate_reads_the_thread_and_answers(
    signed_in, application, bob, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        send_reply(
            application=application, subject="Vos disponibilités", body="Quand êtes-vous libre ?",
            by=bob,
        )  # fmt: skip
    assert "Quand êtes-vous libre ?" in page(signed_in, application)
    response = signed_in.post(
        reverse("space:reply", kwargs={"pk": application.pk}),
        {"body": "Mardi matin.", "attachment": pdf_upload("dispo.pdf")},
    )
    assert response.status_code == 302
    reply = InboundMessage.objects.get(application=application)
    assert reply.via == Via.SPACE
    assert reply.body == "Mardi matin."
    assert [a.original_name for a in reply.attachments.all()] == ["dispo.pdf"]
    html = page(signed_in, application)
    assert "Mardi matin." in html and "dispo.pdf" in html


def test_a_bad_attachment_is_refused_and_the_text_kept(signed_in, application):
    response = signed_in.post(
        reverse("space:reply", kwargs={"pk": application.pk}),
        {"body": "Voici mon fichier", "attachment": SimpleUploadedFile("x.exe", b"MZ\x90\x00")},
    )
    assert response.status_code == 400
    assert "Voici mon fichier" in response.content.decode()
    assert not InboundMessage.objects.exists()


def sent_letter(application, bob, django_capture_on_commit_callbacks):
    values = letters.initial_values(application) | {
        "salary": "38 000 € bruts par an",
        "start_date": timezone.localdate() + dt.timedelta(days=30),
        "answer_by": timezone.localdate() + dt.timedelta(days=7),
    }
    letter = letters.create_offer_letter(application=application, by=bob, **values)
    with django_capture_on_commit_callbacks(execute=True):
        return letters.send_offer_letter(letter=letter, by=bob)


def test_a_draft_letter_is_not_shown(signed_in, application, bob):
    values = letters.initial_values(application) | {
        "salary": "99 999 € (brouillon)",
        "start_date": timezone.localdate() + dt.timedelta(days=30),
        "answer_by": timezone.localdate() + dt.timedelta(days=7),
    }
    letters.create_offer_letter(application=application, by=bob, **values)
    assert "99 999" not in page(signed_in, application)


def test_the_candidate_accepts_the_offer_from_the_space(
    signed_in, application, bob, django_capture_on_commit_callbacks
):
    letter = sent_letter(application, bob, django_capture_on_commit_callbacks)
    assert "38 000 € bruts par an" in page(signed_in, application)
    pdf = signed_in.get(
        reverse("space:offer_pdf", kwargs={"pk": application.pk, "letter_pk": letter.pk})
    )
    assert pdf.status_code == 200 and b"".join(pdf.streaming_content).startswith(b"%PDF-")
    url = reverse("space:answer_offer", kwargs={"pk": application.pk, "letter_pk": letter.pk})
    with django_capture_on_commit_callbacks(execute=True):
        assert signed_in.post(url, {"action": "accept"}).status_code == 302
    letter.refresh_from_db()
    assert letter.status == LetterStatus.ACCEPTED and letter.decided_via == "space"
    application.refresh_from_db()
    assert application.stage.kind == "hired"


def test_the_candidate_declines_the_offer_with_a_reason(
    signed_in, application, bob, django_capture_on_commit_callbacks
):
    letter = sent_letter(application, bob, django_capture_on_commit_callbacks)
    url = reverse("space:answer_offer", kwargs={"pk": application.pk, "letter_pk": letter.pk})
    signed_in.post(url, {"action": "decline", "reason": "Trop loin"})
    letter.refresh_from_db()
    assert letter.status == LetterStatus.DECLINED and letter.decline_reason == "Trop loin"
    # Answered once: a second answer is refused with the letters' own message.
    signed_in.post(url, {"action": "accept"})
    letter.refresh_from_db()
    assert letter.status == LetterStatus.DECLINED


def test_another_applications_letter_answers_404(
    signed_in, application, bob, offer, django_capture_on_commit_callbacks
):
    other = ApplicationFactory(offer=offer, stage=application.stage)
    theirs = sent_letter(other, bob, django_capture_on_commit_callbacks)
    for name in ["space:answer_offer", "space:offer_pdf"]:
        url = reverse(name, kwargs={"pk": application.pk, "letter_pk": theirs.pk})
        assert signed_in.post(url, {"action": "accept"}).status_code == 404
    theirs.refresh_from_db()
    assert theirs.status == LetterStatus.SENT
