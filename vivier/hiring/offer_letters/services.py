"""Every change to an offer letter goes through these functions.

The candidate-space helper calls accept_offer and decline_offer with via="space".
"""

import datetime as dt
import secrets

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from vivier.brand.models import Employer
from vivier.core.tokens import token_digest
from vivier.hiring import services as hiring_services
from vivier.hiring.messages import fill, placeholders
from vivier.hiring.models import (
    CLOSED_KINDS,
    PROGRESS,
    Application,
    Message,
    PipelineStage,
    RejectionReason,
    StageKind,
)
from vivier.hiring.offer_letters.models import (
    OPEN_STATUSES,
    LetterStatus,
    OfferLetter,
)
from vivier.hiring.offer_letters.rendering import render_pdf, rendered, template_for

ANSWER_DAYS = 10  # default time a candidate has to answer, in days
EDITABLE_FIELDS = [
    "salary", "start_date", "contract_type", "answer_by", "email_subject", "email_body", "letter",
]  # fmt: skip


class OfferNotOpen(Exception):
    """The letter cannot take this action; the message says why, for whoever tried."""


def initial_values(application: Application) -> dict:
    """What a new letter starts with: the offer's terms and the team's template."""
    offer = application.offer
    subject, body, letter = template_for(application.language)
    salary = ""
    if offer.salary_min:
        salary = f"{offer.salary_min:,} {offer.salary_currency}".replace(",", "\u202f")
    today = timezone.localdate()
    return {
        "salary": salary,
        "start_date": offer.start_date if offer.start_date and offer.start_date > today else None,
        "contract_type": offer.contract_type,
        "answer_by": today + dt.timedelta(days=ANSWER_DAYS),
        "email_subject": subject,
        "email_body": body,
        "letter": letter,
    }


@transaction.atomic
def create_offer_letter(*, application: Application, by, **fields) -> OfferLetter:
    if OfferLetter.objects.filter(application=application, status__in=OPEN_STATUSES).exists():
        raise OfferNotOpen(_("This application already has an offer letter in progress."))
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"Unknown offer letter fields: {sorted(unknown)}")
    return OfferLetter.objects.create(
        application=application, language=application.language, created_by=by, **fields
    )


@transaction.atomic
def update_offer_letter(*, letter: OfferLetter, by, **fields) -> OfferLetter:
    """Change the terms. A letter already sent goes back to draft: its link stops working at
    once, and the candidate gets the new version, with a new link, when it is sent again."""
    letter = OfferLetter.objects.select_for_update().get(pk=letter.pk)
    if not letter.is_open:
        raise OfferNotOpen(_("This offer letter has been answered or withdrawn: it cannot change."))
    for name, value in fields.items():
        if name not in EDITABLE_FIELDS:
            raise TypeError(f"Unknown offer letter field: {name}")
        setattr(letter, name, value)
    letter.status = LetterStatus.DRAFT
    letter.token_hash = ""
    letter.save(update_fields=[*fields, "status", "token_hash"])
    return letter


def answer_url(letter: OfferLetter, token: str) -> str:
    with translation.override(letter.language):
        return settings.SITE_URL + reverse("offer_letters:answer", kwargs={"token": token})


@transaction.atomic
def send_offer_letter(*, letter: OfferLetter, by) -> OfferLetter:
    """Send (or send again) the letter: a new version, a new PDF, a new link."""
    letter = OfferLetter.objects.select_for_update().get(pk=letter.pk)
    if not letter.is_open:
        raise OfferNotOpen(
            _("This offer letter has been answered or withdrawn: it cannot be sent.")
        )
    if letter.answer_by < timezone.localdate():
        raise OfferNotOpen(_("The answer date has passed: choose a later one before sending."))
    token = secrets.token_urlsafe(32)
    letter.version += 1
    letter.token_hash = token_digest(token)
    letter.status = LetterStatus.SENT
    letter.sent_at = timezone.now()
    old_pdf = letter.pdf.name
    letter.pdf.save(f"offer-letter-{letter.pk}.pdf", ContentFile(render_pdf(letter)), save=False)
    subject, body, _text = rendered(letter, link=answer_url(letter, token))
    letter.message = Message.objects.create(
        application=letter.application, subject=subject[:200], body=body, sent_by=by
    )
    letter.save(update_fields=["version", "token_hash", "status", "sent_at", "pdf", "message"])
    if old_pdf:
        storage = letter.pdf.storage
        transaction.on_commit(lambda: storage.delete(old_pdf))
    _queue(letter.message)
    _advance_to_offer_stage(letter.application, by)
    return letter


def _queue(message: Message) -> None:
    from vivier.hiring.tasks import send_message

    transaction.on_commit(lambda: send_message(message.pk))


def _advance_to_offer_stage(application: Application, by) -> None:
    application.refresh_from_db(fields=["stage", "furthest_stage"])
    stage = PipelineStage.for_offer(application.offer, StageKind.OFFER)
    kind = application.stage.kind
    if stage is None or kind in CLOSED_KINDS or kind not in PROGRESS:
        return
    if PROGRESS.index(kind) < PROGRESS.index(StageKind.OFFER):
        # The offer letter is this step's e-mail: not the stage's automatic one on top of it.
        hiring_services.move_application(
            application=application, stage=stage, by=by, send_stage_email=False
        )


