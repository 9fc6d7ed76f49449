"""Publishing through the worker: retries, give-ups, reconciliation and never posting twice."""

import datetime as dt

import pytest
import time_machine
from django.utils import timezone, translation

from tests.factories import make_channel
from vivier.distribution import services
from vivier.distribution.models import (
    AttemptAction,
    AttemptOutcome,
    ChannelKind,
    ChannelMode,
    PublicationStatus,
)
from vivier.jobs.services import close_offer

SOCIAL = [ChannelKind.LINKEDIN, ChannelKind.X, ChannelKind.FACEBOOK, ChannelKind.MASTODON]


@pytest.fixture(autouse=True)
def in_english():
    """Errors are stored in the worker's language; these tests read the English ones."""
    with translation.override("en"):
        yield


def publish(offer, channel, by, capture, **kwargs):
    draft = services.draft_for(offer=offer, channel=channel)
    with capture(execute=True):
        (publication,) = services.publish_channels(offer=offer, drafts=[draft], by=by, **kwargs)
    publication.refresh_from_db()
    return publication


@pytest.mark.django_db
@pytest.mark.parametrize("kind", [*SOCIAL, ChannelKind.WEBHOOK])
def test_an_offer_is_published_once_with_its_tracked_link(
    kind, sandbox, offer, bob, django_capture_on_commit_callbacks
):
    channel = make_channel(kind)
    publication = publish(offer, channel, bob, django_capture_on_commit_callbacks)
    assert publication.status == PublicationStatus.PUBLISHED
    assert publication.external_id
    posts = sandbox.posts(kind)
    assert len(posts) == 1
    assert publication.link.url in str(posts[0])
    attempt = publication.attempts.get()
    assert (attempt.action, attempt.outcome) == (AttemptAction.PUBLISH, AttemptOutcome.DONE)
    assert attempt.http_status in (200, 201)


@pytest.mark.django_db
def test_a_429_is_retried_after_the_delay_the_network_asks_for(
    sandbox, offer, bob, django_capture_on_commit_callbacks
):
    channel = make_channel(ChannelKind.X)
    sandbox.fail_next("x", 429, retry_after=600)
    before = timezone.now()
    publication = publish(offer, channel, bob, django_capture_on_commit_callbacks)
    assert publication.status == PublicationStatus.SCHEDULED
    assert publication.next_attempt_at >= before + dt.timedelta(seconds=600)
    assert sandbox.posts("x") == []
    assert "slow down" in publication.last_error
    # Not yet due: a worker passing by leaves it alone.
    assert services.send_publication(publication.pk) is None
    with time_machine.travel(publication.next_attempt_at + dt.timedelta(seconds=1)):
        assert services.send_publication(publication.pk).status == PublicationStatus.PUBLISHED
    assert len(sandbox.posts("x")) == 1
    outcomes = list(publication.attempts.order_by("started_at").values_list("outcome", flat=True))
    assert outcomes == [AttemptOutcome.RETRY, AttemptOutcome.DONE]


@pytest.mark.django_db
def test_backoff_doubles_after_each_failure(settings):
    settings.DISTRIBUTION_BACKOFF_S = 30
    assert [services.retry_delay_s(tries) for tries in (1, 2, 3, 4)] == [30, 60, 120, 240]
    assert services.retry_delay_s(1, retry_after=90) == 90
    assert services.retry_delay_s(30) == services.MAX_DELAY_S


@pytest.mark.django_db
def test_it_gives_up_after_the_configured_number_of_tries(
    sandbox, offer, bob, settings, django_capture_on_commit_callbacks
):
    settings.DISTRIBUTION_MAX_ATTEMPTS = 3
    channel = make_channel(ChannelKind.MASTODON)
    sandbox.fail_next("mastodon", 503, count=5)
    publication = publish(offer, channel, bob, django_capture_on_commit_callbacks)
    for _ in range(2):
        with time_machine.travel(publication.next_attempt_at + dt.timedelta(seconds=1)):
            publication = services.send_publication(publication.pk)
    assert publication.status == PublicationStatus.FAILED
    assert "Gave up after 3 tries" in publication.last_error
    assert sandbox.posts("mastodon") == []
    assert publication.attempts.count() == 3


