"""Webhooks delivered over real HTTP to a receiver on the loopback interface."""

import datetime as dt
import hashlib
import hmac
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import time_machine
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.factories import JobOfferFactory
from vivier.api import tasks, webhooks
from vivier.api.models import DeliveryStatus, WebhookDelivery, WebhookEndpoint
from vivier.jobs.services import close_offer, publish_offer

pytestmark = pytest.mark.django_db

DROP = "drop"  # a receiver's answer: close the connection without a word


class Receiver:
    """An HTTP/1.1 receiver with keep-alive. Answers in turn with the given statuses (the last one
    repeats): a code, (code, headers), or DROP. Keeps each request with the client's port, which
    tells the connections apart."""

    def __init__(self, answers):
        self.answers = list(answers)
        self.requests = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            disable_nagle_algorithm = True  # the body must not wait for the headers' ACK

            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.requests.append((dict(self.headers), body, self.client_address[1]))
                answers = receiver.answers
                answer = answers.pop(0) if len(answers) > 1 else answers[0]
                if answer == DROP:
                    self.close_connection = True
                    return
                status, headers = answer if isinstance(answer, tuple) else (answer, {})
                text = b"ok" if status < 300 else b"nope"
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(text)))
                self.end_headers()
                self.wfile.write(text)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_port}/hook"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    @property
    def delivery_ids(self):
        return [int(headers["Vivier-Delivery"]) for headers, _body, _port in self.requests]

    @property
    def connections(self):
        return len({port for _headers, _body, port in self.requests})

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver_factory():
    receivers = []

    def make(*answers):
        receiver = Receiver(answers or [200])
        receivers.append(receiver)
        return receiver

    yield make
    for receiver in receivers:
        receiver.close()


def endpoint_for(receiver, owner, events=("offer.published", "offer.closed")):
    return WebhookEndpoint.objects.create(
        owner=owner, url=receiver.url, events=list(events), secret=webhooks.new_secret()
    )


def deliveries_to(endpoint, count):
    return [
        WebhookDelivery.objects.create(
            endpoint=endpoint, event="offer.published", payload={"number": number}
        )
        for number in range(count)
    ]


def send(endpoint):
    return webhooks.send_due_deliveries(endpoint_id=endpoint.pk)


def fresh(delivery):
    delivery.refresh_from_db()
    return delivery


def is_signed(secret, headers, body):
    timestamp, signature = (
        part.split("=", 1)[1] for part in headers["Vivier-Signature"].split(",")
    )
    expected = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
    return hmac.compare_digest(signature, expected.hexdigest())


def test_publishing_an_offer_sends_a_signed_event(
    employer, bob, receiver_factory, django_capture_on_commit_callbacks
):
    receiver = receiver_factory(200)
    endpoint = endpoint_for(receiver, bob)
    offer = JobOfferFactory()
    with django_capture_on_commit_callbacks(execute=True):
        publish_offer(offer=offer, by=bob)
    [(headers, body, _port)] = receiver.requests
    assert headers["Vivier-Event"] == "offer.published"
    assert is_signed(endpoint.secret, headers, body)
    event = json.loads(body)
    assert event["event"] == "offer.published"
    assert event["data"]["reference"] == offer.reference
    delivery = WebhookDelivery.objects.get()
    assert (delivery.status, delivery.last_status_code, delivery.claim) == ("succeeded", 200, "")


def test_an_endpoint_gets_only_the_events_it_chose(
    employer, bob, receiver_factory, django_capture_on_commit_callbacks
):
    receiver = receiver_factory(200)
    endpoint_for(receiver, bob, events=["offer.closed"])
    offer = JobOfferFactory()
    with django_capture_on_commit_callbacks(execute=True):
        publish_offer(offer=offer)
        close_offer(offer=offer)
    assert [headers["Vivier-Event"] for headers, _body, _port in receiver.requests] == [
        "offer.closed"
    ]


