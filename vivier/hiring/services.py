"""Every change to an application goes through these functions."""

import logging
from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.mail import EmailMessage, EmailMultiAlternatives, get_connection
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from vivier.analytics.counting import mark_application
from vivier.api.models import WebhookEvent
from vivier.api.webhooks import emit_event
from vivier.brand.models import Employer
from vivier.core.outbox import Lease
from vivier.core.uploads import check_cv
from vivier.hiring import pipelines
from vivier.hiring.emails import add_html_version, candidate_footer
from vivier.hiring.messages import render_for
from vivier.hiring.models import (
    PROGRESS,
    Application,
    Candidate,
    Document,
    Message,
    MessageTemplateKind,
    Note,
    PipelineStage,
    StageChange,
    StageKind,
)
from vivier.jobs.models import JobOffer
from vivier.privacy.consent import record_consent
from vivier.privacy.models import ConsentPurpose
from vivier.talent.services import profile_for_applicant

logger = logging.getLogger(__name__)

# Parts of hiring that hiring's core does not know (conversations' Reply-To, an offer letter's PDF)
# complete an e-mail as it goes out: each registers hook(message, email) from its AppConfig.ready().
OUTGOING_EMAIL_HOOKS: list[Callable[[Message, EmailMessage], None]] = []
# Parts of the product that follow applications without hiring knowing them (community referrals
# credit a referrer): hook(application), called inside the transaction, registered from ready().
APPLICATION_CREATED_HOOKS: list[Callable[[Application], None]] = []
APPLICATION_HIRED_HOOKS: list[Callable[[Application], None]] = []
# hook(application, previous_stage) after every move to another stage (referrals tell referrers).
APPLICATION_MOVED_HOOKS: list[Callable[[Application, PipelineStage | None], None]] = []

MESSAGE_MAX_ATTEMPTS = 10  # tries of one e-mail, the task's retries and later sweeps together
PENDING_BATCH = 500  # e-mails queued again by one sweep
LEASE = Lease()


class ApplicationRefused(Exception):
    """The application cannot be taken; the message is for the candidate."""


@dataclass
class ApplicantDetails:
    first_name: str
    last_name: str
    email: str
    phone: str = ""
    cover_letter: str = ""
    declared_source: str = ""
    declared_source_detail: str = ""
    talent_pool_consent: bool = False
    consent_text: str = ""
    language: str = "fr"
    career_stage: str = ""
    # Tracked attribution (first_touch, first_touch_at, last_touch, last_touch_at), if any.
    touches: dict = field(default_factory=dict)


@transaction.atomic
def submit_application(
    *, offer: JobOffer, details: ApplicantDetails, cv
) -> tuple[Application, bool]:
    """File an application with its CV; a second one to the same offer updates the first.

    Returns the application and whether it is new.
    """
    offer.refresh_from_db(fields=["status", "closing_date"])
    if not offer.is_open:
        raise ApplicationRefused(_("This offer is closed and no longer takes applications."))
    kind = check_cv(cv)
    now = timezone.now()
    candidate = _candidate_for(details, now)
    application, created = _application_for(offer, candidate, details)
    if not created:
        _record_resubmission(application, details, now)
    Document.objects.create(
        application=application,
        file=cv,
        original_name=(cv.name or "cv")[:255],
        content_type=kind.content_type,
        size=cv.size,
        uploaded_at=now,
    )
    if created and not pipelines.queue_stage_email(application, application.stage, by=None):
        # The first stage's own e-mail, when its template has one, stands for the confirmation.
        _queue_message(application, MessageTemplateKind.CONFIRMATION, by=None)
    if created:
        emit_event(WebhookEvent.APPLICATION_CREATED, _event_payload(application))
        for hook in APPLICATION_CREATED_HOOKS:
            hook(application)
    mark_application(application)
    profile_for_applicant(candidate=candidate)
    return application, created


def _event_payload(application: Application) -> dict:
    """Ids and stages only: a receiver reads the person's details through the API, logged."""
    return {
        "application": application.pk,
        "offer": application.offer_id,
        "candidate": application.candidate_id,
        "stage": application.stage.kind,
        "at": timezone.now(),
    }


