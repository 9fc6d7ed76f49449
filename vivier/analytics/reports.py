"""The figures of the reports, read from the daily counts (see models.py for what is counted)."""

import datetime as dt
import math
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Sum
from django.utils.translation import gettext as _

from vivier.analytics.counting import COUNTERS
from vivier.analytics.models import DepartmentDay, OfferDay
from vivier.campaigns.models import CampaignChannel
from vivier.distribution.models import Channel
from vivier.hiring.models import SOCIAL_NETWORK_SOURCES, DeclaredSource

DAYS_PER_MONTH = Decimal("30.4375")
# Declared answers that name a channel kind: used for the agreement rate.
DECLARED_KIND = {
    DeclaredSource.LINKEDIN: "linkedin",
    DeclaredSource.FACEBOOK: "facebook",
    DeclaredSource.X: "x",
    DeclaredSource.MASTODON: "mastodon",
    DeclaredSource.JOB_BOARD: "job_board",
    DeclaredSource.CAREERS_SITE: "google_jobs",
}


@dataclass
class Filters:
    start: dt.date
    end: dt.date
    department_id: int | None = None
    offer_id: int | None = None
    campaign_id: int | None = None
    audience: str = ""

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1


def _rows(filters: Filters):
    model = OfferDay if filters.offer_id else DepartmentDay
    rows = model.objects.filter(day__gte=filters.start, day__lte=filters.end)
    if filters.offer_id:
        rows = rows.filter(offer_id=filters.offer_id)
    elif filters.department_id:
        rows = rows.filter(department_id=filters.department_id)
    if filters.campaign_id:
        rows = rows.filter(campaign_id=filters.campaign_id)
    if filters.audience:
        rows = rows.filter(audience=filters.audience)
    return rows


def _ratio(part, whole) -> float | None:
    return part / whole if whole else None


@dataclass
class ChannelLine:
    channel: Channel | None
    counts: dict
    cost: Decimal | None = None

    @property
    def name(self) -> str:
        return self.channel.name if self.channel else _("No tracked link")

    def __getattr__(self, name):
        if name in COUNTERS:
            return self.counts.get(name, 0)
        raise AttributeError(name)

    @property
    def click_to_application(self):
        return _ratio(self.applications, self.clicks_people)

    @property
    def interview_rate(self):
        """Quality: the share of applicants who reached an interview."""
        return _ratio(self.interviewed, self.applications)

    @property
    def hire_rate(self):
        return _ratio(self.hired, self.applications)

    @property
    def days_to_hire_mean(self):
        return _ratio(self.days_to_hire, self.hired)

    @property
    def cost_per_application(self):
        return self.cost / self.applications if self.cost and self.applications else None

    @property
    def cost_per_hire(self):
        return self.cost / self.hired if self.cost and self.hired else None


def channel_costs(filters: Filters, channel_ids) -> dict[int, Decimal]:
    """Monthly costs prorated over the period, plus campaign budgets prorated by overlap."""
    costs: dict[int, Decimal] = {}
    if not filters.campaign_id:
        for channel in Channel.objects.filter(pk__in=channel_ids, cost_per_month__isnull=False):
            costs[channel.pk] = channel.cost_per_month * filters.days / DAYS_PER_MONTH
    plan = CampaignChannel.objects.filter(
        channel_id__in=channel_ids,
        budget__isnull=False,
        campaign__starts_on__lte=filters.end,
        campaign__ends_on__gte=filters.start,
    ).select_related("campaign")
    if filters.campaign_id:
        plan = plan.filter(campaign_id=filters.campaign_id)
    for line in plan:
        campaign = line.campaign
        length = (campaign.ends_on - campaign.starts_on).days + 1
        overlap = (min(campaign.ends_on, filters.end) - max(campaign.starts_on, filters.start)).days
        share = Decimal(1) if filters.campaign_id else Decimal(overlap + 1) / length
        costs[line.channel_id] = costs.get(line.channel_id, Decimal(0)) + line.budget * share
    return {pk: cost.quantize(Decimal("0.01")) for pk, cost in costs.items()}


def funnel_by_channel(filters: Filters) -> list[ChannelLine]:
    """Clicks → applications → screened → interviewed → offers → hires, per channel."""
    sums = (
        _rows(filters)
        .values("channel_id")
        .annotate(**{name: Sum(name) for name in COUNTERS})
        .order_by()
    )
    by_channel = {row.pop("channel_id"): row for row in sums}
    channels = Channel.objects.in_bulk([pk for pk in by_channel if pk])
    costs = channel_costs(filters, list(channels))
    lines = [
        ChannelLine(channels.get(pk), counts, costs.get(pk))
        for pk, counts in by_channel.items()
        if pk is None or pk in channels
    ]
    # Channels with a cost but no result this period still show what they cost.
    for pk in set(costs) - set(by_channel):
        lines.append(ChannelLine(Channel.objects.get(pk=pk), {}, costs[pk]))
    lines.sort(key=lambda line: (line.channel is None, -line.hired, -line.applications))
    return lines


def totals(lines: list[ChannelLine]) -> ChannelLine:
    counts = {name: sum(line.counts.get(name, 0) or 0 for line in lines) for name in COUNTERS}
    cost = sum((line.cost for line in lines if line.cost), Decimal(0)) or None
    total = ChannelLine(None, counts, cost)
    return total


