"""The channel recommendation: per euro, smoothed, honest about thin data."""

import datetime as dt

import pytest

from tests.analytics.conftest import apply, clicks
from tests.factories import JobOfferFactory
from vivier.analytics import counting, reports
from vivier.distribution.models import Channel
from vivier.distribution.services import tracked_link

pytestmark = pytest.mark.django_db
END = dt.date(2026, 6, 30)


def test_thin_data_says_so_and_free_channels_are_apart(world):
    counting.rebuild_all()
    unit, paid, free = reports.recommend_channels(["young_graduate"], end=END)
    assert unit == "interviewed"  # fewer than 10 hires in all
    assert [item.channel for item in free] == [world["mastodon"]]
    assert {item.channel for item in paid} == {world["linkedin"], world["board"]}
    assert not any(item.has_enough_data for item in paid + free)


@pytest.fixture
def market(db, employer):
    """Two paid channels for young graduates: the cheap one hires more."""
    cheap = Channel.objects.create(kind="facebook", name="Facebook", cost_per_month=100)
    dear = Channel.objects.create(kind="x", name="X", cost_per_month=1000)
    offer = JobOfferFactory(published=True)
    day = dt.date(2026, 5, 4)
    for channel, hires, others in ((cheap, 8, 22), (dear, 4, 26)):
        link = tracked_link(offer=offer, channel=channel)
        clicks(link, day, people=50)
        for _ in range(hires):
            apply(offer, link, day, declared="facebook", audience="young_graduate",
                  furthest="hired", days_to_hire=20)  # fmt: skip
        for _ in range(others):
            apply(offer, link, day, declared="facebook", audience="young_graduate")
    counting.rebuild_all()
    return cheap, dear


def test_the_channel_that_hires_more_per_euro_comes_first(market):
    cheap, dear = market
    unit, paid, free = reports.recommend_channels(["young_graduate"], end=END)
    assert unit == "hired"
    assert [item.channel for item in paid] == [cheap, dear]
    first, second = paid
    assert first.has_enough_data and second.has_enough_data
    assert first.low < first.rate < first.high
    # Shrunk towards the pooled rate: never above the raw rate of the best channel.
    raw = first.outcomes / (float(first.cost) / 1000)
    assert first.rate < raw
    assert free == []


def test_another_audience_has_no_data(market):
    unit, paid, _free = reports.recommend_channels(["executive"], end=END)
    assert all(item.outcomes == 0 and not item.has_enough_data for item in paid)
