"""Every change to a conversation goes through these functions.

The candidate-space helper calls record_candidate_reply(application, body, attachments).
"""

import hashlib
import logging

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from vivier.brand.models import Employer
from vivier.hiring.conversations.addresses import read_address, reply_address
from vivier.hiring.conversations.attachments import check_attachment
from vivier.hiring.conversations.models import (
    InboundAttachment,
    InboundMessage,
    InboundStatus,
    QuarantineReason,
    ScheduledMessage,
    Via,
)
from vivier.hiring.conversations.parsing import MalformedMessage, ParsedMessage, parse
from vivier.hiring.messages import fill, placeholders
from vivier.hiring.models import Application, Candidate, Message

logger = logging.getLogger(__name__)

DUE_BATCH = 200  # scheduled e-mails handed to the outbox by one run of the worker


# --- Outgoing ---------------------------------------------------------------------------------


def set_reply_to(message: Message, email) -> None:
    """deliver_message's hook: a candidate's reply comes back to this application's thread."""
    address = reply_address(message.application)
    if address:
        email.reply_to = [address]


def _queue(message: Message) -> None:
    from vivier.hiring.tasks import send_message  # the task module imports hiring's services

    transaction.on_commit(lambda: send_message(message.pk))


def filled(application: Application, text: str) -> str:
    return fill(text, placeholders(application, Employer.current().name))


@transaction.atomic
def send_reply(*, application: Application, subject: str, body: str, by, send_at=None):
    """Send an e-mail to the candidate now, or at send_at: placeholders are filled now.

    Returns the hiring Message, or the ScheduledMessage when send_at is in the future.
    """
    subject = filled(application, subject)[:200]
    body = filled(application, body)
    if send_at is not None and send_at > timezone.now():
        return ScheduledMessage.objects.create(
            application=application, subject=subject, body=body, send_at=send_at, created_by=by
        )
    message = Message.objects.create(
        application=application, subject=subject, body=body, sent_by=by
    )
    _queue(message)
    return message


@transaction.atomic
def cancel_scheduled(*, scheduled: ScheduledMessage, by) -> bool:
    updated = ScheduledMessage.objects.filter(
        pk=scheduled.pk, queued_at__isnull=True, cancelled_at__isnull=True
    ).update(cancelled_at=timezone.now())
    return bool(updated)


def send_due_messages(*, now=None) -> int:
    """Hand every scheduled e-mail whose time has come to hiring's outbox, once each.

    Each is taken with a conditional UPDATE (queued_at still empty), so two workers running this
    at the same time never send one twice.
    """
    now = now or timezone.now()
    due = list(
        ScheduledMessage.objects.filter(
            send_at__lte=now, queued_at__isnull=True, cancelled_at__isnull=True
        ).values_list("pk", flat=True)[:DUE_BATCH]
    )
    count = 0
    for pk in due:
        with transaction.atomic():
            taken = ScheduledMessage.objects.filter(
                pk=pk, queued_at__isnull=True, cancelled_at__isnull=True
            ).update(queued_at=now)
            if not taken:
                continue
            scheduled = ScheduledMessage.objects.get(pk=pk)
            message = Message.objects.create(
                application_id=scheduled.application_id,
                subject=scheduled.subject,
                body=scheduled.body,
                sent_by_id=scheduled.created_by_id,
            )
            ScheduledMessage.objects.filter(pk=pk).update(message=message)
            _queue(message)
            count += 1
    return count


# --- Incoming ---------------------------------------------------------------------------------


def receive_raw_message(raw: bytes, *, via: str = Via.MAIL_SERVER, recipient: str = ""):
    """Store one message as it came and attach it to its thread, or quarantine it.

    Never raises for what the message contains: a message nobody can read is quarantined with
    its raw bytes. The same bytes received twice make one record (returned both times).
    """
    digest = hashlib.sha256(raw).hexdigest()
    existing = InboundMessage.objects.filter(raw_sha256=digest).first()
    if existing:
        return existing
    try:
        parsed = parse(raw)
    except MalformedMessage as error:
        return _store(raw, digest, via, None, QuarantineReason.MALFORMED, str(error), None)
    application, reason = _application_for([recipient, *parsed.recipients])
    return _store(raw, digest, via, application, reason, "", parsed)


def _application_for(addresses: list[str]) -> tuple[Application | None, str]:
    reason = QuarantineReason.UNKNOWN_ADDRESS
    for address in filter(None, addresses):
        looks_ours, application_id = read_address(address)
        if not looks_ours:
            continue
        if application_id is None:
            reason = QuarantineReason.FORGED_TOKEN
            continue
        application = (
            Application.objects.select_related("candidate").filter(pk=application_id).first()
        )
        if application is None:
            reason = QuarantineReason.NO_APPLICATION
            continue
        return application, ""
    return None, reason


