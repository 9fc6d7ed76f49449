"""Applications through the API: the same services, access rules and audit as the screens."""

import datetime as dt
from collections import defaultdict
from typing import Annotated

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import File, Form, Path, Query, Router, Schema, Status
from ninja.files import UploadedFile
from pydantic import BaseModel, Field

from vivier.accounts.access import (
    applications_for_user,
    get_application_for_user,
    get_offer_for_user,
)
from vivier.api.idempotency import idempotent
from vivier.api.models import Scope
from vivier.api.pagination import decode_cursor, encode_cursor
from vivier.api.problems import Problem
from vivier.api.schemas import Id
from vivier.distribution.models import TrackedLink
from vivier.hiring import services as hiring
from vivier.hiring.models import (
    CareerStage,
    DeclaredSource,
    Document,
    PipelineStage,
    RejectionReason,
    StageKind,
    stage_label,
)
from vivier.hiring.pipelines import template_of
from vivier.privacy import audit
from vivier.privacy.models import AuditAction

MAX_PAGE_SIZE = 100
ApplicationId = Annotated[int, Path(ge=1, le=2**63 - 1)]
Text = Annotated[str, Field(max_length=10_000)]


# The answers are built as dicts (_out): plain pydantic models check a page of them
# ten times faster than ninja's Schema, which wraps every value to read it as an ORM object.
class StageOut(BaseModel):
    id: int
    kind: str
    label: str


class CandidateOut(BaseModel):
    id: int
    first_name: str
    last_name: str
    email: str
    phone: str


class ApplicationOut(BaseModel):
    id: int
    offer: int
    offer_title: str
    candidate: CandidateOut
    stage: StageOut
    furthest_stage: str
    rejection_reason: str
    cover_letter: str
    declared_source: str
    declared_source_detail: str
    tracked_channel: str | None
    career_stage: str
    language: str
    submitted_at: dt.datetime
    last_submitted_at: dt.datetime
    stage_changed_at: dt.datetime
    hired_at: dt.datetime | None
    documents: list[str]


class ApplicationPage(BaseModel):
    items: list[ApplicationOut]
    next_cursor: str | None


class StageIn(Schema):
    stage: Id
    rejection_reason: RejectionReason | None = None
    send_email: bool = False


class NoteIn(Schema):
    body: Annotated[str, Field(min_length=1, max_length=10_000)]


class NoteOut(Schema):
    id: int
    body: str
    author: str
    created_at: dt.datetime


class ApplicationIn(Schema):
    offer: Id
    first_name: Annotated[str, Field(min_length=1, max_length=120)]
    last_name: Annotated[str, Field(min_length=1, max_length=120)]
    email: Annotated[str, Field(min_length=3, max_length=254)]
    phone: Annotated[str, Field(max_length=30)] = ""
    cover_letter: Text = ""
    declared_source: DeclaredSource | None = None
    declared_source_detail: Annotated[str, Field(max_length=200)] = ""
    career_stage: CareerStage | None = None
    talent_pool_consent: bool = False
    consent_text: Annotated[str, Field(max_length=2000)] = ""


# What the API shows of an application, read as plain values: building the five model instances
# behind each row of a page cost more than all the rest of the request. The tracked channel's
# name comes in a query of its own: joining two more tables tripled PostgreSQL's planning time.
LISTED_VALUES = (
    "id", "offer_id", "offer__title", "candidate_id", "candidate__first_name",
    "candidate__last_name", "candidate__email", "candidate__phone", "stage_id", "stage__kind",
    "stage__name", "last_touch_id", "furthest_stage", "rejection_reason",
    "cover_letter", "declared_source", "declared_source_detail", "career_stage", "language",
    "submitted_at", "last_submitted_at", "stage_changed_at", "hired_at",
)  # fmt: skip
AS_STORED = (
    "id", "furthest_stage", "rejection_reason", "cover_letter", "declared_source",
    "declared_source_detail", "career_stage", "language", "submitted_at", "last_submitted_at",
    "stage_changed_at", "hired_at",
)  # fmt: skip


