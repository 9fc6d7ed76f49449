"""Mastodon statuses on any server (`POST /api/v1/statuses`).

Mastodon honours the `Idempotency-Key` header for an hour: a retry after a lost answer sends the
same key and gets the same status back instead of a second post. The length limit is the server's
own, read from `/api/v2/instance`.
"""

from django.core.cache import cache
from django.utils.translation import gettext as _

from vivier.distribution.connectors.base import (
    Connector,
    ConnectorError,
    ExternalRef,
    Post,
    Refused,
)
from vivier.distribution.text import URL_LENGTH, mastodon_length

DEFAULT_MAX_CHARACTERS = 500
INSTANCE_CACHE_S = 24 * 3600


class MastodonConnector(Connector):
    kind = "mastodon"
    is_idempotent = True

    @property
    def api_url(self) -> str:
        url = super().api_url
        if not url:
            raise Refused(_("Set the address of the Mastodon server."))
        return url

    def _limits(self) -> tuple[int, int]:
        """(max characters, characters per URL) of the server, cached for a day."""
        key = f"mastodon-limits:{self.api_url}"
        limits = cache.get(key)
        if limits is None:
            try:
                response = self.request("GET", f"{self.api_url}/api/v2/instance")
                statuses = response.json().get("configuration", {}).get("statuses", {})
                limits = (
                    int(statuses.get("max_characters", DEFAULT_MAX_CHARACTERS)),
                    int(statuses.get("characters_reserved_per_url", URL_LENGTH)),
                )
            except (ConnectorError, ValueError):
                return DEFAULT_MAX_CHARACTERS, URL_LENGTH  # checked again next time
            cache.set(key, limits, INSTANCE_CACHE_S)
        return limits

    def max_length(self) -> int:
        return self._limits()[0]

    def length(self, text: str) -> int:
        return mastodon_length(text, self._limits()[1])

    def error_message(self, response) -> str:
        try:
            return response.json().get("error") or response.text[:300]
        except ValueError:
            return response.text[:300]

    def check(self) -> str:
        response = self.request(
            "GET", f"{self.api_url}/api/v1/accounts/verify_credentials", headers=self.bearer()
        )
        return "@" + response.json().get("acct", "")

    def publish(self, post: Post) -> ExternalRef:
        response = self.request(
            "POST",
            f"{self.api_url}/api/v1/statuses",
            data={
                "status": post.text,
                "visibility": "public",
                "language": post.extra.get("language", "fr"),
            },
            headers={**self.bearer(), "Idempotency-Key": post.idempotency_key},
        )
        status = response.json()
        return ExternalRef(status["id"], status.get("url", ""))

    def withdraw(self, ref: ExternalRef) -> None:
        self.request("DELETE", f"{self.api_url}/api/v1/statuses/{ref.id}", headers=self.bearer())

    def followers(self) -> int:
        response = self.request(
            "GET", f"{self.api_url}/api/v1/accounts/verify_credentials", headers=self.bearer()
        )
        return int(response.json().get("followers_count", 0))

    def metrics(self, ref: ExternalRef) -> dict:
        response = self.request(
            "GET", f"{self.api_url}/api/v1/statuses/{ref.id}", headers=self.bearer()
        )
        status = response.json()
        return {
            "boosts": status.get("reblogs_count", 0),
            "favourites": status.get("favourites_count", 0),
            "replies": status.get("replies_count", 0),
        }
