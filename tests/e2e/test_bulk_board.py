"""A recruiter ticks cards on the board and moves them together; the board is swapped in place
and the task count shows in the menu."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import sign_in_for_the_first_time
from tests.factories import ApplicationFactory, EmployerFactory, JobOfferFactory, UserFactory
from vivier.accounts.models import Role
from vivier.hiring.models import Application, PipelineStage, StageChange

# serialized_rollback: the pipeline stages made by a migration survive the flush between tests.
pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def board(live_server):
    EmployerFactory()
    recruiter = UserFactory(
        email="recrutement@example.test", role=Role.RECRUITER, password="un-mot-de-passe-solide"
    )
    offer = JobOfferFactory(title="Chargée de mission biodiversité", published=True)
    offer.recruiter = recruiter
    offer.save()
    names = ["Alix", "Bao", "Cyan"]
    applications = [
        ApplicationFactory(offer=offer, candidate__first_name=name, candidate__last_name="Essai")
        for name in names
    ]
    return {"url": live_server.url, "offer": offer, "applications": applications}


def test_a_recruiter_moves_two_ticked_cards_at_once(page, board, check_accessibility, screenshot):
    base = board["url"]
    sign_in_for_the_first_time(page, base, "recrutement@example.test", "un-mot-de-passe-solide")
    page.goto(f"{base}/app/offers/{board['offer'].pk}/board/")
    check_accessibility(page, "board with bulk actions")
    page.get_by_label("Sélectionner Alix Essai").check()
    page.get_by_label("Sélectionner Cyan Essai").check()
    page.locator("#bulk-action").select_option(label="Déplacer vers")
    page.locator("#bulk-stage").select_option(label="Présélection")
    page.get_by_role("button", name="Appliquer à la sélection").click()
    expect(page.get_by_role("status")).to_contain_text("2 candidatures déplacées")
    screening = page.locator(
        ".column", has=page.get_by_role("heading", name=re.compile("Présélection"))
    )
    expect(screening.locator(".app-card")).to_have_count(2)
    expect(page).to_have_url(re.compile(r"/board/$"))  # swapped in place, no new page
    screenshot(page, "bulk-board")
    stages = dict(
        Application.objects.values_list("candidate__first_name", "stage__kind").order_by("pk")
    )
    assert stages == {"Alix": "screening", "Bao": "new", "Cyan": "screening"}
    assert StageChange.objects.filter(to_stage=PipelineStage.for_kind("screening")).count() == 2
