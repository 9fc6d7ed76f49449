"""The WSGI shortcut that serves `/r/<code>` around the middleware, as gunicorn runs it."""

import io
from wsgiref.util import setup_testing_defaults

import pytest

from tests.factories import make_channel
from vivier.distribution import redirect
from vivier.distribution.attribution import COOKIE_NAME
from vivier.distribution.fastpath import TrackedLinkShortcut
from vivier.distribution.models import ChannelKind, Click
from vivier.distribution.services import tracked_link

pytestmark = pytest.mark.django_db(transaction=True)


def call(app, path, method="GET", **headers):
    environ = {"PATH_INFO": path, "REQUEST_METHOD": method, "wsgi.input": io.BytesIO()}
    environ.update({f"HTTP_{name.upper()}": value for name, value in headers.items()})
    setup_testing_defaults(environ)
    answer = {}

    def start_response(status, response_headers):
        answer["status"], answer["headers"] = status, response_headers

    body = b"".join(app(environ, start_response))
    return answer["status"], answer["headers"], body


def django_itself(environ, start_response):
    start_response("404 Not Found", [("Content-Type", "text/plain")])
    return [b"from Django"]


@pytest.fixture
def app():
    redirect._links.clear()
    return TrackedLinkShortcut(django_itself)


def test_a_known_code_is_answered_without_the_middleware(app, offer):
    link = tracked_link(offer=offer, channel=make_channel(ChannelKind.X))
    status, headers, body = call(app, f"/r/{link.code}", user_agent="Mozilla/5.0 Firefox/133.0")
    assert status.startswith("302")
    names = dict(headers)
    assert names["Location"].startswith(offer.get_absolute_url() + "?utm_source=x")
    assert names["X-Content-Type-Options"] == "nosniff"
    assert any(v.startswith(f"{COOKIE_NAME}=") for n, v in headers if n == "Set-Cookie")
    assert body == b""
    assert Click.objects.get().link == link


def test_an_unknown_code_and_other_paths_go_through_django(app, offer):
    assert call(app, "/r/unknown0")[2] == b"from Django"
    assert call(app, "/offres/")[2] == b"from Django"
    assert Click.objects.count() == 0


def test_a_post_goes_through_django(app, offer):
    link = tracked_link(offer=offer, channel=make_channel(ChannelKind.X))
    assert call(app, f"/r/{link.code}", method="POST")[2] == b"from Django"
    assert Click.objects.count() == 0
