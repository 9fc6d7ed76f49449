"""Which tracked links brought a visitor: a first-party cookie with the first and the last touch.

Value: `<first code>.<unix time>|<last code>.<unix time>`. Only codes and times, nothing about
the person; it lives for the attribution window (ATTRIBUTION_WINDOW_DAYS) and is read when the
visitor applies.
"""

import time
from dataclasses import dataclass
from datetime import UTC, datetime

from django.conf import settings

COOKIE_NAME = "vivier_src"


@dataclass
class Touch:
    code: str
    at: float  # unix time

    def __str__(self):
        return f"{self.code}.{int(self.at)}"


def _window_s() -> int:
    return settings.ATTRIBUTION_WINDOW_DAYS * 24 * 3600


def read_touches(request) -> tuple[Touch | None, Touch | None]:
    """(first, last) touches still inside the window; either may be None."""
    touches = []
    for part in request.COOKIES.get(COOKIE_NAME, "").split("|")[:2]:
        code, _dot, stamp = part.partition(".")
        if code.isalnum() and stamp.isdigit() and time.time() - int(stamp) <= _window_s():
            touches.append(Touch(code, float(stamp)))
        else:
            touches.append(None)
    touches += [None] * (2 - len(touches))
    first, last = touches
    return first or last, last or first


def remember_touch(request, response, code: str) -> None:
    """This visit becomes the last touch; the first stays while it is inside the window."""
    now = Touch(code, time.time())
    first, _last = read_touches(request)
    response.set_cookie(
        COOKIE_NAME,
        f"{first or now}|{now}",
        max_age=_window_s(),
        secure=request.is_secure(),
        httponly=True,
        samesite="Lax",
    )


def touches_for_application(request) -> dict:
    """Fields of an application from the cookie: links and times of the first and last touch."""
    from vivier.distribution.models import TrackedLink

    first, last = read_touches(request)
    codes = {touch.code for touch in (first, last) if touch}
    links = {link.code: link for link in TrackedLink.objects.filter(code__in=codes)}
    fields = {}
    for name, touch in (("first_touch", first), ("last_touch", last)):
        if touch and touch.code in links:
            fields[name] = links[touch.code]
            fields[f"{name}_at"] = datetime.fromtimestamp(touch.at, tz=UTC)
    return fields
