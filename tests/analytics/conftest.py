"""A small world whose figures are known, to check every report against."""

import datetime as dt
import uuid
from decimal import Decimal

import pytest
from django.utils import timezone

from tests.factories import ApplicationFactory, JobOfferFactory
from vivier.analytics.counting import COUNTERS
from vivier.analytics.models import DepartmentDay, DepartmentMonth, OfferDay
from vivier.distribution.models import Channel, Click
from vivier.distribution.services import tracked_link

DAY_1 = dt.date(2026, 3, 2)
DAY_2 = dt.date(2026, 3, 3)


def at(day, hour=10):
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def clicks(link, day, people=0, robots=0):
    Click.objects.bulk_create(
        Click(id=uuid.uuid4(), link=link, at=at(day), is_bot=index >= people, visitor_hash="h")
        for index in range(people + robots)
    )


def apply(offer, link, day, *, declared, audience="", furthest="new", days_to_hire=None):
    application = ApplicationFactory(
        offer=offer, declared_source=declared, career_stage=audience, furthest_stage=furthest,
        last_touch=link, first_touch=link,
    )  # fmt: skip
    hired_at = at(day) + dt.timedelta(days=days_to_hire) if days_to_hire is not None else None
    type(application).objects.filter(pk=application.pk).update(
        submitted_at=at(day), hired_at=hired_at
    )
    application.refresh_from_db()  # its day, for the counts' keys
    return application


def snapshot(model, day_field: str):
    keys = [day_field, "channel_id", "campaign_id", "audience", "declared_source"]
    keys.append("offer_id" if model is OfferDay else "department_id")
    rows = model.objects.values_list(*keys, *COUNTERS)
    return sorted(rows, key=lambda row: [str(value) for value in row])


def all_counts():
    return {
        "offer days": snapshot(OfferDay, "day"),
        "department days": snapshot(DepartmentDay, "day"),
        "department months": snapshot(DepartmentMonth, "month"),
    }


@pytest.fixture
def world(db, employer):
    linkedin = Channel.objects.create(kind="linkedin", name="LinkedIn", cost_per_month=300)
    mastodon = Channel.objects.create(kind="mastodon", name="Mastodon")
    board = Channel.objects.create(
        kind="job_board", name="Indeed", slug="indeed", cost_per_month=150
    )
    offer_a = JobOfferFactory(published=True, title="A")
    offer_b = JobOfferFactory(published=True, title="B")
    a_linkedin = tracked_link(offer=offer_a, channel=linkedin)
    a_mastodon = tracked_link(offer=offer_a, channel=mastodon)
    b_board = tracked_link(offer=offer_b, channel=board)
    clicks(a_linkedin, DAY_1, people=10, robots=2)
    clicks(a_mastodon, DAY_1, people=5)
    clicks(b_board, DAY_2, people=4)
    for declared in ("linkedin", "linkedin", "facebook"):
        apply(offer_a, a_linkedin, DAY_1, declared=declared, audience="young_graduate")
    apply(offer_a, a_linkedin, DAY_1, declared="linkedin", audience="young_graduate",
          furthest="hired", days_to_hire=10)  # fmt: skip
    type(offer_a.applications.first()).objects.filter(
        offer=offer_a, declared_source="facebook"
    ).update(furthest_stage="interview")
    apply(offer_a, a_mastodon, DAY_1, declared="mastodon", audience="student")
    apply(offer_a, a_mastodon, DAY_2, declared="mastodon", audience="student", furthest="screening")
    apply(offer_b, b_board, DAY_2, declared="job_board", audience="experienced")
    apply(offer_b, None, DAY_2, declared="careers_site", audience="experienced")
    return {
        "linkedin": linkedin, "mastodon": mastodon, "board": board,
        "offer_a": offer_a, "offer_b": offer_b, "cost_month": Decimal(300),
    }  # fmt: skip
