"""A signed webhook for anything else: Slack or Teams workflows, an intranet, a partner's site.

Body: JSON with `id` (stable for the publication: receivers deduplicate on it, which makes retries
safe), `event`, `text` (so Slack incoming webhooks show it as is), `link`, `title`, `offer_url`.
Header `Vivier-Signature: t=<unix time>,v1=<hex HMAC-SHA256 of "<t>.<body>">`, keyed by the
channel's secret; receivers refuse timestamps older than 5 minutes (replays).
"""

import json
import time
import uuid

from django.utils.translation import gettext as _

from vivier.api.webhooks import sign
from vivier.distribution.connectors.base import Connector, ExternalRef, Post, Refused

MAX_LENGTH = 10_000


class WebhookConnector(Connector):
    kind = "webhook"
    is_idempotent = True

    @property
    def api_url(self) -> str:
        url = super().api_url
        if not url:
            raise Refused(_("Set the address of the webhook."))
        return url

    def max_length(self) -> int:
        return MAX_LENGTH

    def _send(self, payload: dict):
        secret = self.channel.credentials.get("secret", "")
        if not secret:
            raise Refused(_("Set the webhook's signing secret."))
        body = json.dumps(payload, separators=(",", ":"), ensure_ascii=False).encode()
        return self.request(
            "POST",
            self.api_url,
            content=body,
            headers={
                "Content-Type": "application/json",
                "User-Agent": "Vivier-Distribution/1",
                "Vivier-Event": payload["event"],
                "Vivier-Signature": sign(secret, body, int(time.time())),
            },
        )

    def check(self) -> str:
        self._send({"id": str(uuid.uuid4()), "event": "ping", "text": _("Vivier test message")})
        return self.api_url

    def publish(self, post: Post) -> ExternalRef:
        self._send(
            {
                "id": post.idempotency_key,
                "event": "publication.created",
                "text": post.text,
                "title": post.title,
                "link": post.link,
                "offer_url": post.offer_url,
            }
        )
        return ExternalRef(post.idempotency_key)

    def withdraw(self, ref: ExternalRef) -> None:
        withdrawal_id = uuid.uuid5(uuid.NAMESPACE_URL, f"withdraw:{ref.id}")
        self._send(
            {
                "id": str(withdrawal_id),
                "event": "publication.withdrawn",
                "post_id": ref.id,
                "text": _("The offer is closed: this post is withdrawn."),
            }
        )
