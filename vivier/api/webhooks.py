"""Webhooks: events signed with HMAC-SHA256 and delivered by the worker, with retries.

Signature header: `Vivier-Signature: t=<unix time>,v1=<hex HMAC-SHA256 of "<t>.<body>">`, keyed
by the endpoint's secret. A receiver recomputes it and refuses a timestamp older than 5 minutes
(replays).
"""

import hashlib
import hmac
import json
import secrets
import time
import urllib.error
import urllib.request
import uuid

from django.core.mail import send_mail
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from vivier.api.models import DeliveryStatus, WebhookDelivery, WebhookEndpoint

MAX_ATTEMPTS = 6  # per delivery: then the delivery has failed
BACKOFF_BASE_S = 30  # seconds before the 2nd attempt; doubles after each failure
DISABLE_AFTER_FAILED_DELIVERIES = 5  # consecutive failed deliveries switch an endpoint off
TIMEOUT_S = 10
RESPONSE_KEPT_CHARS = 2000


def new_secret() -> str:
    return secrets.token_hex(32)


def sign(secret: str, body: bytes, timestamp: int) -> str:
    mac = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
    return f"t={timestamp},v1={mac.hexdigest()}"


def emit_event(event: str, payload: dict) -> None:
    """Record one delivery per subscribed endpoint and queue them once the transaction commits."""
    from vivier.api.tasks import deliver_webhook  # the task module imports this one

    data = json.loads(json.dumps(payload, cls=DjangoJSONEncoder))
    # Endpoints are few; filtering in Python works the same on SQLite and PostgreSQL.
    endpoints = [e for e in WebhookEndpoint.objects.filter(is_active=True) if event in e.events]
    for endpoint in endpoints:
        delivery = WebhookDelivery.objects.create(endpoint=endpoint, event=event, payload=data)
        transaction.on_commit(lambda pk=delivery.pk: deliver_webhook(pk))


def attempt(delivery: WebhookDelivery) -> bool:
    """One attempt; True when it needs another one (network error, 429 or 5xx)."""
    body = json.dumps(
        {"id": str(uuid.uuid5(uuid.NAMESPACE_URL, f"vivier-delivery-{delivery.pk}")),
         "event": delivery.event, "data": delivery.payload},
        separators=(",", ":"),
    ).encode()  # fmt: skip
    request = urllib.request.Request(
        delivery.endpoint.url,
        data=body,
        method="POST",
        headers={
            "Content-Type": "application/json",
            "User-Agent": "Vivier-Webhooks/1",
            "Vivier-Event": delivery.event,
            "Vivier-Delivery": str(delivery.pk),
            "Vivier-Signature": sign(delivery.endpoint.secret, body, int(time.time())),
        },
    )
    status, text = None, ""
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_S) as response:
            status, text = (
                response.status,
                response.read(RESPONSE_KEPT_CHARS).decode(errors="replace"),
            )
    except urllib.error.HTTPError as error:
        status, text = error.code, error.read(RESPONSE_KEPT_CHARS).decode(errors="replace")
    except (urllib.error.URLError, OSError, ValueError) as error:
        text = str(error)[:RESPONSE_KEPT_CHARS]
    delivery.attempts += 1
    delivery.last_status_code = status
    delivery.last_response = text
    delivery.last_attempt_at = timezone.now()
    succeeded = status is not None and 200 <= status < 300
    retryable = status is None or status == 429 or status >= 500
    if succeeded:
        delivery.status = DeliveryStatus.SUCCEEDED
        WebhookEndpoint.objects.filter(pk=delivery.endpoint_id).update(consecutive_failures=0)
    elif not retryable or delivery.attempts >= MAX_ATTEMPTS:
        delivery.status = DeliveryStatus.FAILED
        _count_failure(delivery.endpoint)
    delivery.save()
    return delivery.status == DeliveryStatus.PENDING


def backoff_s(attempts: int) -> int:
    return BACKOFF_BASE_S * 2 ** max(attempts - 1, 0)


def _count_failure(endpoint: WebhookEndpoint) -> None:
    WebhookEndpoint.objects.filter(pk=endpoint.pk).update(
        consecutive_failures=F("consecutive_failures") + 1
    )
    endpoint.refresh_from_db()
    if endpoint.is_active and endpoint.consecutive_failures >= DISABLE_AFTER_FAILED_DELIVERIES:
        endpoint.is_active = False
        endpoint.disabled_at = timezone.now()
        endpoint.save(update_fields=["is_active", "disabled_at"])
        send_mail(
            _("Vivier: a webhook was switched off"),
            _(
                "The webhook %(url)s failed %(count)s deliveries in a row and was switched off. "
                "Check the receiving system, then switch it on again from Vivier."
            )
            % {"url": endpoint.url, "count": endpoint.consecutive_failures},
            None,
            [endpoint.owner.email],
        )


def redeliver(delivery: WebhookDelivery) -> WebhookDelivery:
    """A new delivery of the same event and payload (the original stays in the log)."""
    from vivier.api.tasks import deliver_webhook

    copy = WebhookDelivery.objects.create(
        endpoint=delivery.endpoint, event=delivery.event, payload=delivery.payload
    )
    transaction.on_commit(lambda: deliver_webhook(copy.pk))
    return copy
