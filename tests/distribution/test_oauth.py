"""OAuth tokens: X's short-lived tokens are refreshed before use."""

import time

import pytest

from tests.factories import make_channel
from vivier.distribution import oauth, services
from vivier.distribution.models import ChannelKind
from vivier.distribution.sandbox import SANDBOX_TOKEN

pytestmark = pytest.mark.django_db


def test_an_expiring_token_is_refreshed_before_use(sandbox):
    channel = make_channel(ChannelKind.X)
    channel.credentials = {
        "access_token": "expired-token",
        "refresh_token": "sandbox-refresh",
        "expires_at": int(time.time()) + 30,
    }
    channel.save()
    channel = services.check_channel(channel=channel)
    assert channel.is_connection_ok is True
    credentials = type(channel).objects.get(pk=channel.pk).credentials
    assert credentials["access_token"] == SANDBOX_TOKEN
    assert credentials["expires_at"] > time.time() + 3600
    token_calls = [r for r in sandbox.received("x") if r["path"].startswith("/2/oauth2/token")]
    assert len(token_calls) == 1
    assert token_calls[0]["body"]["grant_type"] == "refresh_token"


def test_a_fresh_token_is_not_refreshed(sandbox):
    channel = make_channel(ChannelKind.X)
    channel.credentials = {
        "access_token": SANDBOX_TOKEN,
        "refresh_token": "sandbox-refresh",
        "expires_at": int(time.time()) + 3600,
    }
    channel.save()
    services.check_channel(channel=channel)
    assert not [r for r in sandbox.received("x") if "oauth2" in r["path"]]


def test_a_refused_refresh_says_to_reconnect(sandbox):
    channel = make_channel(ChannelKind.X)
    channel.credentials = {
        "access_token": "expired-token",
        "refresh_token": "revoked",
        "expires_at": int(time.time()) - 10,
    }
    channel.save()
    channel = services.check_channel(channel=channel)
    assert channel.is_connection_ok is False


def test_the_callback_address_does_not_depend_on_the_language(settings):
    from django.utils import translation

    with translation.override("en"):
        english = oauth.redirect_uri()
    assert english == settings.SITE_URL + "/app/distribution/oauth/callback/"
