import datetime as dt

from django.conf import settings
from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task, lock_task

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


@db_periodic_task(crontab(minute="40", hour="2"))
@lock_task("referrals-retention")
def delete_unfollowed_referrals() -> None:
    """A direct referral nobody applied after is kept as long as an unsuccessful applicant's
    data (RETENTION_UNSUCCESSFUL_DAYS), then deleted: it names a person who never chose us."""
    cutoff = timezone.now() - dt.timedelta(days=settings.RETENTION_UNSUCCESSFUL_DAYS)
    services.delete_unfollowed_referrals(before=cutoff)
