"""Webhooks: events signed with HMAC-SHA256 and delivered by the worker, in batches, with retries.

Signature header: `Vivier-Signature: t=<unix time>,v1=<hex HMAC-SHA256 of "<t>.<body>">`, keyed
by the endpoint's secret. A receiver recomputes it and refuses a timestamp older than 5 minutes
(replays).

Delivery: each event makes one `WebhookDelivery` per subscribed endpoint and queues the endpoint's
task (`tasks.deliver_webhooks`). The task claims up to BATCH_SIZE of the endpoint's due deliveries
(`claim_due_deliveries`), posts them oldest first over one kept-alive HTTP/1.1 connection
(`send_due_deliveries`), writes down each answer, and queues itself again while some are due.
Network errors, 429 and 5xx are tried again after a growing delay (or the receiver's Retry-After
when longer); any other answer outside 2xx fails the delivery at once. After
DISABLE_AFTER_FAILED_DELIVERIES failed deliveries in a row the endpoint is switched off and its
owner told by e-mail.
"""

import contextlib
import datetime as dt
import hashlib
import hmac
import http.client
import json
import os
import secrets
import socket
import ssl
import threading
import time
import uuid
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from django.core.mail import send_mail
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from vivier.api.models import DeliveryStatus, WebhookDelivery, WebhookEndpoint

MAX_ATTEMPTS = 6  # per delivery: then the delivery has failed
BACKOFF_BASE_S = 30  # seconds before the 2nd attempt; doubles after each failure
MAX_RETRY_AFTER_S = 3600  # seconds; a receiver's longer Retry-After is shortened to this
DISABLE_AFTER_FAILED_DELIVERIES = 5  # consecutive failed deliveries switch an endpoint off
TIMEOUT_S = 10  # seconds, for each connect, send or read on the socket
REQUEST_LIMIT_S = 30  # seconds; a request still unanswered then is cut (see _Watchdog)
BATCH_SIZE = 100  # deliveries claimed at once by one task
BATCH_TIME_LIMIT_S = 60  # seconds; after that a batch starts no new request and lets the rest go
# A claim's lease (seconds): it outlasts the longest batch, its last request and the final write,
# with a minute to spare for clocks that differ between the worker machines.
CLAIM_S = BATCH_TIME_LIMIT_S + REQUEST_LIMIT_S + 60
RESULTS_FLUSH_INTERVAL_S = 2  # seconds; how far the delivery log may lag behind a long batch
RESPONSE_KEPT_CHARS = 2000
RESPONSE_DRAINED_BYTES = 65_536  # a longer answer is not read to its end: the connection closes


def new_secret() -> str:
    return secrets.token_hex(32)


def sign(secret: str, body: bytes, timestamp: int) -> str:
    mac = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
    return f"t={timestamp},v1={mac.hexdigest()}"


def backoff_s(attempts: int) -> int:
    """Seconds to wait after the `attempts`-th failed attempt: 30, 60, 120…"""
    return BACKOFF_BASE_S * 2 ** max(attempts - 1, 0)


def emit_event(event: str, payload: dict) -> None:
    """Record one delivery per subscribed endpoint; queue their sending once the transaction
    commits."""
    data = json.loads(json.dumps(payload, cls=DjangoJSONEncoder))
    # Endpoints are few; filtering in Python works the same on SQLite and PostgreSQL.
    endpoints = [e for e in WebhookEndpoint.objects.filter(is_active=True) if event in e.events]
    WebhookDelivery.objects.bulk_create(
        WebhookDelivery(endpoint=endpoint, event=event, payload=data) for endpoint in endpoints
    )
    for endpoint in endpoints:
        _queue_on_commit(endpoint.pk)


def redeliver(delivery: WebhookDelivery) -> WebhookDelivery:
    """A new delivery of the same event and payload (the original stays in the log)."""
    copy = WebhookDelivery.objects.create(
        endpoint=delivery.endpoint, event=delivery.event, payload=delivery.payload
    )
    _queue_on_commit(delivery.endpoint_id)
    return copy


