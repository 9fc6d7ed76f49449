"""Audience growth: followers per channel over time, read from the networks or entered by hand."""

from django.utils import timezone

from vivier.analytics.models import AudienceSize, AudienceSource
from vivier.distribution.connectors import ConnectorError
from vivier.distribution.models import Channel, ChannelMode
from vivier.distribution.services import _connector, http_client


def record_followers(*, day=None) -> int:
    """Ask every network that says it for today's followers; returns how many were read.

    A count entered by hand for the day is kept: the person who typed it knows better.
    """
    day = day or timezone.localdate()
    channels = Channel.objects.filter(
        is_enabled=True, mode=ChannelMode.API, kind__in=["linkedin", "x", "facebook", "mastodon"]
    )
    read = 0
    with http_client() as client:
        for channel in channels:
            try:
                followers = _connector(channel, client).followers()
            except ConnectorError:
                continue  # tried again tomorrow; the channel's check tells what is wrong
            entered = AudienceSize.objects.filter(
                channel=channel, day=day, source=AudienceSource.MANUAL
            )
            if not entered.exists():
                AudienceSize.objects.update_or_create(
                    channel=channel,
                    day=day,
                    defaults={"followers": followers, "source": AudienceSource.NETWORK},
                )
            read += 1
    return read


def enter_followers(*, channel: Channel, day, followers: int, by=None) -> AudienceSize:
    size, _created = AudienceSize.objects.update_or_create(
        channel=channel,
        day=day,
        defaults={"followers": followers, "source": AudienceSource.MANUAL},
    )
    return size


def growth(start, end) -> tuple[list, list[dict]]:
    """(days, one series per channel) over the period, for a line chart and its table."""
    sizes = AudienceSize.objects.filter(day__gte=start, day__lte=end).select_related("channel")
    days = sorted({size.day for size in sizes})
    series: dict[int, dict] = {}
    for size in sizes:
        line = series.setdefault(
            size.channel_id, {"channel": size.channel, "by_day": {}, "first": size, "last": size}
        )
        line["by_day"][size.day] = size.followers
        line["last"] = size
    for line in series.values():
        line["values"] = [line["by_day"].get(day) for day in days]
        line["change"] = line["last"].followers - line["first"].followers
    return days, sorted(series.values(), key=lambda line: -line["last"].followers)
