"""The monthly counts: reports read whole months from them and give the day rows' figures."""

import datetime as dt
import importlib
import random

import pytest
from django.db.models import Sum
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.analytics.conftest import all_counts, apply, at, clicks, snapshot
from tests.factories import DepartmentFactory, JobOfferFactory
from vivier.analytics import counting, reports
from vivier.analytics.models import DepartmentDay, DepartmentMonth, OfferDay, StaleCounts
from vivier.analytics.reports import Filters, whole_months
from vivier.campaigns.models import Campaign
from vivier.distribution.models import Channel
from vivier.distribution.services import tracked_link
from vivier.hiring.models import Application, PipelineStage

pytestmark = pytest.mark.django_db

FIRST_DAY, LAST_DAY = dt.date(2025, 11, 20), dt.date(2026, 4, 12)
AUDIENCES = ["", "student", "young_graduate", "experienced", "executive"]
DECLARED = ["linkedin", "facebook", "mastodon", "job_board", "careers_site", "referral", ""]
FURTHEST = ["new", "new", "screening", "interview", "offer", "hired"]
# Activity on the first and last days of months, where a period's months and days meet.
EDGE_DAYS = [dt.date(2025, 11, 30), dt.date(2025, 12, 1), dt.date(2025, 12, 31),
             dt.date(2026, 1, 1), dt.date(2026, 1, 31), dt.date(2026, 2, 1),
             dt.date(2026, 2, 28), dt.date(2026, 3, 1), dt.date(2026, 3, 31),
             dt.date(2026, 4, 1)]  # fmt: skip


def random_day(randomness) -> dt.date:
    return FIRST_DAY + dt.timedelta(days=randomness.randrange((LAST_DAY - FIRST_DAY).days + 1))


def random_application(randomness, offer, link, day=None):
    furthest = randomness.choice(FURTHEST)
    return apply(
        offer, link, day or random_day(randomness), declared=randomness.choice(DECLARED),
        audience=randomness.choice(AUDIENCES), furthest=furthest,
        days_to_hire=randomness.randint(5, 60) if furthest == "hired" else None,
    )  # fmt: skip


@pytest.fixture
def months(db, employer):
    """Five months of activity across a new year: two departments, three channels, a campaign."""
    randomness = random.Random(2026)
    channels = [
        Channel.objects.create(kind="linkedin", name="LinkedIn", cost_per_month=300),
        Channel.objects.create(kind="mastodon", name="Mastodon"),
        Channel.objects.create(kind="job_board", name="Indeed", slug="indeed", cost_per_month=150),
    ]
    departments = [DepartmentFactory(), DepartmentFactory()]
    offers = [
        JobOfferFactory(published=True, department=departments[number % 2]) for number in range(3)
    ]
    campaign = Campaign.objects.create(
        name="Hiver", objective="o", starts_on=dt.date(2026, 1, 10), ends_on=dt.date(2026, 2, 20),
        landing_title="Hiver",
    )  # fmt: skip
    offer_links = [
        (offer, tracked_link(offer=offer, channel=ch)) for offer in offers for ch in channels
    ]
    campaign_links = [tracked_link(channel=channel, campaign=campaign) for channel in channels[:2]]
    for link in [link for _offer, link in offer_links] + campaign_links:
        for _ in range(6):
            clicks(link, random_day(randomness), people=randomness.randint(0, 4),
                   robots=randomness.randint(0, 2))  # fmt: skip
    for _ in range(90):
        offer, link = randomness.choice(offer_links)
        random_application(randomness, offer, link)
    for _ in range(30):
        random_application(randomness, randomness.choice(offers), randomness.choice(campaign_links))
    for _ in range(20):
        random_application(randomness, randomness.choice(offers), None)
    for day in EDGE_DAYS:
        offer, link = randomness.choice(offer_links)
        clicks(link, day, people=2, robots=1)
        random_application(randomness, offer, link, day)
        random_application(randomness, offer, None, day)
    counting.rebuild_all()
    return {"departments": departments, "offers": offers, "campaign": campaign,
            "channels": channels, "offer_links": offer_links, "randomness": randomness}  # fmt: skip