def test_a_batch_goes_oldest_first_over_one_kept_alive_connection(employer, bob, receiver_factory):
    receiver = receiver_factory(200)
    endpoint = endpoint_for(receiver, bob)
    deliveries = deliveries_to(endpoint, 5)
    outcome = send(endpoint)
    assert receiver.delivery_ids == [delivery.pk for delivery in deliveries]
    assert receiver.connections == 1
    assert (outcome.sent, outcome.connections_opened, outcome.more_due) == (5, 1, False)
    for headers, body, _port in receiver.requests:
        assert is_signed(endpoint.secret, headers, body)
    assert [json.loads(body)["data"] for _headers, body, _port in receiver.requests] == [
        {"number": number} for number in range(5)
    ]
    assert set(WebhookDelivery.objects.values_list("status", "attempts", "claim")) == {
        ("succeeded", 1, "")
    }


def test_a_batch_costs_the_same_queries_however_many_it_sends(
    employer, bob, receiver_factory, monkeypatch
):
    monkeypatch.setattr(webhooks, "RESULTS_FLUSH_INTERVAL_S", 3600)  # one write of the answers
    receiver = receiver_factory(200)
    small, large = endpoint_for(receiver, bob), endpoint_for(receiver, bob)
    deliveries_to(small, 2)
    deliveries_to(large, 40)
    # Time stands still: answers are written grouped by outcome and second.
    with time_machine.travel(timezone.now(), tick=False):
        with CaptureQueriesContext(connection) as few:
            send(small)
        with CaptureQueriesContext(connection) as many:
            send(large)
    assert len(receiver.requests) == 42
    assert len(many.captured_queries) == len(few.captured_queries)


def test_the_task_sends_batch_after_batch_until_none_is_due(
    employer, bob, receiver_factory, monkeypatch
):
    monkeypatch.setattr(webhooks, "BATCH_SIZE", 2)
    receiver = receiver_factory(200)
    endpoint = endpoint_for(receiver, bob)
    deliveries = deliveries_to(endpoint, 5)
    tasks.deliver_webhooks(endpoint.pk)
    assert sorted(receiver.delivery_ids) == [delivery.pk for delivery in deliveries]
    assert receiver.connections == 3  # batches of 2, 2 and 1
    assert not WebhookDelivery.objects.exclude(status=DeliveryStatus.SUCCEEDED).exists()


def test_a_500_is_retried_with_growing_delays_and_a_400_is_not(employer, bob, receiver_factory):
    flaky = receiver_factory(500, 503, 200)
    endpoint = endpoint_for(flaky, bob)
    [delivery] = deliveries_to(endpoint, 1)
    outcome = send(endpoint)
    delivery = fresh(delivery)
    assert (delivery.status, delivery.attempts, delivery.last_status_code) == ("pending", 1, 500)
    assert delivery.next_attempt_at == delivery.last_attempt_at + dt.timedelta(seconds=30)
    assert 29 <= outcome.retry_in_s <= 30
    assert send(endpoint).sent == 0  # not due yet
    with time_machine.travel(delivery.next_attempt_at):
        send(endpoint)
    delivery = fresh(delivery)
    assert (delivery.attempts, delivery.last_status_code) == (2, 503)
    assert delivery.next_attempt_at == delivery.last_attempt_at + dt.timedelta(seconds=60)
    with time_machine.travel(delivery.next_attempt_at):
        send(endpoint)
    delivery = fresh(delivery)
    assert (delivery.status, delivery.attempts, delivery.last_status_code) == ("succeeded", 3, 200)
    assert [webhooks.backoff_s(n) for n in (1, 2, 3)] == [30, 60, 120]

    refusing = receiver_factory(400)
    endpoint = endpoint_for(refusing, bob)
    [delivery] = deliveries_to(endpoint, 1)
    assert send(endpoint).retry_in_s is None
    delivery = fresh(delivery)
    assert (delivery.status, delivery.attempts, delivery.last_response) == ("failed", 1, "nope")


