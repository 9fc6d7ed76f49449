"""Talent-pool profiles through the API: the screens' rules (recruiters only, the private-sphere
rule, provenance of every field, the duty to inform), and every read logged."""

import datetime as dt
from typing import Annotated

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email
from django.db import transaction
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Path, Query, Router, Schema, Status
from pydantic import Field

from vivier.api.models import Scope
from vivier.api.pagination import decode_cursor, encode_cursor
from vivier.api.problems import Problem
from vivier.privacy import audit
from vivier.privacy.models import AuditAction
from vivier.talent import services as talent
from vivier.talent.models import LegalBasis, Profile, SourceKind
from vivier.talent.search import search_ids

MAX_PAGE_SIZE = 100
ProfileId = Annotated[int, Path(ge=1, le=2**63 - 1)]
Short = Annotated[str, Field(max_length=120)]


class SourceOut(Schema):
    id: int
    kind: str
    detail: str
    url: str
    legal_basis: str
    supplied_by_candidate: bool
    at: dt.datetime


class ItemOut(Schema):
    label: str
    detail: str
    source: int


class ProfileOut(Schema):
    id: int
    first_name: str
    last_name: str
    email: str
    phone: str
    headline: str
    summary: str
    city: str
    region: str
    country: str
    available_from: dt.date | None
    tags: list[str]
    rating: int | None
    must_be_informed_by: dt.date | None
    informed_at: dt.datetime | None
    field_sources: dict[str, int]
    sources: list[SourceOut]
    experiences: list[ItemOut]
    education: list[ItemOut]
    skills: list[ItemOut]
    languages: list[ItemOut]
    links: list[ItemOut]
    applications: list[int]
    created_at: dt.datetime
    updated_at: dt.datetime


class ProfilePage(Schema):
    items: list[ProfileOut]
    next_cursor: str | None


class ProfileIn(Schema):
    """A profile's identity fields; on a change (PATCH) only the fields sent change."""

    first_name: Short | None = None
    last_name: Short | None = None
    email: Annotated[str, Field(max_length=254)] | None = None
    phone: Annotated[str, Field(max_length=30)] | None = None
    headline: Annotated[str, Field(max_length=200)] | None = None
    summary: Annotated[str, Field(max_length=10_000)] | None = None
    city: Short | None = None
    region: Short | None = None
    country: Annotated[str, Field(max_length=2)] | None = None
    available_from: dt.date | None = None


class NewProfileIn(ProfileIn):
    first_name: Annotated[str, Field(min_length=1, max_length=120)]
    last_name: Annotated[str, Field(min_length=1, max_length=120)]
    links: Annotated[list[Annotated[str, Field(max_length=500)]], Field(max_length=20)] = []
    detail: Annotated[str, Field(max_length=300)] = ""


def _items(rows, label, detail) -> list[dict]:
    return [{"label": label(row), "detail": detail(row), "source": row.source_id} for row in rows]


def profile_out(profile: Profile) -> dict:
    data = {name: getattr(profile, name) for name in (
        "id", "first_name", "last_name", "email", "phone", "headline", "summary", "city",
        "region", "country", "available_from", "tags", "rating", "must_be_informed_by",
        "informed_at", "created_at", "updated_at",
    )}  # fmt: skip
    data["field_sources"] = {item.field: item.source_id for item in profile.field_sources.all()}
    data["sources"] = [
        {name: getattr(source, name) for name in SourceOut.model_fields}
        for source in profile.sources.all()
    ]
    data["experiences"] = _items(
        profile.experiences.all(), lambda e: e.title,
        lambda e: " · ".join(filter(None, [e.organisation, str(e.starts_on or ""),
                                           str(e.ends_on or "")])),
    )  # fmt: skip
    data["education"] = _items(profile.education.all(), lambda e: e.title, lambda e: e.school)
    data["skills"] = _items(profile.skills.all(), lambda s: s.label, lambda s: s.level)
    data["languages"] = _items(profile.languages.all(), lambda lang: lang.language,
                               lambda lang: lang.level)  # fmt: skip
    data["links"] = _items(profile.links.all(), lambda link: link.url, lambda link: "")
    data["applications"] = (
        [application.pk for application in profile.candidate.applications.all()]
        if profile.candidate_id
        else []
    )
    return data


def _profiles():
    return Profile.objects.select_related("candidate").prefetch_related(
        "field_sources", "sources", "experiences", "education", "skills", "languages", "links",
        "candidate__applications",
    )  # fmt: skip