def _candidate_for(details: ApplicantDetails, now) -> Candidate:
    email = details.email.strip().lower()
    candidate, created = Candidate.objects.get_or_create(
        email=email,
        defaults={
            "first_name": details.first_name,
            "last_name": details.last_name,
            "phone": details.phone,
        },
    )
    if not created:
        # The latest details the person gave are the ones to use.
        candidate.first_name = details.first_name
        candidate.last_name = details.last_name
        candidate.phone = details.phone or candidate.phone
    candidate.last_contact_at = now
    if details.talent_pool_consent:
        candidate.talent_pool_consent_at = now
        candidate.talent_pool_consent_text = details.consent_text
        record_consent(
            email=email, purpose=ConsentPurpose.TALENT_POOL, text=details.consent_text,
            collected_at="application form",
        )  # fmt: skip
    candidate.save()
    return candidate


def _application_for(offer, candidate, details) -> tuple[Application, bool]:
    existing = Application.objects.select_for_update().filter(offer=offer, candidate=candidate)
    application = existing.first()
    if application:
        return application, False
    try:
        with transaction.atomic():
            application = Application.objects.create(
                offer=offer,
                candidate=candidate,
                stage=PipelineStage.first_stage(pipelines.template_of(offer)),
                cover_letter=details.cover_letter,
                declared_source=details.declared_source,
                declared_source_detail=details.declared_source_detail,
                language=details.language,
                career_stage=details.career_stage,
                **details.touches,
            )
    except IntegrityError:
        # Two submissions raced; the other one created it.
        return existing.get(), False
    StageChange.objects.create(application=application, to_stage=application.stage)
    return application, True


def _record_resubmission(application: Application, details: ApplicantDetails, now) -> None:
    if application.cover_letter and details.cover_letter != application.cover_letter:
        Note.objects.create(
            application=application,
            author=None,
            body=_("Cover letter of the previous submission:") + "\n\n" + application.cover_letter,
        )
    Note.objects.create(
        application=application,
        author=None,
        body=_("The candidate applied again to this offer; the new CV is attached."),
    )
    Application.objects.filter(pk=application.pk).update(
        submissions=F("submissions") + 1,
        last_submitted_at=now,
        cover_letter=details.cover_letter or application.cover_letter,
        declared_source=details.declared_source or application.declared_source,
        declared_source_detail=details.declared_source_detail or application.declared_source_detail,
        # The latest tracked visit counts; the first one stays the first.
        **{k: v for k, v in details.touches.items() if k.startswith("last_")},
        **{
            k: v
            for k, v in details.touches.items()
            if k.startswith("first_") and application.first_touch_id is None
        },
    )
    application.refresh_from_db()


def _queue_message(application, kind, *, by, subject=None, body=None) -> Message:
    from vivier.hiring.tasks import send_message  # the task module imports this one

    if subject is None or body is None:
        subject, body = render_for(application, kind, Employer.current().name)
    message = Message.objects.create(
        application=application, subject=subject, body=body, sent_by=by
    )
    transaction.on_commit(lambda: send_message(message.pk))
    return message


@transaction.atomic
def move_application(
    *, application: Application, stage: PipelineStage, by, send_stage_email: bool = True
) -> Application:
    """Move to a stage of the offer's template (else StageRefused); the stage's automatic e-mail
    goes to the candidate unless send_stage_email is False (a rejection sends its own)."""
    application = (
        Application.objects.select_for_update()
        .select_related("offer", "stage", "candidate")
        .get(pk=application.pk)
    )
    if application.stage_id == stage.pk:
        return application
    pipelines.check_stage(application, stage)
    previous = application.stage
    application.stage = stage
    application.stage_changed_at = timezone.now()
    if stage.kind != StageKind.REJECTED:
        application.rejection_reason = ""
    fields = ["stage", "stage_changed_at", "rejection_reason"]
    if stage.kind in PROGRESS and PROGRESS.index(stage.kind) > PROGRESS.index(
        application.furthest_stage
    ):
        application.furthest_stage = stage.kind
        fields.append("furthest_stage")
    if stage.kind == StageKind.HIRED and application.hired_at is None:
        application.hired_at = application.stage_changed_at
        fields.append("hired_at")
    application.save(update_fields=fields)
    StageChange.objects.create(application=application, from_stage=previous, to_stage=stage, by=by)
    for hook in APPLICATION_MOVED_HOOKS:
        hook(application, previous)
    emit_event(
        WebhookEvent.APPLICATION_STAGE_CHANGED,
        _event_payload(application) | {"from_stage": previous.kind if previous else None},
    )
    if stage.kind == StageKind.HIRED:
        emit_event(WebhookEvent.CANDIDATE_HIRED, _event_payload(application))
        for hook in APPLICATION_HIRED_HOOKS:
            hook(application)
    mark_application(application)
    if send_stage_email:
        pipelines.queue_stage_email(application, stage, by=by)
    return application


