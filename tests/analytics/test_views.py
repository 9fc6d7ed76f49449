"""The reports dashboard: filters, CSV exports, and a query count that does not grow with data."""

import csv
import datetime as dt
import io

import pytest
from django.urls import reverse

from tests.analytics.conftest import DAY_1
from tests.factories import JobOfferFactory
from vivier.analytics import counting
from vivier.analytics.models import AudienceSize
from vivier.analytics.selectors import SUGGESTIONS, offer_label

pytestmark = pytest.mark.django_db
URL = reverse("analytics:dashboard")
OFFERS_URL = reverse("analytics:offers")
MARCH = {"start": "2026-03-01", "end": "2026-03-31"}


def test_the_dashboard_shows_the_funnel_the_matrix_and_the_charts(client, bob, world):
    counting.rebuild_all()
    client.force_login(bob)
    response = client.get(URL, MARCH)
    assert response.status_code == 200
    page = response.content.decode()
    assert 'data-chart="funnel-chart"' in page and 'id="funnel-chart"' in page
    assert response.context["total"].applications == 8
    assert response.context["matrix"].applications == 8
    assert "vendor/chartjs/chart.umd.min.js" in page


def test_every_table_downloads_as_csv(client, bob, world):
    counting.rebuild_all()
    client.force_login(bob)
    for table in ("funnel", "declared", "recommendation"):
        response = client.get(URL, {**MARCH, "export": table})
        assert response["Content-Type"] == "text/csv; charset=utf-8"
        rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
        assert len(rows) >= 2, table
    funnel = list(
        csv.reader(
            io.StringIO(client.get(URL, {**MARCH, "export": "funnel"}).content.decode("utf-8-sig"))
        )
    )
    linkedin = next(row for row in funnel if row[0] == "LinkedIn")
    assert linkedin[1:4] == ["10", "2", "4"]
    assert client.get(URL, {**MARCH, "export": "nope"}).status_code == 404


def test_a_wrong_period_is_explained_and_the_year_shown(client, bob, world):
    client.force_login(bob)
    response = client.get(URL, {"start": "2026-04-01", "end": "2026-03-01"})
    assert response.status_code == 200
    assert response.context["form"].errors
    assert response.context["filters"].start.month == 1


def test_the_dashboard_costs_the_same_queries_with_more_data(
    client, bob, world, django_assert_num_queries
):
    from tests.analytics.conftest import apply

    counting.rebuild_all()
    client.force_login(bob)
    client.get(URL, MARCH)
    for _ in range(30):
        apply(world["offer_a"], None, DAY_1, declared="other")
    for day in (dt.date(2026, 1, 20), dt.date(2026, 2, 10)):
        apply(world["offer_b"], None, day, declared="event")
    for day in (dt.date(2026, 1, 20), dt.date(2026, 3, 10)):  # the audience chart's series
        for channel in (world["linkedin"], world["mastodon"]):
            AudienceSize.objects.create(channel=channel, day=day, followers=day.day)
    counting.rebuild_all()
    # Months and days at once (February whole, 20 days of January and of April): one query
    # per table still; the offer filter adds the one that finds the offer.
    period = {"start": "2026-01-12", "end": "2026-04-20"}
    with django_assert_num_queries(18):
        response = client.get(URL, period)
    assert response.context["total"].applications == 40
    assert len(response.context["audiences"]) == 2
    with django_assert_num_queries(19):
        response = client.get(URL, {**period, "offer": world["offer_b"].reference})
    assert response.context["total"].applications == 4


def test_the_offer_filter_is_a_search_field_not_a_list_of_every_offer(client, bob, world):
    offers = [JobOfferFactory(title=f"Agent des ports {number}") for number in range(30)]
    client.force_login(bob)
    page = client.get(URL, MARCH).content.decode()
    assert '<datalist id="offer-choices"></datalist>' in page
    assert 'list="offer-choices"' in page and f'hx-get="{OFFERS_URL}"' in page
    assert not any(offer.reference in page for offer in offers)


def test_the_offer_filter_takes_a_suggestion_a_reference_a_number_or_a_title(client, bob, world):
    offer = world["offer_b"]
    counting.rebuild_all()
    client.force_login(bob)
    label = offer_label(offer)
    assert label == f"{offer.title} ({offer.reference})"
    for typed in (label, offer.reference, offer.reference.lower(), str(offer.pk), offer.title):
        response = client.get(URL, {**MARCH, "offer": typed})
        assert response.context["filters"].offer_id == offer.pk, typed
        assert response.context["total"].applications == 2, typed
        # Shown again as the suggestion reads, whatever was typed.
        assert response.context["form"]["offer"].value() == label
        assert f'value="{label}"' in response.content.decode()


def test_an_unknown_or_ambiguous_offer_is_explained_and_what_was_typed_kept(client, bob, world):
    JobOfferFactory(title="Jardinier")
    JobOfferFactory(title="Jardinier")
    client.force_login(bob)
    for typed, error in [
        ("Boulanger", "unknown"),
        ("Jardinier", "ambiguous"),
        ("99999999999999999999999", "unknown"),
        ("Jardinier (#0)", "unknown"),
        ("Jardinier (#١٢)", "unknown"),  # digits, but not ones a number is written with
    ]:
        response = client.get(URL, {**MARCH, "offer": typed})
        assert response.status_code == 200
        form = response.context["form"]
        assert [error.code for error in form.errors.as_data()["offer"]] == [error], typed
        assert str(form.errors["offer"][0]) in response.content.decode().replace("&#x27;", "'")
        assert response.context["form"]["offer"].value() == typed
        assert response.context["filters"].offer_id is None


def test_the_suggestions_are_the_offers_whose_title_or_reference_has_what_was_typed(
    client, bob, world, django_assert_num_queries
):
    for number in range(SUGGESTIONS + 5):
        JobOfferFactory(title=f"Agent des routes {number}")
    client.force_login(bob)
    with django_assert_num_queries(3):  # session, user, offers
        page = client.get(OFFERS_URL, {"offer": "routes"}).content.decode()
    assert page.count("<option") == SUGGESTIONS
    assert 'value="Agent des routes 24 (' in page  # the most recent first
    page = client.get(OFFERS_URL, {"offer": world["offer_a"].reference}).content.decode()
    assert page.count("<option") == 1 and f'value="{offer_label(world["offer_a"])}"' in page
    # A suggestion chosen: it is suggested again, not "nothing matches".
    page = client.get(OFFERS_URL, {"offer": offer_label(world["offer_b"])}).content.decode()
    assert f'value="{offer_label(world["offer_b"])}"' in page
    assert client.get(OFFERS_URL, {"offer": "boulanger"}).content.decode().count("<option") == 0


@pytest.mark.parametrize(
    ("persona", "status"),
    [("alice", 200), ("bob", 200), ("hana", 404), ("hugo", 404), ("carla", 404)],
)
def test_only_recruiters_get_the_offer_suggestions(client, request, offer, persona, status):
    assert client.get(OFFERS_URL, {"offer": offer.title}).status_code == 302  # to sign in
    client.force_login(request.getfixturevalue(persona))
    response = client.get(OFFERS_URL, {"offer": offer.title})
    assert response.status_code == status
    assert (offer.title in response.content.decode()) is (status == 200)
