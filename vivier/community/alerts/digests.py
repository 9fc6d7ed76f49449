"""The daily and weekly digests: computed in bulk, sent one by one, each exactly once.

`compute_digests` runs once a period (a day, an ISO week). The period's window of publication
dates starts where the previous run's ended, so an offer is in one digest of a subscriber at
most, and a worker that was down for a day loses nothing. It matches the window's offers once
per distinct set of criteria (criteria.py: a few set intersections each), then writes one Digest
row per subscriber with something new: on PostgreSQL in one INSERT … SELECT that joins the
alerts with the matches in the database; elsewhere by streaming the alerts in subscriber order,
in chunks, and inserting the rows in bulk. The row is
the outbox: (subscriber, period) is unique, so a retried task or a second worker running the
same period inserts nothing more (ON CONFLICT DO NOTHING).

Sending claims each row with a lease (claimed_at, one conditional UPDATE), as hiring's Message
outbox does: two workers never send the same digest; a worker that dies mid-send leaves the row
to `send_pending_digests`, which queues it again once the lease is over.
"""

import datetime as dt
import logging
from itertools import islice

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from vivier.brand.models import Employer
from vivier.community.alerts import services
from vivier.community.alerts.criteria import Criteria, OfferFacts, OfferIndex
from vivier.community.alerts.models import Alert, Digest, DigestRun, Frequency, Subscriber
from vivier.core.outbox import Lease
from vivier.jobs.models import JobOffer
from vivier.privacy.notices import absolute, footer

logger = logging.getLogger(__name__)

PERIOD_LENGTH = {Frequency.DAILY: dt.timedelta(days=1), Frequency.WEEKLY: dt.timedelta(days=7)}
# A first run, or one after a long stop, looks back at most this many periods.
MAX_LOOKBACK_PERIODS = 2
STREAM_CHUNK = 5000  # alerts read per round trip
INSERT_BATCH = 2000  # digest rows per INSERT
SEND_BATCH = 200  # digests one sending task handles, over one SMTP connection
DIGEST_LEASE_S = 600  # seconds a worker may take over one digest before another may take it
LEASE = Lease(seconds=DIGEST_LEASE_S)
DIGEST_MAX_ATTEMPTS = 10
MAX_OFFERS_PER_DIGEST = 30


def period_of(frequency: str, now: dt.datetime) -> str:
    local = timezone.localtime(now)
    if frequency == Frequency.WEEKLY:
        year, week, _weekday = local.isocalendar()
        return f"weekly:{year}-W{week:02d}"
    return f"daily:{local.date().isoformat()}"


def _run_for(frequency: str, now: dt.datetime) -> DigestRun:
    """This period's run: created with its window, or the one a previous try created."""
    period = period_of(frequency, now)
    run = DigestRun.objects.filter(period=period).first()
    if run is not None:
        return run
    previous = DigestRun.objects.filter(frequency=frequency, until__lt=now).order_by("-until")
    earliest = now - PERIOD_LENGTH[frequency] * MAX_LOOKBACK_PERIODS
    last = previous.first()
    since = max(last.until, earliest) if last else now - PERIOD_LENGTH[frequency]
    run, _created = DigestRun.objects.get_or_create(
        period=period, defaults={"frequency": frequency, "since": since, "until": now}
    )
    return run


def compute_digests(*, frequency: str, now: dt.datetime | None = None, queue: bool = True):
    """Insert this period's digest rows, then queue their sending. Safe to run again."""
    now = now or timezone.now()
    run = _run_for(frequency, now)
    if run.finished_at is None:
        offers = [
            OfferFacts.of(offer)
            for offer in JobOffer.objects.open()
            .filter(published_at__gt=run.since, published_at__lte=run.until)
            .order_by("published_at", "pk")
        ]
        count = _insert_digests(run, offers) if offers else 0
        DigestRun.objects.filter(pk=run.pk).update(finished_at=timezone.now(), digest_count=count)
        run.refresh_from_db()
    if queue:
        queue_digests(period=run.period)
    return run


def _matches_by_criteria(frequency: str, offers: list[OfferFacts]) -> dict[str, list]:
    """criteria_key -> [(offer pk, published_at)] for every criteria set some offer matches."""
    columns = (
        "criteria_key", "keywords", "contract_type", "department_id", "place", "latitude",
        "longitude", "distance_km",
    )  # fmt: skip
    rows = _due_alerts(frequency).order_by().values_list(*columns).distinct()
    published = {offer.pk: offer.published_at for offer in offers}
    index = OfferIndex(offers)
    found: dict[str, list] = {}
    for key, keywords, contract, department, place, latitude, longitude, distance in rows:
        if key in found:
            continue
        criteria = Criteria.from_values(
            keywords=keywords, contract_type=contract, department_id=department, place=place,
            latitude=latitude, longitude=longitude, distance_km=distance,
        )  # fmt: skip
        # The newest offers only: a digest lists MAX_OFFERS_PER_DIGEST at most, and a broad
        # alert ("every offer") would otherwise drag the whole window into every digest.
        newest = sorted(index.match(criteria), key=published.__getitem__, reverse=True)
        found[key] = [(pk, published[pk]) for pk in newest[:MAX_OFFERS_PER_DIGEST]]
    return {key: pairs for key, pairs in found.items() if pairs}