def daily(filters: Filters, by, counters=counting.COUNTERS, **conditions) -> dict:
    """The same sums read from the day rows only, as the reports did before the months."""
    model = OfferDay if filters.offer_id else DepartmentDay
    rows = model.objects.filter(day__gte=filters.start, day__lte=filters.end, **conditions)
    if filters.offer_id:
        rows = rows.filter(offer_id=filters.offer_id)
    elif filters.department_id:
        rows = rows.filter(department_id=filters.department_id)
    if filters.campaign_id:
        rows = rows.filter(campaign_id=filters.campaign_id)
    if filters.audience:
        rows = rows.filter(audience=filters.audience)
    sums = rows.values(*by).annotate(**{name: Sum(name) for name in counters}).order_by()
    return {tuple(row[name] for name in by): {name: row[name] for name in counters} for row in sums}


def assert_same_figures(filters: Filters) -> None:
    lines = reports.funnel_by_channel(filters)
    funnel = {(line.channel.pk if line.channel else None,): line.counts for line in lines}
    expected = daily(filters, ["channel_id"])
    assert {key: counts for key, counts in funnel.items() if counts} == expected, filters
    matrix = reports.declared_versus_tracked(filters)
    cells = {key: {"applications": count} for key, count in matrix.cells.items()}
    assert cells == daily(filters, ["declared_source", "channel_id"], ["applications"],
                          applications__gt=0), filters  # fmt: skip
    audiences = [filters.audience] if filters.audience else []
    _unit, paid, free = reports.recommend_channels(audiences, end=filters.end)
    year = Filters(start=filters.end - dt.timedelta(days=364), end=filters.end)
    conditions = {"audience__in": audiences} if audiences else {}
    by_channel = daily(year, ["channel_id"], ["applications"], channel__isnull=False, **conditions)
    assert {
        (item.channel.pk,): {"applications": item.applications}
        for item in paid + free
        if item.applications
    } == by_channel, filters


def periods():
    return [
        (dt.date(2025, 12, 15), dt.date(2026, 3, 10)),  # cuts a month at each end
        (dt.date(2026, 1, 1), dt.date(2026, 3, 17)),  # starts on the first
        (dt.date(2025, 11, 28), dt.date(2026, 2, 28)),  # ends on the last (February)
        (dt.date(2025, 12, 1), dt.date(2026, 3, 31)),  # whole months only
        (dt.date(2026, 1, 5), dt.date(2026, 1, 20)),  # inside one month
        (dt.date(2026, 1, 31), dt.date(2026, 2, 1)),  # two days, two months
        (dt.date(2026, 1, 31), dt.date(2026, 3, 15)),  # starts on the last day of a month
        (dt.date(2025, 12, 10), dt.date(2026, 3, 1)),  # ends on the first day of a month
        (dt.date(2025, 11, 30), dt.date(2026, 4, 1)),  # both
        (dt.date(2026, 2, 14), dt.date(2026, 2, 14)),  # a single day
        (dt.date(2026, 3, 1), dt.date(2026, 3, 1)),  # the first of a month alone
        (dt.date(2026, 1, 1), dt.date(2026, 12, 31)),  # a calendar year
        (LAST_DAY - dt.timedelta(days=364), LAST_DAY),  # the dashboard's year
        (dt.date(2021, 6, 3), dt.date(2026, 6, 2)),  # five years, the longest the form allows
    ]


@pytest.mark.parametrize(("start", "end"), periods())
def test_the_months_give_the_figures_of_the_days(months, start, end):
    department = months["departments"][0].pk
    offer = months["offers"][1].pk
    campaign = months["campaign"].pk
    for filters in [
        Filters(start=start, end=end),
        Filters(start=start, end=end, department_id=department),
        Filters(start=start, end=end, offer_id=offer),
        Filters(start=start, end=end, campaign_id=campaign),
        Filters(start=start, end=end, audience="student"),
        Filters(
            start=start,
            end=end,
            department_id=department,
            campaign_id=campaign,
            audience="experienced",
        ),  # fmt: skip
    ]:
        assert_same_figures(filters)


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])  # fmt: skip
@given(
    start=st.dates(min_value=FIRST_DAY - dt.timedelta(days=40), max_value=LAST_DAY),
    length=st.integers(min_value=0, max_value=200),
    audience=st.sampled_from(AUDIENCES),
)
def test_any_period_reads_the_same_from_months_and_days(months, start, length, audience):
    assert_same_figures(
        Filters(start=start, end=start + dt.timedelta(days=length), audience=audience)
    )


