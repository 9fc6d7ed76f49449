"""Every change to an interview goes through these functions: views, the candidate's space, tasks
and the demo call them.

Scheduling proposes slots; the candidate books one (book_slot); the interviewers and the
candidate then get a calendar invitation (.ics, METHOD:REQUEST), an update when it changes
(same UID, SEQUENCE + 1) and a cancellation (METHOD:CANCEL). The e-mails are rows of
InterviewEmail written in the same transaction, sent by the worker (deliver_interview_email).
"""

import datetime as dt
import logging
from dataclasses import dataclass

from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from vivier.brand.models import Employer
from vivier.core.outbox import Lease
from vivier.hiring.emails import add_html_version
from vivier.hiring.interviews import emails
from vivier.hiring.interviews.calendar import invitation_ics
from vivier.hiring.interviews.models import (
    CalendarFeed,
    Criterion,
    EmailKind,
    Interview,
    InterviewEmail,
    InterviewKit,
    InterviewStatus,
    Slot,
)
from vivier.hiring.models import Application, Message

logger = logging.getLogger(__name__)

REMINDER_BEFORE = dt.timedelta(hours=24)  # reminders go out once, this long before the start
EMAIL_MAX_ATTEMPTS = 10
PENDING_BATCH = 500
LEASE = Lease()


class SchedulingError(Exception):
    """The change cannot be made; the message, translated, says why."""


class SlotTaken(SchedulingError):
    """Somebody else booked this slot first."""


@dataclass(frozen=True)
class SlotTimes:
    starts_at: dt.datetime
    ends_at: dt.datetime


def kit_for(stage) -> InterviewKit | None:
    if stage is None:
        return None
    return InterviewKit.objects.filter(stage=stage).first()


def possible_interviewers(application: Application):
    """Team members who may see the application: recruiters, administrators, its managers."""
    from vivier.accounts.models import RECRUITING_ROLES, STAFF_ROLES, User

    return (
        User.objects.filter(is_active=True, role__in=STAFF_ROLES)
        .filter(Q(role__in=RECRUITING_ROLES) | Q(managed_offers=application.offer_id))
        .distinct()
        .order_by("first_name", "last_name", "email")
    )


def busy_slots(interviewers, *, exclude_interview=None):
    """Slots already promised by these interviewers: proposed and still open, or booked."""
    interviews = Interview.objects.filter(interviewers__in=interviewers).exclude(
        status=InterviewStatus.CANCELLED
    )
    if exclude_interview is not None:
        interviews = interviews.exclude(pk=exclude_interview.pk)
    proposed = interviews.filter(status=InterviewStatus.PROPOSED).values("proposed_slots")
    booked = interviews.filter(status=InterviewStatus.SCHEDULED).values("slot")
    return Slot.objects.filter(Q(pk__in=proposed) | Q(pk__in=booked))


def check_slots(new: list[SlotTimes], *, interviewers, now=None) -> None:
    """Times in the future, ends after starts, no overlap among them or with the interviewers'
    other slots. Raises SchedulingError with the first problem found."""
    now = now or timezone.now()
    for times in new:
        if times.ends_at <= times.starts_at:
            raise SchedulingError(_("A slot must end after it starts."))
        if times.starts_at <= now:
            raise SchedulingError(_("A slot cannot be in the past."))
    ordered = sorted(new, key=lambda times: times.starts_at)
    for earlier, later in zip(ordered, ordered[1:], strict=False):
        if later.starts_at < earlier.ends_at:
            raise SchedulingError(_("Two of the proposed slots overlap."))
    taken = busy_slots(interviewers)
    for times in new:
        clash = taken.filter(starts_at__lt=times.ends_at, ends_at__gt=times.starts_at).first()
        if clash is not None:
            raise SchedulingError(
                _("An interviewer already has a slot at that time (%(start)s).")
                % {
                    "start": date_format(
                        timezone.localtime(clash.starts_at), "SHORT_DATETIME_FORMAT"
                    )
                }
            )


