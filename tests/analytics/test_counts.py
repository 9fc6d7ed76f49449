"""The daily counts, and every figure of the reports, on a world whose answers are known."""

import datetime as dt
from decimal import Decimal

import pytest

from tests.analytics.conftest import DAY_2, all_counts
from vivier.analytics import counting, reports
from vivier.analytics.models import DepartmentDay, OfferDay, StaleCounts
from vivier.analytics.reports import Filters

pytestmark = pytest.mark.django_db

MARCH = Filters(start=dt.date(2026, 3, 1), end=dt.date(2026, 3, 31))


def line_of(lines, channel):
    return next(line for line in lines if line.channel == channel)


def test_the_funnel_per_channel(world):
    counting.rebuild_all()
    lines = reports.funnel_by_channel(MARCH)
    linkedin = line_of(lines, world["linkedin"])
    assert (linkedin.clicks_people, linkedin.clicks_robots) == (10, 2)
    assert linkedin.applications == 4
    assert (linkedin.screened, linkedin.interviewed, linkedin.offered, linkedin.hired) == (
        2,
        2,
        1,
        1,
    )
    assert linkedin.interview_rate == 0.5
    assert linkedin.hire_rate == 0.25
    assert linkedin.click_to_application == 0.4
    assert linkedin.days_to_hire_mean == 10
    expected_cost = (Decimal(300) * 31 / reports.DAYS_PER_MONTH).quantize(Decimal("0.01"))
    assert linkedin.cost == expected_cost
    assert linkedin.cost_per_hire == expected_cost
    assert linkedin.cost_per_application == expected_cost / 4
    mastodon = line_of(lines, world["mastodon"])
    assert (mastodon.clicks_people, mastodon.applications, mastodon.screened) == (5, 2, 1)
    assert mastodon.cost is None and mastodon.cost_per_hire is None
    untracked = line_of(lines, None)
    assert (untracked.applications, untracked.clicks_people) == (1, 0)
    total = reports.totals(lines)
    assert (total.applications, total.hired, total.clicks_people) == (8, 1, 19)


def test_filters_by_offer_department_and_audience(world):
    counting.rebuild_all()
    only_b = reports.funnel_by_channel(
        Filters(start=MARCH.start, end=MARCH.end, offer_id=world["offer_b"].pk)
    )
    assert {line.channel for line in only_b if line.applications} == {world["board"], None}
    department = Filters(
        start=MARCH.start, end=MARCH.end, department_id=world["offer_a"].department_id
    )
    assert reports.totals(reports.funnel_by_channel(department)).applications == 6
    students = Filters(start=MARCH.start, end=MARCH.end, audience="student")
    assert reports.totals(reports.funnel_by_channel(students)).applications == 2
    one_day = Filters(start=DAY_2, end=DAY_2)
    assert reports.totals(reports.funnel_by_channel(one_day)).applications == 3


def test_declared_versus_tracked(world):
    counting.rebuild_all()
    matrix = reports.declared_versus_tracked(MARCH)
    assert matrix.applications == 8
    assert matrix.social_share == 6 / 8  # LinkedIn ×3, Facebook, Mastodon ×2
    assert matrix.comparable == 7 and matrix.agreeing == 6
    assert matrix.cells["facebook", world["linkedin"].pk] == 1
    assert matrix.cells["careers_site", None] == 1


def test_events_keep_the_counts_equal_to_a_full_rebuild(world, bob):
    from vivier.hiring.models import PipelineStage
    from vivier.hiring.services import move_application

    counting.rebuild_all()
    application = world["offer_b"].applications.get(declared_source="job_board")
    move_application(application=application, stage=PipelineStage.for_kind("interview"), by=bob)
    assert StaleCounts.objects.count() == 1
    assert counting.refresh_stale() == 1
    incremental = all_counts()  # the offer's day, its department's day and month
    counting.rebuild_all()
    assert all_counts() == incremental
    board = line_of(reports.funnel_by_channel(MARCH), world["board"])
    assert board.interviewed == 1


def test_department_rows_sum_the_offer_rows(world):
    counting.rebuild_all()
    for name in counting.COUNTERS:
        offer_total = sum(OfferDay.objects.values_list(name, flat=True))
        assert sum(DepartmentDay.objects.values_list(name, flat=True)) == offer_total, name
