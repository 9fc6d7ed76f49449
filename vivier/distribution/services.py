"""Every change to channels and publications goes through these functions.

Never posting twice rests on three rules:
1. A worker takes a publication with one conditional UPDATE (status and lease), so two workers
   never send the same one.
2. Each call to a network is recorded as a *pending* attempt, committed before the call, and
   finished in the same transaction that stores the result. A pending or unanswered attempt left
   behind (a killed worker, a timeout, a 5xx) means "maybe posted".
3. Before trying again after "maybe posted", the worker asks the network (`find`), unless the
   network deduplicates on our idempotency key (Mastodon, webhooks, the e-mail list's claims).
"""

import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta

import httpx
from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F, OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from vivier.api.models import WebhookEvent
from vivier.api.webhooks import emit_event
from vivier.distribution.connectors import (
    ConnectorError,
    ExternalRef,
    NotSupported,
    RetryLater,
    connector_for,
)
from vivier.distribution.models import (
    COMMUNITY_KINDS,
    PULL_KINDS,
    AttemptAction,
    AttemptOutcome,
    Channel,
    ChannelKind,
    Publication,
    PublicationAttempt,
    PublicationStatus,
    TrackedLink,
)
from vivier.distribution.rendering import post_for, render_text
from vivier.jobs.models import OfferStatus

MAX_DELAY_S = 3600  # never wait more than an hour between two tries


def _connector(channel: Channel, client: httpx.Client):
    """The channel's connector, its token refreshed first if it is about to expire."""
    from vivier.distribution.oauth import refresh_if_needed  # oauth imports the connectors

    refresh_if_needed(channel, client)
    return connector_for(channel, client)


def http_client() -> httpx.Client:
    return httpx.Client(
        timeout=settings.DISTRIBUTION_TIMEOUT_S, headers={"User-Agent": "Vivier/1 (+distribution)"}
    )


# --- Channels ---------------------------------------------------------------------------------
@transaction.atomic
def save_channel(*, channel: Channel, credentials: dict | None = None, by=None) -> Channel:
    """Create or change a channel; blank credential fields keep the stored value."""
    if credentials:
        channel.credentials = {**channel.credentials, **credentials}
    channel.save()
    return channel


def check_channel(*, channel: Channel) -> Channel:
    """Ask the network whether the credentials work; the answer is kept on the channel."""
    if channel.is_pull or channel.is_share_intent:
        ok, message = True, _("Nothing to connect: this channel needs no credentials.")
    else:
        with http_client() as client:
            try:
                message = _("Connected as %(account)s.") % {
                    "account": _connector(channel, client).check()
                }
                ok = True
            except ConnectorError as error:
                ok, message = False, error.message
    channel.last_checked_at = timezone.now()
    channel.is_connection_ok = ok
    channel.check_message = message[:500]
    channel.save(
        update_fields=[
            "last_checked_at",
            "is_connection_ok",
            "check_message",
            "account_id",
            "updated_at",
        ]
    )
    return channel


def set_channel_enabled(*, channel: Channel, is_enabled: bool, by=None) -> Channel:
    channel.is_enabled = is_enabled
    channel.save(update_fields=["is_enabled", "updated_at"])
    return channel


def tracked_link(*, channel: Channel, offer=None, campaign=None) -> TrackedLink:
    """The one link of this offer (or campaign) on this channel, made on first use."""
    about = {"offer": offer} if offer is not None else {"campaign": campaign}
    about["is_personal"] = False  # members' own links are community.referrals' business
    try:
        with transaction.atomic():
            link, _created = TrackedLink.objects.get_or_create(channel=channel, **about)
    except IntegrityError:  # made at the same moment by another request
        link = TrackedLink.objects.get(channel=channel, **about)
    return link


# --- Preparing and publishing -----------------------------------------------------------------
@dataclass
class Draft:
    """One channel's post as the recruiter will see it before publishing."""

    channel: Channel
    text: str
    link: TrackedLink
    length: int = 0
    max_length: int = 0
    errors: list[str] = field(default_factory=list)
    publication: Publication | None = None


