"""X posts through API v2 (`POST /2/tweets`) with an OAuth 2.0 user token.

X takes no idempotency key: after a lost answer the connector looks for the tracked link among the
account's latest posts (X rewrites links to t.co but keeps the original as `expanded_url`).
"""

from vivier.distribution.connectors.base import Connector, ExternalRef, Post
from vivier.distribution.text import x_length

MAX_WEIGHTED_LENGTH = 280
FINDER_PAGE_SIZE = 50


class XConnector(Connector):
    kind = "x"
    default_api_url = "https://api.x.com"

    def max_length(self) -> int:
        return MAX_WEIGHTED_LENGTH

    def length(self, text: str) -> int:
        return x_length(text)

    def error_message(self, response) -> str:
        try:
            data = response.json()
        except ValueError:
            return response.text[:300]
        return data.get("detail") or data.get("title") or response.text[:300]

    def is_content_refusal(self, response) -> bool:
        return response.status_code == 403 and "duplicate" in response.text.lower()

    def _user_id(self) -> str:
        if not self.channel.account_id:
            response = self.request("GET", f"{self.api_url}/2/users/me", headers=self.bearer())
            self.channel.account_id = response.json()["data"]["id"]
        return self.channel.account_id

    def check(self) -> str:
        response = self.request("GET", f"{self.api_url}/2/users/me", headers=self.bearer())
        data = response.json()["data"]
        self.channel.account_id = data["id"]
        return "@" + data["username"]

    def publish(self, post: Post) -> ExternalRef:
        response = self.request(
            "POST", f"{self.api_url}/2/tweets", json={"text": post.text}, headers=self.bearer()
        )
        post_id = response.json()["data"]["id"]
        return ExternalRef(post_id, f"https://x.com/i/web/status/{post_id}")

    def find(self, post: Post) -> ExternalRef | None:
        response = self.request(
            "GET",
            f"{self.api_url}/2/users/{self._user_id()}/tweets",
            params={"max_results": FINDER_PAGE_SIZE, "tweet.fields": "entities,created_at"},
            headers=self.bearer(),
        )
        for tweet in response.json().get("data", []):
            urls = tweet.get("entities", {}).get("urls", [])
            if any(url.get("expanded_url") == post.link for url in urls):
                return ExternalRef(tweet["id"], f"https://x.com/i/web/status/{tweet['id']}")
        return None

    def withdraw(self, ref: ExternalRef) -> None:
        self.request("DELETE", f"{self.api_url}/2/tweets/{ref.id}", headers=self.bearer())

    def followers(self) -> int:
        response = self.request(
            "GET",
            f"{self.api_url}/2/users/me",
            params={"user.fields": "public_metrics"},
            headers=self.bearer(),
        )
        return int(response.json()["data"].get("public_metrics", {}).get("followers_count", 0))

    def metrics(self, ref: ExternalRef) -> dict:
        response = self.request(
            "GET",
            f"{self.api_url}/2/tweets",
            params={"ids": ref.id, "tweet.fields": "public_metrics"},
            headers=self.bearer(),
        )
        tweets = response.json().get("data", [])
        if not tweets:
            return {}
        counts = tweets[0].get("public_metrics", {})
        return {
            "likes": counts.get("like_count", 0),
            "reposts": counts.get("retweet_count", 0),
            "replies": counts.get("reply_count", 0),
            "impressions": counts.get("impression_count", 0),
        }
