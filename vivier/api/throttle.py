"""The API's limits: per token and per address, counted by vivier/core/throttle.py.

Over the limit, the API answers a 429 problem document with Retry-After.
"""

from django.conf import settings
from django.utils.translation import gettext as _

from vivier.api.problems import Problem
from vivier.core.throttle import Rate, Throttled, client_address, count

WINDOW_S = 60


def check_rate(identity: str, limit_per_minute: int) -> None:
    """Count one request for the identity; over the limit, answer 429 with Retry-After."""
    try:
        count("api", identity, Rate(limit_per_minute, WINDOW_S))
    except Throttled as error:
        problem = Problem(
            429,
            _("Too many requests"),
            _("This client sent more than %(limit)s requests this minute.")
            % {"limit": limit_per_minute},
        )
        problem.headers = {"Retry-After": str(error.retry_after_s)}
        raise problem from error


def check_token_rate(token) -> None:
    check_rate(f"token:{token.pk}", settings.API_REQUESTS_PER_MINUTE_PER_TOKEN)


def check_address_rate(request) -> None:
    check_rate(f"address:{client_address(request)}", settings.API_REQUESTS_PER_MINUTE_ANONYMOUS)
