"""A candidate finds an offer and applies; a recruiter finds the application and moves it."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import apply_with_a_cv, sign_in_for_the_first_time
from tests.factories import EmployerFactory, JobOfferFactory, UserFactory
from vivier.accounts.models import Role
from vivier.brand.models import EmployerValue, Video
from vivier.hiring.models import Application

# serialized_rollback: the pipeline stages made by a migration survive the flush between tests.
pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def site(live_server):
    employer = EmployerFactory(privacy_contact="dpo@region-armor-ocean.example")
    EmployerValue.objects.create(employer=employer, title="Engagement", text="Au service du public")
    Video.objects.create(
        employer=employer, title="Nos métiers", url="https://www.youtube.com/watch?v=abcdefghijk"
    )
    offer = JobOfferFactory(title="Développeuse ou développeur Python", published=True)
    JobOfferFactory(title="Comptable", contract_type="cdd", published=True)
    recruiter = UserFactory(
        email="recrutement@example.test", role=Role.RECRUITER, password="un-mot-de-passe-solide"
    )
    return {"url": live_server.url, "offer": offer, "recruiter": recruiter}


def test_a_candidate_applies_and_a_recruiter_moves_the_application_to_interview(
    page, site, tmp_path, check_accessibility, screenshot
):
    base = site["url"]
    # The company page.
    page.goto(base + "/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Région Armor-Océan")
    check_accessibility(page, "company page")
    screenshot(page, "careers-home")

    # The candidate searches the offer list.
    page.get_by_role("link", name="Offres d'emploi").first.click()
    check_accessibility(page, "offer list")
    page.get_by_label("Mots-clés").fill("Python")
    page.get_by_role("button", name="Rechercher").click()
    results = page.locator("#results")
    expect(results).to_contain_text("Développeuse ou développeur Python")
    expect(results).not_to_contain_text("Comptable")
    screenshot(page, "careers-offers")

    # The offer page.
    results.get_by_role("link", name="Développeuse ou développeur Python").click()
    expect(page.locator('script[type="application/ld+json"]')).to_have_count(1)
    check_accessibility(page, "offer page")

    # The application form, with a generated PDF CV.
    page.get_by_role("link", name="Postuler à cette offre").click()
    check_accessibility(page, "application form")
    apply_with_a_cv(page, tmp_path, "Camille", "Exemple", declared="mastodon")
    assert Application.objects.filter(candidate__email="camille.exemple@example.test").exists()

    # The recruiter signs in for the first time, sets up the second factor, and finds the
    # application on the offer's board.
    codes = sign_in_for_the_first_time(
        page, base, "recrutement@example.test", "un-mot-de-passe-solide"
    )
    assert len(codes) == 10
    page.get_by_role("link", name="Développeuse ou développeur Python").first.click()
    card = page.locator(".app-card", has_text="Camille Exemple")
    expect(card).to_be_visible()

    # Moving it with htmx swaps the board in place.
    card.locator("select[name=stage]").select_option(label="Entretien")
    card.get_by_role("button", name="Déplacer").click()
    interview_column = page.locator(
        ".column", has=page.get_by_role("heading", name=re.compile("Entretien"))
    )
    expect(interview_column.locator(".app-card", has_text="Camille Exemple")).to_be_visible()
    screenshot(page, "pipeline-board")
    application = Application.objects.get(candidate__email="camille.exemple@example.test")
    assert application.stage.kind == "interview"