def draft_for(*, channel: Channel, offer=None, campaign=None, text: str | None = None) -> Draft:
    """Render (or take the recruiter's) text and check it against the network's rules."""
    link = tracked_link(channel=channel, offer=offer, campaign=campaign)
    with http_client() as client:
        connector = connector_for(channel, client)
        try:
            if text is None:
                text = render_text(offer or campaign, channel, link.url, connector=connector)
            draft = Draft(channel=channel, text=text, link=link)
            unsaved = Publication(
                offer=offer, campaign=campaign, channel=channel, link=link, text=text
            )
            post = post_for(unsaved)
            draft.errors = connector.validate(post)
            draft.length, draft.max_length = connector.length(text), connector.max_length()
        except ConnectorError as error:  # a channel set up wrong: say so in its place
            draft = Draft(channel=channel, text=text or "", link=link, errors=[error.message])
    return draft


def publish_channels(
    *, drafts: list[Draft], offer=None, campaign=None, at: datetime | None = None, by
) -> list:
    """Create or renew one publication per draft; due ones are sent by the worker at once."""
    if offer is not None and offer.status != OfferStatus.PUBLISHED:
        raise ConnectorError(_("Publish the offer on the careers site first."))
    if campaign is not None and not campaign.is_public:
        raise ConnectorError(_("Put the campaign's page online first."))
    now = timezone.now()
    when = max(at or now, now)
    publications = []
    with transaction.atomic():
        for draft in drafts:
            publication, created = Publication.objects.select_for_update().get_or_create(
                offer=offer,
                campaign=campaign,
                channel=draft.channel,
                defaults={"link": draft.link, "status": PublicationStatus.SCHEDULED,
                          "scheduled_at": when, "text": draft.text, "created_by": by},
            )  # fmt: skip
            if not created and publication.status in (
                PublicationStatus.SENDING,
                PublicationStatus.PUBLISHED,
            ):
                publications.append(publication)  # already out there: never post it twice
                continue
            publication.text = draft.text
            publication.scheduled_at = when
            publication.next_attempt_at = when
            publication.tries = 0
            publication.last_error = ""
            publication.created_by = by
            if draft.channel.is_share_intent:
                publication.status = PublicationStatus.MANUAL
            else:
                publication.status = PublicationStatus.SCHEDULED
                if not created and _maybe_posted(publication) is False:
                    publication.idempotency_key = uuid.uuid4()  # a new post, not a retry
            publication.save()
            publications.append(publication)
            if publication.status == PublicationStatus.SCHEDULED and when <= now:
                transaction.on_commit(lambda pk=publication.pk: _enqueue_send(pk))
    return publications


def _enqueue(task_name: str, publication_id: int, delay_s: float | None = None) -> None:
    from vivier.distribution import tasks  # the tasks import this module

    task = getattr(tasks, task_name)
    if delay_s:
        task.schedule((publication_id,), delay=delay_s)
    else:
        task(publication_id)


def _enqueue_send(publication_id: int, delay_s: float | None = None) -> None:
    _enqueue("send_publication_task", publication_id, delay_s)


def _claim(publication_id: int) -> Publication | None:
    """Take the publication for this worker: one UPDATE, so only one worker ever wins."""
    now = timezone.now()
    due = Q(status=PublicationStatus.SCHEDULED, next_attempt_at__lte=now)
    abandoned = Q(status=PublicationStatus.SENDING, lease_until__lt=now)
    taken = Publication.objects.filter(Q(pk=publication_id) & (due | abandoned)).update(
        status=PublicationStatus.SENDING,
        lease_until=now + timedelta(seconds=settings.DISTRIBUTION_LEASE_S),
        tries=F("tries") + 1,
    )
    if not taken:
        return None
    return Publication.objects.select_related("offer", "campaign", "channel", "link").get(
        pk=publication_id
    )


