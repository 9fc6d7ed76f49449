"""Errors as RFC 9457 problem details, with a translated message."""

from django.http import JsonResponse


class Problem(Exception):
    def __init__(self, status: int, title: str, detail: str = ""):
        super().__init__(title)
        self.status = status
        self.title = title
        self.detail = detail
        self.extra: dict = {}
        self.headers: dict = {}


def problem_response(status: int, title: str, detail: str = "", **extra) -> JsonResponse:
    body = {"type": "about:blank", "title": str(title), "status": status}
    if detail:
        body["detail"] = str(detail)
    body.update(extra)
    return JsonResponse(body, status=status, content_type="application/problem+json")
