"""Pull channels: the job-board XML feed, the Atom feed and the JSON-LD carry tracked links."""

import json
import re
import xml.etree.ElementTree as ET

import pytest
from django.core.cache import cache
from django.urls import reverse

from tests.factories import JobOfferFactory, make_channel
from vivier.distribution.models import ChannelKind, TrackedLink

pytestmark = pytest.mark.django_db


def test_a_job_board_reads_every_open_offer_with_its_own_links(client, employer, offer):
    JobOfferFactory(title="Brouillon")  # a draft is not listed
    board = make_channel(ChannelKind.JOB_BOARD, slug="indeed", is_sandbox=False)
    response = client.get("/flux/indeed.xml")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    root = ET.fromstring(response.content)
    assert root.tag == "source"
    assert root.findtext("publisher") == employer.name
    (job,) = root.findall("job")
    link = TrackedLink.objects.get(offer=offer, channel=board)
    assert job.findtext("url") == link.url
    assert job.findtext("title") == offer.title
    assert job.findtext("referencenumber") == offer.reference
    assert job.findtext("city") == offer.city
    assert job.findtext("country") == "FR"
    assert job.findtext("jobtype") == "fulltime, permanent"
    assert "<h2>" in job.findtext("description")
    # Every field is in CDATA, as Indeed's format asks.
    assert b"<title><![CDATA[" in response.content


def test_cdata_survives_its_own_terminator(client, employer):
    JobOfferFactory(published=True, title="Poste ]]> étrange")
    make_channel(ChannelKind.JOB_BOARD, slug="board", is_sandbox=False)
    root = ET.fromstring(client.get("/flux/board.xml").content)
    assert root.find("job").findtext("title") == "Poste ]]> étrange"


def test_two_boards_get_different_links(client, employer, offer):
    make_channel(ChannelKind.JOB_BOARD, slug="indeed", is_sandbox=False)
    make_channel(ChannelKind.JOB_BOARD, slug="hellowork", is_sandbox=False)
    urls = {
        ET.fromstring(client.get(f"/flux/{slug}.xml").content).find("job").findtext("url")
        for slug in ("indeed", "hellowork")
    }
    assert len(urls) == 2


def test_a_disabled_or_unknown_board_answers_404(client, employer, offer):
    make_channel(ChannelKind.JOB_BOARD, slug="old", is_sandbox=False, is_enabled=False)
    assert client.get("/flux/old.xml").status_code == 404
    assert client.get("/flux/nope.xml").status_code == 404


def test_the_feed_costs_the_same_queries_for_many_offers(
    client, employer, django_assert_max_num_queries
):
    JobOfferFactory.create_batch(15, published=True)
    make_channel(ChannelKind.JOB_BOARD, slug="indeed", is_sandbox=False)
    client.get("/flux/indeed.xml")  # makes the links
    cache.clear()
    with django_assert_max_num_queries(4):
        assert client.get("/flux/indeed.xml").status_code == 200


def test_the_atom_feed_carries_the_atom_channels_links(client, employer, offer):
    plain = client.get(reverse("careers:feed")).content.decode()
    assert "/r/" not in plain
    channel = make_channel(ChannelKind.ATOM, is_sandbox=False)
    tracked = client.get(reverse("careers:feed")).content.decode()
    link = TrackedLink.objects.get(offer=offer, channel=channel)
    assert f'href="{link.url}"' in tracked
    assert offer.get_absolute_url() in tracked  # the entry id stays the page


def test_the_json_ld_url_is_the_search_engine_channels_link(client, employer, offer):
    channel = make_channel(ChannelKind.GOOGLE_JOBS, is_sandbox=False)
    page = client.get(offer.get_absolute_url()).content.decode()
    data = json.loads(re.search(r'application/ld\+json">(.*?)</script>', page, re.S).group(1))
    assert data["url"] == TrackedLink.objects.get(offer=offer, channel=channel).url
