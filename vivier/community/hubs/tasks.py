"""The worker's jobs for hubs: thin, by id, queued on commit (see notify.py)."""

from huey.contrib.djhuey import db_task

from vivier.community.hubs import emails


@db_task(retries=5, retry_delay=60)
def send_invitation_email(invitation_id: int, token: str) -> None:
    emails.send_invitation(invitation_id, token)


@db_task(retries=5, retry_delay=60)
def send_post_emails(post_id: int, reason: str, user_ids: list[int]) -> None:
    emails.send_post_emails(post_id, reason, user_ids)


@db_task(retries=5, retry_delay=60)
def send_member_offer_email(member_offer_id: int) -> None:
    emails.send_member_offer_review(member_offer_id)
