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
    """(days, one series per channel) over the period, for a line chart and its table.

    A year is some 1,500 counts: read as plain values (a model instance each, with its channel,
    cost the dashboard 40 ms), the channels once."""
    sizes = (
        AudienceSize.objects.filter(day__gte=start, day__lte=end)
        .order_by("channel_id", "day")
        .values_list("channel_id", "day", "followers", "source")
    )
    series: dict[int, dict] = {}
    for channel_id, day, followers, source in sizes:
        line = series.setdefault(channel_id, {"by_day": {}, "first": followers})
        line["by_day"][day] = followers
        line["last"] = (day, followers, source)
    channels = Channel.objects.in_bulk(series) if series else {}
    days = sorted({day for line in series.values() for day in line["by_day"]})
    for channel_id, line in series.items():
        day, followers, source = line["last"]
        line["channel"] = channels[channel_id]
        line["last"] = AudienceSize(channel=line["channel"], day=day, followers=followers,
                                    source=source)  # fmt: skip
        line["values"] = [line["by_day"].get(day) for day in days]
        line["change"] = followers - line["first"]
    return days, sorted(
        series.values(),
        key=lambda line: (-line["last"].followers, line["channel"].kind, line["channel"].name),
    )
