"""Facebook Page posts through the Graph API (`POST /{page-id}/feed` with a page access token).

The Graph API takes no idempotency key: after a lost answer the connector looks for the tracked link
among the page's latest posts before posting again.
"""

import json

from django.utils.translation import gettext as _

from vivier.distribution.connectors.base import Connector, ExternalRef, Post, Refused

GRAPH_VERSION = "v21.0"
MAX_LENGTH = 63206
FINDER_PAGE_SIZE = 50
TOKEN_ERROR_CODES = {102, 190}  # the Graph API answers 400, not 401, for a bad token


class FacebookConnector(Connector):
    kind = "facebook"
    default_api_url = "https://graph.facebook.com"

    def max_length(self) -> int:
        return MAX_LENGTH

    @property
    def graph(self) -> str:
        return f"{self.api_url}/{GRAPH_VERSION}"

    @property
    def page_id(self) -> str:
        if not self.channel.account_id:
            raise Refused(_("Set the id of the Facebook page."))
        return self.channel.account_id

    def error_message(self, response) -> str:
        try:
            return response.json()["error"]["message"]
        except (ValueError, KeyError, TypeError):
            return response.text[:300]

    def request(self, method, url, **kwargs):
        try:
            return super().request(method, url, **kwargs)
        except Refused as error:
            graph_error = _graph_error(error.detail)
            if graph_error.get("code") in TOKEN_ERROR_CODES:
                # The Graph's own words: error.message says the post was refused, which it was not.
                raise Refused(
                    _("Facebook refused the page token: reconnect the page. (%(reason)s)")
                    % {"reason": graph_error.get("message", "")},
                    http_status=error.http_status,
                    detail=error.detail,
                ) from error
            raise

    def auth(self) -> dict:
        return {"access_token": self.token()}

    def check(self) -> str:
        response = self.request(
            "GET", f"{self.graph}/{self.page_id}", params={"fields": "name", **self.auth()}
        )
        return response.json().get("name", self.page_id)

    def publish(self, post: Post) -> ExternalRef:
        response = self.request(
            "POST",
            f"{self.graph}/{self.page_id}/feed",
            data={"message": post.text, "link": post.link, **self.auth()},
        )
        post_id = response.json()["id"]
        return ExternalRef(post_id, f"https://www.facebook.com/{post_id}")

    def find(self, post: Post) -> ExternalRef | None:
        response = self.request(
            "GET",
            f"{self.graph}/{self.page_id}/feed",
            params={
                "fields": "id,message,link,permalink_url",
                "limit": FINDER_PAGE_SIZE,
                **self.auth(),
            },
        )
        for item in response.json().get("data", []):
            if item.get("link") == post.link or post.link in item.get("message", ""):
                url = item.get("permalink_url") or f"https://www.facebook.com/{item['id']}"
                return ExternalRef(item["id"], url)
        return None

    def withdraw(self, ref: ExternalRef) -> None:
        self.request("DELETE", f"{self.graph}/{ref.id}", params=self.auth())

    def followers(self) -> int:
        params = {"fields": "followers_count", **self.auth()}
        response = self.request("GET", f"{self.graph}/{self.page_id}", params=params)
        return int(response.json().get("followers_count", 0))

    def metrics(self, ref: ExternalRef) -> dict:
        response = self.request(
            "GET",
            f"{self.graph}/{ref.id}",
            params={
                "fields": "shares,reactions.summary(total_count),comments.summary(total_count)",
                **self.auth(),
            },
        )
        data = response.json()
        return {
            "reactions": data.get("reactions", {}).get("summary", {}).get("total_count", 0),
            "comments": data.get("comments", {}).get("summary", {}).get("total_count", 0),
            "shares": data.get("shares", {}).get("count", 0),
        }


def _graph_error(detail: str) -> dict:
    """The `error` object of a Graph API error body ({} when the body is something else)."""
    try:
        error = json.loads(detail)["error"]
    except (ValueError, KeyError, TypeError):
        return {}
    return error if isinstance(error, dict) else {}
