"""LinkedIn organisation posts through the versioned Posts API (`POST /rest/posts`).

LinkedIn takes no idempotency key: after a lost answer the connector looks for the post among the
organisation's latest posts (the tracked link is unique to the publication) before posting again.
"""

import re
from urllib.parse import quote

from django.conf import settings
from django.utils.translation import gettext as _

from vivier.distribution.connectors.base import Connector, ExternalRef, Post, Refused

API_VERSION = settings.LINKEDIN_API_VERSION  # YYYYMM; each version is served for a year
MAX_LENGTH = 3000
# "little text format": these characters are markup unless escaped with a backslash.
RESERVED = re.compile(r"([|{}@\[\]()<>#\\*_~])")
HASHTAG = re.compile(r"(?<!\w)#(\w+)")
FINDER_PAGE_SIZE = 50


def to_little_text(text: str) -> str:
    """Escape the markup characters; hashtags become LinkedIn hashtag elements."""
    parts = []
    position = 0
    for match in HASHTAG.finditer(text):
        parts.append(RESERVED.sub(r"\\\1", text[position : match.start()]))
        parts.append("{hashtag|\\#|" + match.group(1) + "}")
        position = match.end()
    parts.append(RESERVED.sub(r"\\\1", text[position:]))
    return "".join(parts)


def from_little_text(text: str) -> str:
    text = re.sub(r"\{hashtag\|\\#\|(\w+)\}", r"#\1", text)
    return re.sub(r"\\(.)", r"\1", text)


class LinkedInConnector(Connector):
    kind = "linkedin"
    default_api_url = "https://api.linkedin.com"

    def max_length(self) -> int:
        return MAX_LENGTH

    def length(self, text: str) -> int:
        return len(to_little_text(text))

    def headers(self) -> dict:
        return {
            **self.bearer(),
            "Linkedin-Version": API_VERSION,
            "X-Restli-Protocol-Version": "2.0.0",
        }

    @property
    def author(self) -> str:
        if not self.channel.account_id.startswith("urn:li:"):
            raise Refused(_("Set the organisation URN (urn:li:organization:…) of the page."))
        return self.channel.account_id

    def error_message(self, response) -> str:
        try:
            return response.json().get("message") or response.text[:300]
        except ValueError:
            return response.text[:300]

    def _latest_posts(self, count: int) -> list[dict]:
        response = self.request(
            "GET",
            f"{self.api_url}/rest/posts",
            params={
                "q": "author",
                "author": self.author,
                "count": count,
                "sortBy": "LAST_MODIFIED",
            },
            headers={**self.headers(), "X-RestLi-Method": "FINDER"},
        )
        return response.json().get("elements", [])

    def check(self) -> str:
        self._latest_posts(1)
        return self.author

    def publish(self, post: Post) -> ExternalRef:
        body = {
            "author": self.author,
            "commentary": to_little_text(post.text),
            "visibility": "PUBLIC",
            "distribution": {
                "feedDistribution": "MAIN_FEED",
                "targetEntities": [],
                "thirdPartyDistributionChannels": [],
            },
            "lifecycleState": "PUBLISHED",
            "isReshareDisabledByAuthor": False,
        }
        response = self.request(
            "POST", f"{self.api_url}/rest/posts", json=body, headers=self.headers()
        )
        urn = response.headers.get("x-restli-id", "")
        return ExternalRef(urn, f"https://www.linkedin.com/feed/update/{urn}/")

    def find(self, post: Post) -> ExternalRef | None:
        for element in self._latest_posts(FINDER_PAGE_SIZE):
            if post.link in from_little_text(element.get("commentary", "")):
                urn = element["id"]
                return ExternalRef(urn, f"https://www.linkedin.com/feed/update/{urn}/")
        return None

    def withdraw(self, ref: ExternalRef) -> None:
        self.request(
            "DELETE", f"{self.api_url}/rest/posts/{quote(ref.id, safe='')}", headers=self.headers()
        )

    def followers(self) -> int:
        response = self.request(
            "GET",
            f"{self.api_url}/rest/networkSizes/{quote(self.author, safe='')}",
            params={"edgeType": "COMPANY_FOLLOWED_BY_MEMBER"},
            headers=self.headers(),
        )
        return int(response.json().get("firstDegreeSize", 0))

    def metrics(self, ref: ExternalRef) -> dict:
        response = self.request(
            "GET",
            f"{self.api_url}/rest/socialActions/{quote(ref.id, safe='')}",
            headers=self.headers(),
        )
        data = response.json()
        return {
            "likes": data.get("likesSummary", {}).get("totalLikes", 0),
            "comments": data.get("commentsSummary", {}).get("aggregatedTotalComments", 0),
        }