@dataclass
class DeclaredVersusTracked:
    sources: list[tuple[str, str]]  # (declared value, label)
    channels: list[tuple[int | None, str]]  # (channel id, name)
    cells: dict = field(default_factory=dict)  # (declared, channel id) -> applications
    applications: int = 0
    naming_social_networks: int = 0
    comparable: int = 0  # tracked through a channel whose kind an answer can name
    agreeing: int = 0

    @property
    def social_share(self):
        return _ratio(self.naming_social_networks, self.applications)

    @property
    def agreement_rate(self):
        return _ratio(self.agreeing, self.comparable)

    def row(self, declared: str) -> list[int]:
        return [self.cells.get((declared, pk), 0) for pk, _name in self.channels]


def declared_versus_tracked(filters: Filters) -> DeclaredVersusTracked:
    """What candidates say brought them, against the tracked link they came through."""
    sums = (
        _rows(filters)
        .filter(applications__gt=0)
        .values("declared_source", "channel_id")
        .annotate(count=Sum("applications"))
        .order_by()
    )
    channels = Channel.objects.in_bulk()
    labels = dict(DeclaredSource.choices)
    report = DeclaredVersusTracked(sources=[], channels=[])
    seen_sources, seen_channels = set(), set()
    for row in sums:
        declared, channel_id, count = row["declared_source"], row["channel_id"], row["count"]
        report.cells[declared, channel_id] = count
        seen_sources.add(declared)
        seen_channels.add(channel_id)
        report.applications += count
        if declared in SOCIAL_NETWORK_SOURCES:
            report.naming_social_networks += count
        channel = channels.get(channel_id)
        if channel is not None and channel.kind in DECLARED_KIND.values():
            report.comparable += count
            if DECLARED_KIND.get(declared) == channel.kind:
                report.agreeing += count
    report.sources = [
        (value, str(labels.get(value, _("Not given")))) for value in sorted(seen_sources)
    ]
    report.channels = sorted(
        (
            (pk, channels[pk].name if pk in channels else _("No tracked link"))
            for pk in seen_channels
        ),
        key=lambda item: (item[0] is None, item[1]),
    )
    return report


# --- Recommendation ----------------------------------------------------------------------------
MIN_APPLICATIONS = 10  # below this, a channel has "not enough data" for an audience
MIN_HIRES_FOR_HIRES = 10  # with fewer hires in all, interviews are counted instead
Z_80 = 1.2816  # two-sided 80 % interval


@dataclass
class Recommendation:
    channel: Channel
    applications: int
    outcomes: int
    cost: Decimal | None
    rate: float | None = None  # expected outcomes per 1,000 € (smoothed)
    low: float | None = None
    high: float | None = None

    @property
    def has_enough_data(self) -> bool:
        return self.applications >= MIN_APPLICATIONS

    @property
    def is_free(self) -> bool:
        return not self.cost


def _gamma_quantile(shape: float, rate: float, z: float) -> float:
    """Wilson–Hilferty approximation of a Gamma quantile (good from shape ≈ 1)."""
    term = 1 - 1 / (9 * shape) + z * math.sqrt(1 / (9 * shape))
    return max(0.0, shape / rate * term**3)


def recommend_channels(audiences: list[str], *, end: dt.date, days: int = 365):
    """Channels ranked for an audience by what they brought per 1,000 € over the last year.

    Each channel's rate of outcomes (hires, or interviews when hires are few) per 1,000 € is a
    Gamma–Poisson estimate shrunk towards the rate of all paid channels together, so one lucky
    hire does not top the list; the interval is 80 %. Channels without a recorded cost cannot be
    ranked per euro: they are listed apart, by outcomes. Returns (unit, paid, free).
    """
    filters = Filters(start=end - dt.timedelta(days=days - 1), end=end)
    rows = _rows(filters).filter(channel__isnull=False)
    if audiences:
        rows = rows.filter(audience__in=audiences)
    sums = {
        row["channel_id"]: row
        for row in rows.values("channel_id")
        .annotate(
            applications=Sum("applications"), hired=Sum("hired"), interviewed=Sum("interviewed")
        )
        .order_by()
    }
    total_hires = sum(row["hired"] or 0 for row in sums.values())
    unit = "hired" if total_hires >= MIN_HIRES_FOR_HIRES else "interviewed"
    channels = Channel.objects.filter(is_enabled=True)
    costs = channel_costs(filters, [channel.pk for channel in channels])
    items = []
    for channel in channels:
        row = sums.get(channel.pk, {})
        items.append(
            Recommendation(
                channel=channel,
                applications=row.get("applications") or 0,
                outcomes=row.get(unit) or 0,
                cost=costs.get(channel.pk),
            )
        )
    paid = [item for item in items if not item.is_free]
    pooled_cost = sum(float(item.cost) for item in paid) / 1000
    pooled_outcomes = sum(item.outcomes for item in paid)
    prior_shape = 1.0
    prior_rate = prior_shape / (pooled_outcomes / pooled_cost) if pooled_outcomes else 1.0
    for item in paid:
        shape = prior_shape + item.outcomes
        rate = prior_rate + float(item.cost) / 1000
        item.rate = shape / rate
        item.low = _gamma_quantile(shape, rate, -Z_80)
        item.high = _gamma_quantile(shape, rate, Z_80)
    paid.sort(key=lambda item: (not item.has_enough_data, -(item.rate or 0)))
    free = sorted(
        (item for item in items if item.is_free),
        key=lambda item: (not item.has_enough_data, -item.outcomes, -item.applications),
    )
    return unit, paid, free
