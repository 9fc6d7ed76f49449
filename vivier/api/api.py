"""Vivier's public API (django-ninja): /api/v1/…, schema at /api/openapi.json, docs at /api/docs."""

import enum
from typing import Annotated

from django.forms.models import model_to_dict
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Path, Query, Router, Status
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.security import HttpBearer

from vivier.accounts.access import offers_for_user
from vivier.api import services
from vivier.api.applications import build_router as applications_router
from vivier.api.community import build_routers as community_routers
from vivier.api.idempotency import idempotent
from vivier.api.models import Scope
from vivier.api.pagination import MAX_ID, decode_cursor, encode_cursor
from vivier.api.parser import NulRefusingParser
from vivier.api.problems import Problem, problem_response
from vivier.api.profiles import build_router as profiles_router
from vivier.api.resources import build_routers as resource_routers
from vivier.api.schemas import OfferIn, OfferOut, OfferPage, ProblemOut
from vivier.api.throttle import check_address_rate, check_token_rate
from vivier.jobs import services as offer_services
from vivier.jobs.forms import OfferForm
from vivier.jobs.models import JobOffer, OfferStatus

MAX_PAGE_SIZE = 100
OfferId = Annotated[int, Path(ge=1, le=MAX_ID)]


class TokenAuth(HttpBearer):
    def authenticate(self, request, token):
        api_token = services.authenticate(token)
        if api_token is None:
            check_address_rate(request)  # guessing tokens is limited like anonymous calls
            return None
        check_token_rate(api_token)
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
    parser=NulRefusingParser(),
)

ERRORS = {
    429: ProblemOut,
    400: ProblemOut,
    401: ProblemOut,
    403: ProblemOut,
    404: ProblemOut,
    409: ProblemOut,
    422: ProblemOut,
}


class OfferAction(enum.StrEnum):
    PUBLISH = "publish"
    CLOSE = "close"
    ARCHIVE = "archive"


@api.exception_handler(Problem)
def on_problem(request, error: Problem):
    response = problem_response(error.status, error.title, error.detail, **error.extra)
    for name, value in error.headers.items():
        response[name] = value
    return response


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
    # ninja wraps whatever reading the JSON body raised into "Cannot parse request body".
    if isinstance(error.__cause__, Problem):  # refused by the parser (parser.py)
        return on_problem(request, error.__cause__)
    if isinstance(error.__cause__, ValueError):  # not JSON, or not UTF-8
        return problem_response(400, _("Unreadable body"), _("The request body is not valid JSON."))
    return problem_response(error.status_code, str(error))


@api.exception_handler(Http404)
def on_not_found(request, error):
    return problem_response(404, _("Not found"))


def require_scope(request, scope: Scope) -> None:
    if scope not in request.api_token.scopes:
        raise Problem(403, _("Missing scope"), _("This token lacks the scope %(scope)s.") % {
            "scope": scope.value
        })  # fmt: skip


def _page(request, offers, cursor: str | None, limit: int) -> dict:
    """Cursor pagination over ids, newest first: stable while offers are being added."""
    limit = max(1, min(limit, MAX_PAGE_SIZE))
    offers = offers.select_related("department").order_by("-pk")
    if cursor:
        offers = offers.filter(pk__lt=decode_cursor(cursor))
    rows = list(offers[: limit + 1])
    items = [_offer_out(request, offer) for offer in rows[:limit]]
    next_cursor = encode_cursor(rows[limit - 1].pk) if len(rows) > limit else None
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
def read_offer(request, offer_id: OfferId):
    """One offer. Scope read:offers."""
    require_scope(request, Scope.READ_OFFERS)
    offer = offers_for_user(request.user).select_related("department").filter(pk=offer_id).first()
    if offer is None:
        raise Http404
    return _offer_out(request, offer)


def _form_errors(form) -> Problem:
    errors = {
        field: [str(message) for message in messages] for field, messages in form.errors.items()
    }
    problem = Problem(422, _("Invalid offer"), _("Some fields are invalid."))
    problem.extra = {"errors": errors}
    return problem


