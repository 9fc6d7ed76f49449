"""A recruiter spreads an offer on every channel; a visitor follows a post's link and applies."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import apply_with_a_cv, sign_in
from tests.factories import EmployerFactory, JobOfferFactory, UserFactory
from tests.two_factor import give_authenticator_app
from vivier.accounts.models import Role
from vivier.distribution.models import Channel, ChannelMode, Publication
from vivier.distribution.sandbox import SANDBOX_TOKEN, Sandbox
from vivier.hiring.models import Application

# serialized_rollback: the pipeline stages made by a migration survive the flush between tests.
pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def sandbox(settings):
    with Sandbox() as running:
        settings.SANDBOX_URL = running.url
        yield running


@pytest.fixture
def site(live_server, sandbox):
    EmployerFactory()
    offer = JobOfferFactory(title="Technicienne ou technicien réseaux", published=True)
    for kind, name in (("mastodon", "Mastodon de la Région"), ("x", "X de la Région")):
        channel = Channel(kind=kind, name=name, is_sandbox=True, hashtags="emploi")
        channel.credentials = {"access_token": SANDBOX_TOKEN}
        channel.save()
    Channel.objects.create(kind="linkedin", name="LinkedIn (à la main)", mode=ChannelMode.SHARE)
    recruiter = UserFactory(
        email="diffusion@example.test", role=Role.RECRUITER, password="un-mot-de-passe-solide"
    )
    give_authenticator_app(recruiter)
    return {"url": live_server.url, "offer": offer}


def test_an_offer_is_spread_everywhere_and_an_application_shows_its_channel(
    page, browser, site, sandbox, tmp_path, check_accessibility, screenshot
):
    base, offer = site["url"], site["offer"]
    sign_in(page, base, "diffusion@example.test", "un-mot-de-passe-solide")
    page.goto(f"{base}/app/offers/{offer.pk}/")
    page.get_by_role("link", name="Diffuser sur les canaux").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Diffuser")
    expect(page.locator("textarea")).to_have_count(3)
    check_accessibility(page, "distribution screen")
    screenshot(page, "distribution-preview")

    page.get_by_role("button", name="Publier sur les canaux choisis").click()
    posts = page.locator("#posts-title + .table-wrap")
    expect(posts.get_by_text("Publiée")).to_have_count(2)
    expect(posts.get_by_text("Action manuelle nécessaire")).to_have_count(1)
    expect(posts.get_by_role("link", name="Ouvrir la page de partage")).to_have_attribute(
        "href", re.compile(r"^https://www\.linkedin\.com/sharing/share-offsite/")
    )
    check_accessibility(page, "publications")
    screenshot(page, "distribution-published")
    assert len(sandbox.posts("mastodon")) == 1 and len(sandbox.posts("x")) == 1

    # A visitor follows the Mastodon post's link, lands on the offer and applies.
    code = Publication.objects.get(channel__kind="mastodon").link.code
    # Headless Chromium says so in its user agent, and robots are not counted as people.
    person = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0"
    visitor = browser.new_context(locale="fr-FR", user_agent=person).new_page()
    visitor.goto(f"{base}/r/{code}")
    expect(visitor).to_have_url(re.compile(r"utm_source=mastodon&utm_medium=social"))
    visitor.get_by_role("link", name="Postuler à cette offre").click()
    apply_with_a_cv(visitor, tmp_path, "Alex", "Exemple", declared="mastodon")
    visitor.context.close()

    application = Application.objects.get(candidate__email="alex.exemple@example.test")
    page.goto(f"{base}/app/applications/{application.pk}/")
    expect(page.get_by_text("Mastodon de la Région")).to_be_visible()
    # The post's figures: one person clicked, one applied.
    page.goto(f"{base}/app/distribution/offers/{offer.pk}/")
    row = page.locator("tr", has_text="Mastodon de la Région")
    expect(row.locator("td.number").nth(0)).to_have_text("1")
    expect(row.locator("td.number").nth(2)).to_have_text("1")