@pytest.mark.django_db
def test_a_refusal_is_final_and_explained(sandbox, offer, bob, django_capture_on_commit_callbacks):
    channel = make_channel(ChannelKind.LINKEDIN)
    channel.credentials = {"access_token": "revoked"}
    channel.save()
    publication = publish(offer, channel, bob, django_capture_on_commit_callbacks)
    assert publication.status == PublicationStatus.FAILED
    assert "credentials" in publication.last_error
    assert publication.next_attempt_at is None


@pytest.mark.django_db
@pytest.mark.parametrize("kind", [ChannelKind.LINKEDIN, ChannelKind.X, ChannelKind.FACEBOOK])
def test_a_lost_answer_is_reconciled_never_posted_again(
    kind, sandbox, offer, bob, django_capture_on_commit_callbacks
):
    channel = make_channel(kind)
    sandbox.lose_next_response(kind)
    publication = publish(offer, channel, bob, django_capture_on_commit_callbacks)
    assert publication.status == PublicationStatus.SCHEDULED  # maybe posted: check first
    assert publication.attempts.get().outcome == AttemptOutcome.UNKNOWN
    with time_machine.travel(publication.next_attempt_at + dt.timedelta(seconds=1)):
        publication = services.send_publication(publication.pk)
    assert publication.status == PublicationStatus.PUBLISHED
    assert len(sandbox.posts(kind)) == 1
    assert publication.external_id in str(sandbox.posts(kind)[0])
    actions = list(publication.attempts.order_by("started_at").values_list("action", flat=True))
    assert actions == [AttemptAction.PUBLISH, AttemptAction.RECONCILE]


@pytest.mark.django_db
def test_a_lost_answer_on_mastodon_is_retried_with_the_same_idempotency_key(
    sandbox, offer, bob, django_capture_on_commit_callbacks
):
    channel = make_channel(ChannelKind.MASTODON)
    sandbox.lose_next_response("mastodon")
    publication = publish(offer, channel, bob, django_capture_on_commit_callbacks)
    with time_machine.travel(publication.next_attempt_at + dt.timedelta(seconds=1)):
        publication = services.send_publication(publication.pk)
    assert publication.status == PublicationStatus.PUBLISHED
    assert len(sandbox.posts("mastodon")) == 1
    keys = {
        request["headers"].get("idempotency-key")
        for request in sandbox.received("mastodon")
        if request["method"] == "POST"
    }
    assert keys == {str(publication.idempotency_key)}


@pytest.mark.django_db
def test_when_the_lost_post_is_not_found_it_is_posted(
    sandbox, offer, bob, django_capture_on_commit_callbacks
):
    channel = make_channel(ChannelKind.LINKEDIN)
    sandbox.fail_next("linkedin", 502)  # the network failed before creating anything
    publication = publish(offer, channel, bob, django_capture_on_commit_callbacks)
    with time_machine.travel(publication.next_attempt_at + dt.timedelta(seconds=1)):
        publication = services.send_publication(publication.pk)
    assert publication.status == PublicationStatus.PUBLISHED
    assert len(sandbox.posts("linkedin")) == 1


@pytest.mark.django_db
def test_publishing_again_leaves_a_live_post_alone(
    sandbox, offer, bob, django_capture_on_commit_callbacks
):
    channel = make_channel(ChannelKind.X)
    first = publish(offer, channel, bob, django_capture_on_commit_callbacks)
    second = publish(offer, channel, bob, django_capture_on_commit_callbacks)
    assert second.pk == first.pk
    assert len(sandbox.posts("x")) == 1