def test_a_period_of_whole_months_reads_no_day_row(months, django_assert_num_queries):
    # Three months' rows, not ninety days' (and one query, not one per table).
    assert whole_months(dt.date(2026, 1, 1), dt.date(2026, 3, 31)) == (
        dt.date(2026, 1, 1),
        dt.date(2026, 4, 1),
    )
    assert whole_months(dt.date(2026, 1, 2), dt.date(2026, 1, 31)) is None
    assert whole_months(dt.date(2025, 12, 2), dt.date(2026, 2, 27)) == (
        dt.date(2026, 1, 1),
        dt.date(2026, 2, 1),
    )
    filters = Filters(start=dt.date(2025, 12, 15), end=dt.date(2026, 3, 10))
    with django_assert_num_queries(1) as queries:
        reports._sums(filters, ["channel_id"], ["applications"])
    sql = queries.captured_queries[0]["sql"]
    assert DepartmentMonth._meta.db_table in sql and DepartmentDay._meta.db_table in sql
    assert "UNION ALL" in sql


def test_the_month_rows_sum_the_day_rows(months):
    assert DepartmentMonth.objects.count() < DepartmentDay.objects.count()
    by_month = {}
    for row in DepartmentDay.objects.values():
        key = (row["day"].replace(day=1), row["department_id"], row["channel_id"],
               row["campaign_id"], row["audience"], row["declared_source"])  # fmt: skip
        line = by_month.setdefault(key, dict.fromkeys(counting.COUNTERS, 0))
        for name in counting.COUNTERS:
            line[name] += row[name]
    assert {
        (row["month"], row["department_id"], row["channel_id"], row["campaign_id"],
         row["audience"], row["declared_source"]): {name: row[name] for name in counting.COUNTERS}
        for row in DepartmentMonth.objects.values()
    } == by_month  # fmt: skip


def test_events_keep_every_grain_equal_to_a_full_rebuild(months, bob):
    from vivier.hiring.services import move_application

    randomness = months["randomness"]
    before = all_counts()
    # New clicks on days of several months, as the click buffer flushes them.
    flushed = []
    for offer_link in randomness.sample(months["offer_links"], 4):
        day = random_day(randomness)
        clicks(offer_link[1], day, people=3, robots=1)
        flushed.append((at(day), offer_link[1].pk))
    counting.mark_clicks(flushed)
    # New applications, moves along the pipeline, and a deleted application.
    for offer, link in randomness.sample(months["offer_links"], 3):
        counting.mark_application(random_application(randomness, offer, link))
    interview = PipelineStage.for_kind("interview")
    for application in Application.objects.filter(furthest_stage="new").order_by("pk")[:3]:
        move_application(application=application, stage=interview, by=bob)
    gone = Application.objects.exclude(last_touch=None).order_by("-pk").first()
    counting.mark_application(gone)
    gone.delete()
    assert StaleCounts.objects.exists()
    while counting.refresh_stale():
        pass
    incremental = all_counts()
    assert incremental != before
    counting.rebuild_all()
    rebuilt = all_counts()
    for grain, rows in incremental.items():
        assert rows == rebuilt[grain], grain


def test_the_migration_sums_the_days_already_kept_into_months(months):
    from django.apps import apps

    migration = importlib.import_module("vivier.analytics.migrations.0003_department_months")
    rebuilt = snapshot(DepartmentMonth, "month")
    DepartmentMonth.objects.all().delete()
    migration.months_from_days(apps, schema_editor=None)
    assert snapshot(DepartmentMonth, "month") == rebuilt