def _due_alerts(frequency: str):
    return Alert.objects.filter(
        confirmed_at__isnull=False,
        subscriber__confirmed_at__isnull=False,
        subscriber__frequency=frequency,
    )


def _insert_digests(run: DigestRun, offers: list[OfferFacts]) -> int:
    matched = _matches_by_criteria(run.frequency, offers)
    if not matched:
        return 0
    if connection.vendor == "postgresql":
        _insert_in_the_database(run, matched)
    else:
        _insert_from_python(run, matched)
    return Digest.objects.filter(period=run.period).count()


# PostgreSQL joins the alerts with the matches itself: one statement, no row through Python.
# The matches travel as three arrays; the unique (subscriber, period) makes a second run a no-op.
JOIN_AND_INSERT = """
WITH matched (criteria_key, offer_id, published_at) AS (
    SELECT * FROM unnest(%s::varchar[], %s::bigint[], %s::timestamptz[])
)
INSERT INTO {digest} (subscriber_id, period, offer_ids, created_at, send_attempts)
SELECT alert.subscriber_id, %s, jsonb_agg(DISTINCT matched.offer_id ORDER BY matched.offer_id),
       %s, 0
FROM {alert} AS alert
JOIN {subscriber} AS subscriber ON subscriber.id = alert.subscriber_id
JOIN matched ON matched.criteria_key = alert.criteria_key
            AND matched.published_at > alert.confirmed_at
WHERE alert.confirmed_at IS NOT NULL AND subscriber.confirmed_at IS NOT NULL
  AND subscriber.frequency = %s
GROUP BY alert.subscriber_id
ON CONFLICT (subscriber_id, period) DO NOTHING
"""


def _insert_in_the_database(run: DigestRun, matched: dict[str, list]) -> None:
    keys, offer_ids, dates = [], [], []
    for key, pairs in matched.items():
        for pk, published_at in pairs:
            keys.append(key)
            offer_ids.append(pk)
            dates.append(published_at)
    sql = JOIN_AND_INSERT.format(
        digest=Digest._meta.db_table,
        alert=Alert._meta.db_table,
        subscriber=Subscriber._meta.db_table,
    )
    with transaction.atomic(), connection.cursor() as cursor:
        # Room to sort the joined rows in memory rather than on disk, for this statement only.
        cursor.execute("SET LOCAL work_mem = '64MB'")
        cursor.execute(sql, [keys, offer_ids, dates, run.period, timezone.now(), run.frequency])


def _insert_from_python(run: DigestRun, matched: dict[str, list]) -> None:
    """Other databases: the alerts streamed in subscriber order, the rows inserted in bulk."""
    alerts = _due_alerts(run.frequency)
    if len(matched) <= 500:  # else a long IN list costs more than reading the rows it skips
        alerts = alerts.filter(criteria_key__in=list(matched))
    stream = (
        alerts.order_by("subscriber_id")
        .values_list("subscriber_id", "criteria_key", "confirmed_at")
        .iterator(chunk_size=STREAM_CHUNK)
    )
    batch: list[Digest] = []
    current, offer_ids = None, set()

    def close_subscriber():
        if current is not None and offer_ids:
            batch.append(
                Digest(subscriber_id=current, period=run.period, offer_ids=sorted(offer_ids))
            )

    for subscriber_id, key, confirmed_at in stream:
        if key not in matched:
            continue
        if subscriber_id != current:
            close_subscriber()
            current, offer_ids = subscriber_id, set()
            if len(batch) >= INSERT_BATCH:
                _insert(batch)
                batch = []
        # Only what was published after the person asked for it.
        offer_ids.update(pk for pk, published_at in matched[key] if published_at > confirmed_at)
    close_subscriber()
    if batch:
        _insert(batch)


def _insert(batch: list[Digest]) -> None:
    # ignore_conflicts: a row another try or worker already inserted stays as it is.
    Digest.objects.bulk_create(batch, ignore_conflicts=True)


def queue_digests(*, period: str) -> int:
    """Queue the sending of a period's unsent digests, SEND_BATCH per task."""
    from vivier.community.alerts.tasks import send_digest_batch

    ids = (
        Digest.objects.filter(period=period, sent_at__isnull=True, claimed_at__isnull=True)
        .order_by("pk")
        .values_list("pk", flat=True)
        .iterator(chunk_size=STREAM_CHUNK)
    )
    queued = 0
    while chunk := list(islice(ids, SEND_BATCH)):
        send_digest_batch(chunk)
        queued += len(chunk)
    return queued


