from huey.contrib.djhuey import db_task

from vivier.api import webhooks
from vivier.api.models import DeliveryStatus, WebhookDelivery


@db_task()
def deliver_webhook(delivery_id: int) -> None:
    delivery = (
        WebhookDelivery.objects.select_related("endpoint")
        .filter(pk=delivery_id, status=DeliveryStatus.PENDING)
        .first()
    )
    if delivery is None or not delivery.endpoint.is_active:
        return
    if webhooks.attempt(delivery):
        deliver_webhook.schedule((delivery_id,), delay=webhooks.backoff_s(delivery.attempts))
