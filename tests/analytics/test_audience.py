"""Audience growth: followers read from the networks every morning, or entered by hand."""

import datetime as dt

import pytest
from django.urls import reverse

from tests.factories import make_channel
from vivier.analytics import audience
from vivier.analytics.models import AudienceSize, AudienceSource
from vivier.distribution.models import ChannelKind

pytestmark = pytest.mark.django_db
DAY = dt.date(2026, 11, 2)


def test_followers_are_read_from_each_network_that_says_them(sandbox):
    channels = {kind: make_channel(kind) for kind in ("linkedin", "x", "facebook", "mastodon")}
    make_channel(ChannelKind.WEBHOOK)  # says nothing about followers
    for number, kind in enumerate(channels, start=1):
        sandbox.set_followers(kind, 1000 * number)
    assert audience.record_followers(day=DAY) == 4
    read = {size.channel.kind: size.followers for size in AudienceSize.objects.all()}
    assert read == {"linkedin": 1000, "x": 2000, "facebook": 3000, "mastodon": 4000}
    assert {size.source for size in AudienceSize.objects.all()} == {AudienceSource.NETWORK}


def test_a_count_entered_by_hand_is_not_overwritten(sandbox):
    channel = make_channel(ChannelKind.MASTODON)
    audience.enter_followers(channel=channel, day=DAY, followers=42)
    audience.record_followers(day=DAY)
    size = AudienceSize.objects.get()
    assert (size.followers, size.source) == (42, AudienceSource.MANUAL)


def test_a_network_that_fails_is_skipped(sandbox):
    channel = make_channel(ChannelKind.X)
    channel.credentials = {"access_token": "revoked"}
    channel.save()
    assert audience.record_followers(day=DAY) == 0
    assert AudienceSize.objects.count() == 0


def test_growth_over_a_period(sandbox):
    channel = make_channel(ChannelKind.FACEBOOK)
    for offset, followers in ((0, 100), (7, 130), (14, 180)):
        audience.enter_followers(
            channel=channel, day=DAY + dt.timedelta(days=offset), followers=followers
        )
    mastodon = make_channel(ChannelKind.MASTODON)
    for offset, followers in ((3, 400), (14, 390)):
        AudienceSize.objects.create(channel=mastodon, day=DAY + dt.timedelta(days=offset),
                                    followers=followers, source=AudienceSource.NETWORK)  # fmt: skip
    AudienceSize.objects.create(channel=mastodon, day=DAY + dt.timedelta(days=40),
                                followers=999, source=AudienceSource.NETWORK)  # fmt: skip
    days, lines = audience.growth(DAY, DAY + dt.timedelta(days=30))
    assert days == [DAY + dt.timedelta(days=offset) for offset in (0, 3, 7, 14)]
    # The largest audience first; a channel has no value on the days it was not counted.
    assert [line["channel"] for line in lines] == [mastodon, channel]
    assert lines[0]["values"] == [None, 400, None, 390] and lines[0]["change"] == -10
    assert lines[1]["values"] == [100, None, 130, 180] and lines[1]["change"] == 80
    last = lines[1]["last"]
    assert (last.day, last.followers, last.get_source_display()) == (
        DAY + dt.timedelta(days=14),
        180,
        AudienceSource.MANUAL.label,
    )


def test_a_recruiter_enters_followers_and_sees_the_chart(client, bob):
    channel = make_channel(ChannelKind.EMAIL, email_recipients="a@example.test")
    client.force_login(bob)
    response = client.post(
        reverse("analytics:followers"),
        {"channel": channel.pk, "day": DAY.isoformat(), "followers": "350"},
    )
    assert response.status_code == 302
    assert AudienceSize.objects.get().followers == 350
    page = client.get(reverse("analytics:dashboard"), {"start": "2026-11-01", "end": "2026-11-30"})
    assert page.context["audience_chart"]["datasets"][0]["data"] == [350]
    refused = client.post(
        reverse("analytics:followers"),
        {"channel": channel.pk, "day": "2999-01-01", "followers": "-3"},
    )
    assert refused.status_code == 302
    assert AudienceSize.objects.count() == 1
