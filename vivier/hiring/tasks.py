from django.db import close_old_connections
from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task, on_startup

from vivier.hiring.models import Message
from vivier.hiring.services import deliver_message, send_pending_messages


@db_task(retries=5, retry_delay=60)
def send_message(message_id: int) -> None:
    message = Message.objects.select_related("application__candidate").filter(pk=message_id).first()
    if message is not None:
        deliver_message(message)


@db_task(retries=5, retry_delay=60)
def send_notification_email(notification_id: int) -> None:
    """Kept for the jobs queued before notifications had their own app (they keep their ids):
    new ones go through vivier.notifications.tasks."""
    from vivier.notifications.delivery import deliver_immediate

    deliver_immediate(notification_id)


@db_periodic_task(crontab(minute="*"))
def send_pending_messages_every_minute() -> int:
    """E-mails that a stopped web process never queued, or a stopped worker never finished."""
    return send_pending_messages()


@on_startup()
def send_pending_messages_at_start() -> None:
    """A worker that starts again after a crash sends what was left at once, not a minute later."""
    try:
        send_pending_messages()
    finally:
        close_old_connections()