@transaction.atomic
def schedule_interview(
    *,
    application: Application,
    interviewers,
    new_slots: list[SlotTimes],
    shared_slots=(),
    location: str = "",
    video_url: str = "",
    duration_minutes: int | None = None,
    instructions: str = "",
    by,
) -> Interview:
    """Propose slots to the candidate for an interview with these interviewers.

    `new_slots` are times created for it; `shared_slots` are open slots of the same offer
    already proposed to other candidates (whoever books first takes them). The candidate gets
    an e-mail with their link (through hiring's Message outbox: it is in the application's
    history). The stage's interview kit fills what is not given.
    """
    interviewers = list(interviewers)
    if not interviewers:
        raise SchedulingError(_("Choose at least one interviewer."))
    allowed = set(possible_interviewers(application).values_list("pk", flat=True))
    if any(person.pk not in allowed for person in interviewers):
        raise SchedulingError(_("An interviewer may not see this application."))
    shared_slots = list(shared_slots)
    for slot in shared_slots:
        if slot.offer_id != application.offer_id or _is_taken(slot):
            raise SchedulingError(_("One of the chosen slots is no longer free."))
        if slot.starts_at <= timezone.now():
            raise SchedulingError(_("A slot cannot be in the past."))
    if not new_slots and not shared_slots:
        raise SchedulingError(_("Propose at least one slot."))
    check_slots(new_slots, interviewers=interviewers)
    kit = kit_for(application.stage)
    interview = Interview.objects.create(
        application=application,
        stage=application.stage,
        location=location.strip(),
        video_url=video_url.strip(),
        duration_minutes=duration_minutes or (kit.duration_minutes if kit else 45),
        instructions=instructions.strip() or (kit.instructions if kit else ""),
        created_by=by,
    )
    interview.interviewers.set(interviewers)
    created = [
        Slot.objects.create(
            offer=application.offer,
            starts_at=times.starts_at,
            ends_at=times.ends_at,
            created_by=by,
        )  # fmt: skip
        for times in new_slots
    ]
    interview.proposed_slots.set(created + shared_slots)
    if kit and kit.criteria_list and not application.offer.scorecard_criteria.exists():
        Criterion.objects.bulk_create(
            Criterion(offer=application.offer, label=label[:200], position=number)
            for number, label in enumerate(kit.criteria_list)
        )
    _queue_candidate_message(interview, *emails.slot_choice(interview), by=by)
    return interview


def _is_taken(slot: Slot) -> bool:
    return Interview.objects.filter(slot=slot).exists()


def _queue_candidate_message(interview: Interview, subject: str, body: str, *, by) -> Message:
    """A text e-mail to the candidate, through hiring's outbox (Message rows, sent by its task)."""
    from vivier.hiring.tasks import send_message

    message = Message.objects.create(
        application=interview.application, subject=subject[:200], body=body, sent_by=by
    )
    transaction.on_commit(lambda: send_message(message.pk))
    return message


def interview_for_token(token: str) -> Interview | None:
    if not token or len(token) > 64:
        return None
    return (
        Interview.objects.select_related("application__candidate", "application__offer")
        .filter(token=token)
        .first()
    )


def open_slots(interview: Interview):
    """The proposed slots the candidate can still take: in the future and nobody's."""
    return interview.proposed_slots.filter(
        interview__isnull=True, starts_at__gt=timezone.now()
    ).order_by("starts_at")


def book_slot(*, token_or_interview, slot, by=None) -> Interview:
    """The candidate takes one of the slots proposed to them.

    `token_or_interview` is the token of the candidate's link (the public page) or the
    Interview itself (the candidate's signed-in space, which has checked it is theirs).
    `slot` is a Slot or its id. `by` is the user who booked, if signed in.

    Two candidates racing for one slot: exactly one wins. The booking is one conditional
    UPDATE of the interview (still waiting for a choice) setting its unique `slot` column; the
    database refuses the second holder of a slot (IntegrityError → SlotTaken), on SQLite and on
    PostgreSQL alike, whichever process runs it. Booking the slot one already holds returns the
    interview unchanged (a double click). Raises SchedulingError (SlotTaken when another
    candidate took it) with a translated message for the candidate.
    """
    if isinstance(token_or_interview, Interview):
        interview = token_or_interview
    else:
        interview = interview_for_token(str(token_or_interview))
        if interview is None:
            raise SchedulingError(_("This link is not valid."))
    slot_id = getattr(slot, "pk", slot)
    try:
        with transaction.atomic():
            interview = _book(interview, slot_id, by)
    except IntegrityError as error:
        raise SlotTaken(
            _("Somebody has just taken this slot. Please choose another one.")
        ) from error
    return interview


