from django.conf import settings
from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from vivier.hiring.conversations.imap import poll_mailbox
from vivier.hiring.conversations.services import send_due_messages


@db_periodic_task(crontab(minute="*"))
def send_scheduled_messages_every_minute() -> int:
    """Scheduled e-mails whose time has come go to hiring's outbox (sent within the minute)."""
    return send_due_messages()


@db_periodic_task(crontab(minute="*"))
def poll_inbound_mailbox_every_minute() -> int:
    """Replies from the IMAP mailbox, when one is configured (INBOUND_IMAP_URL)."""
    if not settings.INBOUND_IMAP_URL:
        return 0
    return poll_mailbox()
