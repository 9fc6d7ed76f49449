from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task, lock_task

from vivier.privacy import notices, retention
from vivier.privacy.models import RenewalNotice


@db_periodic_task(crontab(minute="30", hour="2"))
@lock_task("privacy-retention")
def apply_retention() -> None:
    retention.run()


@db_periodic_task(crontab(minute="45", hour="9"))
def inform_sourced_profiles() -> None:
    """RGPD art. 14: each person added by a recruiter is told, well within the month."""
    for profile_id in notices.profiles_to_inform().exclude(email="").values_list("pk", flat=True):
        send_collection_notice(profile_id)


@db_task(retries=5, retry_delay=300)
def send_collection_notice(profile_id: int) -> None:
    profile = notices.profiles_to_inform().filter(pk=profile_id).first()
    if profile is not None:
        notices.send_collection_notice(profile)


@db_task(retries=5, retry_delay=300)
def send_renewal_notice(notice_id: int) -> None:
    notice = RenewalNotice.objects.select_related("profile").filter(pk=notice_id).first()
    if notice is not None and notice.sent_at is None:
        notices.send_renewal(notice)
