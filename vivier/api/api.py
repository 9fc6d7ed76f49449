"""Vivier's public API (django-ninja): /api/v1/…, schema at /api/openapi.json, docs at /api/docs."""

import base64
import binascii

from django.http import Http404
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Query, Router
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.security import HttpBearer

from vivier.accounts.access import offers_for_user
from vivier.api import services
from vivier.api.models import Scope
from vivier.api.problems import Problem, problem_response
from vivier.api.schemas import OfferOut, OfferPage, ProblemOut
from vivier.jobs.models import JobOffer, OfferStatus

MAX_PAGE_SIZE = 100


class TokenAuth(HttpBearer):
    def authenticate(self, request, token):
        api_token = services.authenticate(token)
        if api_token is not None:
            request.api_token = api_token
            request.user = api_token.user
        return api_token


class VivierAPI(NinjaAPI):
    def get_openapi_schema(self, *args, **kwargs):
        """Document error bodies as what they are: RFC 9457 problem details."""
        schema = super().get_openapi_schema(*args, **kwargs)
        for operations in schema["paths"].values():
            for operation in operations.values():
                for status, response in operation.get("responses", {}).items():
                    content = response.get("content", {})
                    if int(status) >= 400 and "application/json" in content:
                        content["application/problem+json"] = content.pop("application/json")
        return schema


api = VivierAPI(
    title="Vivier API",
    version="1",
    description="Job offers, applications and more, for the employer's information system.",
    openapi_url="/openapi.json",
    docs_url="/docs",
    urls_namespace="api",
)

ERRORS = {400: ProblemOut, 401: ProblemOut, 403: ProblemOut, 404: ProblemOut, 422: ProblemOut}


@api.exception_handler(Problem)
def on_problem(request, error: Problem):
    return problem_response(error.status, error.title, error.detail)


@api.exception_handler(AuthenticationError)
def on_unauthenticated(request, error):
    response = problem_response(
        401, _("Authentication required"), _("Send a valid API token: Authorization: Bearer …")
    )
    response["WWW-Authenticate"] = "Bearer"
    return response


@api.exception_handler(ValidationError)
def on_invalid(request, error: ValidationError):
    return problem_response(422, _("Invalid request"), errors=error.errors)


@api.exception_handler(HttpError)
def on_http_error(request, error: HttpError):
    return problem_response(error.status_code, str(error))


@api.exception_handler(Http404)
def on_not_found(request, error):
    return problem_response(404, _("Not found"))


def require_scope(request, scope: Scope) -> None:
    if scope not in request.api_token.scopes:
        raise Problem(403, _("Missing scope"), _("This token lacks the scope %(scope)s.") % {
            "scope": scope.value
        })  # fmt: skip


def _encode_cursor(last_id: int) -> str:
    return base64.urlsafe_b64encode(str(last_id).encode()).decode().rstrip("=")


def _decode_cursor(cursor: str) -> int:
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        return int(base64.urlsafe_b64decode(padded.encode()).decode())
    except (ValueError, binascii.Error, UnicodeDecodeError) as error:
        raise Problem(400, _("Invalid cursor"), _("Use the next_cursor of a page.")) from error


def _page(request, offers, cursor: str | None, limit: int) -> dict:
    """Cursor pagination over ids, newest first: stable while offers are being added."""
    limit = max(1, min(limit, MAX_PAGE_SIZE))
    offers = offers.select_related("department").order_by("-pk")
    if cursor:
        offers = offers.filter(pk__lt=_decode_cursor(cursor))
    rows = list(offers[: limit + 1])
    items = [_offer_out(request, offer) for offer in rows[:limit]]
    next_cursor = _encode_cursor(rows[limit - 1].pk) if len(rows) > limit else None
    return {"items": items, "next_cursor": next_cursor}


def _offer_out(request, offer: JobOffer) -> dict:
    data = {
        field: getattr(offer, field) for field in OfferOut.model_fields if hasattr(offer, field)
    }
    data["department"] = offer.department.name if offer.department_id else None
    data["url"] = request.build_absolute_uri(offer.get_absolute_url())
    data["weekly_hours"] = float(offer.weekly_hours) if offer.weekly_hours is not None else None
    return data


offers_router = Router(tags=["offers"])


@offers_router.get("/", response={200: OfferPage, **ERRORS}, auth=TokenAuth())
def list_offers(
    request,
    status: OfferStatus | None = None,
    cursor: str | None = None,
    limit: int = Query(20, ge=1, le=MAX_PAGE_SIZE),
):
    """Offers the token's user may see (a hiring manager: theirs only). Scope read:offers."""
    require_scope(request, Scope.READ_OFFERS)
    offers = offers_for_user(request.user)
    if status:
        offers = offers.filter(status=status)
    return _page(request, offers, cursor, limit)


@offers_router.get("/{offer_id}", response={200: OfferOut, **ERRORS}, auth=TokenAuth())
def read_offer(request, offer_id: int):
    """One offer. Scope read:offers."""
    require_scope(request, Scope.READ_OFFERS)
    offer = offers_for_user(request.user).select_related("department").filter(pk=offer_id).first()
    if offer is None:
        raise Http404
    return _offer_out(request, offer)


careers_router = Router(tags=["careers"])


@careers_router.get("/offers", response={200: OfferPage, **ERRORS}, auth=None)
def careers_offers(
    request, cursor: str | None = None, limit: int = Query(20, ge=1, le=MAX_PAGE_SIZE)
):
    """The open offers, as on the careers site: public, no token."""
    return _page(request, JobOffer.objects.open(), cursor, limit)


api.add_router("/v1/offers", offers_router)
api.add_router("/v1/careers", careers_router)
