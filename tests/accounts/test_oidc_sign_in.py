"""Sign in with LinkedIn or Google: allauth's OpenID Connect flow against a local provider.

The provider is a real HTTP server on loopback that follows OpenID Connect Core and Discovery:
a discovery document, an authorization endpoint that redirects back with a one-time code, a
token endpoint that checks the client's secret (client_secret_post, as LinkedIn wants it) and
the redirect URI and issues an ID token signed RS256 with a key made for the test, its JWKS, and
userinfo. The Django test client drives allauth's real views from the button to the callback.
"""

import base64
import datetime as dt
import json
import secrets
import threading
import urllib.error
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlencode, urlsplit

import jwt
import pytest
from allauth.account.models import EmailAddress
from allauth.socialaccount.models import SocialAccount
from cryptography.hazmat.primitives.asymmetric import rsa
from django.urls import reverse

from tests.factories import ApplicationFactory, CandidateFactory, UserFactory
from vivier.accounts.models import Role, User

pytestmark = pytest.mark.django_db

CLIENT_ID = "vivier-test-client"
CLIENT_SECRET = "s3cret-for-tests"
KID = "test-key-1"


def b64url_uint(number: int) -> str:
    raw = number.to_bytes((number.bit_length() + 7) // 8, "big")
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


class LocalOpenIDProvider:
    """An OpenID provider on 127.0.0.1. `token_flaw` spoils the next ID tokens on purpose."""

    def __init__(self, claims: dict):
        self.claims = claims
        self.key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.codes: dict[str, dict] = {}
        self.token_flaw = ""  # "", "signature" or "audience"
        self.token_requests: list[dict] = []
        provider = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_GET(self):
                url = urlsplit(self.path)
                query = {k: v[0] for k, v in parse_qs(url.query).items()}
                if url.path == "/.well-known/openid-configuration":
                    return self.reply(200, provider.discovery())
                if url.path == "/jwks":
                    return self.reply(200, provider.jwks())
                if url.path == "/authorize":
                    return provider.authorize(self, query)
                if url.path == "/userinfo":
                    token = self.headers.get("Authorization", "").removeprefix("Bearer ")
                    if token != provider.access_token:
                        return self.reply(401, {"error": "invalid_token"})
                    return self.reply(200, provider.claims)
                return self.reply(404, {"error": "not_found"})

            def do_POST(self):
                length = int(self.headers.get("Content-Length", 0))
                form = {k: v[0] for k, v in parse_qs(self.rfile.read(length).decode()).items()}
                if urlsplit(self.path).path != "/token":
                    return self.reply(404, {"error": "not_found"})
                return provider.token(self, form)

            def reply(self, status, body, headers=None):
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                for name, value in (headers or {}).items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(data)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self.access_token = secrets.token_urlsafe(16)

    def __enter__(self):
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()

    def discovery(self) -> dict:
        return {
            "issuer": self.url,
            "authorization_endpoint": f"{self.url}/authorize",
            "token_endpoint": f"{self.url}/token",
            "userinfo_endpoint": f"{self.url}/userinfo",
            "jwks_uri": f"{self.url}/jwks",
            "response_types_supported": ["code"],
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "scopes_supported": ["openid", "profile", "email"],
            "token_endpoint_auth_methods_supported": ["client_secret_post"],
        }

    def jwks(self) -> dict:
        numbers = self.key.public_key().public_numbers()
        return {
            "keys": [
                {
                    "kty": "RSA", "use": "sig", "alg": "RS256", "kid": KID,
                    "n": b64url_uint(numbers.n), "e": b64url_uint(numbers.e),
                }
            ]
        }  # fmt: skip

    def authorize(self, handler, query):
        if query.get("client_id") != CLIENT_ID or "openid" not in query.get("scope", "").split():
            return handler.reply(400, {"error": "invalid_request"})
        code = secrets.token_urlsafe(16)
        self.codes[code] = {"redirect_uri": query["redirect_uri"], "nonce": query.get("nonce")}
        target = query["redirect_uri"] + "?" + urlencode({"code": code, "state": query["state"]})
        handler.send_response(302)
        handler.send_header("Location", target)
        handler.send_header("Content-Length", "0")
        handler.end_headers()

    def token(self, handler, form):
        self.token_requests.append(form)
        grant = self.codes.pop(form.get("code", ""), None)  # a code works once
        if (
            form.get("grant_type") != "authorization_code"
            or form.get("client_id") != CLIENT_ID
            or form.get("client_secret") != CLIENT_SECRET
            or grant is None
            or grant["redirect_uri"] != form.get("redirect_uri")
        ):
            return handler.reply(400, {"error": "invalid_grant"})
        return handler.reply(
            200,
            {
                "access_token": self.access_token,
                "token_type": "Bearer",
                "expires_in": 3600,
                "scope": "openid profile email",
                "id_token": self.id_token(grant["nonce"]),
            },
            headers={"Cache-Control": "no-store"},
        )

    def id_token(self, nonce) -> str:
        now = dt.datetime.now(dt.UTC)
        claims = {
            **self.claims,
            "iss": self.url,
            "aud": "someone-else" if self.token_flaw == "audience" else CLIENT_ID,
            "iat": now,
            "exp": now + dt.timedelta(minutes=5),
        }
        if nonce:
            claims["nonce"] = nonce
        key = self.key
        if self.token_flaw == "signature":
            key = rsa.generate_private_key(public_exponent=65537, key_size=2048)  # not in JWKS
        return jwt.encode(claims, key, algorithm="RS256", headers={"kid": KID})


LINKEDIN_MEMBER = {
    "sub": "782bbtaQ",
    "name": "Lou Exemple",
    "given_name": "Lou",
    "family_name": "Exemple",
    "picture": "https://media.licdn.example/dms/image/lou.jpg",
    "locale": "fr_FR",
    "email": "lou.exemple@example.test",
    "email_verified": True,
}


@pytest.fixture
def provider(settings):
    with LocalOpenIDProvider(dict(LINKEDIN_MEMBER)) as running:
        settings.SOCIALACCOUNT_PROVIDERS = {
            "openid_connect": {
                "APPS": [
                    {
                        "provider_id": "linkedin",
                        "name": "LinkedIn",
                        "client_id": CLIENT_ID,
                        "secret": CLIENT_SECRET,
                        "settings": {
                            "server_url": running.url,
                            "token_auth_method": "client_secret_post",
                        },
                    }
                ]
            }
        }
        yield running


def authorize(location: str) -> str:
    """What the browser does at the provider: follow to /authorize, get the redirect back."""

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    opener = urllib.request.build_opener(NoRedirect)
    try:
        opener.open(location, timeout=10)
    except urllib.error.HTTPError as answer:
        assert answer.code == 302
        return answer.headers["Location"]
    raise AssertionError("the provider did not redirect back")


def start(client) -> str:
    """Press "Sign in with LinkedIn" on the space's sign-in page; the provider's answer."""
    page = client.get(reverse("space:login"))
    button = reverse("openid_connect_login", kwargs={"provider_id": "linkedin"})
    assert button in page.content.decode()
    response = client.post(button, {"next": reverse("space:home")})
    assert response.status_code == 302
    assert response["Location"].startswith(provider_url(response["Location"]) + "/authorize?")
    return authorize(response["Location"])


def provider_url(location: str) -> str:
    parts = urlsplit(location)
    return f"{parts.scheme}://{parts.netloc}"


def come_back(client, callback: str):
    parts = urlsplit(callback)
    assert parts.path == reverse("openid_connect_callback", kwargs={"provider_id": "linkedin"})
    return client.get(parts.path, parse_qs(parts.query))


def signed_in_user(client):
    user_id = client.session.get("_auth_user_id")
    return User.objects.get(pk=user_id) if user_id else None


def test_a_candidate_signs_in_with_linkedin_and_sees_their_applications(client, employer, provider):
    application = ApplicationFactory(candidate=CandidateFactory(email="lou.exemple@example.test"))
    ApplicationFactory()  # someone else's

    response = come_back(client, start(client))

    assert response.status_code == 302
    assert response["Location"] == reverse("space:home")
    user = signed_in_user(client)
    assert user.email == "lou.exemple@example.test"
    assert user.role == Role.CANDIDATE
    assert (user.first_name, user.last_name) == ("Lou", "Exemple")
    assert not user.has_usable_password()
    assert EmailAddress.objects.get(user=user).verified
    account = SocialAccount.objects.get(user=user)
    assert account.uid == "782bbtaQ"
    assert account.extra_data["userinfo"]["picture"] == LINKEDIN_MEMBER["picture"]
    # The secret went in the form (client_secret_post), with the same redirect URI.
    assert provider.token_requests[0]["client_secret"] == CLIENT_SECRET
    home = client.get(reverse("space:home")).content.decode()
    assert application.offer.title in home
    assert home.count('href="/espace-candidat/candidatures/') == 1


def test_the_apply_form_is_filled_in_from_linkedin(client, employer, provider, offer):
    come_back(client, start(client))
    page = client.get(reverse("careers:apply", kwargs={"pk": offer.pk, "slug": offer.slug}))
    html = page.content.decode()
    assert 'value="lou.exemple@example.test"' in html
    assert 'value="Lou"' in html and 'value="Exemple"' in html


def test_a_second_sign_in_finds_the_same_account(client, employer, provider):
    come_back(client, start(client))
    client.logout()
    come_back(client, start(client))
    assert User.objects.filter(email="lou.exemple@example.test").count() == 1
    assert signed_in_user(client).email == "lou.exemple@example.test"


def test_linkedin_joins_the_account_a_sign_in_link_made(client, employer, provider):
    from vivier.accounts.candidates import candidate_account

    ApplicationFactory(candidate=CandidateFactory(email="lou.exemple@example.test"))
    existing = candidate_account(email="lou.exemple@example.test")
    come_back(client, start(client))
    assert signed_in_user(client) == existing
    assert SocialAccount.objects.get().user == existing


def test_a_forged_state_signs_nobody_in(client, employer, provider):
    callback = start(client)
    parts = urlsplit(callback)
    query = parse_qs(parts.query)
    query["state"] = ["forged-state"]
    response = client.get(parts.path, query)
    assert response.status_code == 401  # the page saying the sign-in failed
    assert reverse("space:login") in response.content.decode()
    assert signed_in_user(client) is None
    assert not User.objects.exists()
    assert provider.token_requests == []  # the code was never even exchanged


def test_a_callback_without_starting_signs_nobody_in(client, employer, provider):
    callback = reverse("openid_connect_callback", kwargs={"provider_id": "linkedin"})
    response = client.get(callback, {"code": "guessed", "state": "guessed"})
    assert response.status_code == 401
    assert signed_in_user(client) is None


@pytest.mark.parametrize("flaw", ["signature", "audience"])
def test_an_id_token_with_a_wrong_signature_or_audience_is_refused(
    client, employer, provider, flaw
):
    provider.token_flaw = flaw
    response = come_back(client, start(client))
    assert response.status_code == 401  # the page saying the sign-in failed
    assert reverse("space:login") in response.content.decode()
    assert len(provider.token_requests) == 1  # the token was fetched, then refused
    assert signed_in_user(client) is None
    assert not User.objects.exists()
    assert not SocialAccount.objects.exists()


@pytest.mark.parametrize("role", [Role.RECRUITER, Role.ADMINISTRATOR, Role.EMPLOYEE])
def test_a_provider_account_never_opens_a_team_or_community_account(
    client, employer, provider, role
):
    UserFactory(email="lou.exemple@example.test", role=role)
    response = come_back(client, start(client))
    assert response.status_code == 302
    assert response["Location"] == reverse("space:login")
    assert signed_in_user(client) is None
    assert not SocialAccount.objects.exists()


def test_an_unverified_email_opens_nothing(client, employer, provider):
    provider.claims["email_verified"] = False
    ApplicationFactory(candidate=CandidateFactory(email="lou.exemple@example.test"))
    response = come_back(client, start(client))
    assert response["Location"] == reverse("space:login")
    assert signed_in_user(client) is None
    assert not User.objects.exists()


def test_no_button_when_no_provider_is_configured(client, employer, settings):
    settings.SOCIALACCOUNT_PROVIDERS = {"openid_connect": {"APPS": []}}
    page = client.get(reverse("space:login")).content.decode()
    assert "/accounts/oidc/" not in page


def test_a_team_member_cannot_connect_a_provider_account_to_theirs(client, employer, provider, bob):
    client.force_login(bob)
    button = reverse("openid_connect_login", kwargs={"provider_id": "linkedin"})
    response = client.post(button, {"process": "connect"})
    assert response.status_code == 302
    answer = come_back(client, authorize(response["Location"]))
    assert answer["Location"] == reverse("space:login")
    assert not SocialAccount.objects.exists()


def test_a_candidate_connects_a_provider_account_to_theirs(client, employer, provider, cleo):
    client.force_login(cleo)
    button = reverse("openid_connect_login", kwargs={"provider_id": "linkedin"})
    response = client.post(button, {"process": "connect", "next": reverse("space:home")})
    come_back(client, authorize(response["Location"]))
    assert SocialAccount.objects.get().user == cleo
