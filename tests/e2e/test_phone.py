"""The public pages fit a phone's screen: nothing wider than the viewport."""

import pytest

from tests.factories import EmployerFactory, JobOfferFactory

# serialized_rollback: see test_journey.py; every e2e module uses it, or flushes collide.
pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PHONE = {"width": 360, "height": 740}


def test_public_pages_fit_a_phone_screen(browser, live_server):
    EmployerFactory()
    offer = JobOfferFactory(
        title="Chargée de mission transition écologique et mobilités durables",
        published=True,
        salary_min=38000,
        salary_max=45000,
    )
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    paths = ["/", "/offres/", offer.get_absolute_url(), offer.get_absolute_url() + "postuler/"]
    for path in paths:
        page.goto(live_server.url + path)
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{path} is {overflow}px wider than the phone"
    context.close()


def overflow_of(page) -> int:
    """How many pixels the page is wider than the phone's screen (a horizontal scroll if above 0).

    Measured against the screen's width, not window.innerWidth: a phone zooms a page that is too
    wide out, and innerWidth grows with it."""
    return page.evaluate("document.documentElement.scrollWidth") - PHONE["width"]


def test_a_member_reads_replies_and_reacts_in_their_hub_on_a_phone(
    browser, live_server, check_accessibility, screenshot
):
    from playwright.sync_api import expect

    from tests.factories import UserFactory
    from vivier.accounts.models import Role
    from vivier.community.hubs import discussions
    from vivier.community.hubs.models import Hub, Post, Reaction

    EmployerFactory()
    password = "un-mot-de-passe-solide"
    member = UserFactory(
        email="ines.morel@example.test",
        role=Role.EMPLOYEE,
        first_name="Inès",
        last_name="Morel",
        password=password,
    )
    author = UserFactory(role=Role.ALUMNUS, first_name="Yann", last_name="Le Gall")
    hub = Hub.objects.create(
        name="Entraide des équipes de maintenance ferroviaire et des ateliers régionaux",
        slug="entraide",
        kind=Hub.Kind.INTERNAL,
        description="Pour **s'entraider** entre ateliers : "
        "https://intranet.region-armor-ocean.example/ateliers/maintenance/documentation-technique",
    )
    # What makes a page wider than a phone: a long word, a long link, a table, a code line.
    thread = discussions.start_thread(
        hub=hub,
        author=author,
        title="Procédure de remplacement des pantographes sur les rames régionales",
        body=(
            "Bonjour, voici la procédure :\n\n"
            "| Étape | Outil | Durée | Responsable | Contrôle |\n"
            "| --- | --- | --- | --- | --- |\n"
            "| Consignation électrique | Perche de mise à la terre | 30 min | Chef d'équipe | "
            "Double vérification |\n\n"
            "Documentation : https://intranet.region-armor-ocean.example/ateliers/maintenance/"
            "procedures/pantographes/remplacement-version-2026-definitive.pdf\n\n"
            "    commande --atelier=brest --rame=regio2n --verification-complete --journal=oui\n\n"
            "Anticonstitutionnellementintergouvernementalisation."
        ),
    )
    context = browser.new_context(
        viewport=PHONE, is_mobile=True, has_touch=True, locale="fr-FR", bypass_csp=True
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.goto(f"{live_server.url}/accounts/login/")
    page.locator("#id_login").fill(member.email)
    page.locator("#id_password").fill(password)
    page.get_by_role("button", name="Se connecter").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mes espaces")  # their hubs
    assert overflow_of(page) <= 0, f"my hubs: {overflow_of(page)}px too wide"

    page.get_by_role("link", name=hub.name).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(hub.name)
    assert overflow_of(page) <= 0, f"the hub: {overflow_of(page)}px too wide"
    check_accessibility(page, "hub on a phone")

    page.get_by_role("link", name=thread.title).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(thread.title)
    expect(page.get_by_role("table")).to_be_visible()
    assert overflow_of(page) <= 0, f"the thread: {overflow_of(page)}px too wide"

    page.get_by_label("Votre réponse").fill("Merci Yann, on l'applique dès lundi à l'atelier.")
    page.get_by_role("button", name="Envoyer la réponse").click()
    reply = page.locator("li.card").filter(has_text="on l'applique dès lundi")
    expect(reply).to_contain_text("Inès Morel")
    assert Post.objects.filter(thread=thread, author=member).count() == 1

    first = page.locator("li.card").first
    first.get_by_role("button", name="J'aime").click()
    liked = page.locator("li.card").first.get_by_role("button", name="J'aime · 1")
    expect(liked).to_have_attribute("aria-pressed", "true")
    assert Reaction.objects.filter(post=thread.posts.first(), user=member, kind="like").exists()
    assert overflow_of(page) <= 0, f"the thread, replied: {overflow_of(page)}px too wide"
    check_accessibility(page, "thread on a phone")
    screenshot(page, "hub-thread-phone")
    context.close()