def test_a_429_waits_as_long_as_its_retry_after_asks(employer, bob, receiver_factory):
    receiver = receiver_factory((429, {"Retry-After": "300"}))
    endpoint = endpoint_for(receiver, bob)
    [delivery] = deliveries_to(endpoint, 1)
    send(endpoint)
    delivery = fresh(delivery)
    assert (delivery.status, delivery.last_status_code) == ("pending", 429)
    assert delivery.next_attempt_at == delivery.last_attempt_at + dt.timedelta(seconds=300)


def test_a_refusal_in_the_middle_of_a_batch_does_not_hold_back_the_rest(
    employer, bob, receiver_factory
):
    receiver = receiver_factory(200, 500, 404, 200)
    endpoint = endpoint_for(receiver, bob)
    deliveries = deliveries_to(endpoint, 4)
    outcome = send(endpoint)
    assert receiver.delivery_ids == [delivery.pk for delivery in deliveries]
    assert [(d.status, d.attempts, d.last_status_code) for d in map(fresh, deliveries)] == [
        ("succeeded", 1, 200), ("pending", 1, 500), ("failed", 1, 404), ("succeeded", 1, 200),
    ]  # fmt: skip
    assert 29 <= outcome.retry_in_s <= 30
    endpoint.refresh_from_db()
    assert endpoint.consecutive_failures == 0  # the last delivery succeeded


def test_a_429_in_the_middle_of_a_batch_postpones_the_rest_without_spending_their_attempts(
    employer, bob, receiver_factory
):
    receiver = receiver_factory(200, 200, (429, {"Retry-After": "120"}), 200)
    endpoint = endpoint_for(receiver, bob)
    deliveries = deliveries_to(endpoint, 5)
    outcome = send(endpoint)
    assert receiver.delivery_ids == [delivery.pk for delivery in deliveries[:3]]
    first, second, limited, *rest = map(fresh, deliveries)
    assert (first.status, second.status) == ("succeeded", "succeeded")
    assert (limited.status, limited.attempts, limited.last_status_code) == ("pending", 1, 429)
    assert limited.next_attempt_at == limited.last_attempt_at + dt.timedelta(seconds=120)
    for delivery in rest:
        assert (delivery.status, delivery.attempts, delivery.last_status_code) == (
            "pending", 0, None,
        )  # fmt: skip
        assert delivery.next_attempt_at == limited.next_attempt_at
        assert (delivery.claim, delivery.claimed_until) == ("", None)
    assert outcome.more_due is False
    assert 119 <= outcome.retry_in_s <= 120
    assert send(endpoint).sent == 0
    with time_machine.travel(limited.next_attempt_at):
        assert send(endpoint).sent == 3
    assert receiver.delivery_ids[3:] == [limited.pk] + [delivery.pk for delivery in rest]
    assert not WebhookDelivery.objects.exclude(status=DeliveryStatus.SUCCEEDED).exists()


def test_a_receiver_that_drops_a_kept_alive_connection_gets_the_delivery_on_a_new_one(
    employer, bob, receiver_factory
):
    receiver = receiver_factory(200, DROP, 200)
    endpoint = endpoint_for(receiver, bob)
    first, second = deliveries_to(endpoint, 2)
    outcome = send(endpoint)
    assert receiver.delivery_ids == [first.pk, second.pk, second.pk]
    assert outcome.connections_opened == 2
    assert (fresh(second).status, fresh(second).attempts) == ("succeeded", 1)