def _queue_on_commit(endpoint_id: int) -> None:
    from vivier.api.tasks import deliver_webhooks  # the task module imports this one

    transaction.on_commit(lambda: deliver_webhooks(endpoint_id))


def endpoints_with_due_deliveries() -> list[int]:
    """Active endpoints with a delivery due and unclaimed: the periodic sweep queues them, in case
    a task was lost or a worker died in the middle of a batch (its claims have expired)."""
    due = _due(timezone.now()).filter(endpoint__is_active=True)
    return sorted(set(due.values_list("endpoint_id", flat=True)))


# --- Claiming ------------------------------------------------------------------------------


@dataclass
class Claim:
    endpoint: WebhookEndpoint
    token: str
    until: dt.datetime
    deliveries: list[WebhookDelivery]  # oldest first
    more_due: bool  # due deliveries were left for another batch


def _due(now: dt.datetime):
    """Deliveries to try now that no worker holds (or whose worker's lease has run out)."""
    return WebhookDelivery.objects.filter(
        Q(claimed_until__isnull=True) | Q(claimed_until__lt=now),
        status=DeliveryStatus.PENDING,
        next_attempt_at__lte=now,
    )


def claim_due_deliveries(*, endpoint_id: int, limit: int | None = None) -> Claim | None:
    """Claim up to `limit` (BATCH_SIZE) of an active endpoint's due deliveries for CLAIM_S
    seconds; None when the endpoint is off or nothing is due.

    The race: two workers run this for the same endpoint at once and both select the same due
    ids. The UPDATE repeats the conditions, so a row the other worker has just claimed no longer
    matches (PostgreSQL re-checks the WHERE clause on the row version the other transaction
    committed; SQLite runs one write at a time), and each worker then loads only the rows that
    carry its own token: a delivery is never in two batches at once. A claim whose lease has run
    out (its worker died) may be taken over; no request outlives its lease (CLAIM_S, _Watchdog).
    """
    endpoint = WebhookEndpoint.objects.filter(pk=endpoint_id, is_active=True).first()
    if endpoint is None:
        return None
    limit = limit or BATCH_SIZE
    now = timezone.now()
    token = uuid.uuid4().hex
    until = now + dt.timedelta(seconds=CLAIM_S)
    due = _due(now).filter(endpoint_id=endpoint_id)
    candidates = list(due.order_by("next_attempt_at", "pk").values_list("pk", flat=True)[:limit])
    if not candidates:
        return None
    due.filter(pk__in=candidates).update(claim=token, claimed_until=until)
    deliveries = list(
        WebhookDelivery.objects.filter(pk__in=candidates, claim=token).order_by(
            "next_attempt_at", "pk"
        )
    )
    for delivery in deliveries:
        delivery.endpoint = endpoint
    more_due = len(candidates) == limit and due.exists()
    if not deliveries:  # every one was taken by another worker in between
        return None
    return Claim(endpoint, token, until, deliveries, more_due)


# --- Sending -------------------------------------------------------------------------------


@dataclass
class Answer:
    status: int | None  # None: no answer (network error, timeout)
    text: str
    retry_after_s: float | None = None
    is_final: bool = False  # no answer, and none will ever come (an address that cannot work)

    @property
    def succeeded(self) -> bool:
        return self.status is not None and 200 <= self.status < 300

    @property
    def is_retryable(self) -> bool:
        if self.is_final:
            return False
        return self.status is None or self.status == 429 or self.status >= 500

    @property
    def concerns_the_endpoint(self) -> bool:
        """No answer, or one that asks to wait: the next deliveries would fare no better."""
        if self.is_final:
            return False
        return self.status is None or self.status == 429 or self.retry_after_s is not None


