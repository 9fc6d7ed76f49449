"""Cache of the public pages for anonymous visitors, so that a viral post costs no query.

Every cached page's key carries a version number kept in the shared cache. Any change to what the
public pages show (an offer, the employer's profile, a department) bumps the version after the
transaction commits, which invalidates every cached page at once: simple, and always correct.
"""

import hashlib
from functools import wraps

from django.core.cache import cache
from django.db import transaction
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.utils.cache import patch_cache_control, patch_vary_headers, set_response_etag
from django.utils.http import http_date
from django.utils.translation import get_language

from vivier.core import antibot

VERSION_KEY = "careers:public-version"
PAGE_TTL_S = 300  # seconds; also bounds how long an offer past its closing date stays listed
BROWSER_MAX_AGE_S = 60  # seconds a browser or a CDN may reuse a page without asking again


def public_version() -> int:
    version = cache.get(VERSION_KEY)
    if version is None:
        # add() is atomic: two processes starting together agree on the first version.
        cache.add(VERSION_KEY, 1, timeout=None)
        version = cache.get(VERSION_KEY, 1)
    return version


def bump_public_version() -> None:
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.add(VERSION_KEY, 1, timeout=None)


def invalidate_public_pages(**_signal_arguments) -> None:
    """Signal receiver: pages change once the change is committed, not before."""
    transaction.on_commit(bump_public_version)


def is_cacheable(request) -> bool:
    # A visitor with a session or a pending message sees a personal page.
    return (
        request.method in ("GET", "HEAD")
        and not request.COOKIES.get("sessionid")
        and not request.COOKIES.get("messages")
    )


def _page_key(request, version) -> str:
    # htmx asks the same address for a fragment of the page.
    variant = "fragment" if request.headers.get("HX-Request") else "page"
    path_hash = hashlib.md5(request.get_full_path().encode(), usedforsecurity=False)
    return f"careers:{version}:{get_language()}:{variant}:{path_hash.hexdigest()}"


def cached_public_page(view):
    """Serve the anonymous page from the cache; the response carries an ETag for 304 answers."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not is_cacheable(request):
            return view(request, *args, **kwargs)
        key = _page_key(request, public_version())
        response = cache.get(key)
        if response is None:
            response = view(request, *args, **kwargs)
            if response.status_code != 200 or response.cookies or response.streaming:
                return response
            set_response_etag(response)
            response["Last-Modified"] = http_date()
            patch_vary_headers(response, ["HX-Request"])
            patch_cache_control(response, public=True, max_age=BROWSER_MAX_AGE_S)
            cache.set(key, response, PAGE_TTL_S)
        return response

    return wrapper


# Stands in the cached HTML where each visitor's own CSRF token goes.
CSRF_PLACEHOLDER = "vivier-csrf-placeholder-9c1e"


def cached_form_page(request, render_page) -> HttpResponse:
    """A blank form page from the cache, with this visitor's CSRF token and anti-bot ticket.

    render_page(csrf_token) returns the page's HTML; it is called once per version and language.
    The token and the ticket cannot be cached (they are the visitor's), so the cache keeps
    placeholders instead (the form is built with antibot.TICKET_PLACEHOLDER as its ticket).
    """
    key = _page_key(request, public_version())
    html = cache.get(key)
    if html is None:
        html = render_page(CSRF_PLACEHOLDER)
        cache.set(key, html, PAGE_TTL_S)
    html = html.replace(CSRF_PLACEHOLDER, get_token(request))
    response = HttpResponse(html.replace(antibot.TICKET_PLACEHOLDER, antibot.issue_ticket()))
    patch_cache_control(response, private=True, no_cache=True)
    return response
