"""The worker's side of referrals. A direct referral nobody applied after is deleted by privacy's
nightly retention run (see retention.py)."""

from huey.contrib.djhuey import db_task

from vivier.community.referrals import services
from vivier.community.referrals.models import Referral


@db_task(retries=5, retry_delay=300)
def send_invitation(referral_id: int) -> None:
    referral = (
        Referral.objects.select_related("referrer", "offer", "link__link")
        .filter(pk=referral_id, application__isnull=True)
        .first()
    )
    if referral is not None:
        services.invitation_email(referral).send(fail_silently=False)
