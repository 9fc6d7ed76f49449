"""Request limits over HTTP: sign-in, password reset, applications and the API answer 429.

Time is frozen inside one counting window, so the counts are exact; the limits are lowered
through the settings, which the limiter reads at each request.
"""

import datetime as dt

import pytest
import time_machine
from django.core import mail

from tests.careers.test_apply import apply_url, form_data
from tests.factories import pdf_upload
from vivier.core import throttle
from vivier.hiring.models import Application

pytestmark = pytest.mark.django_db

# 20 s into a quarter of an hour (and into a minute, an hour): windows end 880 s / 40 s later.
FROZEN = dt.datetime(2026, 11, 23, 10, 0, 20, tzinfo=dt.UTC)


@pytest.fixture
def frozen():
    with time_machine.travel(FROZEN, tick=False):
        yield


@pytest.fixture
def rates(settings):
    def set_rates(**rates):
        settings.THROTTLE_RATES = {**settings.THROTTLE_RATES, **rates}

    return set_rates


def test_rates_read_as_requests_per_window():
    assert throttle.Rate.parse("30/m") == throttle.Rate(30, 60)
    assert throttle.Rate.parse("10/15m") == throttle.Rate(10, 900)
    assert throttle.Rate.parse("5 / 1h") == throttle.Rate(5, 3600)
    with pytest.raises(ValueError):
        throttle.Rate.parse("thirty a minute")


def test_sign_in_is_limited_per_address(client, bob, rates, frozen):
    rates(**{"login-address": "3/m"})
    statuses = [
        client.post(
            "/accounts/login/", {"login": f"someone{n}@example.test", "password": "x"}
        ).status_code
        for n in range(4)
    ]
    assert statuses == [200, 200, 200, 429]
    refused = client.post("/accounts/login/", {"login": bob.email, "password": "password"})
    assert refused.status_code == 429
    assert refused["Retry-After"] == "41"
    html = refused.content.decode()
    assert "Trop de tentatives" in html and "41 secondes" in html
    assert "_auth_user_id" not in client.session  # even the right password waits
    other = client.post(
        "/accounts/login/", {"login": bob.email, "password": "password"}, REMOTE_ADDR="192.0.2.9"
    )
    assert other.status_code == 302


def test_sign_in_is_limited_per_account_whatever_the_address(client, bob, rates, frozen):
    rates(**{"login-email": "4/15m"})
    statuses = [
        client.post(
            "/accounts/login/",
            {"login": "Bob@Example.test ", "password": "wrong"},
            REMOTE_ADDR=f"198.51.100.{n}",
        ).status_code
        for n in range(5)
    ]
    assert statuses == [200, 200, 200, 200, 429]
    refused = client.post(
        "/accounts/login/", {"login": bob.email, "password": "password"}, REMOTE_ADDR="192.0.2.1"
    )
    assert refused.status_code == 429
    assert refused["Retry-After"] == str(15 * 60 - 20 + 1)
    assert "15 minutes" in refused.content.decode()
    # Another account is not held up.
    assert (
        client.post("/accounts/login/", {"login": "x@example.test", "password": "y"}).status_code
        == 200
    )


def test_failed_passwords_are_also_counted_by_allauth_per_account(client, bob, frozen):
    for _attempt in range(5):
        client.post("/accounts/login/", {"login": bob.email, "password": "wrong"})
    response = client.post("/accounts/login/", {"login": bob.email, "password": "password"})
    assert response.status_code == 200  # a form error, before Vivier's own limit is reached
    assert "_auth_user_id" not in client.session


def test_the_code_step_of_the_sign_in_shares_the_address_limit(client, bob, rates, frozen):
    from tests.two_factor import give_authenticator_app, totp_code

    secret = give_authenticator_app(bob)
    rates(**{"login-address": "2/m"})
    assert (
        client.post("/accounts/login/", {"login": bob.email, "password": "password"}).status_code
        == 302
    )
    assert client.post("/accounts/2fa/authenticate/", {"code": "000001"}).status_code == 200
    refused = client.post("/accounts/2fa/authenticate/", {"code": totp_code(secret)})
    assert refused.status_code == 429
    assert "_auth_user_id" not in client.session


def test_password_reset_is_limited_per_address_and_per_email(client, bob, rates, frozen):
    rates(**{"password-reset-address": "4/h", "password-reset-email": "2/h"})
    url = "/accounts/password/reset/"
    per_email = [client.post(url, {"email": bob.email}).status_code for _ in range(3)]
    assert per_email == [302, 302, 429]
    assert len(mail.outbox) == 2  # the refused request sent nothing
    assert client.post(url, {"email": "other@example.test"}).status_code == 302
    refused = client.post(url, {"email": "third@example.test"})
    assert refused.status_code == 429  # the address's fifth request this hour
    assert refused["Retry-After"] == str(3600 - 20 + 1)
    assert (
        client.post(url, {"email": "third@example.test"}, REMOTE_ADDR="192.0.2.4").status_code
        == 302
    )


