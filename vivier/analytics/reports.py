"""The figures of the reports, read from the daily and monthly counts (see models.py for what is
counted)."""

import datetime as dt
import math
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q, Sum
from django.utils.translation import gettext as _

from vivier.analytics.counting import COUNTERS, month_of
from vivier.analytics.models import DepartmentDay, DepartmentMonth, OfferDay
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


def whole_months(start: dt.date, end: dt.date) -> tuple[dt.date, dt.date] | None:
    """The whole months from start to end: (first day of the first, first day of the month
    after the last), or None when there is none."""
    first = start if start.day == 1 else month_of(start)[1]
    following = (end + dt.timedelta(days=1)).replace(day=1)
    return (first, following) if first < following else None


def _parts(filters: Filters) -> list:
    """The rows whose counts add up to the period: a report on one offer reads its days; the
    others read the department months wholly inside the period, and the department days of the
    months it cuts at either end."""
    if filters.offer_id:
        return [
            OfferDay.objects.filter(
                offer_id=filters.offer_id, day__range=(filters.start, filters.end)
            )
        ]
    months = whole_months(filters.start, filters.end)
    if months is None:
        parts = [DepartmentDay.objects.filter(day__range=(filters.start, filters.end))]
    else:
        first, following = months
        parts = [DepartmentMonth.objects.filter(month__gte=first, month__lt=following)]
        edges = Q(day__gte=filters.start, day__lt=first) if filters.start < first else Q()
        if following <= filters.end:
            edges |= Q(day__gte=following, day__lte=filters.end)
        if edges:
            parts.append(DepartmentDay.objects.filter(edges))
    if filters.department_id:
        parts = [part.filter(department_id=filters.department_id) for part in parts]
    return parts


def _sums(filters: Filters, by: list[str], counters: list[str], **conditions) -> dict:
    """The counters summed per value of the `by` fields over the period, in one query (UNION ALL
    of the months and the days): {(by values): {counter: sum}}."""
    if filters.campaign_id:
        conditions["campaign_id"] = filters.campaign_id
    if filters.audience:
        conditions["audience"] = filters.audience
    grouped = [
        part.filter(**conditions)
        .values(*by)
        .annotate(**{name: Sum(name) for name in counters})
        .order_by()
        for part in _parts(filters)
    ]
    rows = grouped[0].union(*grouped[1:], all=True) if len(grouped) > 1 else grouped[0]
    sums: dict[tuple, dict[str, int]] = {}
    for row in rows:
        line = sums.setdefault(tuple(row[name] for name in by), dict.fromkeys(counters, 0))
        for name in counters:
            line[name] += row[name] or 0
    return sums


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
    by_channel = {
        key[0]: counts for key, counts in _sums(filters, ["channel_id"], COUNTERS).items()
    }
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
    sums = _sums(filters, ["declared_source", "channel_id"], ["applications"], applications__gt=0)
    channels = Channel.objects.in_bulk()
    labels = dict(DeclaredSource.choices)
    report = DeclaredVersusTracked(sources=[], channels=[])
    seen_sources, seen_channels = set(), set()
    for (declared, channel_id), counts in sums.items():
        count = counts["applications"]
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
    conditions = {"audience__in": audiences} if audiences else {}
    sums = {
        key[0]: counts
        for key, counts in _sums(
            filters, ["channel_id"], ["applications", "hired", "interviewed"],
            channel__isnull=False, **conditions,
        ).items()
    }  # fmt: skip
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