def _maybe_posted(publication: Publication) -> bool:
    """Whether the last publish attempt may have reached the network without us knowing."""
    last = (
        publication.attempts.filter(action=AttemptAction.PUBLISH)
        .order_by("-started_at", "-pk")
        .first()
    )
    return last is not None and last.outcome in (AttemptOutcome.PENDING, AttemptOutcome.UNKNOWN)


def send_publication(publication_id: int) -> Publication | None:
    """One try at posting: reconcile if a previous try may have posted, then post.

    Must not run inside a transaction: the pending attempt has to be committed before the
    network is called.
    """
    publication = _claim(publication_id)
    if publication is None:
        return None  # not due, already done, or another worker has it
    post = post_for(publication)
    with http_client() as client:
        try:
            connector = _connector(publication.channel, client)
            if _maybe_posted(publication) and not connector.is_idempotent:
                ref, attempt = _call(
                    publication, AttemptAction.RECONCILE, connector, connector.find, post
                )
                if ref is not None:
                    return _mark_published(publication, ref, attempt)
                _finish_attempt(attempt)
            if not _is_still_public(publication):
                return _mark_failed(publication, _("The offer is no longer published."))
            errors = connector.validate(post)
            if errors:
                return _mark_failed(publication, " ".join(errors))
            ref, attempt = _call(
                publication, AttemptAction.PUBLISH, connector, connector.publish, post
            )
            return _mark_published(publication, ref, attempt)
        except RetryLater as error:
            return _retry_or_fail(publication, error)
        except ConnectorError as error:
            return _mark_failed(publication, error.message)


def _is_still_public(publication: Publication) -> bool:
    if publication.offer_id:
        return publication.offer.status == OfferStatus.PUBLISHED
    return publication.campaign.is_public


def _call(publication, action, connector, operation, *args):
    """Run one network operation with its attempt row; the caller finishes the row on success."""
    attempt = PublicationAttempt.objects.create(
        publication=publication,
        action=action,
        outcome=AttemptOutcome.PENDING,
        started_at=timezone.now(),
    )
    try:
        result = operation(*args)
    except ConnectorError as error:
        if isinstance(error, RetryLater):
            attempt.outcome = (
                AttemptOutcome.RETRY if error.outcome_known else AttemptOutcome.UNKNOWN
            )
        else:
            attempt.outcome = AttemptOutcome.FAILED
        attempt.detail = f"{error.message}\n{error.detail}".strip()
        _finish_attempt(attempt, connector, outcome=attempt.outcome)
        raise
    attempt.http_status = connector.last_status
    attempt.detail = connector.last_detail
    return result, attempt


def _finish_attempt(attempt, connector=None, outcome=AttemptOutcome.DONE) -> None:
    attempt.outcome = outcome
    attempt.finished_at = timezone.now()
    if connector is not None and attempt.http_status is None:
        attempt.http_status = connector.last_status
    attempt.save()


def _mark_published(publication: Publication, ref: ExternalRef, attempt) -> Publication:
    with transaction.atomic():
        _finish_attempt(attempt)
        publication.status = PublicationStatus.PUBLISHED
        publication.external_id = ref.id[:200]
        publication.external_url = ref.url[:500]
        publication.published_at = timezone.now()
        publication.lease_until = None
        publication.next_attempt_at = None
        publication.last_error = ""
        publication.save(
            update_fields=["status", "external_id", "external_url", "published_at",
                           "lease_until", "next_attempt_at", "last_error"]
        )  # fmt: skip
    return publication


def _mark_failed(publication: Publication, message: str) -> Publication:
    publication.status = PublicationStatus.FAILED
    publication.last_error = message
    publication.lease_until = None
    publication.next_attempt_at = None
    publication.save(update_fields=["status", "last_error", "lease_until", "next_attempt_at"])
    emit_event(
        WebhookEvent.PUBLICATION_FAILED,
        {
            "publication": publication.pk, "offer": publication.offer_id,
            "campaign": publication.campaign_id, "channel": publication.channel_id,
            "error": message,
        },
    )  # fmt: skip
    return publication


