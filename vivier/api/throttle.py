"""Per-token and per-address request limits, counted in fixed one-minute windows.

cache.incr is atomic in Redis, so every web process shares one count without a race.
"""

import time

from django.conf import settings
from django.core.cache import cache
from django.utils.translation import gettext as _

from vivier.api.problems import Problem

WINDOW_S = 60


def check_rate(identity: str, limit_per_minute: int) -> None:
    """Count one request for the identity; over the limit, answer 429 with Retry-After."""
    now = time.time()
    window = int(now // WINDOW_S)
    key = f"api-rate:{identity}:{window}"
    cache.add(key, 0, timeout=WINDOW_S * 2)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=WINDOW_S * 2)
        count = 1
    if count > limit_per_minute:
        retry_after = int((window + 1) * WINDOW_S - now) + 1
        problem = Problem(
            429,
            _("Too many requests"),
            _("This client sent more than %(limit)s requests this minute.")
            % {"limit": limit_per_minute},
        )
        problem.headers = {"Retry-After": str(retry_after)}
        raise problem


def check_token_rate(token) -> None:
    check_rate(f"token:{token.pk}", settings.API_REQUESTS_PER_MINUTE_PER_TOKEN)


def check_address_rate(request) -> None:
    address = request.META.get("REMOTE_ADDR", "unknown")
    check_rate(f"address:{address}", settings.API_REQUESTS_PER_MINUTE_ANONYMOUS)
