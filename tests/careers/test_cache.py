"""Anonymous careers pages: few fixed queries, no writes, cached, invalidated on every change."""

import re

import pytest
from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import JobOfferFactory
from vivier.core import antibot
from vivier.jobs.services import close_offer

pytestmark = pytest.mark.django_db

# Exact query counts of a page served without the cache: they must not grow with the offers.
PAGES = {
    "home": ("/", 7),
    "offer list": ("/offres/", 5),
    "filtered list": ("/offres/?q=mission&contract=cdi&page=1", 5),
}


def offer_url(offer):
    return reverse("careers:offer", kwargs={"pk": offer.pk, "slug": offer.slug})


@pytest.mark.parametrize("offer_count", [1, 50])
@pytest.mark.parametrize("page", PAGES)
def test_public_pages_run_a_fixed_number_of_queries(
    client, employer, django_assert_num_queries, page, offer_count
):
    JobOfferFactory.create_batch(offer_count, published=True)
    url, queries = PAGES[page]
    with django_assert_num_queries(queries):
        assert client.get(url).status_code == 200


@pytest.mark.parametrize("offer_count", [1, 50])
def test_the_offer_page_runs_three_queries(
    client, employer, django_assert_num_queries, offer_count
):
    offers = JobOfferFactory.create_batch(offer_count, published=True)
    with django_assert_num_queries(3):  # the offer, the employer, its answered questions
        assert client.get(offer_url(offers[-1])).status_code == 200


def test_a_cached_page_runs_no_query(client, employer, offer, django_assert_num_queries):
    client.get("/offres/")
    with django_assert_num_queries(0):
        response = client.get("/offres/")
    assert offer.title in response.content.decode()
    assert "public" in response["Cache-Control"]


def test_an_anonymous_visit_writes_nothing_and_creates_no_session(client, employer, offer):
    urls = ["/", "/offres/", offer_url(offer), offer_url(offer) + "postuler/", "/en/"]
    with CaptureQueriesContext(connection) as queries:
        for url in urls:
            response = client.get(url)
            assert response.status_code == 200
            assert "sessionid" not in response.cookies
    writes = [
        query["sql"]
        for query in queries.captured_queries
        if query["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))
    ]
    assert writes == []
    assert Session.objects.count() == 0


def test_a_change_shows_at_once(client, employer, offer, django_capture_on_commit_callbacks):
    assert offer.title in client.get("/offres/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        close_offer(offer=offer)
    assert offer.title not in client.get("/offres/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        employer.tagline = "Un nouveau slogan"
        employer.save()
    assert "Un nouveau slogan" in client.get("/").content.decode()


def test_a_page_answers_304_when_it_has_not_changed(client, employer, offer):
    first = client.get(offer_url(offer))
    etag = first["ETag"]
    again = client.get(offer_url(offer), HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    assert again.content == b""
    since = client.get(offer_url(offer), HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert since.status_code == 304


def test_the_htmx_fragment_and_the_page_are_cached_apart(client, employer, offer):
    fragment = client.get("/offres/", HTTP_HX_REQUEST="true").content.decode()
    page = client.get("/offres/").content.decode()
    assert "<html" not in fragment
    assert "<html" in page


def test_pages_are_compressed_for_browsers_that_accept_it(client, employer, offer):
    response = client.get("/offres/", HTTP_ACCEPT_ENCODING="gzip")
    assert response["Content-Encoding"] == "gzip"


def test_a_signed_in_recruiter_is_not_served_the_cache(client, employer, offer, bob):
    client.get("/offres/")
    client.force_login(bob)
    response = client.get("/offres/")
    assert "Cache-Control" not in response or "public" not in response["Cache-Control"]


def test_the_blank_apply_form_is_cached_with_each_visitors_own_csrf_token(
    client, employer, offer, django_assert_num_queries
):
    url = offer_url(offer) + "postuler/"
    first = client.get(url)
    from django.test import Client

    other = Client()
    with django_assert_num_queries(1):  # the offer, to know whether it is still open
        second = other.get(url)
    token = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
    first_token = token.search(first.content.decode()).group(1)
    second_token = token.search(second.content.decode()).group(1)
    assert first_token != second_token
    # The anti-bot ticket is each visitor's too, never the cached one.
    ticket = re.compile(r'name="ticket" value="([^"]+)"')
    first_ticket = ticket.search(first.content.decode()).group(1)
    second_ticket = ticket.search(second.content.decode()).group(1)
    assert first_ticket != second_ticket
    assert antibot.shown_at(first_ticket) and antibot.shown_at(second_ticket)
    assert "placeholder" not in second.content.decode()
    assert "csrftoken" in second.cookies
    assert "private" in second["Cache-Control"]


def test_an_application_through_the_cached_form_goes_through(client, employer, offer, settings):
    from tests.factories import pdf_upload
    from vivier.hiring.models import Application

    client = type(client)(enforce_csrf_checks=True)
    url = offer_url(offer) + "postuler/"
    client.get(url)  # warms the cache
    page = client.get(url).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    ticket = re.search(r'name="ticket" value="([^"]+)"', page).group(1)
    response = client.post(
        url,
        {
            "csrfmiddlewaretoken": token,
            "ticket": ticket,
            "proof": antibot.solve(ticket, settings.ANTI_BOT_PROOF_BITS),
            "first_name": "Lou",
            "last_name": "Test",
            "email": "lou@example.test",
            "declared_source": "linkedin",
            "cv": pdf_upload(),
        },
    )
    assert response.status_code == 302
    assert Application.objects.filter(candidate__email="lou@example.test").exists()
