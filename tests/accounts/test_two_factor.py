"""Staff accounts need a second factor (TOTP app or recovery code); community roles do not.

The enforcement is tested with Django's plain Client: its force_login leaves a session that
proved no second factor, as a password alone would. Every back-office address is tried.
"""

import re
import uuid
from urllib.parse import parse_qs, urlsplit

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.urls import URLResolver, get_resolver
from django.urls.resolvers import LocalePrefixPattern, RegexPattern

from tests.factories import UserFactory
from tests.two_factor import authenticator_secret, give_authenticator_app, totp_code
from vivier.accounts.models import Role
from vivier.jobs.models import JobOffer

pytestmark = pytest.mark.django_db

SETUP = "/accounts/2fa/totp/activate/"
CODE_AGAIN = "/accounts/2fa/reauthenticate/"
CONVERTER = re.compile(r"<(?:(\w+):)?\w+>")
SAMPLES = {"int": "1", "uuid": str(uuid.UUID(int=1)), "path": "1"}
# The few regular-expression routes under /app/ and /admin/, with an address each one matches.
REGEX_ROUTES = {
    "transition": "app/offers/1/publish/",
    "app_list": "admin/accounts/",
    None: "admin/anything/",  # the admin's catch-all
}


def back_office_paths() -> list[str]:
    """Every route under /app/ and /admin/, with sample values in place of its parameters."""

    def walk(patterns, prefix=""):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                part = "" if isinstance(pattern.pattern, LocalePrefixPattern) else pattern.pattern
                yield from walk(pattern.url_patterns, prefix + str(part))
            else:
                yield prefix, pattern

    paths = []
    for prefix, pattern in walk(get_resolver().url_patterns):
        route = prefix + str(pattern.pattern)
        if not route.startswith(("app/", "admin/")):
            continue
        if isinstance(pattern.pattern, RegexPattern):
            route = REGEX_ROUTES[pattern.name]  # a new regex route must be added above
        else:
            route = CONVERTER.sub(lambda match: SAMPLES.get(match.group(1), "x"), route)
        paths.append("/" + route)
    return sorted(set(paths))


def test_the_list_of_back_office_pages_covers_every_app_and_the_admin():
    paths = back_office_paths()
    assert len(paths) > 100
    for area in ["/app/", "/app/offers/", "/app/api-tokens/", "/app/talent/", "/admin/"]:
        assert area in paths, area
    assert "/app/api-tokens/webhooks/1/" in paths


@pytest.mark.parametrize("persona", ["alice", "bob", "hana"])
def test_a_team_session_without_a_second_factor_reaches_no_back_office_page(
    persona, request, employer
):
    user = request.getfixturevalue(persona)
    client = Client()
    client.force_login(user)
    for path in back_office_paths():
        for language_prefix in ["", "/en"]:
            response = client.get(language_prefix + path)
            assert response.status_code == 302, path
            location = urlsplit(response["Location"])
            assert location.path == language_prefix + SETUP, path
            assert parse_qs(location.query)["next"] == [language_prefix + path]


def test_nothing_is_done_by_a_post_from_a_session_without_a_second_factor(employer, bob):
    client = Client()
    client.force_login(bob)
    response = client.post("/app/offers/new/", {"title": "Jamais créée"})
    assert response.status_code == 302
    assert urlsplit(response["Location"]).path == SETUP
    assert not JobOffer.objects.filter(title="Jamais créée").exists()
    response = client.post("/app/api-tokens/", {"name": "jeton", "scopes": ["read:offers"]})
    assert urlsplit(response["Location"]).path == SETUP
    assert not bob.api_tokens.exists()


def test_an_htmx_request_is_sent_to_the_setup_by_the_client(employer, bob):
    client = Client()
    client.force_login(bob)
    response = client.get("/app/offers/", HTTP_HX_REQUEST="true")
    assert urlsplit(response["HX-Redirect"]).path == SETUP


def test_with_an_app_set_up_elsewhere_a_password_only_session_is_asked_for_a_code(employer, bob):
    give_authenticator_app(bob)
    client = Client()
    client.force_login(bob)
    response = client.get("/app/offers/")
    assert urlsplit(response["Location"]).path == CODE_AGAIN
    secret = authenticator_secret(bob)
    response = client.post(
        CODE_AGAIN + "?next=/app/offers/", {"code": totp_code(secret), "next": "/app/offers/"}
    )
    assert response.status_code == 302
    assert client.get("/app/offers/").status_code == 200


def test_a_team_member_without_a_second_factor_still_has_the_public_site_and_sign_out(
    employer, offer, bob
):
    client = Client()
    client.force_login(bob)
    assert client.get("/").status_code == 200
    assert client.get(offer.get_absolute_url()).status_code == 200
    # The setup page is open to it (allauth asks for the password first: no sign-in here).
    assert urlsplit(client.get(SETUP)["Location"]).path == "/accounts/reauthenticate/"
    assert client.post("/accounts/logout/").status_code == 302
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize("role", [Role.EMPLOYEE, Role.ALUMNUS, Role.PARTNER, Role.CANDIDATE])
def test_community_roles_are_not_asked_for_a_second_factor(role, employer):
    member = UserFactory(role=role)
    client = Client()
    client.force_login(member)
    response = client.get("/app/")
    assert response.status_code == 404  # not theirs, as before: no detour to the setup
    assert not Authenticator.objects.filter(user=member).exists()


def test_the_admins_own_sign_in_form_sends_to_the_sites_with_its_limits_and_second_factor(
    employer, alice
):
    client = Client()
    response = client.get("/admin/login/?next=/admin/")
    assert urlsplit(response["Location"]).path == "/accounts/login/"
    assert parse_qs(urlsplit(response["Location"]).query)["next"] == ["/admin/"]
    client.post("/admin/login/", {"username": alice.email, "password": "password"})
    assert "_auth_user_id" not in client.session  # no sign-in through the admin's form