def _store(raw, digest, via, application, reason, problem, parsed: ParsedMessage | None):
    record = InboundMessage(
        application=application,
        status=InboundStatus.ATTACHED if application else InboundStatus.QUARANTINED,
        quarantine_reason=reason if not application else "",
        problem=problem,
        via=via,
        raw_sha256=digest,
    )
    if parsed is not None:
        record.from_address = parsed.from_address
        record.from_name = parsed.from_name
        record.to_addresses = "\n".join(parsed.recipients)[:2000]
        record.subject = parsed.subject
        record.body = parsed.body
        record.message_id = parsed.message_id
        record.sent_at = parsed.sent_at
    record.raw.save("message.eml", ContentFile(raw), save=False)
    try:
        with transaction.atomic():
            record.save()
            if parsed is not None:
                _keep_attachments(record, parsed.attachments)
            if application is not None:
                _touch(application)
    except IntegrityError:
        # The same message arrived twice at once; the other one stored it.
        record.raw.storage.delete(record.raw.name)
        return InboundMessage.objects.get(raw_sha256=digest)
    logger.info("Inbound message %s: %s %s", record.pk, record.status, record.quarantine_reason)
    return record


def _keep_attachments(record: InboundMessage, attachments) -> list[str]:
    """Store the acceptable attachments; note the others (name and reason) on the record."""
    refused = []
    for name, data in attachments:
        try:
            content_type, kept_name = check_attachment(name, data)
        except ValidationError as error:
            refused.append({"name": name, "size": len(data), "reason": " ".join(error.messages)})
            continue
        attachment = InboundAttachment(
            message=record, original_name=kept_name, content_type=content_type, size=len(data)
        )
        attachment.file.save(kept_name, ContentFile(data), save=False)
        attachment.save()
    if refused:
        record.refused_attachments = refused
        record.save(update_fields=["refused_attachments"])
    return [item["reason"] for item in refused]


def _touch(application: Application) -> None:
    """A reply is contact: retention counts from it."""
    Candidate.objects.filter(pk=application.candidate_id).update(last_contact_at=timezone.now())


@transaction.atomic
def record_candidate_reply(
    application: Application, body: str, attachments=(), via: str = Via.SPACE, subject: str = ""
) -> InboundMessage:
    """A reply written in the candidate's space. `attachments` are uploaded files; one that is
    not acceptable raises a ValidationError naming it, and nothing is recorded."""
    files = []
    for upload in attachments:
        data = upload.read()
        try:
            content_type, name = check_attachment(upload.name, data)
        except ValidationError as error:
            raise ValidationError(f"{upload.name}: {' '.join(error.messages)}") from error
        files.append((name, content_type, data))
    record = InboundMessage.objects.create(
        application=application,
        status=InboundStatus.ATTACHED,
        via=via,
        from_address=application.candidate.email,
        from_name=application.candidate.full_name[:200],
        subject=subject[:300],
        body=body.strip(),
    )
    for name, content_type, data in files:
        attachment = InboundAttachment(
            message=record, original_name=name, content_type=content_type, size=len(data)
        )
        attachment.file.save(name, ContentFile(data), save=False)
        attachment.save()
    _touch(application)
    return record


@transaction.atomic
def assign_quarantined(*, message: InboundMessage, application: Application, by) -> InboundMessage:
    """A person has checked where a quarantined message belongs: it joins that thread."""
    message = InboundMessage.objects.select_for_update().get(pk=message.pk)
    if message.status != InboundStatus.QUARANTINED:
        return message
    message.application = application
    message.status = InboundStatus.ATTACHED
    message.assigned_by = by
    message.assigned_at = timezone.now()
    message.save(update_fields=["application", "status", "assigned_by", "assigned_at"])
    _touch(application)
    return message


@transaction.atomic
def discard_quarantined(*, message: InboundMessage, by) -> None:
    """Delete a quarantined message (spam, a mistake) with its files, once a person decides."""
    message = InboundMessage.objects.select_for_update().get(pk=message.pk)
    if message.status != InboundStatus.QUARANTINED:
        return
    files = [message.raw] if message.raw else []
    files += [attachment.file for attachment in message.attachments.all()]
    names = [(file.storage, file.name) for file in files]
    message.delete()
    transaction.on_commit(lambda: [storage.delete(name) for storage, name in names])
