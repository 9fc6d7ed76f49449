from huey import crontab
from huey.contrib.djhuey import db_periodic_task, lock_task

from vivier.analytics.audience import record_followers
from vivier.analytics.counting import refresh_stale


@db_periodic_task(crontab(minute="*"))
@lock_task("refresh-counts")
def refresh_counts() -> int:
    """Reports lag the events by a minute at most."""
    total = 0
    while done := refresh_stale():
        total += done
    return total


@db_periodic_task(crontab(minute="15", hour="6"))
def record_followers_daily() -> int:
    return record_followers()
