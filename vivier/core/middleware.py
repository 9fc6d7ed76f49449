from django.conf import settings
from django.utils import translation

# Video hosts whose privacy-enhanced players the careers site may embed, after a click.
VIDEO_FRAME_SOURCES = "https://www.youtube-nocookie.com https://geo.dailymotion.com"
# Browser features no page of Vivier uses, refused to the pages and anything they embed.
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "camera", "microphone", "geolocation", "payment", "usb", "serial", "bluetooth",
        "magnetometer", "gyroscope", "accelerometer", "browsing-topics",
    )
)  # fmt: skip


class ContentSecurityPolicyMiddleware:
    """Scripts and styles only from our own origin: no inline script can run, injected or not.

    It also sets the Permissions-Policy; Django's SecurityMiddleware sets the other headers
    (HSTS, X-Content-Type-Options, Referrer-Policy, Cross-Origin-Opener-Policy).
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.policy = "; ".join(
            [
                "default-src 'self'",
                "script-src 'self'",
                "style-src 'self'",
                "img-src 'self' data:",
                f"frame-src 'self' {VIDEO_FRAME_SOURCES}",
                "object-src 'none'",
                "base-uri 'self'",
                "form-action 'self'",
                "frame-ancestors 'self'",
            ]
        )

    def __call__(self, request):
        response = self.get_response(request)
        if not settings.DEBUG or "Content-Security-Policy" not in response:
            response.setdefault("Content-Security-Policy", self.policy)
        response.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response


class ApiLanguageMiddleware:
    """The API has no language in its URLs: its messages follow the Accept-Language header."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info.startswith("/api/"):
            language = translation.get_language_from_request(request, check_path=False)
            translation.activate(language)
            request.LANGUAGE_CODE = language
        return self.get_response(request)
