import pytest

from vivier.distribution.models import Channel, ChannelKind
from vivier.distribution.sandbox import SANDBOX_TOKEN, Sandbox

ACCOUNTS = {ChannelKind.LINKEDIN: "urn:li:organization:2414183", ChannelKind.FACEBOOK: "1234567"}


@pytest.fixture
def sandbox(settings):
    """The networks' contract servers on loopback; sandbox channels post there."""
    with Sandbox() as running:
        settings.SANDBOX_URL = running.url
        yield running


def make_channel(kind, **fields) -> Channel:
    channel = Channel(
        kind=kind,
        name=fields.pop("name", f"{kind} test"),
        is_sandbox=fields.pop("is_sandbox", True),
        account_id=fields.pop("account_id", ACCOUNTS.get(kind, "")),
        **fields,
    )
    if kind == ChannelKind.WEBHOOK:
        channel.credentials = {"secret": "webhook-test-secret"}
    elif kind in (ChannelKind.LINKEDIN, ChannelKind.X, ChannelKind.FACEBOOK, ChannelKind.MASTODON):
        channel.credentials = {"access_token": SANDBOX_TOKEN}
    channel.save()
    return channel