class _Watchdog:
    """Cuts a request that runs past REQUEST_LIMIT_S: socket timeouts bound each read, not a whole
    answer that a receiver drips byte by byte, and a request must end before its claim's lease
    does. One thread per process, started on first use (worker processes are forked)."""

    def __init__(self):
        self._lock = threading.Lock()
        self._deadlines: dict[http.client.HTTPConnection, float] = {}
        self._cut: set[http.client.HTTPConnection] = set()
        self._pid = None

    def watch(self, connection) -> None:
        with self._lock:
            self._deadlines[connection] = time.monotonic() + REQUEST_LIMIT_S
            if self._pid != os.getpid():
                self._pid = os.getpid()
                threading.Thread(target=self._run, name="webhook-watchdog", daemon=True).start()

    def release(self, connection) -> bool:
        """Stop watching; True when the request was cut."""
        with self._lock:
            self._deadlines.pop(connection, None)
            if connection in self._cut:
                self._cut.discard(connection)
                return True
            return False

    def _run(self) -> None:
        while True:
            time.sleep(1)
            now = time.monotonic()
            with self._lock:
                late = [connection for connection, end in self._deadlines.items() if end < now]
                for connection in late:
                    del self._deadlines[connection]
                    self._cut.add(connection)
            for connection in late:
                sock = connection.sock  # read once: the sending thread may close it meanwhile
                if sock is not None:
                    with contextlib.suppress(OSError):
                        sock.shutdown(socket.SHUT_RDWR)  # the blocked read fails at once


_watchdog = _Watchdog()


class Sender:
    """POSTs to one address over one kept-alive HTTP/1.1 connection, opened again when the
    receiver closes it. Redirects are not followed (a 3xx fails the delivery)."""

    def __init__(self, url: str):
        parts = urlsplit(url)
        if parts.scheme not in {"http", "https"} or not parts.hostname:
            raise ValueError(url)
        self.path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        if parts.scheme == "https":
            self.connection = http.client.HTTPSConnection(
                parts.hostname, parts.port, timeout=TIMEOUT_S,
                context=ssl.create_default_context(),
            )  # fmt: skip
        else:
            self.connection = http.client.HTTPConnection(
                parts.hostname, parts.port, timeout=TIMEOUT_S
            )
        self.connections_opened = 0

    def post(self, body: bytes, headers: dict) -> Answer:
        _watchdog.watch(self.connection)
        is_reused = self.connection.sock is not None
        try:
            try:
                answer = self._exchange(body, headers)
            except (ConnectionResetError, BrokenPipeError, http.client.RemoteDisconnected):
                if not is_reused:
                    raise
                # Most likely closed by the receiver while idle: once more, on a new connection.
                self.connection.close()
                answer = self._exchange(body, headers)
        except (OSError, http.client.HTTPException, ValueError) as error:
            self.connection.close()
            answer = Answer(None, (str(error) or type(error).__name__)[:RESPONSE_KEPT_CHARS])
        if _watchdog.release(self.connection):  # whatever was read of it is not an answer
            self.connection.close()
            message = _("No complete answer within %(seconds)s seconds.")
            answer = Answer(None, message % {"seconds": REQUEST_LIMIT_S})
        return answer

    def _exchange(self, body: bytes, headers: dict) -> Answer:
        if self.connection.sock is None:
            self.connection.connect()
            # Headers and body leave in two writes: the body must not wait for an ACK (Nagle).
            self.connection.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            self.connections_opened += 1
        self.connection.request("POST", self.path, body=body, headers=headers)
        response = self.connection.getresponse()
        text = response.read(RESPONSE_KEPT_CHARS).decode(errors="replace")
        if not response.isclosed():
            response.read(RESPONSE_DRAINED_BYTES)  # the rest, to reuse the connection
            if not response.isclosed():
                self.connection.close()
        retry_after = None
        if response.status == 429 or response.status >= 500:
            retry_after = _retry_after_s(response.getheader("Retry-After"))
        return Answer(response.status, text, retry_after)

    def close(self) -> None:
        self.connection.close()


