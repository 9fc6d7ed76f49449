from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task, lock_task

from vivier.distribution import clicks, services


@db_task()
def send_publication_task(publication_id: int) -> None:
    services.send_publication(publication_id)


@db_task()
def withdraw_publication_task(publication_id: int) -> None:
    services.withdraw_publication(publication_id)


@db_periodic_task(crontab(minute="*"))
def send_due_publications() -> int:
    """Scheduled publications, retries, and what a killed worker left behind."""
    return services.send_due_publications()


@db_periodic_task(crontab(minute="*"))
@lock_task("flush-clicks")  # the flush reads then trims the list: one flusher at a time
def flush_clicks() -> int:
    clicks.forget_old_salts(timezone.localdate())
    return clicks.click_buffer().flush()