@pytest.mark.django_db
def test_a_scheduled_publication_waits_for_its_time(
    sandbox, offer, bob, django_capture_on_commit_callbacks
):
    channel = make_channel(ChannelKind.MASTODON)
    at = timezone.now() + dt.timedelta(hours=3)
    publication = publish(offer, channel, bob, django_capture_on_commit_callbacks, at=at)
    assert publication.status == PublicationStatus.SCHEDULED
    assert services.due_publication_ids() == []
    with time_machine.travel(at + dt.timedelta(minutes=1)):
        assert services.due_publication_ids() == [publication.pk]
        services.send_publication(publication.pk)
    assert len(sandbox.posts("mastodon")) == 1


@pytest.mark.django_db
def test_a_text_too_long_for_the_network_fails_without_calling_it(
    sandbox, offer, bob, django_capture_on_commit_callbacks
):
    channel = make_channel(ChannelKind.X)
    draft = services.draft_for(offer=offer, channel=channel)
    draft.text = draft.text + " " + "é" * 300
    with django_capture_on_commit_callbacks(execute=True):
        (publication,) = services.publish_channels(offer=offer, drafts=[draft], by=bob)
    publication.refresh_from_db()
    assert publication.status == PublicationStatus.FAILED
    assert "280" in publication.last_error
    assert sandbox.received("x") == []


@pytest.mark.django_db
def test_closing_the_offer_withdraws_its_posts(
    sandbox, offer, bob, django_capture_on_commit_callbacks
):
    publications = [
        publish(offer, make_channel(kind), bob, django_capture_on_commit_callbacks)
        for kind in SOCIAL
    ]
    assert all(p.status == PublicationStatus.PUBLISHED for p in publications)
    with django_capture_on_commit_callbacks(execute=True):
        close_offer(offer=offer, by=bob)
    for publication in publications:
        publication.refresh_from_db()
        assert publication.status == PublicationStatus.WITHDRAWN
        assert sandbox.posts(publication.channel.kind) == []


@pytest.mark.django_db
def test_an_email_list_cannot_be_withdrawn_and_says_so(
    offer, bob, mailoutbox, django_capture_on_commit_callbacks
):
    channel = make_channel(ChannelKind.EMAIL, email_recipients="a@example.test\nb@example.test")
    publication = publish(offer, channel, bob, django_capture_on_commit_callbacks)
    assert publication.status == PublicationStatus.PUBLISHED
    assert sorted(m.to[0] for m in mailoutbox) == ["a@example.test", "b@example.test"]
    assert publication.link.url in mailoutbox[0].body
    publication = services.withdraw_publication(publication.pk)
    assert publication.status == PublicationStatus.PUBLISHED
    assert "does not allow" in publication.last_error


@pytest.mark.django_db
def test_a_share_page_channel_waits_for_the_recruiter(
    sandbox, offer, bob, django_capture_on_commit_callbacks
):
    channel = make_channel(ChannelKind.LINKEDIN, mode=ChannelMode.SHARE, is_sandbox=False)
    publication = publish(offer, channel, bob, django_capture_on_commit_callbacks)
    assert publication.status == PublicationStatus.MANUAL
    assert sandbox.received("linkedin") == []
    services.mark_shared_by_hand(publication=publication, url="https://www.linkedin.com/x/1")
    publication = services.withdraw_publication(publication.pk)
    assert publication.status == PublicationStatus.MANUAL
    assert "by hand" in publication.last_error


@pytest.mark.django_db
def test_two_workers_never_send_the_same_publication(
    sandbox, offer, bob, django_capture_on_commit_callbacks
):
    channel = make_channel(ChannelKind.X)
    sandbox.fail_next("x", 503)
    publication = publish(offer, channel, bob, django_capture_on_commit_callbacks)
    with time_machine.travel(publication.next_attempt_at + dt.timedelta(seconds=1)):
        first = services._claim(publication.pk)
        second = services._claim(publication.pk)
    assert first is not None and second is None


@pytest.mark.django_db
def test_network_figures_are_kept_on_the_publication(
    sandbox, offer, bob, django_capture_on_commit_callbacks
):
    publication = publish(
        offer, make_channel(ChannelKind.MASTODON), bob, django_capture_on_commit_callbacks
    )
    publication = services.refresh_metrics(publication=publication)
    assert publication.metrics == {"boosts": 0, "favourites": 0, "replies": 0}