def _retry_after_s(value: str | None) -> float | None:
    from vivier.distribution.connectors.base import parse_retry_after  # not at import: cycles

    seconds = parse_retry_after(value)
    return None if seconds is None else min(seconds, MAX_RETRY_AFTER_S)


def request_body(delivery: WebhookDelivery) -> bytes:
    event_id = uuid.uuid5(uuid.NAMESPACE_URL, f"vivier-delivery-{delivery.pk}")
    return json.dumps(
        {"id": str(event_id), "event": delivery.event, "data": delivery.payload},
        separators=(",", ":"),
    ).encode()


def _headers(delivery: WebhookDelivery, body: bytes) -> dict:
    return {
        "Content-Type": "application/json",
        "User-Agent": "Vivier-Webhooks/1",
        "Vivier-Event": delivery.event,
        "Vivier-Delivery": str(delivery.pk),
        "Vivier-Signature": sign(delivery.endpoint.secret, body, int(time.time())),
    }


@dataclass
class BatchOutcome:
    sent: int = 0  # requests made (answered or not)
    more_due: bool = False  # deliveries are due now: queue the task again
    retry_in_s: float | None = None  # the earliest retry this batch scheduled
    connections_opened: int = 0


@dataclass
class _Batch:
    """The answers of a claimed batch, written to the database every few seconds and at the end,
    on the rows that still carry the claim's token."""

    claim: Claim
    done: list[WebhookDelivery] = field(default_factory=list)
    is_reset_due: bool = False  # a success came after the last failure: clear the endpoint's count
    flushed_at: float = field(default_factory=time.monotonic)

    def record(self, delivery: WebhookDelivery, answer: Answer) -> dt.datetime:
        delivery.attempts += 1
        delivery.last_status_code = answer.status
        delivery.last_response = answer.text
        # To the second: the answers of a batch are then written in a few statements (flush).
        delivery.last_attempt_at = timezone.now().replace(microsecond=0)
        delivery.claim, delivery.claimed_until = "", None
        # When to try again, and when the rest of the batch may go if the endpoint is at fault.
        delay = max(backoff_s(delivery.attempts), answer.retry_after_s or 0)
        retry_at = delivery.last_attempt_at + dt.timedelta(seconds=delay)
        if answer.succeeded:
            delivery.status = DeliveryStatus.SUCCEEDED
            self.is_reset_due = True
        elif not answer.is_retryable or delivery.attempts >= MAX_ATTEMPTS:
            delivery.status = DeliveryStatus.FAILED
            self._count_failure()
        else:
            delivery.next_attempt_at = retry_at
        self.done.append(delivery)
        if time.monotonic() - self.flushed_at > RESULTS_FLUSH_INTERVAL_S:
            self.flush()
        return retry_at

    def _count_failure(self) -> None:
        """A failed delivery: counted at once, as the endpoint may have to be switched off."""
        endpoint = self.claim.endpoint
        rows = WebhookEndpoint.objects.filter(pk=endpoint.pk)
        if self.is_reset_due:  # a success since the last failure ended the previous run
            rows.update(consecutive_failures=1)
            self.is_reset_due = False
        else:
            rows.update(consecutive_failures=F("consecutive_failures") + 1)
        endpoint.refresh_from_db(fields=["consecutive_failures", "is_active"])
        if endpoint.is_active and endpoint.consecutive_failures >= DISABLE_AFTER_FAILED_DELIVERIES:
            switch_off(endpoint)

    @transaction.atomic
    def flush(self) -> None:
        """One UPDATE per kind of outcome (most of a batch ends the same way, in the same second),
        rather than bulk_update's CASE per row, which costs more to build than to send."""
        groups: dict[tuple, list[int]] = {}
        for delivery in self.done:
            # The next attempt's time only for those to try again; the others keep theirs.
            retry_at = (
                delivery.next_attempt_at if delivery.status == DeliveryStatus.PENDING else None
            )
            outcome = (delivery.status, delivery.last_status_code, delivery.last_response,
                       delivery.last_attempt_at, retry_at)  # fmt: skip
            groups.setdefault(outcome, []).append(delivery.pk)
        for (status, code, text, attempted_at, retry_at), ids in groups.items():
            retry = {"next_attempt_at": retry_at} if retry_at else {}
            WebhookDelivery.objects.filter(pk__in=ids, claim=self.claim.token).update(
                status=status, attempts=F("attempts") + 1, last_status_code=code,
                last_response=text, last_attempt_at=attempted_at, claim="", claimed_until=None,
                **retry,
            )  # fmt: skip
        self.done = []
        if self.is_reset_due:
            WebhookEndpoint.objects.filter(
                pk=self.claim.endpoint.pk, consecutive_failures__gt=0
            ).update(consecutive_failures=0)
            self.is_reset_due = False
        self.flushed_at = time.monotonic()


