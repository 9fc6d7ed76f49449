from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from vivier.jobs.services import close_expired_offers


@db_periodic_task(crontab(minute="5", hour="0"))
def close_expired_offers_daily():
    return close_expired_offers()