def test_an_unreachable_endpoint_is_retried_then_fails_and_stops_its_batch(employer, bob):
    endpoint = WebhookEndpoint.objects.create(
        owner=bob, url="http://127.0.0.1:9/closed", events=["offer.published"], secret="s"
    )
    delivery, waiting = deliveries_to(endpoint, 2)
    assert send(endpoint).sent == 1  # the first one fails: the other waits with it
    for number in range(2, webhooks.MAX_ATTEMPTS + 1):
        with time_machine.travel(fresh(delivery).next_attempt_at):
            assert send(endpoint).sent == 1
        assert fresh(delivery).attempts == number
    delivery = fresh(delivery)
    assert delivery.status == DeliveryStatus.FAILED
    assert delivery.last_status_code is None
    assert "refused" in delivery.last_response.lower()
    assert (fresh(waiting).status, fresh(waiting).attempts) == ("pending", 0)


def test_repeated_failures_switch_the_endpoint_off_and_tell_its_owner(
    employer, bob, receiver_factory
):
    receiver = receiver_factory(410)
    endpoint = endpoint_for(receiver, bob)
    deliveries = deliveries_to(endpoint, webhooks.DISABLE_AFTER_FAILED_DELIVERIES + 2)
    outcome = send(endpoint)
    assert outcome.sent == webhooks.DISABLE_AFTER_FAILED_DELIVERIES
    endpoint.refresh_from_db()
    assert endpoint.is_active is False
    assert endpoint.disabled_at is not None
    assert [message.to for message in mail.outbox] == [[bob.email]]
    assert receiver.url in mail.outbox[0].body
    unsent = deliveries[webhooks.DISABLE_AFTER_FAILED_DELIVERIES :]
    assert [(d.status, d.attempts, d.claim) for d in map(fresh, unsent)] == [("pending", 0, "")] * 2
    assert outcome.more_due is False
    assert send(endpoint).sent == 0  # switched off: nothing more goes out


def test_the_switched_off_email_is_in_its_owners_language(employer, bob, receiver_factory):
    bob.language = "en"
    bob.save(update_fields=["language"])
    endpoint = endpoint_for(receiver_factory(410), bob)
    deliveries_to(endpoint, webhooks.DISABLE_AFTER_FAILED_DELIVERIES)
    send(endpoint)
    assert [message.subject for message in mail.outbox] == ["Vivier: a webhook was switched off"]


@pytest.mark.parametrize(
    ("failures_before", "answers", "failures_after"),
    [(3, (200, 410, 410), 2), (0, (410, 410, 410, 200, 410), 1), (3, (410, 200), 0)],
)
def test_a_success_ends_a_run_of_failures(
    employer, bob, receiver_factory, failures_before, answers, failures_after
):
    receiver = receiver_factory(*answers)
    endpoint = endpoint_for(receiver, bob)
    endpoint.consecutive_failures = failures_before  # from earlier batches
    endpoint.save()
    deliveries_to(endpoint, len(answers))
    assert send(endpoint).sent == len(answers)
    endpoint.refresh_from_db()
    assert (endpoint.is_active, endpoint.consecutive_failures) == (True, failures_after)
    assert mail.outbox == []


def test_a_claimed_delivery_goes_in_no_other_batch_until_its_lease_ends(employer, bob):
    endpoint = WebhookEndpoint.objects.create(
        owner=bob, url="http://127.0.0.1:9/", events=["offer.published"], secret="s"
    )
    deliveries = deliveries_to(endpoint, 5)
    first = webhooks.claim_due_deliveries(endpoint_id=endpoint.pk, limit=3)
    second = webhooks.claim_due_deliveries(endpoint_id=endpoint.pk, limit=3)
    assert [d.pk for d in first.deliveries] == [d.pk for d in deliveries[:3]]
    assert first.more_due is True
    assert [d.pk for d in second.deliveries] == [d.pk for d in deliveries[3:]]
    assert second.more_due is False
    assert webhooks.claim_due_deliveries(endpoint_id=endpoint.pk) is None
    assert webhooks.endpoints_with_due_deliveries() == []
    # The first worker died: once its lease is over, its deliveries may be taken over.
    with time_machine.travel(first.until + dt.timedelta(seconds=1)):
        assert webhooks.endpoints_with_due_deliveries() == [endpoint.pk]
        taken_over = webhooks.claim_due_deliveries(endpoint_id=endpoint.pk)
    assert [d.pk for d in taken_over.deliveries] == [d.pk for d in deliveries]
    assert len({first.token, second.token, taken_over.token}) == 3


