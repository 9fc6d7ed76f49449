"""'Connect this account': OAuth 2.0 authorization code with PKCE (RFC 7636).

Used where the operator registered an app with the network (OAUTH_APPS in settings), and always
for sandbox channels, whose local server plays the network's authorization server. The tokens
obtained are stored in the channel's encrypted credentials; X's short-lived tokens are refreshed
before use.
"""

import base64
import hashlib
import secrets
import time
from dataclasses import dataclass
from urllib.parse import urlencode

import httpx
from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from vivier.distribution.connectors import ConnectorError
from vivier.distribution.connectors.facebook import GRAPH_VERSION
from vivier.distribution.models import Channel

SESSION_KEY = "distribution_oauth"
REFRESH_MARGIN_S = 120  # refresh a token this long before it expires


@dataclass(frozen=True)
class Provider:
    authorize_url: str
    token_url: str
    scope: str
    scope_separator: str = " "


PROVIDERS = {
    "linkedin": Provider(
        "https://www.linkedin.com/oauth/v2/authorization",
        "https://www.linkedin.com/oauth/v2/accessToken",
        "w_organization_social r_organization_social",
    ),
    "x": Provider(
        "https://x.com/i/oauth2/authorize",
        "https://api.x.com/2/oauth2/token",
        "tweet.read tweet.write users.read offline.access",
    ),
    "facebook": Provider(
        f"https://www.facebook.com/{GRAPH_VERSION}/dialog/oauth",
        f"https://graph.facebook.com/{GRAPH_VERSION}/oauth/access_token",
        "pages_manage_posts,pages_read_engagement,pages_show_list",
    ),
}
# Where the sandbox serves the same endpoints, below SANDBOX_URL.
SANDBOX_PATHS = {
    "linkedin": ("/linkedin/oauth/v2/authorization", "/linkedin/oauth/v2/accessToken"),
    "x": ("/x/i/oauth2/authorize", "/x/2/oauth2/token"),
    "facebook": (
        f"/facebook/{GRAPH_VERSION}/dialog/oauth",
        f"/facebook/{GRAPH_VERSION}/oauth/access_token",
    ),
}


def _endpoints(channel: Channel) -> tuple[str, str]:
    provider = PROVIDERS[channel.kind]
    if channel.is_sandbox:
        authorize, token = SANDBOX_PATHS[channel.kind]
        return settings.SANDBOX_URL + authorize, settings.SANDBOX_URL + token
    return provider.authorize_url, provider.token_url


def client_credentials(channel: Channel) -> tuple[str, str]:
    if channel.is_sandbox:
        return "sandbox-client", "sandbox-secret"
    return settings.OAUTH_APPS.get(channel.kind, ("", ""))


def can_connect(channel: Channel) -> bool:
    return channel.kind in PROVIDERS and bool(client_credentials(channel)[0])


def redirect_uri() -> str:
    """One address whatever the staff member's language: networks match it exactly."""
    with translation.override(settings.LANGUAGE_CODE):
        return settings.SITE_URL + reverse("distribution:oauth_callback")


def _challenge(verifier: str) -> str:
    digest = hashlib.sha256(verifier.encode()).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def authorization_url(request, channel: Channel) -> str:
    """Remember a state and a PKCE verifier in the session; the network's consent page."""
    verifier = secrets.token_urlsafe(64)
    state = secrets.token_urlsafe(24)
    pending = request.session.get(SESSION_KEY, {})
    pending[state] = {"channel": channel.pk, "verifier": verifier}
    request.session[SESSION_KEY] = dict(list(pending.items())[-5:])  # a few tabs at most
    authorize, _token = _endpoints(channel)
    query = {
        "response_type": "code",
        "client_id": client_credentials(channel)[0],
        "redirect_uri": redirect_uri(),
        "state": state,
        "scope": PROVIDERS[channel.kind].scope,
        "code_challenge": _challenge(verifier),
        "code_challenge_method": "S256",
    }
    return f"{authorize}?{urlencode(query)}"


