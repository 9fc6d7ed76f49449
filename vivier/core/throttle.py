"""Request limits (login, password reset, applications, the API), counted in fixed windows.

Each limit is a number of requests per window of seconds for one identity (an address, an
e-mail, an API token). The count lives in the shared cache: cache.add and cache.incr are atomic
in Redis, so every web process and machine agrees on one count without a race. A fixed window
may let through up to twice the limit around its boundary; that is the price of one counter per
window, and it is enough to make guessing and flooding slow.
"""

import hashlib
import re
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

RATE = re.compile(r"^\s*(\d+)\s*/\s*(\d*)\s*([smhd])\s*$")
UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


@dataclass(frozen=True)
class Rate:
    requests: int
    window_s: int  # seconds

    @classmethod
    def parse(cls, text: str) -> "Rate":
        """'30/m', '10/15m', '5/1h': requests per window."""
        match = RATE.match(text)
        if not match:
            raise ValueError(f"A rate looks like 30/m or 10/15m, not {text!r}")
        requests, count, unit = match.groups()
        return cls(int(requests), int(count or 1) * UNITS[unit])

    def __str__(self):
        return f"{self.requests}/{self.window_s}s"


class Throttled(Exception):
    """Over the limit: come back after retry_after_s seconds."""

    def __init__(self, scope: str, rate: Rate, retry_after_s: int):
        super().__init__(f"{scope}: over {rate}")
        self.scope = scope
        self.rate = rate
        self.retry_after_s = retry_after_s


def count(scope: str, identity: str, rate: Rate) -> None:
    """Count one request of the identity in the scope; over the rate, raise Throttled."""
    now = time.time()
    window = int(now // rate.window_s)
    # Hashed: the cache holds no e-mail address or IP in clear, and keys stay short and safe.
    digest = hashlib.sha256(identity.encode()).hexdigest()[:32]
    key = f"throttle:{scope}:{rate.window_s}:{digest}:{window}"
    # The counter usually exists: increment first, create it only on the window's first request.
    try:
        used = cache.incr(key)
    except ValueError:
        used = 1 if cache.add(key, 1, timeout=rate.window_s * 2) else cache.incr(key)
    if used > rate.requests:
        retry_after_s = int((window + 1) * rate.window_s - now) + 1
        raise Throttled(scope, rate, retry_after_s)


def rate_for(scope: str) -> Rate:
    """The configured rate of a scope (settings.THROTTLE_RATES), read at each request."""
    return Rate.parse(settings.THROTTLE_RATES[scope])


def check(scope: str, identity: str) -> None:
    count(scope, identity, rate_for(scope))


def client_address(request) -> str:
    """The visitor's address, behind as many trusted proxies as ALLAUTH_TRUSTED_PROXY_COUNT.

    The same rule as allauth's own limits, so that both count the same visitor.
    """
    from allauth.account.adapter import get_adapter

    try:
        return get_adapter(request).get_client_ip(request)
    except PermissionDenied:
        return "unknown"


def retry_after_text(seconds: int) -> str:
    minutes = (seconds + 59) // 60
    if seconds < 90:
        return ngettext(
            "Please try again in %(count)d second.",
            "Please try again in %(count)d seconds.",
            seconds,
        ) % {"count": seconds}
    return ngettext(
        "Please try again in %(count)d minute.",
        "Please try again in %(count)d minutes.",
        minutes,
    ) % {"count": minutes}


def too_many_requests(
    request, error: Throttled | None = None, *, template="429.html", context=None
):
    """The translated 429 page, with Retry-After when the wait is known."""
    page = {
        "retry_after": retry_after_text(error.retry_after_s) if error else "",
        "message": _("Too many attempts in a short time."),
        **(context or {}),
    }
    response = render(request, template, page, status=429)
    if error:
        response["Retry-After"] = str(error.retry_after_s)
    response["Cache-Control"] = "no-store"
    return response
