"""An employee copies their referral link, a candidate applies through it, the employee sees the
referral's status (and nothing more)."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import apply_with_a_cv
from tests.factories import EmployerFactory, JobOfferFactory, UserFactory
from vivier.accounts.models import Role
from vivier.community.referrals.models import Referral
from vivier.hiring.models import Application

# serialized_rollback: the pipeline stages made by a migration survive the flush between tests.
pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PASSWORD = "un-mot-de-passe-solide"
# Headless Chromium says so in its user agent, and robots are not counted as people.
PERSON = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0"


@pytest.fixture
def site(live_server):
    EmployerFactory()
    offer = JobOfferFactory(title="Chargée ou chargé de communication", published=True)
    employee = UserFactory(
        email="salariee@example.test",
        role=Role.EMPLOYEE,
        first_name="Inès",
        last_name="Morel",
        password=PASSWORD,
    )
    return {"url": live_server.url, "offer": offer, "employee": employee}


def test_an_employee_shares_their_link_and_follows_the_referral(
    browser, site, tmp_path, check_accessibility, screenshot
):
    base, offer = site["url"], site["offer"]
    context = browser.new_context(locale="fr-FR", bypass_csp=True, user_agent=PERSON)
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=base)
    page = context.new_page()
    page.goto(f"{base}/accounts/login/?next=/communaute/recommandations/")
    page.locator("#id_login").fill("salariee@example.test")
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    expect(page).to_have_url(re.compile(r"/communaute/recommandations/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Recommander quelqu'un")
    expect(page.get_by_role("heading", level=2)).to_have_text(offer.title)
    check_accessibility(page, "referral links")

    copy = page.get_by_role("button", name="Copier mon lien")
    copy.click()
    expect(page.get_by_role("button", name="Lien copié")).to_be_visible()
    link = page.evaluate("navigator.clipboard.readText()")
    assert re.fullmatch(r"https?://[^/]+/r/\w{10}", link), link  # the site's address, a code
    screenshot(page, "referrals-links")

    # A candidate opens the link they were sent and applies.
    code = link.rsplit("/r/", 1)[1]
    visitor = browser.new_context(locale="fr-FR", user_agent=PERSON).new_page()
    visitor.goto(f"{base}/r/{code}")
    expect(visitor).to_have_url(re.compile(r"utm_source=referral"))
    visitor.get_by_role("link", name="Postuler à cette offre").click()
    apply_with_a_cv(visitor, tmp_path, "Noa", "Exemple", declared="referral")
    visitor.context.close()

    application = Application.objects.get(candidate__email="noa.exemple@example.test")
    assert Referral.objects.get(application=application).referrer == site["employee"]

    page.get_by_role("link", name="Mes recommandations").click()
    row = page.locator("tbody tr")
    expect(row).to_have_count(1)
    expect(row).to_contain_text(offer.title)
    expect(row).to_contain_text("A candidaté")
    expect(row).not_to_contain_text("Noa")  # a referral by link: the person's name stays private
    check_accessibility(page, "my referrals")
    screenshot(page, "referrals-status")
    context.close()
