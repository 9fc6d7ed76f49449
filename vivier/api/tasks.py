from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from vivier.api import webhooks


@db_task()
def deliver_webhooks(endpoint_id: int) -> None:
    """A batch of the endpoint's due deliveries over one connection. When more are due, the next
    batch is queued before this one is sent, so that another worker sends it meanwhile."""
    claim = webhooks.claim_due_deliveries(endpoint_id=endpoint_id)
    if claim is None:
        return
    if claim.more_due:
        deliver_webhooks(endpoint_id)
    outcome = webhooks.send_claimed(claim)
    if outcome.more_due:  # stopped by its time limit
        deliver_webhooks(endpoint_id)
    if outcome.retry_in_s is not None:
        deliver_webhooks.schedule((endpoint_id,), delay=outcome.retry_in_s)


@db_periodic_task(crontab(minute="*"))
def deliver_forgotten_webhooks() -> None:
    """The safety net: endpoints with due deliveries that no task is sending (a task lost, a
    worker that died in the middle of a batch, an endpoint switched on again)."""
    for endpoint_id in webhooks.endpoints_with_due_deliveries():
        deliver_webhooks(endpoint_id)
