"""A WSGI shortcut for `/r/<code>`, the hottest path of the product.

The redirect needs none of the site's middleware (sessions, language, CSRF, CSP…): going around
them and the URL resolver roughly doubles what one process answers. Everything else, including an
unknown code (which gets the site's own 404 page), goes through Django as usual.
"""

from django.conf import settings
from django.core import signals
from django.core.handlers.wsgi import WSGIRequest

from vivier.distribution import redirect


class TrackedLinkShortcut:
    def __init__(self, application):
        self.application = application

    def __call__(self, environ, start_response):
        path = environ.get("PATH_INFO", "")
        method = environ.get("REQUEST_METHOD")
        if not path.startswith("/r/") or method not in ("GET", "HEAD"):
            return self.application(environ, start_response)
        code = path[3:]
        signals.request_started.send(sender=self.__class__, environ=environ)
        try:
            if not redirect.is_known(code):
                return self.application(environ, start_response)
            response = redirect.follow_link(WSGIRequest(environ), code)
        finally:
            signals.request_finished.send(sender=self.__class__)  # closes stale DB connections
        headers = [
            *response.items(),
            ("X-Content-Type-Options", "nosniff"),
            ("Referrer-Policy", settings.SECURE_REFERRER_POLICY),
            *(("Set-Cookie", cookie.OutputString()) for cookie in response.cookies.values()),
        ]
        start_response(f"{response.status_code} {response.reason_phrase}", headers)
        return [] if method == "HEAD" else [response.content]
