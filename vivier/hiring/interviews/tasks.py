from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from vivier.hiring.interviews.models import InterviewEmail
from vivier.hiring.interviews.services import (
    deliver_interview_email,
    send_due_reminders,
    send_pending_interview_emails,
)


@db_task(retries=5, retry_delay=60)
def send_interview_email(email_id: int) -> None:
    email = InterviewEmail.objects.filter(pk=email_id).first()
    if email is not None:
        deliver_interview_email(email)


@db_periodic_task(crontab(minute="*/5"))
def send_interview_reminders() -> int:
    """Reminders of the interviews of the next 24 hours, once each (send_due_reminders)."""
    return send_due_reminders()


@db_periodic_task(crontab(minute="*"))
def send_pending_interview_emails_every_minute() -> int:
    """Invitations a stopped web process never queued, or a stopped worker never finished."""
    return send_pending_interview_emails()
