"""The worker's jobs for hubs: thin, by id, queued on commit (see notify.py). Notifications
are sent by vivier.notifications' own tasks."""

from huey.contrib.djhuey import db_task

from vivier.community.hubs import emails


@db_task(retries=5, retry_delay=60)
def send_invitation_email(invitation_id: int, token: str) -> None:
    emails.send_invitation(invitation_id, token)