def _out(row: dict, documents: list[str], channels: dict[int, str]) -> dict:
    return {
        **{name: row[name] for name in AS_STORED},
        "offer": row["offer_id"],
        "offer_title": row["offer__title"],
        "candidate": {
            "id": row["candidate_id"],
            "first_name": row["candidate__first_name"],
            "last_name": row["candidate__last_name"],
            "email": row["candidate__email"],
            "phone": row["candidate__phone"],
        },  # fmt: skip
        "stage": {
            "id": row["stage_id"],
            "kind": row["stage__kind"],
            "label": stage_label(row["stage__name"], row["stage__kind"]),
        },  # fmt: skip
        "tracked_channel": channels.get(row["last_touch_id"]),
        # The files themselves only through the authorised, logged view of the back office.
        "documents": documents,
    }


def _shown(request, rows: list[dict]) -> list[dict]:
    """The rows as the API shows them, with their documents' names; each read is logged."""
    names = defaultdict(list)
    documents = Document.objects.filter(application_id__in=[row["id"] for row in rows])
    for application_id, name in documents.values_list("application_id", "original_name"):
        names[application_id].append(name)
    audit.record_reads(
        actor=request.user, action=AuditAction.VIEW, object_type="application",
        keys=[(row["id"], audit.candidate_key(row["candidate_id"])) for row in rows],
        via="api", detail=f"token {request.api_token.prefix}",
    )  # fmt: skip
    links = {row["last_touch_id"] for row in rows} - {None}
    channels = dict(
        TrackedLink.objects.filter(pk__in=links).values_list("pk", "channel__name") if links else ()
    )
    return [_out(row, names[row["id"]], channels) for row in rows]


def _shown_one(request, application_id: int) -> dict:
    rows = list(
        applications_for_user(request.user).filter(pk=application_id).values(*LISTED_VALUES)
    )
    if not rows:
        raise Http404
    return _shown(request, rows)[0]