def _save_offer(request, payload: OfferIn, offer: JobOffer | None) -> JobOffer:
    """Validate with the same form as the staff screens, then save through the services."""
    # Start from the offer, or from a new offer's defaults, then apply what was sent.
    fields = [name for name in OfferForm.Meta.fields if offer or name != "hiring_managers"]
    data = model_to_dict(offer or JobOffer(), fields=fields)
    data = {key: value for key, value in data.items() if value is not None}
    if offer:
        data["hiring_managers"] = [manager.pk for manager in data.get("hiring_managers", [])]
    data.update(
        {key: value for key, value in payload.dict(exclude_unset=True).items() if value is not None}
    )
    form = OfferForm(data=data, instance=offer)
    if not form.is_valid():
        raise _form_errors(form)
    managers = form.cleaned_data["hiring_managers"]
    if offer is None:
        return offer_services.create_offer(
            offer=form.save(commit=False), hiring_managers=managers, by=request.user
        )
    return offer_services.update_offer(
        offer=form.save(commit=False), hiring_managers=managers, by=request.user
    )


def _require_offer_writer(request) -> None:
    require_scope(request, Scope.WRITE_OFFERS)
    if not request.user.sees_all_offers:
        raise Problem(403, _("Not allowed"), _("Only recruiters and administrators change offers."))


def _writable_offer(request, offer_id: int) -> JobOffer:
    _require_offer_writer(request)
    offer = offers_for_user(request.user).filter(pk=offer_id).first()
    if offer is None:
        raise Http404
    return offer


@offers_router.post("/", response={201: OfferOut, **ERRORS}, auth=TokenAuth())
def create_offer(request, payload: OfferIn):
    """Create a draft offer, with the checks of the staff screens. Scope write:offers.

    Send an Idempotency-Key header to retry safely: the same key never creates two offers.
    """
    _require_offer_writer(request)
    status, body = idempotent(
        request, lambda: (201, _offer_out(request, _save_offer(request, payload, None)))
    )
    return Status(status, body)


@offers_router.patch("/{offer_id}", response={200: OfferOut, **ERRORS}, auth=TokenAuth())
def change_offer(request, offer_id: OfferId, payload: OfferIn):
    """Change the fields sent. Scope write:offers."""
    offer = _writable_offer(request, offer_id)
    return _offer_out(request, _save_offer(request, payload, offer))


@offers_router.post("/{offer_id}/{action}", response={200: OfferOut, **ERRORS}, auth=TokenAuth())
def move_offer(request, offer_id: OfferId, action: OfferAction):
    """Publish, close or archive an offer. Scope write:offers."""
    offer = _writable_offer(request, offer_id)
    service = {
        OfferAction.PUBLISH: offer_services.publish_offer,
        OfferAction.CLOSE: offer_services.close_offer,
        OfferAction.ARCHIVE: offer_services.archive_offer,
    }[action]
    try:
        offer = service(offer=offer, by=request.user)
    except offer_services.TransitionError as error:
        raise Problem(409, _("Not possible now"), str(error)) from error
    return _offer_out(request, offer)


careers_router = Router(tags=["careers"])


@careers_router.get("/offers", response={200: OfferPage, **ERRORS}, auth=None)
def careers_offers(
    request, cursor: str | None = None, limit: int = Query(20, ge=1, le=MAX_PAGE_SIZE)
):
    """The open offers, as on the careers site: public, no token."""
    check_address_rate(request)
    return _page(request, JobOffer.objects.open(), cursor, limit)


api.add_router("/v1/offers", offers_router)
api.add_router("/v1/careers", careers_router)
api.add_router("/v1/applications", applications_router(TokenAuth(), require_scope, ERRORS))
api.add_router("/v1/profiles", profiles_router(TokenAuth(), require_scope, ERRORS))
for prefix, router in resource_routers(TokenAuth(), require_scope, ERRORS).items():
    api.add_router(prefix, router)
for prefix, router in community_routers(TokenAuth(), require_scope, ERRORS).items():
    api.add_router(prefix, router)
