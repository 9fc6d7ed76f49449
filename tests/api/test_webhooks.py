"""Webhooks delivered over real HTTP to a receiver on the loopback interface."""

import hashlib
import hmac
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core import mail
from django.urls import reverse

from tests.factories import JobOfferFactory
from vivier.api import webhooks
from vivier.api.models import DeliveryStatus, WebhookDelivery, WebhookEndpoint
from vivier.jobs.services import close_offer, publish_offer

pytestmark = pytest.mark.django_db


class Receiver:
    """Answers with the given status codes in turn (the last one repeats) and keeps requests."""

    def __init__(self, statuses):
        self.statuses = list(statuses)
        self.requests = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.requests.append((dict(self.headers), body))
                status = (
                    receiver.statuses.pop(0) if len(receiver.statuses) > 1 else receiver.statuses[0]
                )
                self.send_response(status)
                self.end_headers()
                self.wfile.write(b"ok" if status < 300 else b"nope")

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/hook"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver_factory():
    receivers = []

    def make(*statuses):
        receiver = Receiver(statuses or [200])
        receivers.append(receiver)
        return receiver

    yield make
    for receiver in receivers:
        receiver.close()


def endpoint_for(receiver, owner, events=("offer.published", "offer.closed")):
    return WebhookEndpoint.objects.create(
        owner=owner, url=receiver.url, events=list(events), secret=webhooks.new_secret()
    )


def test_publishing_an_offer_sends_a_signed_event(
    employer, bob, receiver_factory, django_capture_on_commit_callbacks
):
    receiver = receiver_factory(200)
    endpoint = endpoint_for(receiver, bob)
    offer = JobOfferFactory()
    with django_capture_on_commit_callbacks(execute=True):
        publish_offer(offer=offer, by=bob)
    [(headers, body)] = receiver.requests
    assert headers["Vivier-Event"] == "offer.published"
    timestamp, signature = (
        part.split("=", 1)[1] for part in headers["Vivier-Signature"].split(",")
    )
    expected = hmac.new(endpoint.secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
    assert hmac.compare_digest(signature, expected.hexdigest())
    event = json.loads(body)
    assert event["event"] == "offer.published"
    assert event["data"]["reference"] == offer.reference
    assert WebhookDelivery.objects.get().status == DeliveryStatus.SUCCEEDED


def test_an_endpoint_gets_only_the_events_it_chose(
    employer, bob, receiver_factory, django_capture_on_commit_callbacks
):
    receiver = receiver_factory(200)
    endpoint_for(receiver, bob, events=["offer.closed"])
    offer = JobOfferFactory()
    with django_capture_on_commit_callbacks(execute=True):
        publish_offer(offer=offer)
        close_offer(offer=offer)
    assert [headers["Vivier-Event"] for headers, _body in receiver.requests] == ["offer.closed"]


def test_a_500_is_retried_with_growing_delays_and_a_400_is_not(employer, bob, receiver_factory):
    flaky = receiver_factory(500, 503, 200)
    delivery = WebhookDelivery.objects.create(
        endpoint=endpoint_for(flaky, bob), event="offer.published", payload={"id": 1}
    )
    assert webhooks.attempt(delivery) is True
    assert webhooks.attempt(delivery) is True
    assert webhooks.attempt(delivery) is False
    assert (delivery.status, delivery.attempts, delivery.last_status_code) == ("succeeded", 3, 200)
    assert [webhooks.backoff_s(n) for n in (1, 2, 3)] == [30, 60, 120]
    refusing = receiver_factory(400)
    delivery = WebhookDelivery.objects.create(
        endpoint=endpoint_for(refusing, bob), event="offer.published", payload={"id": 1}
    )
    assert webhooks.attempt(delivery) is False
    assert (delivery.status, delivery.attempts) == ("failed", 1)


def test_an_unreachable_endpoint_is_retried_then_fails(employer, bob):
    endpoint = WebhookEndpoint.objects.create(
        owner=bob, url="http://127.0.0.1:9/closed", events=["offer.published"], secret="s"
    )
    delivery = WebhookDelivery.objects.create(
        endpoint=endpoint, event="offer.published", payload={}
    )
    results = [webhooks.attempt(delivery) for _ in range(webhooks.MAX_ATTEMPTS)]
    assert results == [True] * (webhooks.MAX_ATTEMPTS - 1) + [False]
    assert delivery.status == DeliveryStatus.FAILED
    assert delivery.last_status_code is None


def test_repeated_failures_switch_the_endpoint_off_and_tell_its_owner(
    employer, bob, receiver_factory
):
    receiver = receiver_factory(410)
    endpoint = endpoint_for(receiver, bob)
    for _ in range(webhooks.DISABLE_AFTER_FAILED_DELIVERIES):
        delivery = WebhookDelivery.objects.create(
            endpoint=endpoint, event="offer.published", payload={}
        )
        webhooks.attempt(delivery)
    endpoint.refresh_from_db()
    assert endpoint.is_active is False
    assert [message.to for message in mail.outbox] == [[bob.email]]
    assert receiver.url in mail.outbox[0].body


def test_the_owner_manages_webhooks_and_redelivers_from_the_screens(
    client, employer, bob, receiver_factory, django_capture_on_commit_callbacks
):
    receiver = receiver_factory(200)
    client.force_login(bob)
    response = client.post(
        reverse("api_tokens:webhooks"), {"url": receiver.url, "events": ["offer.published"]}
    )
    endpoint = WebhookEndpoint.objects.get()
    assert response["Location"] == reverse("api_tokens:webhook", kwargs={"pk": endpoint.pk})
    delivery = WebhookDelivery.objects.create(
        endpoint=endpoint, event="offer.published", payload={"id": 7}
    )
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse(
                "api_tokens:webhook_redeliver",
                kwargs={"pk": endpoint.pk, "delivery_id": delivery.pk},
            )
        )
    assert len(receiver.requests) == 1
    assert json.loads(receiver.requests[0][1])["data"] == {"id": 7}
    page = client.get(reverse("api_tokens:webhook", kwargs={"pk": endpoint.pk}))
    assert endpoint.secret in page.content.decode()


def test_nobody_sees_someone_elses_webhook(client, employer, alice, bob):
    endpoint = WebhookEndpoint.objects.create(owner=alice, url="https://x.example", secret="s")
    client.force_login(bob)
    assert client.get(reverse("api_tokens:webhook", kwargs={"pk": endpoint.pk})).status_code == 404