def _book(interview: Interview, slot_id, by) -> Interview:
    current = Interview.objects.select_for_update().get(pk=interview.pk)
    if current.status == InterviewStatus.SCHEDULED and current.slot_id == _int(slot_id):
        return current
    if current.status != InterviewStatus.PROPOSED:
        raise SchedulingError(_("This interview can no longer be booked from this link."))
    slot = current.proposed_slots.filter(pk=_int(slot_id)).first()
    if slot is None:
        raise SchedulingError(_("Choose one of the proposed slots."))
    if slot.starts_at <= timezone.now():
        raise SchedulingError(_("This slot has passed. Please choose another one."))
    booked = Interview.objects.filter(pk=current.pk, status=InterviewStatus.PROPOSED).update(
        slot=slot,
        starts_at=slot.starts_at,
        ends_at=slot.ends_at,
        status=InterviewStatus.SCHEDULED,
    )
    if not booked:  # another request booked this interview between our read and our update
        raise SchedulingError(_("This interview can no longer be booked from this link."))
    current.refresh_from_db()
    _queue_calendar_emails(current, EmailKind.INVITATION)
    return current


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


@transaction.atomic
def update_interview(*, interview: Interview, interviewers, location: str, video_url: str, by):
    """Change who interviews and where. A booked interview's attendees get an update (REQUEST,
    SEQUENCE + 1); interviewers taken off it get a cancellation."""
    interview = Interview.objects.select_for_update().get(pk=interview.pk)
    if interview.status == InterviewStatus.CANCELLED:
        raise SchedulingError(_("This interview is cancelled."))
    interviewers = list(interviewers)
    if not interviewers:
        raise SchedulingError(_("Choose at least one interviewer."))
    allowed = set(possible_interviewers(interview.application).values_list("pk", flat=True))
    if any(person.pk not in allowed for person in interviewers):
        raise SchedulingError(_("An interviewer may not see this application."))
    before = list(interview.interviewers.all())
    removed = [person for person in before if person not in interviewers]
    interview.location = location.strip()
    interview.video_url = video_url.strip()
    fields = ["location", "video_url"]
    if interview.is_scheduled:
        interview.sequence += 1
        fields.append("sequence")
    interview.save(update_fields=fields)
    interview.interviewers.set(interviewers)
    if interview.is_scheduled:
        _queue_calendar_emails(interview, EmailKind.UPDATE)
        for person in removed:
            _queue_one(
                interview, EmailKind.CANCELLATION, person.email, person.get_full_name(),
                person.email_language, for_candidate=False, cancelled=True,
            )  # fmt: skip
    return interview


@transaction.atomic
def cancel_interview(*, interview: Interview, by) -> Interview:
    """Cancel; a booked interview's attendees get METHOD:CANCEL; its slot is free again."""
    interview = Interview.objects.select_for_update().get(pk=interview.pk)
    if interview.status == InterviewStatus.CANCELLED:
        return interview
    was_scheduled = interview.is_scheduled
    interview.status = InterviewStatus.CANCELLED
    interview.cancelled_at = timezone.now()
    interview.slot = None  # the slot can be booked by another candidate it was proposed to
    fields = ["status", "cancelled_at", "slot"]
    if was_scheduled:
        interview.sequence += 1
        fields.append("sequence")
    interview.save(update_fields=fields)
    if was_scheduled:
        _queue_calendar_emails(interview, EmailKind.CANCELLATION)
    return interview


def _queue_calendar_emails(interview: Interview, kind: str) -> None:
    """The candidate's and each interviewer's copy, each its own e-mail (their own language)."""
    cancelled = kind == EmailKind.CANCELLATION
    candidate = interview.application.candidate
    _queue_one(
        interview, kind, candidate.email, candidate.full_name, interview.application.language,
        for_candidate=True, cancelled=cancelled,
    )  # fmt: skip
    for person in interview.interviewers.all():
        _queue_one(
            interview, kind, person.email, person.get_full_name(), person.email_language,
            for_candidate=False, cancelled=cancelled,
        )  # fmt: skip