def test_applications_are_limited_per_address_and_what_was_typed_is_shown_again(
    client, employer, offer, rates, frozen
):
    rates(**{"apply-address": "2/10m"})
    for number in range(2):
        data = {**form_data(email=f"lou{number}@example.test"), "cv": pdf_upload()}
        assert client.post(apply_url(offer), data).status_code == 302
    refused = client.post(
        apply_url(offer),
        {**form_data(first_name="Maëlle", cover_letter="Ma lettre"), "cv": pdf_upload()},
    )
    assert refused.status_code == 429
    assert refused["Retry-After"] == str(600 - 20 + 1)
    html = refused.content.decode()
    assert "Trop de candidatures" in html
    assert 'value="Maëlle"' in html and "Ma lettre" in html
    assert Application.objects.count() == 2
    other = client.post(
        apply_url(offer), {**form_data(), "cv": pdf_upload()}, REMOTE_ADDR="192.0.2.5"
    )
    assert other.status_code == 302


def test_behind_a_proxy_the_forwarded_address_is_the_one_counted(
    client, employer, offer, rates, frozen, settings
):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    rates(**{"apply-address": "1/10m"})
    first = {**form_data(email="a@example.test"), "cv": pdf_upload()}
    second = {**form_data(email="b@example.test"), "cv": pdf_upload()}
    # The proxy's own address is the same for everyone; X-Forwarded-For tells them apart.
    assert (
        client.post(apply_url(offer), first, HTTP_X_FORWARDED_FOR="203.0.113.1").status_code == 302
    )
    assert (
        client.post(apply_url(offer), second, HTTP_X_FORWARDED_FOR="203.0.113.2").status_code == 302
    )
    again = {**form_data(email="c@example.test"), "cv": pdf_upload()}
    assert (
        client.post(apply_url(offer), again, HTTP_X_FORWARDED_FOR="203.0.113.1").status_code == 429
    )


def test_showing_the_forms_is_not_limited(client, employer, offer, rates, frozen):
    rates(**{"login-address": "1/m", "apply-address": "1/10m"})
    assert [client.get("/accounts/login/").status_code for _ in range(3)] == [200, 200, 200]
    assert [client.get(apply_url(offer)).status_code for _ in range(3)] == [200, 200, 200]


def test_counts_are_kept_in_the_shared_cache(settings, rates, frozen):
    """Two web processes share one count: the count is in the cache, not in the process."""
    from django.core.cache import cache

    rate = throttle.Rate(2, 60)
    throttle.count("probe", "203.0.113.9", rate)
    keys = [key for key in cache._cache if "throttle:probe" in key]  # locmem's own store
    assert len(keys) == 1 and "203.0.113.9" not in keys[0]  # the address is hashed
    throttle.count("probe", "203.0.113.9", rate)
    with pytest.raises(throttle.Throttled) as over:
        throttle.count("probe", "203.0.113.9", rate)
    assert over.value.retry_after_s == 41


def test_invalid_api_tokens_count_against_the_address(client, offer, settings, frozen):
    settings.API_REQUESTS_PER_MINUTE_ANONYMOUS = 2
    wrong = {"HTTP_AUTHORIZATION": "Bearer not-a-token"}
    statuses = [client.get("/api/v1/offers/", **wrong).status_code for _ in range(3)]
    assert statuses == [401, 401, 429]


def test_web_processes_sharing_redis_share_one_count(settings):
    """A count made by another process (another web server) counts here too."""
    import subprocess
    import sys

    url = "redis://127.0.0.1:6379/11"  # a database of its own: the test empties it
    settings.CACHES = {
        "default": {"BACKEND": "vivier.core.redis_cache.RedisCache", "LOCATION": url}
    }
    from django.core.cache import caches

    caches["default"].clear()
    try:
        other_process = (
            "import django; django.setup();"
            "from vivier.core import throttle;"
            "throttle.count('shared', '203.0.113.3', throttle.Rate(2, 3600))"
        )
        environment = {"DJANGO_SETTINGS_MODULE": "vivier.settings", "CACHE_URL": url}
        subprocess.run(
            [sys.executable, "-c", other_process],
            env={**__import__("os").environ, **environment},
            check=True,
            cwd=settings.BASE_DIR,
        )
        throttle.count("shared", "203.0.113.3", throttle.Rate(2, 3600))
        with pytest.raises(throttle.Throttled):
            throttle.count("shared", "203.0.113.3", throttle.Rate(2, 3600))
    finally:
        caches["default"].clear()