def test_the_requirement_can_be_switched_off(employer, bob, settings):
    settings.STAFF_MFA_REQUIRED = False
    client = Client()
    client.force_login(bob)
    assert client.get("/app/offers/").status_code == 200


# --- Through the real pages -------------------------------------------------------------------


def sign_in(client, email, password="password"):
    return client.post("/accounts/login/", {"login": email, "password": password})


# Real commits: allauth records the activation in the session once its transaction commits.
@pytest.mark.django_db(transaction=True)
def test_a_new_team_member_sets_up_the_app_at_first_sign_in_then_reaches_the_back_office(
    employer, bob
):
    client = Client()
    response = sign_in(client, bob.email)
    assert response["Location"] == "/app/"
    response = client.get("/app/")
    assert urlsplit(response["Location"]).path == SETUP
    page = client.get(response["Location"]).content.decode()
    secret = re.search(r'id="authenticator_secret" type="text" value="([A-Z2-7]+)"', page)[1]
    assert "otpauth://totp/" in page and f"secret={secret}" in page

    wrong = client.post(SETUP, {"code": "000000" if totp_code(secret) != "000000" else "111111"})
    assert wrong.status_code == 200
    assert not Authenticator.objects.filter(user=bob).exists()

    response = client.post(SETUP, {"code": totp_code(secret)})
    assert response.status_code == 302
    codes_page = client.get(response["Location"]).content.decode()
    codes = RecoveryCodes(
        Authenticator.objects.get(user=bob, type=Authenticator.Type.RECOVERY_CODES)
    ).get_unused_codes()
    assert len(codes) == 10 and all(code in codes_page for code in codes)
    # Setting up the app in this session proved the second factor: no second code asked.
    assert client.get("/app/").status_code == 200
    assert client.get("/admin/").status_code == 302  # bob is no administrator: admin's login
    assert [message.to for message in mail.outbox] == [[bob.email]]  # "app activated" notice


@pytest.fixture
def bob_with_app(bob):
    return give_authenticator_app(bob)


def test_a_team_member_with_an_app_signs_in_with_a_code(employer, bob, bob_with_app):
    client = Client()
    response = sign_in(client, bob.email)
    assert urlsplit(response["Location"]).path == "/accounts/2fa/authenticate/"
    # Password alone: not signed in yet.
    assert urlsplit(client.get("/app/")["Location"]).path == "/accounts/login/"
    wrong = client.post("/accounts/2fa/authenticate/", {"code": "12345"})
    assert wrong.status_code == 200
    assert "_auth_user_id" not in client.session
    response = client.post("/accounts/2fa/authenticate/", {"code": totp_code(bob_with_app)})
    assert response["Location"] == "/app/"
    assert client.get("/app/").status_code == 200
    assert client.get("/app/api-tokens/").status_code == 200


def test_a_code_works_once(employer, bob, bob_with_app):
    code = totp_code(bob_with_app)
    first, second = Client(), Client()
    sign_in(first, bob.email)
    assert first.post("/accounts/2fa/authenticate/", {"code": code}).status_code == 302
    sign_in(second, bob.email)
    replay = second.post("/accounts/2fa/authenticate/", {"code": code})
    assert replay.status_code == 200
    assert "_auth_user_id" not in second.session


def test_a_recovery_code_signs_in_once(employer, bob, bob_with_app):
    recovery = RecoveryCodes.activate(bob)
    code = recovery.get_unused_codes()[0]
    client = Client()
    sign_in(client, bob.email)
    assert client.post("/accounts/2fa/authenticate/", {"code": code}).status_code == 302
    assert client.get("/app/").status_code == 200
    again = Client()
    sign_in(again, bob.email)
    assert again.post("/accounts/2fa/authenticate/", {"code": code}).status_code == 200
    assert "_auth_user_id" not in again.session


def test_a_team_member_cannot_switch_the_second_factor_off(client, employer, bob, bob_with_app):
    client.force_login(bob)
    client.post("/accounts/2fa/totp/deactivate/", {})
    assert Authenticator.objects.filter(user=bob, type=Authenticator.Type.TOTP).exists()


def test_the_app_secret_is_encrypted_in_the_database_and_rotated_with_the_keys(
    employer, bob, bob_with_app, settings
):
    from cryptography.fernet import Fernet

    from vivier.distribution import crypto

    stored = Authenticator.objects.get(user=bob, type=Authenticator.Type.TOTP).data["secret"]
    assert bob_with_app not in stored
    settings.CREDENTIALS_KEYS = [Fernet.generate_key().decode(), *settings.CREDENTIALS_KEYS]
    crypto._fernet.cache_clear()
    try:
        call_command("rotate_credentials", stdout=open("/dev/null", "w"))  # noqa: SIM115
        rotated = Authenticator.objects.get(user=bob, type=Authenticator.Type.TOTP)
        assert rotated.data["secret"] != stored
        settings.CREDENTIALS_KEYS = settings.CREDENTIALS_KEYS[:1]  # the old key dropped
        crypto._fernet.cache_clear()
        assert authenticator_secret(bob) == bob_with_app
    finally:
        crypto._fernet.cache_clear()


def test_the_code_function_follows_rfc_6238():
    # RFC 6238, appendix B: the SHA-1 key "12345678901234567890", 8 digits.
    import base64

    secret = base64.b32encode(b"12345678901234567890").decode()
    assert totp_code(secret, at=59, digits=8) == "94287082"
    assert totp_code(secret, at=1111111109, digits=8) == "07081804"
    assert totp_code(secret, at=20000000000, digits=8) == "65353130"
