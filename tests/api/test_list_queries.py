"""The API's lists cost a fixed number of queries, however many rows a page holds."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.factories import ApplicationFactory, JobOfferFactory, make_channel
from vivier.api.models import Scope
from vivier.api.services import create_token
from vivier.distribution.models import ChannelKind, TrackedLink
from vivier.hiring.models import Document
from vivier.privacy.models import AuditEntry

pytestmark = pytest.mark.django_db


def applications_with_cv_and_channel(offer, count):
    link = TrackedLink.objects.create(channel=make_channel(ChannelKind.LINKEDIN), offer=offer)
    applications = [
        ApplicationFactory(offer=offer, last_touch=link, last_touch_at=timezone.now())
        for _ in range(count)
    ]
    Document.objects.bulk_create(
        Document(
            application=application,
            file=f"cv/test/{application.pk}.pdf",
            original_name="cv.pdf",
            content_type="application/pdf",
            size=1000,
            uploaded_at=timezone.now(),
        )
        for application in applications
    )
    return applications


def queries_of(client, url, params, token):
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    client.get(url, params, **headers)  # the token's last use is written once a minute
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, params, **headers)
    assert response.status_code == 200
    return len(captured.captured_queries), response.json()


@pytest.mark.parametrize("user", ["bob", "hana"])
def test_a_page_of_an_offers_applications_costs_the_same_queries_for_2_or_20(
    client, employer, offer, user, request
):
    other_offer = JobOfferFactory(published=True)
    other_offer.hiring_managers.add(request.getfixturevalue("hana"))
    applications_with_cv_and_channel(offer, 2)
    applications_with_cv_and_channel(other_offer, 20)
    token = create_token(
        user=request.getfixturevalue(user), name="SIRH", scopes=[Scope.READ_APPLICATIONS]
    )[1]
    url = "/api/v1/applications/"
    few, small_page = queries_of(client, url, {"offer": offer.pk}, token)
    many, full_page = queries_of(client, url, {"offer": other_offer.pk}, token)
    assert (len(small_page["items"]), len(full_page["items"])) == (2, 20)
    assert full_page["items"][0]["tracked_channel"] == "linkedin test"
    assert full_page["items"][0]["documents"] == ["cv.pdf"]
    # The token; the page with its offer, candidate and stage; the CVs; the tracked channels;
    # the audit log's one INSERT for the whole page.
    assert few == many == 5
    logged = AuditEntry.objects.filter(object_type="application", via="api")
    assert logged.count() == 2 * (2 + 20)  # each call logs its page, in one statement


def test_a_page_of_offers_costs_the_same_queries_for_2_or_20(client, employer, bob):
    token = create_token(user=bob, name="SIRH", scopes=[Scope.READ_OFFERS])[1]
    now = timezone.now()
    for number in range(2):
        JobOfferFactory(published=True, published_at=now - dt.timedelta(minutes=number))
    few, small_page = queries_of(client, "/api/v1/offers/", {}, token)
    for number in range(18):
        JobOfferFactory(published=True, published_at=now - dt.timedelta(hours=number))
    many, full_page = queries_of(client, "/api/v1/offers/", {}, token)
    assert (len(small_page["items"]), len(full_page["items"])) == (2, 20)
    assert few == many
