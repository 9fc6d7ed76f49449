import json
import re
import xml.etree.ElementTree as ElementTree

import pytest
from django.urls import reverse

from tests.factories import JobOfferFactory
from vivier.brand.models import Video
from vivier.jobs.jsonld import missing_required_properties
from vivier.jobs.models import RemotePolicy

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


def json_ld_of(response):
    match = re.search(
        r'<script type="application/ld\+json">(.*?)</script>', response.content.decode(), re.S
    )
    assert match, "no JSON-LD on the page"
    return json.loads(match.group(1))


def test_the_company_page_shows_the_brand_and_open_offers(client, employer, offer):
    draft = JobOfferFactory(title="Brouillon secret")
    Video.objects.create(
        employer=employer, title="Nos métiers", url="https://www.youtube.com/watch?v=abcdefghijk"
    )
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert employer.name in html
    assert offer.title in html
    assert draft.title not in html
    # The video host is not contacted until the visitor clicks.
    assert "<iframe" not in html
    assert 'data-video-src="https://www.youtube-nocookie.com/embed/abcdefghijk' in html


def test_the_offer_list_filters_by_keyword_and_contract(client, employer, offer):
    other = JobOfferFactory(title="Agent des lycées", contract_type="cdd", published=True)
    response = client.get(reverse("careers:offers"), {"q": "mission"})
    assert offer.title in response.content.decode()
    assert other.title not in response.content.decode()
    response = client.get(reverse("careers:offers"), {"contract": "cdd"})
    assert other.title in response.content.decode()
    assert offer.title not in response.content.decode()


def test_the_offer_list_answers_htmx_with_the_results_only(client, employer, offer):
    response = client.get(reverse("careers:offers"), HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert offer.title in html
    assert "<html" not in html


def test_the_offer_list_paginates(client, employer, settings):
    settings.OFFERS_PER_PAGE = 2
    JobOfferFactory.create_batch(5, published=True)
    response = client.get(reverse("careers:offers"), {"page": 3})
    assert response.context["page"].number == 3
    assert len(response.context["offers"]) == 1


def test_the_offer_page_carries_a_valid_job_posting(client, employer, offer):
    response = client.get(offer.get_absolute_url())
    assert response.status_code == 200
    posting = json_ld_of(response)
    assert missing_required_properties(posting) == []
    assert posting["title"] == offer.title
    assert posting["hiringOrganization"]["name"] == employer.name
    assert posting["directApply"] is True
    assert posting["identifier"]["value"] == offer.reference


def test_every_published_offer_has_a_valid_job_posting(client, employer):
    JobOfferFactory(published=True, remote_policy=RemotePolicy.REMOTE)
    JobOfferFactory(published=True, remote_policy=RemotePolicy.HYBRID, salary_min=30000)
    JobOfferFactory(published=True, working_time="part_time", weekly_hours=20)
    from vivier.jobs.models import JobOffer

    for published in JobOffer.objects.open():
        posting = json_ld_of(client.get(published.get_absolute_url()))
        assert missing_required_properties(posting) == [], published


def test_the_offer_page_has_link_previews_and_share_links(client, employer, offer):
    html = client.get(offer.get_absolute_url()).content.decode()
    assert f'<meta property="og:title" content="{offer.title}' in html
    assert '<meta name="twitter:card" content="summary">' in html
    for host in ["linkedin.com/sharing", "facebook.com/sharer", "x.com/intent", "mailto:"]:
        assert host in html


def test_a_wrong_slug_redirects_to_the_right_one(client, employer, offer):
    response = client.get(reverse("careers:offer", kwargs={"pk": offer.pk, "slug": "autre"}))
    assert response.status_code == 301
    assert response["Location"] == offer.get_absolute_url()


def test_a_draft_offer_is_not_public(client, employer):
    draft = JobOfferFactory()
    assert client.get(draft.get_absolute_url()).status_code == 404


def test_a_closed_offer_shows_that_it_is_closed_without_job_posting(client, employer):
    closed = JobOfferFactory(closed=True)
    response = client.get(closed.get_absolute_url())
    assert response.status_code == 200
    assert "application/ld+json" not in response.content.decode()
    assert response.context["offer"].is_open is False


def test_mastodon_sharing_goes_to_the_visitors_server(client, employer, offer):
    url = reverse("careers:share_mastodon", kwargs={"pk": offer.pk})
    response = client.get(url, {"instance": "https://piaille.fr/"})
    assert response.status_code == 302
    assert response["Location"].startswith("https://piaille.fr/share?text=")
    response = client.get(url, {"instance": "javascript:alert(1)"})
    assert response["Location"] == offer.get_absolute_url()


def test_the_atom_feed_is_valid_atom_with_open_offers(client, employer, offer):
    JobOfferFactory(title="Brouillon")
    response = client.get(reverse("careers:feed"))
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ElementTree.fromstring(response.content)
    assert root.tag == f"{ATOM}feed"
    # RFC 4287: a feed and each entry have an id, a title and an updated date.
    for element in [root, *root.findall(f"{ATOM}entry")]:
        for name in ["id", "title", "updated"]:
            assert element.find(f"{ATOM}{name}") is not None, name
    entries = root.findall(f"{ATOM}entry")
    assert len(entries) == 1
    assert offer.title in entries[0].find(f"{ATOM}title").text
    assert root.find(f"{ATOM}author/{ATOM}name").text == employer.name


def test_the_sitemap_lists_open_offers_in_both_languages(client, employer, offer):
    draft = JobOfferFactory()
    xml = client.get("/sitemap.xml").content.decode()
    assert offer.get_absolute_url() in xml
    assert f"/en/offres/{offer.pk}-" in xml
    assert f"/offres/{draft.pk}-" not in xml


def test_robots_txt_points_to_the_sitemap_and_hides_the_back_office(client):
    text = client.get("/robots.txt").content.decode()
    assert "Disallow: /app/" in text
    assert "Sitemap: http://testserver/sitemap.xml" in text


def test_the_site_is_in_french_by_default_and_in_english_under_en(client, employer, offer):
    assert 'lang="fr"' in client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    html = client.get("/en/").content.decode()
    assert 'lang="en"' in html
    assert "Job offers" in html


def test_pages_send_a_content_security_policy_without_inline_scripts(client, employer):
    response = client.get("/")
    assert "script-src 'self'" in response["Content-Security-Policy"]


def test_the_language_links_lead_to_the_same_page_in_the_other_language(client, employer, offer):
    french = f"/offres/{offer.pk}-{offer.slug}/"
    html = client.get(french).content.decode()
    assert f'href="/en{french}" lang="en"' in html
    html = client.get("/en" + french).content.decode()
    assert f'href="{french}" lang="fr"' in html


def test_an_anonymous_visit_creates_no_session_and_no_cookie(client, employer, offer):
    from django.contrib.sessions.models import Session

    for url in ["/", "/offres/", offer.get_absolute_url()]:
        response = client.get(url)
        assert response.cookies == {}, url
    assert Session.objects.count() == 0


def test_an_english_offer_previews_in_english(client, employer):
    offer = JobOfferFactory(published=True, language="en", title="Project officer")
    html = client.get(offer.get_absolute_url()).content.decode()
    assert '<meta property="og:locale" content="en_GB">' in html
    assert '<meta name="twitter:title" content="Project officer — Rennes (35)">' in html