def _checked_fields(payload: ProfileIn) -> dict:
    fields = {
        name: value.strip() if isinstance(value, str) else value
        for name, value in payload.dict(exclude_unset=True).items()
        if name in ProfileIn.model_fields and value is not None
    }
    if fields.get("email"):
        try:
            validate_email(fields["email"])
        except ValidationError as error:
            raise Problem(422, _("Invalid e-mail address"), " ".join(error.messages)) from error
    return fields


def build_router(auth, require_scope, errors) -> Router:
    router = Router(tags=["profiles"])

    def recruiter(request, scope: Scope) -> None:
        require_scope(request, scope)
        if not request.user.sees_all_offers:
            raise Problem(403, _("Not allowed"), _("Only recruiters and administrators do this."))

    def log(request, profiles, action=AuditAction.VIEW) -> None:
        audit.record_many(
            actor=request.user, action=action, objects=profiles, via="api",
            detail=f"token {request.api_token.prefix}",
        )  # fmt: skip

    def one(profile_id: int) -> Profile:
        profile = _profiles().filter(pk=profile_id).first()
        if profile is None:
            raise Http404
        return profile

    @router.get("/", response={200: ProfilePage, **errors}, auth=auth)
    def list_profiles(
        request,
        q: Annotated[str, Field(max_length=200)] | None = None,
        cursor: str | None = None,
        limit: int = Query(20, ge=1, le=MAX_PAGE_SIZE),
    ):
        """The talent pool, newest first, or the people matching `q` (the pool's full-text
        search). Scope read:profiles. Each profile read is logged."""
        recruiter(request, Scope.READ_PROFILES)
        profiles = _profiles().order_by("-pk")
        if q and q.strip():
            profiles = profiles.filter(pk__in=search_ids(q))
        if cursor:
            profiles = profiles.filter(pk__lt=decode_cursor(cursor))
        rows = list(profiles[: limit + 1])
        page = rows[:limit]
        log(request, page)
        return {
            "items": [profile_out(profile) for profile in page],
            "next_cursor": encode_cursor(page[-1].pk) if len(rows) > limit else None,
        }

    @router.get("/{profile_id}", response={200: ProfileOut, **errors}, auth=auth)
    def read_profile(request, profile_id: ProfileId):
        """One profile, each field and item with its source. Scope read:profiles. Logged."""
        recruiter(request, Scope.READ_PROFILES)
        profile = one(profile_id)
        log(request, [profile])
        return profile_out(profile)

    @router.post("/", response={201: ProfileOut, **errors}, auth=auth)
    def create_profile(request, payload: NewProfileIn):
        """Add a person to the pool, as a recruiter's entry (legitimate interest): the person
        will be told within a month. Links to personal networks are refused (L1221-6).
        Scope write:profiles."""
        recruiter(request, Scope.WRITE_PROFILES)
        fields = _checked_fields(payload)
        links = [url.strip() for url in payload.links if url.strip()]
        for url in links:
            try:
                URLValidator(schemes=["http", "https"])(url)
            except ValidationError as error:
                raise Problem(422, _("Invalid link"), " ".join(error.messages)) from error
        try:
            with transaction.atomic():  # a refused link leaves no profile behind
                profile = talent.create_profile(
                    fields=fields, source_kind=SourceKind.MANUAL,
                    legal_basis=LegalBasis.LEGITIMATE_INTEREST, by=request.user,
                    detail=payload.detail or "API",
                )  # fmt: skip
                for url in links:
                    talent.add_link(profile=profile, url=url, by=request.user)
        except talent.PrivateSphereRefused as error:
            raise Problem(422, _("Personal network refused"), str(error)) from error
        return Status(201, profile_out(one(profile.pk)))

    @router.patch("/{profile_id}", response={200: ProfileOut, **errors}, auth=auth)
    def change_profile(request, profile_id: ProfileId, payload: ProfileIn):
        """Change the fields sent; each changed field's source becomes this change.
        Scope write:profiles."""
        recruiter(request, Scope.WRITE_PROFILES)
        profile = one(profile_id)
        fields = _checked_fields(payload)
        if (
            "first_name" in fields
            and not fields["first_name"]
            or ("last_name" in fields and not fields["last_name"])
        ):
            raise Problem(422, _("Invalid profile"), _("A name cannot be empty."))
        talent.update_profile(profile=profile, fields=fields, by=request.user, detail="API")
        log(request, [profile], AuditAction.CHANGE)
        return profile_out(one(profile_id))

    return router
