"""What a conversation shows: every e-mail to and from the candidate about one application."""

from dataclasses import dataclass

from vivier.hiring.conversations.models import InboundMessage, InboundStatus, ScheduledMessage
from vivier.hiring.models import Application


@dataclass
class Entry:
    direction: str  # "out", "in" or "scheduled"
    at: object
    subject: str
    body: str
    record: object


def thread_for(application: Application) -> list[Entry]:
    """Oldest first, as people read a conversation. Three queries whatever its length."""
    entries = [
        Entry("out", message.created_at, message.subject, message.body, message)
        for message in application.messages.select_related("sent_by")
    ]
    entries += [
        Entry("in", reply.sent_at or reply.received_at, reply.subject, reply.body, reply)
        for reply in InboundMessage.objects.filter(
            application=application, status=InboundStatus.ATTACHED
        ).prefetch_related("attachments")
    ]
    entries += [
        Entry("scheduled", item.send_at, item.subject, item.body, item)
        for item in ScheduledMessage.objects.filter(
            application=application, queued_at__isnull=True, cancelled_at__isnull=True
        ).select_related("created_by")
    ]
    return sorted(entries, key=lambda entry: (entry.at, entry.direction))
