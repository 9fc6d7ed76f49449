"""One module per network; `connector_for` picks the one a channel needs."""

import httpx

from vivier.distribution.connectors.base import (
    Connector,
    ConnectorError,
    ExternalRef,
    NotSupported,
    Post,
    Refused,
    RetryLater,
)
from vivier.distribution.connectors.email import EmailConnector
from vivier.distribution.connectors.facebook import FacebookConnector
from vivier.distribution.connectors.linkedin import LinkedInConnector
from vivier.distribution.connectors.mastodon import MastodonConnector
from vivier.distribution.connectors.webhook import WebhookConnector
from vivier.distribution.connectors.x import XConnector

CONNECTORS: dict[str, type[Connector]] = {
    connector.kind: connector
    for connector in (
        LinkedInConnector,
        XConnector,
        FacebookConnector,
        MastodonConnector,
        WebhookConnector,
        EmailConnector,
    )
}


def connector_for(channel, client: httpx.Client | None = None) -> Connector:
    return CONNECTORS[channel.kind](channel, client)


__all__ = [
    "CONNECTORS",
    "Connector",
    "ConnectorError",
    "ExternalRef",
    "NotSupported",
    "Post",
    "Refused",
    "RetryLater",
    "connector_for",
]