def retry_delay_s(tries: int, retry_after: float | None = None) -> float:
    """Exponential backoff from DISTRIBUTION_BACKOFF_S, or longer if the network asks for it."""
    backoff = settings.DISTRIBUTION_BACKOFF_S * 2 ** max(0, tries - 1)
    return min(MAX_DELAY_S, max(backoff, retry_after or 0))


def _retry_or_fail(publication: Publication, error: RetryLater) -> Publication:
    if publication.tries >= settings.DISTRIBUTION_MAX_ATTEMPTS:
        return _mark_failed(
            publication,
            _("Gave up after %(tries)s tries: %(reason)s")
            % {"tries": publication.tries, "reason": error.message},
        )
    delay = retry_delay_s(publication.tries, error.retry_after)
    publication.status = PublicationStatus.SCHEDULED
    publication.next_attempt_at = timezone.now() + timedelta(seconds=delay)
    publication.lease_until = None
    publication.last_error = error.message
    publication.save(update_fields=["status", "next_attempt_at", "lease_until", "last_error"])
    _enqueue_send(publication.pk, delay_s=delay)
    return publication


def due_publication_ids() -> list[int]:
    """What is due, and what a stopped worker left half done (its lease is over)."""
    now = timezone.now()
    due = Publication.objects.filter(
        Q(status=PublicationStatus.SCHEDULED, next_attempt_at__lte=now)
        | Q(status=PublicationStatus.SENDING, lease_until__lt=now)
    )
    return list(due.order_by("next_attempt_at", "pk").values_list("pk", flat=True))


def send_due_publications() -> int:
    """Queue what is due; the worker runs this every minute."""
    due = due_publication_ids()
    for publication_id in due:
        _enqueue_send(publication_id)
    return len(due)


# --- After publishing -------------------------------------------------------------------------
def mark_shared_by_hand(*, publication: Publication, url: str = "", by=None) -> Publication:
    """A recruiter posted a share-page publication: record it, with the post's address if given."""
    publication.status = PublicationStatus.PUBLISHED
    publication.external_url = url
    publication.published_at = timezone.now()
    publication.last_error = ""
    publication.save(update_fields=["status", "external_url", "published_at", "last_error"])
    return publication


def withdraw_done_by_hand(*, publication: Publication, by=None) -> Publication:
    """A recruiter deleted a shared-by-hand post themselves."""
    return _mark_withdrawn(publication)


def withdraw_publication(publication_id: int) -> Publication:
    """Take the post down where the network allows; otherwise say what to do by hand."""
    publication = Publication.objects.select_related("offer", "campaign", "channel", "link").get(
        pk=publication_id
    )
    if publication.status in (PublicationStatus.WITHDRAWN, PublicationStatus.FAILED):
        return publication
    if publication.status == PublicationStatus.SENDING:
        # A worker is posting it right now: come back once its lease is over.
        _enqueue_withdraw(publication.pk, delay_s=settings.DISTRIBUTION_LEASE_S)
        return publication
    if publication.status == PublicationStatus.MANUAL and not publication.published_at:
        return _mark_withdrawn(publication)  # never shared
    if publication.channel.is_share_intent:
        publication.status = PublicationStatus.MANUAL
        publication.last_error = _("The offer is closed: delete this post on the network by hand.")
        publication.save(update_fields=["status", "last_error"])
        return publication
    with http_client() as client:
        post = post_for(publication)
        try:
            connector = _connector(publication.channel, client)
            if publication.status == PublicationStatus.SCHEDULED:
                if not _maybe_posted(publication) or connector.is_idempotent:
                    return _mark_withdrawn(publication)  # never reached the network
                ref, attempt = _call(
                    publication, AttemptAction.RECONCILE, connector, connector.find, post
                )
                _finish_attempt(attempt)
                if ref is None:
                    return _mark_withdrawn(publication)
                publication.external_id = ref.id
            ref = ExternalRef(publication.external_id, publication.external_url)
            _none, attempt = _call(
                publication, AttemptAction.WITHDRAW, connector, connector.withdraw, ref
            )
            _finish_attempt(attempt)
            return _mark_withdrawn(publication)
        except NotSupported as error:
            publication.last_error = error.message
            publication.save(update_fields=["last_error"])
        except RetryLater as error:
            publication.last_error = error.message
            publication.save(update_fields=["last_error"])
            withdrawals = publication.attempts.filter(action=AttemptAction.WITHDRAW).count()
            if withdrawals < settings.DISTRIBUTION_MAX_ATTEMPTS:
                _enqueue_withdraw(
                    publication.pk, delay_s=retry_delay_s(withdrawals, error.retry_after)
                )
        except ConnectorError as error:
            publication.last_error = error.message
            publication.save(update_fields=["last_error"])
    return publication


