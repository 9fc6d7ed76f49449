"""`/r/<code>`: the hottest path of the product, so it does as little as possible.

The link is looked up once per process and minute (codes never change their target's offer);
the click goes to the buffer (see clicks.py); the answer is a 302 to the offer with UTM tags.

A tracked link can only lead to the employer's own pages: it names an offer or a campaign, never
a free address, and its target is the path of that page on this site. The target is checked all
the same (is_own_page), so that no slug or future kind of link can make /r/ an open redirect.
"""

import logging
import time
from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.http import Http404, HttpResponseRedirect
from django.urls import NoReverseMatch
from django.utils import translation
from django.views.decorators.http import require_safe

from vivier.distribution.attribution import remember_touch
from vivier.distribution.clicks import record_click
from vivier.distribution.models import UTM_MEDIUM, ChannelKind, TrackedLink

logger = logging.getLogger(__name__)

LINK_CACHE_S = 60
LINK_CACHE_SIZE = 20_000
_links: dict[str, tuple[int | None, str, float]] = {}  # code -> (link id, target, expiry)


def _target(link: TrackedLink) -> str:
    offer, campaign, channel = link.offer, link.campaign, link.channel
    with translation.override(offer.language if offer else settings.LANGUAGE_CODE):
        path = (offer or campaign).get_absolute_url()
    source = (
        channel.slug if channel.kind == ChannelKind.JOB_BOARD and channel.slug else channel.kind
    )
    utm = {
        "utm_source": source,
        "utm_medium": UTM_MEDIUM.get(channel.kind, "referral"),
        "utm_campaign": campaign.slug if campaign else f"offer-{offer.reference or offer.pk}",
    }
    return f"{path}?{urlencode(utm)}"


def is_own_page(target: str) -> bool:
    """A path on this site: no scheme, no host, and not "//host" nor "/\\host" either."""
    parts = urlsplit(target)
    return (
        target.startswith("/")
        and not target.startswith(("//", "/\\"))
        and not parts.scheme
        and not parts.netloc
        and "\\" not in parts.path
        and not any(ord(char) < 32 for char in target)
    )


def _own_target(link: TrackedLink) -> str:
    try:
        target = _target(link)
    except NoReverseMatch:
        target = ""
    if not is_own_page(target):
        logger.warning("Tracked link %s leads to no page of this site (%r)", link.code, target)
        return ""
    return target


def resolve(code: str) -> tuple[int | None, str]:
    """(link id, target path), or (None, "") for an unknown code; cached per process."""
    now = time.monotonic()
    cached = _links.get(code)
    if cached and cached[2] > now:
        return cached[0], cached[1]
    link = (
        TrackedLink.objects.select_related("offer", "campaign", "channel").filter(code=code).first()
    )
    target = _own_target(link) if link else ""
    resolved = (link.pk, target) if target else (None, "")
    if len(_links) >= LINK_CACHE_SIZE:
        _links.clear()
    _links[code] = (*resolved, now + LINK_CACHE_S)
    return resolved


def is_known(code: str) -> bool:
    return len(code) <= 16 and code.isalnum() and resolve(code)[0] is not None


@require_safe
def follow_link(request, code: str):
    if len(code) > 16 or not code.isalnum():
        raise Http404
    link_id, target = resolve(code)
    if link_id is None:
        raise Http404
    record_click(link_id=link_id, request=request)
    response = HttpResponseRedirect(target)
    response["Cache-Control"] = "private, no-store"  # every click must reach us
    remember_touch(request, response, code)
    return response