def test_the_periodic_sweep_sends_what_no_task_is_sending(employer, bob, receiver_factory):
    receiver = receiver_factory(200)
    endpoint = endpoint_for(receiver, bob)
    switched_off = endpoint_for(receiver, bob)
    switched_off.is_active = False
    switched_off.save()
    forgotten, abandoned, later = deliveries_to(endpoint, 3)
    deliveries_to(switched_off, 1)
    now = timezone.now()
    WebhookDelivery.objects.filter(pk=abandoned.pk).update(
        claim="deadworker", claimed_until=now - dt.timedelta(seconds=1)
    )
    WebhookDelivery.objects.filter(pk=later.pk).update(next_attempt_at=now + dt.timedelta(hours=1))
    assert webhooks.endpoints_with_due_deliveries() == [endpoint.pk]
    tasks.deliver_forgotten_webhooks()
    assert receiver.delivery_ids == [forgotten.pk, abandoned.pk]
    assert fresh(later).status == DeliveryStatus.PENDING


def test_a_request_that_outlasts_its_limit_is_cut(employer, bob, monkeypatch):
    """A receiver that drips its answer a byte at a time, each byte within the socket timeout."""
    monkeypatch.setattr(webhooks, "REQUEST_LIMIT_S", 1)
    stop = threading.Event()

    class Dripping(BaseHTTPRequestHandler):
        def do_POST(self):
            self.rfile.read(int(self.headers["Content-Length"]))
            self.wfile.write(b"HTTP/1.1 200 OK\r\nX-Slow: ")
            # A byte every 0.2 s (the receiver's pace, not the test's synchronisation) for up to
            # 15 s, then the end of the answer: without the limit the delivery would succeed.
            for _byte in range(75):
                if stop.wait(0.2):
                    return
                try:
                    self.wfile.write(b"X")
                    self.wfile.flush()
                except OSError:  # cut by the sender
                    return
            self.wfile.write(b"\r\nContent-Length: 0\r\n\r\n")

    server = ThreadingHTTPServer(("127.0.0.1", 0), Dripping)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        endpoint = WebhookEndpoint.objects.create(
            owner=bob, url=f"http://127.0.0.1:{server.server_port}/", secret="s"
        )
        [delivery] = deliveries_to(endpoint, 1)
        started = time.monotonic()
        send(endpoint)
        elapsed = time.monotonic() - started
    finally:
        stop.set()
        server.shutdown()
        server.server_close()
    delivery = fresh(delivery)
    assert (delivery.status, delivery.last_status_code, delivery.attempts) == ("pending", None, 1)
    assert "1" in delivery.last_response
    assert elapsed < webhooks.TIMEOUT_S  # cut by the limit, long before the answer's end


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
        endpoint=endpoint, event="offer.published", payload={"id": 7}, status="succeeded"
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
    copy = WebhookDelivery.objects.exclude(pk=delivery.pk).get()
    assert receiver.delivery_ids == [copy.pk]
    assert (copy.status, copy.last_status_code) == ("succeeded", 200)
    page = client.get(reverse("api_tokens:webhook", kwargs={"pk": endpoint.pk}))
    assert endpoint.secret in page.content.decode()


def test_nobody_sees_someone_elses_webhook(client, employer, alice, bob):
    endpoint = WebhookEndpoint.objects.create(owner=alice, url="https://x.example", secret="s")
    client.force_login(bob)
    assert client.get(reverse("api_tokens:webhook", kwargs={"pk": endpoint.pk})).status_code == 404