def build_router(auth, require_scope, errors) -> Router:
    router = Router(tags=["applications"])

    def _in_utc(moment: dt.datetime) -> dt.datetime:
        """ISO 8601 allows offsets (up to ±23:59) that PostgreSQL refuses beyond ±15:59."""
        if timezone.is_naive(moment):
            moment = timezone.make_aware(moment)
        try:
            return moment.astimezone(dt.UTC)
        except OverflowError as error:  # a year-1 date moved before the calendar's start
            raise Problem(
                422, _("Invalid date"), _("Give a date between the years 1 and 9999.")
            ) from error

    @router.get("/", response={200: ApplicationPage, **errors}, auth=auth)
    def list_applications(
        request,
        offer: Id | None = None,
        stage: StageKind | None = None,
        since: dt.datetime | None = None,
        cursor: str | None = None,
        limit: int = Query(20, ge=1, le=MAX_PAGE_SIZE),
    ):
        """Applications the token's user may see, newest first; filter by offer, stage kind or
        last submission since a date. Scope read:applications. Each one read is logged."""
        require_scope(request, Scope.READ_APPLICATIONS)
        applications = applications_for_user(request.user).order_by("-pk")
        if offer:
            applications = applications.filter(offer_id=offer)
        if stage:
            applications = applications.filter(stage__kind=stage)
        if since:
            applications = applications.filter(last_submitted_at__gte=_in_utc(since))
        if cursor:
            applications = applications.filter(pk__lt=decode_cursor(cursor))
        rows = list(applications.values(*LISTED_VALUES)[: limit + 1])
        page = rows[:limit]
        return {
            "items": _shown(request, page),
            "next_cursor": encode_cursor(page[-1]["id"]) if len(rows) > limit else None,
        }

    @router.get("/{application_id}", response={200: ApplicationOut, **errors}, auth=auth)
    def read_application(request, application_id: ApplicationId):
        """One application. Scope read:applications. Logged."""
        require_scope(request, Scope.READ_APPLICATIONS)
        return _shown_one(request, application_id)

    @router.post("/{application_id}/stage", response={200: ApplicationOut, **errors}, auth=auth)
    def move_application(request, application_id: ApplicationId, payload: StageIn):
        """Move to a stage; a rejection needs a reason (and sends the template e-mail when
        send_email is true). Scope write:applications."""
        require_scope(request, Scope.WRITE_APPLICATIONS)
        application = get_application_for_user(request.user, application_id)
        stage = PipelineStage.objects.filter(
            pk=payload.stage, is_active=True, template=template_of(application.offer)
        ).first()
        if stage is None:
            raise Problem(
                422, _("Unknown stage"),
                _("Use the id of an active stage of the offer's pipeline template."),
            )  # fmt: skip
        if stage.kind == StageKind.REJECTED:
            if payload.rejection_reason is None:
                raise Problem(422, _("Reason required"), _("A rejection needs a reason."))
            hiring.reject_application(
                application=application, reason=payload.rejection_reason, by=request.user,
                send_email=payload.send_email,
            )  # fmt: skip
        else:
            hiring.move_application(application=application, stage=stage, by=request.user)
        return _shown_one(request, application_id)

    @router.post("/{application_id}/notes", response={201: NoteOut, **errors}, auth=auth)
    def add_note(request, application_id: ApplicationId, payload: NoteIn):
        """Add a note to an application, as the token's user. Scope write:applications."""
        require_scope(request, Scope.WRITE_APPLICATIONS)
        application = get_application_for_user(request.user, application_id)
        if not payload.body.strip():
            raise Problem(422, _("Empty note"), _("A note cannot be empty."))
        note = hiring.add_note(application=application, body=payload.body, by=request.user)
        return Status(201, {
            "id": note.pk, "body": note.body, "author": str(request.user),
            "created_at": note.created_at,
        })  # fmt: skip

    @router.post("/", response={201: ApplicationOut, **errors}, auth=auth)
    def create_application(request, payload: Form[ApplicationIn], cv: File[UploadedFile]):
        """File an application from another form (multipart: the fields and `cv`), with the
        careers site's checks: open offer, CV checked by content (PDF or DOCX, 10 MB at most).
        Recruiters only. Scope write:applications. Idempotency-Key supported."""
        require_scope(request, Scope.WRITE_APPLICATIONS)
        if not request.user.sees_all_offers:
            raise Problem(403, _("Not allowed"), _("Only recruiters and administrators do this."))
        try:
            offer = get_offer_for_user(request.user, payload.offer)
        except Http404 as error:
            raise Problem(422, _("Unknown offer"), _("Use the id of an open offer.")) from error

        try:
            validate_email(payload.email.strip())
        except ValidationError as error:
            raise Problem(422, _("Invalid e-mail address"), " ".join(error.messages)) from error

        def perform():
            details = hiring.ApplicantDetails(
                first_name=payload.first_name.strip(), last_name=payload.last_name.strip(),
                email=payload.email.strip(), phone=payload.phone.strip(),
                cover_letter=payload.cover_letter, declared_source=payload.declared_source or "",
                declared_source_detail=payload.declared_source_detail,
                talent_pool_consent=payload.talent_pool_consent,
                consent_text=payload.consent_text, language=offer.language,
                career_stage=payload.career_stage or "",
            )  # fmt: skip
            try:
                with transaction.atomic():
                    application, _created = hiring.submit_application(
                        offer=offer, details=details, cv=cv
                    )
            except hiring.ApplicationRefused as error:
                raise Problem(422, _("Application refused"), str(error)) from error
            except ValidationError as error:
                raise Problem(422, _("Invalid CV"), " ".join(error.messages)) from error
            return 201, _shown_one(request, application.pk)

        status, body = idempotent(request, perform)
        return Status(status, body)

    return router
