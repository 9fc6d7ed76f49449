"""The worker's side of alerts: thin tasks that take ids and call the services.

What alerts keep is deleted by privacy's nightly retention run (see retention.py)."""

from django.db import close_old_connections
from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from vivier.community.alerts import digests, questions, services
from vivier.community.alerts.models import Alert, Frequency, Question


@db_task(retries=5, retry_delay=60)
def send_confirmation(alert_id: int) -> None:
    alert = Alert.objects.select_related("subscriber").filter(pk=alert_id).first()
    if alert is not None:
        services.deliver_confirmation(alert)


@db_task(retries=5, retry_delay=60)
def send_digest_batch(digest_ids: list[int]) -> None:
    digests.deliver_digests(digest_ids)


@db_task(retries=5, retry_delay=60)
def send_answer_notice(question_id: int) -> None:
    question = Question.objects.select_related("offer").filter(pk=question_id).first()
    if question is not None:
        questions.deliver_answer_notice(question)


# Digests go in the morning, local time (TIME_ZONE). A second worker running the same schedule,
# or a retry, finds the period's run and its rows already there and sends nothing twice.
@db_periodic_task(crontab(hour="7", minute="0"), retries=3, retry_delay=300)
def compute_daily_digests() -> None:
    digests.compute_digests(frequency=Frequency.DAILY)


@db_periodic_task(crontab(day_of_week="1", hour="7", minute="15"), retries=3, retry_delay=300)
def compute_weekly_digests() -> None:
    digests.compute_digests(frequency=Frequency.WEEKLY)


@db_periodic_task(crontab(minute="*/5"))
def send_pending_digests_every_five_minutes() -> int:
    """Digests a stopped worker never sent, once their lease is over."""
    try:
        return digests.send_pending_digests()
    finally:
        close_old_connections()
