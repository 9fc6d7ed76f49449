"""Browser journeys: Playwright drives Debian's Chromium against a live server."""

import os
import re
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
AXE_PATH = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"

# Playwright's sync API runs an event loop in this thread; the ORM calls the tests make around
# it are ordinary synchronous ones.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(items):
    for item in items:
        if "/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=["--no-sandbox", "--disable-background-networking", "--disable-gpu"],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    # bypass_csp lets the test inject axe-core; the site's own pages never need it.
    context = browser.new_context(
        bypass_csp=True, locale="fr-FR", viewport={"width": 1280, "height": 900}
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


@pytest.fixture
def check_accessibility():
    """Run axe-core on the page: no serious or critical WCAG 2.1 A/AA violation."""

    def check(page, name):
        page.add_script_tag(path=str(AXE_PATH))
        result = page.evaluate(
            """() => axe.run(document, {runOnly: {type: 'tag',
                 values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})"""
        )
        problems = [
            f"{violation['id']} ({violation['impact']}): {violation['help']} — "
            + ", ".join(str(node["target"]) for node in violation["nodes"][:3])
            for violation in result["violations"]
            if violation["impact"] in {"serious", "critical"}
        ]
        assert problems == [], f"{name}: " + "\n".join(problems)
        return result

    return check


@pytest.fixture
def screenshot():
    ARTIFACTS.mkdir(exist_ok=True)

    def take(page, name):
        page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)

    return take


def sign_in(page, base: str, email: str, password: str, *, totp_secret: str = "") -> None:
    """Through the real login form, in French, then the code of the account's authenticator app.

    The code is computed from the app's secret (given, or read from the database) as the app
    on a phone would (tests/two_factor.py, RFC 6238).
    """
    from playwright.sync_api import expect

    from tests.two_factor import authenticator_secret, totp_code
    from vivier.accounts.models import User

    page.goto(base + "/accounts/login/")
    page.locator("#id_login").fill(email)
    page.locator("#id_password").fill(password)
    page.get_by_role("button", name="Se connecter").click()
    expect(page).to_have_url(re.compile(r"/accounts/2fa/authenticate/$"))
    secret = totp_secret or authenticator_secret(User.objects.get(email=email))
    page.locator("#id_code").fill(totp_code(secret))
    page.get_by_role("button", name="Se connecter").click()
    expect(page).to_have_url(re.compile(r"/app/$"))


def sign_in_for_the_first_time(page, base: str, email: str, password: str) -> list[str]:
    """A team member without an authenticator app sets one up after the password; the
    recovery codes shown."""
    from playwright.sync_api import expect

    from tests.two_factor import totp_code

    page.goto(base + "/accounts/login/")
    page.locator("#id_login").fill(email)
    page.locator("#id_password").fill(password)
    page.get_by_role("button", name="Se connecter").click()
    expect(page).to_have_url(re.compile(r"/accounts/2fa/totp/activate/"))
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Configurer l'authentification à deux facteurs"
    )
    secret = page.locator("#authenticator_secret").input_value()
    page.locator("#id_code").fill(totp_code(secret))
    page.get_by_role("button", name="Activer").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Codes de récupération")
    codes = page.locator(".recovery-codes code").all_inner_texts()
    page.get_by_role("link", name="Continuer vers l'espace recrutement").click()
    expect(page).to_have_url(re.compile(r"/app/$"))
    return codes


def apply_with_a_cv(page, tmp_path, first_name: str, last_name: str, declared: str) -> str:
    """Fill the open application form as a candidate does, with a generated PDF; the e-mail."""
    from playwright.sync_api import expect

    from vivier.core.documents import make_pdf

    email = f"{first_name}.{last_name}@example.test".lower()
    cv = tmp_path / f"cv-{first_name.lower()}.pdf"
    cv.write_bytes(make_pdf([f"{first_name} {last_name}", "Expérience : six ans"]))
    page.get_by_label("Prénom").fill(first_name)
    page.locator("#id_last_name").fill(last_name)
    page.get_by_label("Adresse e-mail").fill(email)
    page.locator("#id_cv").set_input_files(str(cv))
    page.get_by_label("Comment avez-vous connu cette offre ?").select_option(declared)
    page.get_by_role("button", name="Envoyer ma candidature").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Merci")
    return email
