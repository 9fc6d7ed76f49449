"""Clicks on tracked links: recorded without making the visitor wait, never lost, no address kept.

With Redis (`CLICKS_URL=redis://…`, the default when the queue uses Redis) the redirect appends
the click to a Redis list, a fraction of a millisecond, and the worker writes them in batches.
The flush reads a batch, inserts it, then trims it from the list: a crash in between only means
the batch is read again, and the click's own id (made by the redirect) keeps it from counting twice.
Without Redis (development on SQLite) each click is written by the request itself.
"""

import hashlib
import json
import re
import secrets
import time
import uuid
from datetime import UTC, datetime, timedelta
from functools import cache
from urllib.parse import urlsplit

import redis
from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from vivier.analytics.counting import mark_clicks
from vivier.core.throttle import client_address
from vivier.distribution.models import Click, ClickSalt

CLICK_LIST_KEY = "vivier:clicks"
FLUSH_BATCH = 2000  # clicks per INSERT
# Known crawlers and the link-preview fetchers of networks and messaging apps; a click from one
# of them is kept but flagged, so reports count people.
BOT_PATTERN = re.compile(
    r"bot\b|bot/|crawl|spider|slurp|facebookexternalhit|facebookcatalog|meta-externalagent|"
    r"linkedinbot|twitterbot|slackbot|discordbot|telegrambot|whatsapp|skypeuripreview|"
    r"embedly|iframely|quora link preview|pinterest|redditbot|applebot|bingpreview|"
    r"mastodon|pleroma|akkoma|misskey|friendica|bluesky|cardyb|preview|"
    r"curl/|wget/|python-requests|python-httpx|python-urllib|go-http-client|okhttp|java/|"
    r"headlesschrome|lighthouse|pingdom|uptimerobot|monitor",
    re.IGNORECASE,
)


def bot_name(user_agent: str, headers) -> str:
    """Empty for a person; otherwise what gave the robot away."""
    if not user_agent.strip():
        return "no user agent"
    purpose = headers.get("Sec-Purpose") or headers.get("Purpose") or ""
    if purpose.startswith("prefetch"):  # the browser guessing, not the visitor clicking
        return "prefetch"
    match = BOT_PATTERN.search(user_agent)
    return match.group(0).strip("/ ").lower()[:60] if match else ""


# --- Visitor hashes --------------------------------------------------------------------------
_salts: dict = {}


def _salt_of(day) -> str:
    """A random salt per day, shared through the database and forgotten after two days."""
    salt = _salts.get(day)
    if salt is None:
        try:
            with transaction.atomic():
                salt = ClickSalt.objects.get_or_create(
                    day=day, defaults={"salt": secrets.token_hex(32)}
                )[0].salt
        except IntegrityError:  # another process made it first
            salt = ClickSalt.objects.get(day=day).salt
        _salts.clear()
        _salts[day] = salt
    return salt


def visitor_hash(address: str, day) -> str:
    return hashlib.sha256(f"{_salt_of(day)}|{address}".encode()).hexdigest()


def forget_old_salts(today) -> int:
    return ClickSalt.objects.filter(day__lt=today - timedelta(days=1)).delete()[0]


# --- Buffers ---------------------------------------------------------------------------------
class DatabaseClicks:
    """Development: write each click at once."""

    def push(self, click: dict) -> None:
        click = Click.objects.create(**_fields(click))
        mark_clicks([(click.at, click.link_id)])

    def flush(self) -> int:
        return 0


class RedisClicks:
    def __init__(self, url: str):
        self.redis = redis.Redis.from_url(url)

    def push(self, click: dict) -> None:
        self.redis.rpush(CLICK_LIST_KEY, json.dumps(click, separators=(",", ":")))

    def pending(self) -> int:
        return self.redis.llen(CLICK_LIST_KEY)

    def flush(self) -> int:
        """Write every buffered click; one flusher at a time (the task holds a lock)."""
        written = 0
        while True:
            batch = self.redis.lrange(CLICK_LIST_KEY, 0, FLUSH_BATCH - 1)
            if not batch:
                return written
            clicks = [Click(**_fields(json.loads(item))) for item in batch]
            with transaction.atomic():
                Click.objects.bulk_create(clicks, ignore_conflicts=True)
                mark_clicks([(click.at, click.link_id) for click in clicks])
            self.redis.ltrim(CLICK_LIST_KEY, len(batch), -1)
            written += len(batch)


def _fields(click: dict) -> dict:
    return {**click, "at": datetime.fromtimestamp(click["at"], tz=UTC)}


@cache
def click_buffer():
    url = settings.CLICKS_URL
    return RedisClicks(url) if url.startswith(("redis://", "rediss://")) else DatabaseClicks()


def record_click(*, link_id: int, request) -> None:
    user_agent = request.headers.get("User-Agent", "")
    now = time.time()
    robot = "head request" if request.method == "HEAD" else bot_name(user_agent, request.headers)
    referrer = request.headers.get("Referer", "")
    click_buffer().push(
        {
            "id": uuid.uuid4().hex,
            "link_id": link_id,
            "at": now,
            "referrer_host": (urlsplit(referrer).hostname or "")[:255] if referrer else "",
            "is_bot": bool(robot),
            "bot_name": robot,
            # Behind nginx, the visitor's address, not the proxy's (same rule as the limits).
            "visitor_hash": visitor_hash(client_address(request), timezone.localdate()),
        }
    )