def _queue_one(interview, kind, recipient, name, language, *, for_candidate, cancelled):
    from django.utils import translation

    from vivier.hiring.interviews.tasks import send_interview_email

    subject, body = emails.interview_email(
        interview, kind, name=name, language=language, for_candidate=for_candidate
    )
    ics = ""
    if kind != EmailKind.REMINDER:
        with translation.override(language):
            ics = invitation_ics(interview, cancelled=cancelled)
    try:
        with transaction.atomic():
            email = InterviewEmail.objects.create(
                interview=interview, kind=kind, sequence=interview.sequence, recipient=recipient,
                recipient_name=name[:250], language=language, subject=subject[:200], body=body,
                ics=ics,
            )  # fmt: skip
    except IntegrityError:  # written already for this change: once is enough
        return None
    transaction.on_commit(lambda: send_interview_email(email.pk))
    return email


def deliver_interview_email(email: InterviewEmail) -> None:
    """Send one queued interview e-mail with its .ics; called by the worker.

    The same lease as hiring's outbox (hiring.services.deliver_message): claimed by one
    conditional UPDATE so two workers never send it at once, marked sent as soon as the mail
    server accepted it, released at once when the send fails so the task's retry can take it.
    """
    now = timezone.now()
    if not LEASE.claim(InterviewEmail.objects.filter(pk=email.pk, sent_at__isnull=True), now):
        return
    employer = Employer.current()
    message = EmailMultiAlternatives(
        subject=email.subject,
        body=email.body,
        to=[email.recipient],
        reply_to=[employer.contact_email] if employer.contact_email else None,
        headers={"Message-ID": email.message_id},
    )
    add_html_version(message, language=email.language)
    if email.ics:
        method = "CANCEL" if email.kind == EmailKind.CANCELLATION else "REQUEST"
        message.attach(
            "invitation.ics", email.ics, f"text/calendar; method={method}; charset=utf-8"
        )
    connection = get_connection()
    try:
        connection.open()
        connection.send_messages([message])
    except Exception:
        LEASE.release(InterviewEmail, email.pk, now)
        connection.close()
        raise
    InterviewEmail.objects.filter(pk=email.pk).update(sent_at=timezone.now())
    try:
        connection.close()
    except Exception:  # sent and recorded
        logger.warning("The mail server dropped the connection after interview e-mail %s", email.pk)


def send_pending_interview_emails(*, now=None) -> int:
    """Queue again the interview e-mails nobody is sending (see hiring.send_pending_messages)."""
    from vivier.hiring.interviews.tasks import send_interview_email

    now = now or timezone.now()
    ids = list(
        InterviewEmail.objects.filter(sent_at__isnull=True, send_attempts__lt=EMAIL_MAX_ATTEMPTS)
        .filter(LEASE.abandoned(now))
        .values_list("pk", flat=True)[:PENDING_BATCH]
    )
    for email_id in ids:
        send_interview_email(email_id)
    return len(ids)


def send_due_reminders(*, now=None) -> int:
    """Remind the candidate and the interviewers of each interview starting within
    REMINDER_BEFORE, once: an interview is claimed by a conditional UPDATE of reminder_sent_at,
    so two workers running this at once never remind twice."""
    now = now or timezone.now()
    due = Interview.objects.filter(
        status=InterviewStatus.SCHEDULED,
        reminder_sent_at__isnull=True,
        starts_at__gt=now,
        starts_at__lte=now + REMINDER_BEFORE,
    ).values_list("pk", flat=True)
    count = 0
    for interview_id in list(due):
        with transaction.atomic():
            claimed = Interview.objects.filter(
                pk=interview_id, reminder_sent_at__isnull=True, status=InterviewStatus.SCHEDULED
            ).update(reminder_sent_at=now)
            if not claimed:
                continue
            interview = Interview.objects.select_related("application__candidate").get(
                pk=interview_id
            )
            _queue_calendar_emails(interview, EmailKind.REMINDER)
            count += 1
    return count


# Calendar feeds ------------------------------------------------------------------------------


def feed_for(user) -> CalendarFeed:
    feed, _created = CalendarFeed.objects.get_or_create(user=user)
    return feed


def revoke_feed(*, user) -> None:
    """The current address stops working at once; a new one is made when next asked for."""
    CalendarFeed.objects.filter(user=user).delete()


def feed_interviews(user):
    """What an interviewer's calendar shows: their booked interviews, and recent cancellations
    (so that a subscribed calendar removes them)."""
    since = timezone.now() - dt.timedelta(days=90)
    return (
        Interview.objects.filter(interviewers=user, starts_at__gte=since)
        .exclude(status=InterviewStatus.PROPOSED)
        .select_related("application__candidate", "application__offer")
        .prefetch_related("interviewers")
        .order_by("starts_at")
    )