@transaction.atomic
def reject_application(
    *, application: Application, reason: str, by, send_email: bool, subject=None, body=None
) -> Application:
    """Reject with a reason; the e-mail uses the template unless a subject and body are given."""
    stage = PipelineStage.for_offer(application.offer, StageKind.REJECTED)
    application = move_application(
        application=application, stage=stage, by=by, send_stage_email=not send_email
    )
    application.rejection_reason = reason
    application.save(update_fields=["rejection_reason"])
    if send_email:
        _queue_message(
            application, MessageTemplateKind.REJECTION, by=by, subject=subject, body=body
        )
    return application


@transaction.atomic
def add_note(*, application: Application, body: str, by) -> Note:
    """A note for the team; the colleagues it @mentions are notified."""
    from vivier.hiring.collaboration import notify_mentions  # it imports this module

    note = Note.objects.create(application=application, author=by, body=body.strip())
    notify_mentions(note)
    return note


def deliver_message(message: Message) -> None:
    """Send one queued e-mail; called by the worker. None is lost; each goes out once, but for
    one race, named below.

    The Message row is the outbox: it is written in the transaction that files the application
    (or the rejection), so the e-mail exists as soon as the application does, whatever happens to
    the queue. A worker claims the row with a lease (claimed_at: one conditional UPDATE, so two
    workers never send it at once), sends, and marks it sent as soon as the mail server has
    accepted it, before even saying goodbye (QUIT). A worker killed in between leaves the row
    claimed and unsent; once MESSAGE_LEASE_S has passed, send_pending_messages (every minute,
    and when a worker starts) queues it again. A failed send releases the claim at once, for the
    task's retry.

    The race that remains: the mail server has accepted the message (its 250 reply after DATA)
    and the worker dies before the UPDATE of sent_at commits, a window of one UPDATE. The e-mail
    then goes out a second time, under the same Message-ID, by which mail programs recognise the
    copy. SMTP gives a sender no way to ask whether a message arrived, so no sender can close
    this window; marking the row sent before sending (the previous design) closed it by losing
    the e-mail whenever a worker died at any point of the SMTP exchange.
    """
    now = timezone.now()
    if not LEASE.claim(Message.objects.filter(pk=message.pk, sent_at__isnull=True), now):
        return
    employer = Employer.current()
    reply_to = [employer.contact_email] if employer.contact_email else None
    language = message.application.language
    email = EmailMultiAlternatives(
        subject=message.subject,
        body=message.body + candidate_footer(language),
        to=[message.application.candidate.email],
        reply_to=reply_to,
        headers={"Message-ID": message.message_id},
    )
    add_html_version(email, language=language)
    connection = get_connection()
    try:
        for hook in OUTGOING_EMAIL_HOOKS:
            hook(message, email)
        connection.open()
        connection.send_messages([email])
    except Exception:
        LEASE.release(Message, message.pk, now)
        connection.close()
        raise
    Message.objects.filter(pk=message.pk).update(sent_at=timezone.now())
    try:
        connection.close()
    except Exception:  # sent and recorded: a goodbye that goes wrong changes nothing
        logger.warning("The mail server dropped the connection after message %s", message.pk)


def register_application_hook(hooks: list, hook: Callable) -> None:
    """hooks: APPLICATION_CREATED_HOOKS, APPLICATION_HIRED_HOOKS or APPLICATION_MOVED_HOOKS."""
    if hook not in hooks:
        hooks.append(hook)


def register_outgoing_email_hook(hook: Callable[[Message, EmailMessage], None]) -> None:
    if hook not in OUTGOING_EMAIL_HOOKS:
        OUTGOING_EMAIL_HOOKS.append(hook)


def send_pending_messages(*, now=None) -> int:
    """Queue again every e-mail nobody is sending: never queued (the web process stopped between
    its commit and the queue) or claimed by a worker that stopped (its lease has run out).

    Queuing one twice is harmless: deliver_message's claim lets one worker send it.
    """
    from vivier.hiring.tasks import send_message  # the task module imports this one

    now = now or timezone.now()
    pending = (
        Message.objects.filter(sent_at__isnull=True, send_attempts__lt=MESSAGE_MAX_ATTEMPTS)
        .filter(LEASE.abandoned(now))
        .values_list("pk", flat=True)
    )
    ids = list(pending[:PENDING_BATCH])
    for message_id in ids:
        send_message(message_id)
    return len(ids)