def pending_channel_id(request, state: str) -> tuple[int, str] | None:
    """(channel id, verifier) for a state this session started; single use."""
    pending = request.session.get(SESSION_KEY, {})
    entry = pending.pop(state, None)
    request.session[SESSION_KEY] = pending
    return (entry["channel"], entry["verifier"]) if entry else None


def _token_request(channel: Channel, data: dict, client: httpx.Client) -> dict:
    client_id, client_secret = client_credentials(channel)
    _authorize, token_url = _endpoints(channel)
    data = {**data, "client_id": client_id}
    try:
        if channel.kind == "facebook":
            response = client.get(token_url, params={**data, "client_secret": client_secret})
        elif channel.kind == "x":  # a confidential client authenticates with HTTP Basic
            response = client.post(token_url, data=data, auth=(client_id, client_secret))
        else:
            response = client.post(token_url, data={**data, "client_secret": client_secret})
    except httpx.HTTPError as error:
        raise ConnectorError(_("The network could not be reached.")) from error
    try:
        answer = response.json()
    except ValueError:
        answer = {}
    if response.status_code != 200 or "access_token" not in answer:
        reason = answer.get("error_description") or answer.get("error") or response.text[:200]
        message = _("The network refused the connection: %(reason)s") % {"reason": reason}
        raise ConnectorError(message)
    return answer


def _store_tokens(channel: Channel, answer: dict) -> None:
    credentials = {"access_token": answer["access_token"]}
    if answer.get("refresh_token"):
        credentials["refresh_token"] = answer["refresh_token"]
    if answer.get("expires_in"):
        credentials["expires_at"] = int(time.time()) + int(answer["expires_in"])
    channel.credentials = {**channel.credentials, **credentials}


def finish_connection(channel: Channel, *, code: str, verifier: str, client: httpx.Client) -> None:
    """Exchange the code for tokens and keep them; a Facebook user token becomes the page's."""
    answer = _token_request(
        channel,
        {
            "grant_type": "authorization_code",
            "code": code,
            "redirect_uri": redirect_uri(),
            "code_verifier": verifier,
        },
        client,
    )
    if channel.kind == "facebook":
        # The code gives a short-lived user token; a long-lived one makes a page token that
        # does not expire.
        answer = _token_request(
            channel,
            {"grant_type": "fb_exchange_token", "fb_exchange_token": answer["access_token"]},
            client,
        )
    _store_tokens(channel, answer)
    if channel.kind == "facebook" and channel.account_id:
        from vivier.distribution.connectors import connector_for

        connector = connector_for(channel, client)
        response = connector.request(
            "GET",
            f"{connector.graph}/{channel.account_id}",
            params={"fields": "access_token,name", "access_token": answer["access_token"]},
        )
        page_token = response.json().get("access_token")
        if not page_token:
            raise ConnectorError(_("This Facebook account does not manage the page."))
        credentials = channel.credentials
        credentials["access_token"] = page_token
        credentials.pop("expires_at", None)  # page tokens from a long-lived user token last
        channel.credentials = credentials
    channel.save(update_fields=["credentials_encrypted", "updated_at"])


def refresh_if_needed(channel: Channel, client: httpx.Client) -> None:
    """Swap an expiring token for a new one, where the network gave a refresh token."""
    credentials = channel.credentials
    expires_at = credentials.get("expires_at")
    if not expires_at or not credentials.get("refresh_token") or channel.kind not in PROVIDERS:
        return
    if expires_at - REFRESH_MARGIN_S > time.time():
        return
    answer = _token_request(
        channel,
        {"grant_type": "refresh_token", "refresh_token": credentials["refresh_token"]},
        client,
    )
    _store_tokens(channel, answer)
    channel.save(update_fields=["credentials_encrypted", "updated_at"])
