"""Someone invited to the alumni hub opens the e-mailed link in a browser, creates their account
and lands in the hub: the page's form must pass the CSRF check a real browser meets."""

import re

import pytest
from playwright.sync_api import expect

from tests.factories import EmployerFactory, UserFactory
from vivier.accounts.models import Role
from vivier.community.hubs import services
from vivier.community.hubs.models import Hub, Membership

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_an_invited_person_creates_their_account_and_enters_the_hub(
    live_server, page, check_accessibility
):
    EmployerFactory()
    recruiter = UserFactory(email="recrutement@example.test", role=Role.RECRUITER)
    hub = Hub.objects.create(name="Anciens de la maison", slug="anciens", kind=Hub.Kind.ALUMNI)
    _invitation, token = services.invite_to_hub(
        hub=hub, email="ancienne@example.test", by=recruiter
    )

    page.goto(f"{live_server.url}/communaute/invitation/{token}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Invitation à Anciens de la maison")
    check_accessibility(page, "hub invitation")
    page.locator("#id_first_name").fill("Maëlle")
    page.locator("#id_last_name").fill("Exemple")
    page.locator("#id_password1").fill("une phrase de passe solide")
    page.locator("#id_password2").fill("une phrase de passe solide")
    page.get_by_role("button", name="Créer mon compte et rejoindre").click()

    expect(page).to_have_url(re.compile(r"/communaute/espaces/anciens/$"))
    membership = Membership.objects.get(hub=hub, user__email="ancienne@example.test")
    assert membership.user.role == Role.ALUMNUS
