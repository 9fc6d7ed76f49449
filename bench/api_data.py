"""Data for bench/api (run with the benchmark's environment)."""

import sys

import django

django.setup()

from vivier.accounts.models import Role, User  # noqa: E402
from vivier.api import webhooks  # noqa: E402
from vivier.api.models import Scope, WebhookDelivery, WebhookEndpoint  # noqa: E402
from vivier.api.services import create_token  # noqa: E402
from vivier.api.tasks import deliver_webhook  # noqa: E402


def token() -> None:
    user = User.objects.create_user(email="bench@example.test", role=Role.RECRUITER)
    print(create_token(user=user, name="bench", scopes=list(Scope.values))[1])


def queue_deliveries(url: str, count: int) -> None:
    """Deliveries to the local receiver, queued for the workers."""
    owner = User.objects.get(email="bench@example.test")
    endpoint = WebhookEndpoint.objects.create(
        owner=owner, url=url, events=["offer.published"], secret=webhooks.new_secret()
    )
    deliveries = WebhookDelivery.objects.bulk_create(
        WebhookDelivery(endpoint=endpoint, event="offer.published", payload={"id": number})
        for number in range(count)
    )
    for delivery in deliveries:
        deliver_webhook(delivery.pk)


if __name__ == "__main__":
    if sys.argv[1] == "token":
        token()
    else:
        queue_deliveries(sys.argv[2], int(sys.argv[3]))