def send_pending_digests(*, now=None) -> int:
    """Queue again the digests nobody is sending (never queued, or their worker stopped)."""
    from vivier.community.alerts.tasks import send_digest_batch

    now = now or timezone.now()
    ids = list(
        Digest.objects.filter(sent_at__isnull=True, send_attempts__lt=DIGEST_MAX_ATTEMPTS)
        .filter(LEASE.abandoned(now))
        .order_by("pk")
        .values_list("pk", flat=True)[: SEND_BATCH * 10]
    )
    for start in range(0, len(ids), SEND_BATCH):
        send_digest_batch(ids[start : start + SEND_BATCH])
    return len(ids)


def deliver_digests(digest_ids: list[int]) -> int:
    """Send the digests that this worker claims, over one connection; returns how many went."""
    sent = 0
    connection = get_connection()
    try:
        for digest_id in digest_ids:
            now = timezone.now()
            if not LEASE.claim(Digest.objects.filter(pk=digest_id, sent_at__isnull=True), now):
                continue
            digest = Digest.objects.select_related("subscriber").filter(pk=digest_id).first()
            email = build_email(digest) if digest else None
            if email is None:  # nothing left open to tell: done without an e-mail
                Digest.objects.filter(pk=digest_id).update(sent_at=timezone.now())
                continue
            email.connection = connection
            try:
                email.send()
            except Exception:
                LEASE.release(Digest, digest_id, now)
                raise
            Digest.objects.filter(pk=digest_id).update(sent_at=timezone.now())
            sent += 1
    finally:
        try:
            connection.close()
        except Exception:  # sent and recorded: a goodbye that goes wrong changes nothing
            logger.warning("The mail server dropped the connection after sending digests")
    return sent


def build_email(digest: Digest) -> EmailMessage | None:
    """The digest e-mail, from the offers still open: grouped by the alert they match."""
    from vivier.community.alerts.criteria import matches

    subscriber: Subscriber = digest.subscriber
    offers = list(
        JobOffer.objects.open()
        .filter(pk__in=digest.offer_ids)
        .select_related("department")
        .order_by("-published_at", "pk")[:MAX_OFFERS_PER_DIGEST]
    )
    if not offers:
        return None
    facts = {offer.pk: OfferFacts.of(offer) for offer in offers}
    alerts = list(subscriber.alerts.filter(confirmed_at__isnull=False).select_related("department"))
    employer = Employer.current()
    language = subscriber.language
    with translation.override(language):
        sections, told = [], set()
        for alert in alerts:
            criteria = Criteria.of(alert)
            found = [offer for offer in offers if matches(criteria, facts[offer.pk])]
            if found:
                told.update(offer.pk for offer in found)
                sections.append(_section(alert.describe(), found))
        rest = [offer for offer in offers if offer.pk not in told]
        if rest:  # an alert changed or went since the digest was computed
            sections.append(_section(_("Other new offers"), rest))
        subject = ngettext(
            "%(count)d new offer at %(employer)s",
            "%(count)d new offers at %(employer)s",
            len(offers),
        ) % {"count": len(offers), "employer": employer.name}
        unsubscribe = services.unsubscribe_url(subscriber)
        intro = _("Hello,\n\nHere are the new offers of %(employer)s that match your alerts.") % {
            "employer": employer.name
        }
        body = "\n\n".join([intro, *sections])
        body += "\n\n" + _("Every open offer: %(url)s") % {
            "url": absolute(reverse("careers:offers"))
        }
        body += "\n\n" + _("Change your alerts or how often you get them: %(url)s") % {
            "url": services.manage_url(subscriber)
        }
        body += "\n" + _("Stop receiving these e-mails (one click): %(url)s") % {"url": unsubscribe}
        body += footer(language)
    domain = settings.SITE_URL.split("://", 1)[-1].split("/")[0].split(":")[0] or "vivier"
    return EmailMessage(
        subject=subject,
        body=body,
        to=[subscriber.email],
        headers={
            # RFC 8058: mail programs offer "unsubscribe" and POST to this address in one click.
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            # The same for every try of this digest, so a mail program spots a copy.
            "Message-ID": f"<alert-digest-{digest.pk}@{domain}>",
        },
    )


def _section(title: str, offers: list) -> str:
    lines = [f"## {title}"]
    for offer in offers:
        lines.append(
            f"- {offer.title} — {offer.get_contract_type_display()} — {offer.location_label}\n"
            f"  {absolute(offer.get_absolute_url())}"
        )
    return "\n".join(lines)
