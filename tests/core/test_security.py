"""Production settings pass `check --deploy`; every page carries the security headers; tracked
links and share links cannot send visitors off the site."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from django.db.models import CharField, TextField, URLField
from django.urls import reverse
from django.utils.crypto import get_random_string

from tests.distribution.test_fastpath import call
from tests.factories import make_channel
from vivier.campaigns.models import Campaign
from vivier.distribution import redirect, services
from vivier.distribution.fastpath import TrackedLinkShortcut
from vivier.distribution.models import ChannelKind, TrackedLink

ROOT = Path(__file__).resolve().parents[2]


def production_environment(tmp_path, **extra) -> dict:
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "PYTEST", "DATABASE_URL", "CACHE_URL", "QUEUE_URL"))
    }
    return {
        **environment,
        "DJANGO_SETTINGS_MODULE": "vivier.settings",
        "DEBUG": "false",
        "SECRET_KEY": get_random_string(64),
        "ALLOWED_HOSTS": "emplois.example.org",
        "CSRF_TRUSTED_ORIGINS": "https://emplois.example.org",
        "SITE_URL": "https://emplois.example.org",
        "EMAIL_URL": "smtp://mail.example.org:587/?tls=True",
        "CREDENTIALS_KEYS": Fernet.generate_key().decode(),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "VIVIER_VAR_DIR": str(tmp_path),
        **extra,
    }


def check_deploy(environment) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_finds_nothing_with_production_settings(tmp_path):
    result = check_deploy(production_environment(tmp_path))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_check_deploy_warns_when_staff_two_factor_is_switched_off(tmp_path):
    result = check_deploy(production_environment(tmp_path, STAFF_MFA_REQUIRED="false"))
    assert result.returncode != 0
    assert "vivier.W001" in result.stdout + result.stderr


# --- Headers --------------------------------------------------------------------------------


@pytest.fixture
def production_headers(settings):
    """The security settings production has (settings.py, DEBUG off), in this test process."""
    settings.DEBUG = False
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    settings.SECURE_HSTS_PRELOAD = True


def assert_security_headers(response):
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    permissions = response["Permissions-Policy"]
    assert "camera=()" in permissions and "geolocation=()" in permissions
    policy = dict(
        directive.strip().split(" ", 1)
        for directive in response["Content-Security-Policy"].split(";")
    )
    assert policy["script-src"] == "'self'"
    assert policy["object-src"] == "'none'"
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    html = response.content.decode()
    inline = [tag for tag in re.findall(r"<script([^>]*)>", html) if "src=" not in tag]
    assert all('type="application/ld+json"' in tag for tag in inline), inline
    assert not re.search(r"<[^>]+\son[a-z]+=", html), "an inline event handler"


@pytest.mark.django_db
def test_a_careers_page_carries_the_security_headers(client, employer, offer, production_headers):
    response = client.get(offer.get_absolute_url(), secure=True)
    assert response.status_code == 200
    assert_security_headers(response)


@pytest.mark.django_db
def test_a_staff_page_carries_the_security_headers(client, offer, bob, production_headers):
    client.force_login(bob)
    response = client.get(reverse("jobs:detail", kwargs={"pk": offer.pk}), secure=True)
    assert response.status_code == 200
    assert_security_headers(response)


@pytest.mark.django_db
def test_the_two_factor_setup_page_carries_them_too(employer, bob, production_headers):
    from django.test import Client

    client = Client()
    client.post("/accounts/login/", {"login": bob.email, "password": "password"}, secure=True)
    response = client.get("/accounts/2fa/totp/activate/", secure=True)
    assert response.status_code == 200
    assert_security_headers(response)


# --- Redirects --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "target",
    [
        "//evil.example/",
        "/\\evil.example/",
        "https://evil.example/offres/",
        "http:/evil.example",
        "javascript:alert(1)",
        "/\t/evil.example",
        "",
        "offres/1-x/",
    ],
)
def test_a_target_off_the_site_is_never_an_own_page(target):
    assert redirect.is_own_page(target) is False


def test_offer_and_campaign_paths_are_own_pages():
    assert redirect.is_own_page("/offres/12-developpeur/?utm_source=x&utm_medium=social")
    assert redirect.is_own_page("/en/campagnes/jeunes-diplomes/?utm_campaign=jeunes")


def test_a_tracked_link_has_no_free_address_to_point_at():
    addresses = [
        field.name
        for field in TrackedLink._meta.get_fields()
        if isinstance(field, URLField | TextField | CharField) and field.name != "code"
    ]
    assert addresses == []  # it names an offer or a campaign of the site, nothing else


@pytest.mark.django_db(transaction=True)
def test_a_link_whose_page_would_lead_off_the_site_answers_404(client, employer):
    campaign = Campaign.objects.create(
        name="Jeunes", objective="o", starts_on="2026-01-01", ends_on="2026-02-01",
        landing_title="Jeunes",
    )  # fmt: skip
    link = services.tracked_link(campaign=campaign, channel=make_channel(ChannelKind.MASTODON))
    redirect._links.clear()
    # However a slug came to be stored, it cannot make the redirect leave the site.
    Campaign.objects.filter(pk=campaign.pk).update(slug="//evil.example")
    assert client.get(f"/r/{link.code}").status_code == 404
    status, _headers, _body = call(
        TrackedLinkShortcut(lambda e, s: s("404 x", []) or []), f"/r/{link.code}"
    )
    assert status.startswith("404")
    Campaign.objects.filter(pk=campaign.pk).update(slug="jeunes")
    redirect._links.clear()
    response = client.get(f"/r/{link.code}")
    assert response.status_code == 302
    assert response["Location"].startswith("/campagnes/jeunes/?")


@pytest.mark.django_db
def test_the_mastodon_share_link_leaves_the_site_only_from_the_sites_own_page(
    client, employer, offer
):
    url = reverse("careers:share_mastodon", kwargs={"pk": offer.pk}) + "?instance=evil.example"
    from_elsewhere = client.get(url, HTTP_SEC_FETCH_SITE="cross-site")
    assert from_elsewhere["Location"] == offer.get_absolute_url()
    typed_in = client.get(url, HTTP_SEC_FETCH_SITE="none")
    assert typed_in["Location"] == offer.get_absolute_url()
    from_the_offer_page = client.get(url, HTTP_SEC_FETCH_SITE="same-origin")
    assert from_the_offer_page["Location"].startswith("https://evil.example/share?")
