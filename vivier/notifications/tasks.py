"""The worker's side of notifications: thin tasks that take ids and call delivery.py."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from vivier.notifications import delivery


@db_task(retries=5, retry_delay=60)
def send_notification_emails(notification_ids: list[int]) -> None:
    """Each is claimed on its own: a retry after a failure sends only those not sent yet."""
    for notification_id in notification_ids:
        delivery.deliver_immediate(notification_id)


@db_task(retries=5, retry_delay=300)
def send_digest(digest_id: int) -> None:
    delivery.deliver_digest(digest_id)


# The digest goes once a day, in the morning local time (TIME_ZONE), after the job alerts'.
# A retry or a second worker on the same schedule finds today's digests made and makes none.
@db_periodic_task(crontab(hour="7", minute="30"), retries=3, retry_delay=300)
def make_daily_digests() -> None:
    for digest_id in delivery.make_digests():
        send_digest(digest_id)


@db_periodic_task(crontab(minute="*/5"))
def send_pending_notification_emails() -> None:
    """E-mails that a stopped web process never queued, or a stopped worker never finished.
    (db_periodic_task closes the worker's old database connections around each run.)"""
    notification_ids, digest_ids = delivery.pending()
    if notification_ids:
        send_notification_emails(notification_ids)
    for digest_id in digest_ids:
        send_digest(digest_id)