def _mark_withdrawn(publication: Publication) -> Publication:
    publication.status = PublicationStatus.WITHDRAWN
    publication.withdrawn_at = timezone.now()
    publication.next_attempt_at = None
    publication.last_error = ""
    publication.save(update_fields=["status", "withdrawn_at", "next_attempt_at", "last_error"])
    return publication


def _enqueue_withdraw(publication_id: int, delay_s: float | None = None) -> None:
    _enqueue("withdraw_publication_task", publication_id, delay_s)


def withdraw_offer_publications(*, offer) -> None:
    """Called when an offer closes: every post of it goes, in the background."""
    live = offer.publications.exclude(
        status__in=[PublicationStatus.WITHDRAWN, PublicationStatus.FAILED]
    ).values_list("pk", flat=True)
    for publication_id in list(live):
        transaction.on_commit(lambda pk=publication_id: _enqueue_withdraw(pk))


def refresh_metrics(*, publication: Publication) -> Publication:
    """The network's own figures (likes, shares…) where it gives them."""
    if publication.status != PublicationStatus.PUBLISHED or not publication.external_id:
        return publication
    with http_client() as client:
        try:
            connector = _connector(publication.channel, client)
            publication.metrics = connector.metrics(
                ExternalRef(publication.external_id, publication.external_url)
            )
        except ConnectorError:
            return publication
    publication.save(update_fields=["metrics"])
    return publication


def push_channels():
    """Enabled channels Vivier posts to (or shares by hand), in the order screens show them."""
    return Channel.objects.filter(is_enabled=True).exclude(kind__in=PULL_KINDS | COMMUNITY_KINDS)


# --- Pull channels ----------------------------------------------------------------------------
def links_for(*, channel: Channel, offers) -> dict[int, TrackedLink]:
    """The tracked link of each offer on this channel, made for those without one (2 queries)."""
    offers = list(offers)
    links = {link.offer_id: link for link in channel.links.filter(offer__in=offers)}
    missing = [
        TrackedLink(offer=offer, channel=channel) for offer in offers if offer.pk not in links
    ]
    if missing:
        TrackedLink.objects.bulk_create(missing, ignore_conflicts=True)
        links = {link.offer_id: link for link in channel.links.filter(offer__in=offers)}
    return links


def pull_channel(kind: str) -> Channel | None:
    """The enabled channel of a pull kind: the site's own feed and JSON-LD count under it."""
    return Channel.objects.filter(kind=kind, is_enabled=True).order_by("pk").first()


def with_search_engine_link(offers):
    """Annotate offers with the search-engine channel and its link, in the offers' own query."""
    channels = Channel.objects.filter(kind=ChannelKind.GOOGLE_JOBS, is_enabled=True)
    links = TrackedLink.objects.filter(
        offer=OuterRef("pk"), channel__kind=ChannelKind.GOOGLE_JOBS, channel__is_enabled=True
    )
    return offers.annotate(
        search_channel_id=Subquery(channels.order_by("pk").values("pk")[:1]),
        search_link_code=Subquery(links.order_by("channel_id").values("code")[:1]),
    )


def search_engine_url(offer) -> str | None:
    """The tracked link for the JSON-LD of an offer annotated by with_search_engine_link."""
    if not offer.search_channel_id:
        return None
    code = offer.search_link_code
    if not code:
        code = tracked_link(offer=offer, channel=Channel(pk=offer.search_channel_id)).code
    return f"{settings.SITE_URL}/r/{code}"