def send_due_deliveries(*, endpoint_id: int, limit: int | None = None) -> BatchOutcome:
    """Claim a batch of the endpoint's due deliveries and send it over one connection.

    No answer, a 429 or an answer with Retry-After stops the batch: the deliveries not sent yet
    wait as long as the one that failed (would) before its next try, without an attempt counted.
    A 5xx without Retry-After, a refusal (4xx) or a success moves on to the next delivery.
    """
    claim = claim_due_deliveries(endpoint_id=endpoint_id, limit=limit)
    if claim is None:
        return BatchOutcome()
    outcome = send_claimed(claim)
    outcome.more_due = outcome.more_due or claim.more_due
    return outcome


def send_claimed(claim: Claim) -> BatchOutcome:
    """Send a claimed batch (see send_due_deliveries); more_due when it had to stop early."""
    outcome = BatchOutcome()
    batch = _Batch(claim)
    started = time.monotonic()
    retries = []
    unsent = list(claim.deliveries)
    try:
        sender = Sender(claim.endpoint.url)
    except ValueError:
        sender = None
    try:
        while unsent and time.monotonic() - started < BATCH_TIME_LIMIT_S:
            if not claim.endpoint.is_active:  # switched off by this batch's failures
                break
            delivery = unsent.pop(0)
            body = request_body(delivery)
            if sender is None:
                answer = Answer(None, _("This address cannot receive webhooks."), is_final=True)
            else:
                answer = sender.post(body, _headers(delivery, body))
            outcome.sent += 1
            retry_at = batch.record(delivery, answer)
            if delivery.status == DeliveryStatus.PENDING:
                retries.append(retry_at)
            if answer.concerns_the_endpoint and unsent:
                _postpone(claim, unsent, retry_at)
                retries.append(retry_at)
                unsent = []
    finally:
        if sender is not None:
            outcome.connections_opened = sender.connections_opened
            sender.close()
        batch.flush()
        # What this batch did not get to (time limit, endpoint switched off): due again now.
        WebhookDelivery.objects.filter(claim=claim.token).update(claim="", claimed_until=None)
    if unsent and claim.endpoint.is_active:
        outcome.more_due = True
    if retries:
        outcome.retry_in_s = max(0.0, (min(retries) - timezone.now()).total_seconds())
    return outcome


def _postpone(claim: Claim, deliveries: list, until: dt.datetime) -> None:
    """The rest of a batch waits with the delivery that failed; their attempts stay untouched."""
    WebhookDelivery.objects.filter(
        pk__in=[delivery.pk for delivery in deliveries], claim=claim.token
    ).update(next_attempt_at=until, claim="", claimed_until=None)


def switch_off(endpoint: WebhookEndpoint) -> None:
    """Switch an endpoint off after repeated failures and tell its owner."""
    switched = WebhookEndpoint.objects.filter(pk=endpoint.pk, is_active=True).update(
        is_active=False, disabled_at=timezone.now()
    )
    endpoint.refresh_from_db(fields=["is_active", "disabled_at"])
    if not switched:  # another worker switched it off first and sent the e-mail
        return
    with translation.override(endpoint.owner.email_language):
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
