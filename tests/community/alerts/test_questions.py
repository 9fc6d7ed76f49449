"""Questions on offers: asked in public, moderated, answered, shown on the offer page."""

import pytest
from django.core import mail
from django.urls import reverse

from tests.factories import JobOfferFactory, human_fields
from vivier.community.alerts import questions
from vivier.community.alerts.models import QUESTION_MAX_CHARS, Question, QuestionStatus
from vivier.privacy.models import AuditAction, AuditEntry
from vivier.privacy.notices import rights_url

pytestmark = pytest.mark.django_db


def ask_url(offer):
    return reverse("alerts:ask", kwargs={"pk": offer.pk, "slug": offer.slug})


def offer_page(client, offer) -> str:
    return client.get(offer.get_absolute_url()).content.decode()


def ask(client, offer, body="Le poste est-il ouvert au télétravail ?", **fields):
    data = {
        "author_name": "Lou B.", "author_email": "Lou@Example.test", "body": body, **fields,
        **human_fields(),
    }  # fmt: skip
    return client.post(ask_url(offer), data)


def test_a_question_shows_only_once_approved_and_answered(
    client, employer, offer, bob, django_capture_on_commit_callbacks
):
    response = ask(client, offer)
    assert response.status_code == 200
    question = Question.objects.get()
    assert question.status == QuestionStatus.PENDING
    assert question.author_email == "lou@example.test"
    assert "télétravail" not in offer_page(client, offer)  # nothing shows before approval

    with django_capture_on_commit_callbacks(execute=True):
        questions.moderate_question(question=question, status=QuestionStatus.PUBLISHED, by=bob)
    assert "télétravail" not in offer_page(client, offer)  # approved, but not answered yet
    assert not mail.outbox

    client.force_login(bob)
    url = reverse("alerts:staff_question", kwargs={"pk": question.pk})
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"answer": "Oui, **deux jours** par semaine.", "publish": "on"})
    assert response.status_code == 302
    client.logout()
    page = offer_page(client, offer)  # the cached page was replaced
    assert "télétravail" in page and "<strong>deux jours</strong>" in page
    assert "Lou B." in page and "lou@example.test" not in page.lower()  # the address stays private
    (message,) = mail.outbox
    assert message.to == ["lou@example.test"]
    assert offer.get_absolute_url() in message.body and rights_url("fr") in message.body

    with django_capture_on_commit_callbacks(execute=True):  # corrected: no second e-mail
        questions.answer_question(
            question=question, answer="Oui, deux jours.", by=bob, publish=True
        )
    assert len(mail.outbox) == 1


def test_a_hidden_or_deleted_question_leaves_the_offer_page(
    client, employer, offer, bob, django_capture_on_commit_callbacks
):
    ask(client, offer)
    question = Question.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        questions.answer_question(question=question, answer="Oui.", by=bob, publish=True)
    assert "télétravail" in offer_page(client, offer)
    client.force_login(bob)
    moderate = reverse("alerts:staff_moderate", kwargs={"pk": question.pk})
    with django_capture_on_commit_callbacks(execute=True):
        client.post(moderate, {"action": "hide"})
    client.logout()
    assert "télétravail" not in offer_page(client, offer)
    question.refresh_from_db()
    assert question.status == QuestionStatus.HIDDEN and question.moderated_by == bob
    client.force_login(bob)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(moderate, {"action": "delete"})
    assert response.status_code == 302 and not Question.objects.exists()


def test_an_oversized_question_is_refused_with_a_reason_and_kept_as_typed(client, employer, offer):
    body = "Pourquoi ? " * (QUESTION_MAX_CHARS // 5)
    response = ask(client, offer, body=body)
    assert response.status_code == 200
    form = response.context["form"]
    assert "body" in form.errors
    assert form["body"].value() == body  # nothing lost
    assert form["author_name"].value() == "Lou B."
    assert not Question.objects.exists()


def test_empty_fields_are_refused(client, employer, offer):
    response = ask(client, offer, body="  ", author_name="   ")
    assert {"body", "author_name"} <= set(response.context["form"].errors)
    assert not Question.objects.exists()


def test_script_in_a_question_or_an_answer_is_shown_as_text_or_removed(
    client, employer, offer, bob, django_capture_on_commit_callbacks
):
    ask(client, offer, body="<script>alert('q')</script> Quel salaire ?", author_name="<b>Eve</b>")
    question = Question.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        questions.answer_question(
            question=question, by=bob, publish=True,
            answer="<script>alert('a')</script>[lien](javascript:alert(1)) Selon l'expérience.",
        )  # fmt: skip
    page = offer_page(client, offer)
    assert "<script>alert(" not in page
    assert "&lt;script&gt;alert(&#x27;q&#x27;)&lt;/script&gt;" in page  # the question, as text
    assert "&lt;b&gt;Eve&lt;/b&gt;" in page
    assert "javascript:" not in page
    assert "Selon l" in page


def test_a_robot_is_refused_and_one_address_is_limited(client, employer, offer, settings):
    response = ask(client, offer, leave_empty="http://spam.example")
    assert response.context["form"].non_field_errors()
    settings.THROTTLE_RATES = {**settings.THROTTLE_RATES, "questions-email": "1/h"}
    assert ask(client, offer).status_code == 200
    response = ask(client, offer, body="Une seconde question ?")
    assert response.status_code == 429
    assert response.context["form"]["body"].value() == "Une seconde question ?"
    assert Question.objects.count() == 1


def test_a_closed_offer_takes_no_question(client, employer):
    offer = JobOfferFactory(closed=True)
    assert client.get(ask_url(offer)).status_code == 404  # closed: not published any more
    draft = JobOfferFactory()
    assert client.get(ask_url(draft)).status_code == 404


def test_the_back_office_lists_questions_to_answer_and_logs_who_saw_an_address(
    client, employer, offer, bob, django_assert_max_num_queries
):
    for number in range(5):
        questions.ask_question(
            offer=offer, author_name=f"P{number}", author_email=f"p{number}@example.test",
            body=f"Question {number} ?", language="fr",
        )  # fmt: skip
    client.force_login(bob)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("alerts:staff_questions"))
    page = response.content.decode()
    assert all(f"Question {number} ?" in page for number in range(5))
    assert "p0@example.test" not in page  # the list names no address
    question = Question.objects.first()
    client.get(reverse("alerts:staff_question", kwargs={"pk": question.pk}))
    entry = AuditEntry.objects.get(action=AuditAction.VIEW, object_type="question")
    assert entry.actor == bob and entry.object_id == str(question.pk)
    overview = client.get(reverse("alerts:staff_overview")).content.decode()
    assert "5" in overview


def test_questions_are_in_the_privacy_export_and_erased_with_the_person(employer, offer):
    from vivier.privacy.rights import collect, erase_person

    questions.ask_question(
        offer=offer, author_name="Lou", author_email="lou@example.test", body="Quand ?",
        language="fr",
    )  # fmt: skip
    assert "alerts.question" in collect("lou@example.test")["tables"]
    erase_person(email="LOU@example.test", by=None)
    assert not Question.objects.exists()