@transaction.atomic
def withdraw_offer_letter(*, letter: OfferLetter, by, notify: bool = True) -> OfferLetter:
    """Withdraw the offer; its link then says so. The candidate is told unless notify=False."""
    letter = OfferLetter.objects.select_for_update().get(pk=letter.pk)
    if not letter.is_open:
        raise OfferNotOpen(_("This offer letter has been answered or withdrawn already."))
    was_sent = letter.status == LetterStatus.SENT
    letter.status = LetterStatus.WITHDRAWN
    letter.withdrawn_at = timezone.now()
    letter.withdrawn_by = by
    letter.save(update_fields=["status", "withdrawn_at", "withdrawn_by"])
    if notify and was_sent:
        values = placeholders(letter.application, Employer.current().name)
        with translation.override(letter.language):
            subject = _("Our offer for the post of {offer_title}")
            body = _(
                "Hello {candidate_first_name},\n\n"
                "We have withdrawn the offer we sent you for the post of {offer_title}; its link "
                "no longer works. If you have any question, simply answer this e-mail.\n\n"
                "Kind regards,\nThe recruitment team of {employer_name}"
            )
        message = Message.objects.create(
            application=letter.application, subject=fill(subject, values)[:200],
            body=fill(body, values), sent_by=by,
        )  # fmt: skip
        _queue(message)
    return letter


def letter_for_token(token: str) -> OfferLetter | None:
    """The letter a candidate's link opens: only its latest version's link, never a draft's."""
    if not token or len(token) > 100:
        return None
    return (
        OfferLetter.objects.select_related("application__offer", "application__candidate")
        .exclude(token_hash="")
        .filter(token_hash=token_digest(token))
        .first()
    )


def _lock_for_answer(letter: OfferLetter) -> OfferLetter:
    letter = OfferLetter.objects.select_for_update().get(pk=letter.pk)
    if letter.status == LetterStatus.WITHDRAWN:
        raise OfferNotOpen(_("This offer has been withdrawn by the employer."))
    if letter.status in (LetterStatus.ACCEPTED, LetterStatus.DECLINED):
        raise OfferNotOpen(_("You have already answered this offer."))
    if letter.status != LetterStatus.SENT:
        raise OfferNotOpen(_("This offer is being updated: a new version will be sent to you."))
    if letter.is_expired:
        raise OfferNotOpen(_("The time to answer this offer is over."))
    return letter


@transaction.atomic
def accept_offer(letter: OfferLetter, *, via: str = "link") -> OfferLetter:
    """The candidate accepts: the decision is recorded with its time and the application moves to
    the hired stage through hiring's services (so reports and webhooks count the hire)."""
    letter = _lock_for_answer(letter)
    letter.status = LetterStatus.ACCEPTED
    letter.decided_at = timezone.now()
    letter.decided_via = via
    letter.save(update_fields=["status", "decided_at", "decided_via"])
    application = letter.application
    hired = PipelineStage.for_offer(application.offer, StageKind.HIRED)
    if hired is not None:
        hiring_services.move_application(application=application, stage=hired, by=None)
    hiring_services.add_note(
        application=application,
        by=None,
        body=_("The candidate accepted the offer (version %(version)s).")
        % {"version": letter.version},
    )
    return letter


@transaction.atomic
def decline_offer(letter: OfferLetter, reason: str = "", *, via: str = "link") -> OfferLetter:
    """The candidate declines, with an optional reason; the application stays where it is for the
    team to decide."""
    letter = _lock_for_answer(letter)
    letter.status = LetterStatus.DECLINED
    letter.decided_at = timezone.now()
    letter.decided_via = via
    letter.decline_reason = reason.strip()
    letter.save(update_fields=["status", "decided_at", "decided_via", "decline_reason"])
    note = _("The candidate declined the offer (version %(version)s).") % {
        "version": letter.version
    }
    if letter.decline_reason:
        note += "\n\n" + letter.decline_reason
    hiring_services.add_note(application=letter.application, by=None, body=note)
    return letter


def other_open_applications(letter: OfferLetter):
    """The other applications to the same offer still in progress: closable once it is filled."""
    return (
        Application.objects.filter(offer_id=letter.application.offer_id)
        .exclude(pk=letter.application_id)
        .exclude(stage__kind__in=CLOSED_KINDS)
        .select_related("candidate", "stage")
        .order_by("candidate__last_name", "candidate__first_name")
    )


def closing_template(language: str) -> tuple[str, str]:
    """The polite e-mail to the other candidates once the post is filled."""
    with translation.override(language):
        return (
            _("Your application for {offer_title}"),
            _(
                "Hello {candidate_first_name},\n\n"
                "Thank you for the time you gave to your application for the post of "
                "{offer_title}. The post has now been filled, so we are closing the other "
                "applications.\n\n"
                "This was not an easy choice, and we would be glad to hear from you again for "
                "another of our offers.\n\n"
                "Kind regards,\nThe recruitment team of {employer_name}"
            ),
        )


@transaction.atomic
def close_other_applications(*, letter: OfferLetter, by, subject: str, body: str) -> int:
    """Reject each other open application of the filled post through hiring's services, each
    candidate e-mailed with the template, placeholders filled for them. Returns how many."""
    if letter.status != LetterStatus.ACCEPTED:
        raise OfferNotOpen(_("Only an accepted offer fills the post."))
    employer_name = Employer.current().name
    count = 0
    for application in other_open_applications(letter).select_for_update(of=("self",)):
        values = placeholders(application, employer_name)
        hiring_services.reject_application(
            application=application,
            reason=RejectionReason.POSITION_FILLED,
            by=by,
            send_email=True,
            subject=fill(subject, values)[:200],
            body=fill(body, values),
        )
        count += 1
    return count


def attach_letter_pdf(message: Message, email) -> None:
    """deliver_message's hook: the e-mail that sends a letter carries its PDF."""
    letter = OfferLetter.objects.filter(message_id=message.pk).exclude(pdf="").first()
    if letter is None:
        return
    with letter.pdf.open("rb") as handle:
        data = handle.read()
    with translation.override(letter.language):
        name = _("offer-letter") + f"-v{letter.version}.pdf"
    email.attach(name, data, "application/pdf")
