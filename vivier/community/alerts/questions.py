"""Public questions on offers: asked by candidates, moderated and answered by recruiters.

Nothing a visitor writes shows before a recruiter approves it; the offer page shows approved
questions that have an answer. The asker's e-mail address stays private: it only serves to tell
them that the answer is online (one e-mail, claimed before it goes).
"""

from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from vivier.brand.models import Employer
from vivier.careers.cache import bump_public_version
from vivier.community.alerts.models import Question, QuestionStatus
from vivier.jobs.models import JobOffer
from vivier.privacy.notices import absolute, footer


class QuestionRefused(Exception):
    """The question cannot be taken; the message is for the person."""


@transaction.atomic
def ask_question(*, offer: JobOffer, author_name: str, author_email: str, body: str,
                 language: str) -> Question:  # fmt: skip
    offer.refresh_from_db(fields=["status", "closing_date"])
    if not offer.is_open:
        raise QuestionRefused(_("This offer is closed and no longer takes questions."))
    return Question.objects.create(
        offer=offer,
        author_name=author_name.strip(),
        author_email=author_email.strip().lower(),
        body=body.strip(),
        language=language,
    )


def _public_pages_change() -> None:
    transaction.on_commit(bump_public_version)


@transaction.atomic
def moderate_question(*, question: Question, status: str, by) -> Question:
    """Approve (published) or hide a question; the offer page follows."""
    if status not in (QuestionStatus.PUBLISHED, QuestionStatus.HIDDEN):
        raise ValueError(status)
    Question.objects.filter(pk=question.pk).update(
        status=status, moderated_by=by, moderated_at=timezone.now()
    )
    question.refresh_from_db()
    _public_pages_change()
    _queue_answer_notice(question)
    return question


@transaction.atomic
def answer_question(*, question: Question, answer: str, by, publish: bool) -> Question:
    """Write (or correct) the answer; with publish, the question is approved at the same time."""
    question = Question.objects.select_for_update().get(pk=question.pk)
    question.answer = answer.strip()
    question.answered_by = by
    question.answered_at = timezone.now()
    fields = ["answer", "answered_by", "answered_at"]
    if publish:
        question.status = QuestionStatus.PUBLISHED
        question.moderated_by = by
        question.moderated_at = question.answered_at
        fields += ["status", "moderated_by", "moderated_at"]
    question.save(update_fields=fields)
    _public_pages_change()
    _queue_answer_notice(question)
    return question


@transaction.atomic
def delete_question(*, question: Question, by) -> None:
    Question.objects.filter(pk=question.pk).delete()
    _public_pages_change()


def _queue_answer_notice(question: Question) -> None:
    if question.is_public and question.answer_notified_at is None:
        from vivier.community.alerts.tasks import send_answer_notice

        question_id = question.pk
        transaction.on_commit(lambda: send_answer_notice(question_id))


def deliver_answer_notice(question: Question) -> bool:
    """Tell the asker that the answer is on the offer page; once."""
    if not question.is_public:
        return False
    claimed = Question.objects.filter(pk=question.pk, answer_notified_at__isnull=True).update(
        answer_notified_at=timezone.now()
    )
    if not claimed:
        return False
    with translation.override(question.language):
        employer = Employer.current()
        url = absolute(question.offer.get_absolute_url()) + "#questions"
        subject = _("Your question on “%(title)s” has an answer") % {"title": question.offer.title}
        body = _(
            "Hello %(name)s,\n\n"
            "%(employer)s has answered the question you asked on the offer “%(title)s”. "
            "The answer is on the offer's page:\n%(url)s\n\n"
            "Your e-mail address is not shown there; only your name or pseudonym is."
        ) % {
            "name": question.author_name,
            "employer": employer.name,
            "title": question.offer.title,
            "url": url,
        }
        body += footer(question.language)
    try:
        send_mail(subject, body, None, [question.author_email], fail_silently=False)
    except Exception:
        Question.objects.filter(pk=question.pk).update(answer_notified_at=None)
        raise
    return True


def public_questions(offer: JobOffer):
    return (
        Question.objects.filter(
            offer=offer, status=QuestionStatus.PUBLISHED, answered_at__isnull=False
        )
        .exclude(answer="")
        .order_by("created_at", "pk")
    )
