"""Channel credentials at rest: encrypted, and re-encrypted when the key changes."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command

from tests.factories import make_channel
from vivier.distribution import crypto
from vivier.distribution.models import Channel, ChannelKind

pytestmark = pytest.mark.django_db


@pytest.fixture
def keys(settings):
    def use(*values):
        settings.CREDENTIALS_KEYS = list(values)
        crypto._fernet.cache_clear()

    yield use
    crypto._fernet.cache_clear()


def test_a_dump_of_the_table_reveals_no_token():
    channel = make_channel(ChannelKind.X)
    row = Channel.objects.filter(pk=channel.pk).values().get()
    assert "sandbox-token" not in str(row)
    assert Channel.objects.get(pk=channel.pk).credentials == {"access_token": "sandbox-token"}


def test_rotating_the_key_keeps_every_channel_readable(keys):
    old, new = crypto.new_key(), crypto.new_key()
    keys(old)
    channel = make_channel(ChannelKind.MASTODON)
    keys(new, old)  # the new key first; the old one still decrypts
    assert Channel.objects.get(pk=channel.pk).credentials["access_token"] == "sandbox-token"
    call_command("rotate_credentials")
    keys(new)  # the old key is gone
    assert Channel.objects.get(pk=channel.pk).credentials["access_token"] == "sandbox-token"


def test_a_lost_key_is_a_clear_configuration_error(keys):
    keys(crypto.new_key())
    channel = make_channel(ChannelKind.X)
    keys(crypto.new_key())
    with pytest.raises(ImproperlyConfigured, match="CREDENTIALS_KEYS"):
        _ = Channel.objects.get(pk=channel.pk).credentials


def test_a_malformed_key_is_refused(keys):
    keys("not-a-fernet-key")
    with pytest.raises(ImproperlyConfigured):
        crypto.encrypt("x")
