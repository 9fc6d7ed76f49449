"""The reports dashboard: filters, CSV exports, and a query count that does not grow with data."""

import csv
import io

import pytest
from django.urls import reverse

from tests.analytics.conftest import DAY_1
from vivier.analytics import counting

pytestmark = pytest.mark.django_db
URL = reverse("analytics:dashboard")
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
    client, bob, world, django_assert_max_num_queries
):
    from tests.analytics.conftest import apply

    counting.rebuild_all()
    client.force_login(bob)
    client.get(URL, MARCH)
    for _ in range(30):
        apply(world["offer_a"], None, DAY_1, declared="other")
    counting.rebuild_all()
    with django_assert_max_num_queries(18):
        client.get(URL, MARCH)
