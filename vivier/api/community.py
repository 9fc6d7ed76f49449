"""Hubs and referrals through the API (read only): the employer's network for the intranet and
payroll (referral bonuses).

Recruiters and administrators only, as on the screens. Ids, statuses, dates and amounts: a
referred person's name and address never leave through here (read the application, logged,
with read:applications).
"""

import datetime as dt
from decimal import Decimal
from typing import Annotated

from django.db.models import Count
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Path, Query, Router
from pydantic import BaseModel

from vivier.api.models import Scope
from vivier.api.pagination import decode_cursor, encode_cursor
from vivier.api.problems import Problem
from vivier.api.schemas import Id
from vivier.community.hubs.models import Hub, Membership
from vivier.community.referrals import selectors
from vivier.community.referrals.models import Referral, ReferralKind, ReferralStatus

MAX_PAGE_SIZE = 100
ObjectId = Annotated[int, Path(ge=1, le=2**63 - 1)]


class HubOut(BaseModel):
    id: int
    name: str
    slug: str
    kind: str
    description: str
    is_archived: bool
    members: int
    moderators: list[int]
    partner_organisations: list[int]
    created_at: dt.datetime


class HubPage(BaseModel):
    items: list[HubOut]
    next_cursor: str | None


class BonusOut(BaseModel):
    amount: Decimal
    starts_on: dt.date
    due_on: dt.date
    paid_at: dt.datetime | None


class ReferralOut(BaseModel):
    id: int
    offer: int
    referrer: int
    referrer_name: str
    referrer_email: str
    kind: ReferralKind
    status: ReferralStatus
    application: int | None
    created_at: dt.datetime
    applied_at: dt.datetime | None
    hired_at: dt.datetime | None
    bonus: BonusOut | None


class ReferralPage(BaseModel):
    items: list[ReferralOut]
    next_cursor: str | None


def _recruiter(request, scope: Scope, require_scope) -> None:
    require_scope(request, scope)
    if not request.user.sees_all_offers:
        raise Problem(403, _("Not allowed"), _("Only recruiters and administrators do this."))


def _hubs():
    return Hub.objects.annotate(member_count=Count("memberships")).prefetch_related(
        "partner_organisations"
    )


def _hub_out(hub: Hub, moderators: dict[int, list[int]]) -> dict:
    return {
        "id": hub.pk,
        "name": hub.name,
        "slug": hub.slug,
        "kind": hub.kind,
        "description": hub.description,
        "is_archived": hub.is_archived,
        "members": hub.member_count,
        "moderators": moderators.get(hub.pk, []),
        "partner_organisations": [partner.pk for partner in hub.partner_organisations.all()],
        "created_at": hub.created_at,
    }


def _moderators(hubs) -> dict[int, list[int]]:
    found: dict[int, list[int]] = {}
    rows = Membership.objects.filter(
        hub__in=hubs, role=Membership.Role.MODERATOR, is_banned=False
    ).order_by("user_id")
    for hub_id, user_id in rows.values_list("hub_id", "user_id"):
        found.setdefault(hub_id, []).append(user_id)
    return found


def _referrals():
    return Referral.objects.select_related(
        "referrer", "application__stage", "application__referral_bonus"
    )


def _referral_out(referral: Referral) -> dict:
    application = referral.application
    bonus = getattr(application, "referral_bonus", None) if application else None
    return {
        "id": referral.pk,
        "offer": referral.offer_id,
        "referrer": referral.referrer_id,
        "referrer_name": referral.referrer.get_full_name(),
        "referrer_email": referral.referrer.email,
        "kind": referral.kind,
        "status": referral.status,
        "application": referral.application_id,
        "created_at": referral.created_at,
        "applied_at": referral.applied_at,
        "hired_at": application.hired_at if application else None,
        "bonus": {
            "amount": bonus.amount,
            "starts_on": bonus.starts_on,
            "due_on": bonus.due_on,
            "paid_at": bonus.paid_at,
        }
        if bonus
        else None,
    }


def build_routers(auth, require_scope, errors) -> dict[str, Router]:
    hubs = Router(tags=["hubs"])

    @hubs.get("/", response={200: HubPage, **errors}, auth=auth)
    def list_hubs(
        request,
        kind: Hub.Kind | None = None,
        cursor: str | None = None,
        limit: int = Query(20, ge=1, le=MAX_PAGE_SIZE),
    ):
        """The employer's hubs, newest first, with their member count and moderators (user ids).
        Scope read:hubs."""
        _recruiter(request, Scope.READ_HUBS, require_scope)
        found = _hubs().order_by("-pk")
        if kind:
            found = found.filter(kind=kind)
        if cursor:
            found = found.filter(pk__lt=decode_cursor(cursor))
        rows = list(found[: limit + 1])
        page = rows[:limit]
        moderators = _moderators(page)
        return {
            "items": [_hub_out(hub, moderators) for hub in page],
            "next_cursor": encode_cursor(page[-1].pk) if len(rows) > limit else None,
        }

    @hubs.get("/{hub_id}", response={200: HubOut, **errors}, auth=auth)
    def read_hub(request, hub_id: ObjectId):
        """One hub. Scope read:hubs."""
        _recruiter(request, Scope.READ_HUBS, require_scope)
        hub = _hubs().filter(pk=hub_id).first()
        if hub is None:
            raise Http404
        return _hub_out(hub, _moderators([hub]))

    referrals = Router(tags=["referrals"])

    @referrals.get("/", response={200: ReferralPage, **errors}, auth=auth)
    def list_referrals(
        request,
        offer: Id | None = None,
        referrer: Id | None = None,
        status: ReferralStatus | None = None,
        cursor: str | None = None,
        limit: int = Query(20, ge=1, le=MAX_PAGE_SIZE),
    ):
        """Referrals, newest first: who referred, for which offer, how far it went (applied, in
        process, hired) and the bonus it earned. Filter by offer, referrer (user id) or status.
        Scope read:referrals."""
        _recruiter(request, Scope.READ_REFERRALS, require_scope)
        found = _referrals().order_by("-pk")
        if offer:
            found = found.filter(offer_id=offer)
        if referrer:
            found = found.filter(referrer_id=referrer)
        if status:
            found = found.filter(selectors.with_status(status))
        if cursor:
            found = found.filter(pk__lt=decode_cursor(cursor))
        rows = list(found[: limit + 1])
        page = rows[:limit]
        return {
            "items": [_referral_out(referral) for referral in page],
            "next_cursor": encode_cursor(page[-1].pk) if len(rows) > limit else None,
        }

    @referrals.get("/{referral_id}", response={200: ReferralOut, **errors}, auth=auth)
    def read_referral(request, referral_id: ObjectId):
        """One referral. Scope read:referrals."""
        _recruiter(request, Scope.READ_REFERRALS, require_scope)
        referral = _referrals().filter(pk=referral_id).first()
        if referral is None:
            raise Http404
        return _referral_out(referral)

    return {"/v1/hubs": hubs, "/v1/referrals": referrals}
