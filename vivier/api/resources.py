"""Channels, publications, campaigns, analytics and exports through the API.

Each endpoint calls the services and selectors the screens use; only recruiters and
administrators reach them, as on the screens.
"""

import csv
import datetime as dt
import io
from typing import Annotated

from django.http import Http404, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Path, Router, Schema, Status
from pydantic import Field

from vivier.accounts.access import applications_for_user, offers_for_user
from vivier.analytics import reports
from vivier.api.models import Scope
from vivier.api.problems import Problem
from vivier.api.schemas import Id
from vivier.campaigns.models import Campaign
from vivier.distribution import services as distribution
from vivier.distribution.connectors import ConnectorError
from vivier.distribution.models import COMMUNITY_KINDS, Channel, Publication
from vivier.hiring.models import CareerStage
from vivier.jobs.models import JobOffer
from vivier.privacy import audit
from vivier.privacy.models import AuditAction

ObjectId = Annotated[int, Path(ge=1, le=2**63 - 1)]
CSV = {"responses": {200: {"description": "CSV", "content": {"text/csv": {"schema": {
    "type": "string"}}}}}}  # fmt: skip


class ChannelOut(Schema):
    id: int
    kind: str
    name: str
    is_enabled: bool
    is_sandbox: bool
    audience_tags: list[str]
    cost_per_month: float | None


class PublicationOut(Schema):
    id: int
    offer: int | None
    campaign: int | None
    channel: int
    status: str
    text: str
    tracked_link: str
    scheduled_at: dt.datetime
    published_at: dt.datetime | None
    external_url: str
    last_error: str


class PublishIn(Schema):
    offer: Id
    channels: Annotated[list[Id], Field(min_length=1, max_length=50)]
    at: dt.datetime | None = None


class CampaignOut(Schema):
    id: int
    name: str
    objective: str
    career_stages: list[str]
    field: str
    region: str
    starts_on: dt.date
    ends_on: dt.date
    offers: list[int]
    is_public: bool
    budget: float | None
    landing_url: str


class FunnelLine(Schema):
    channel: int | None
    channel_name: str
    clicks_people: int
    clicks_robots: int
    applications: int
    screened: int
    interviewed: int
    offered: int
    hired: int
    interview_rate: float | None
    hire_rate: float | None
    days_to_hire_mean: float | None
    cost: float | None
    cost_per_application: float | None
    cost_per_hire: float | None


class Funnel(Schema):
    start: dt.date
    end: dt.date
    lines: list[FunnelLine]
    total: FunnelLine


def _recruiter(request, scope: Scope, require_scope) -> None:
    require_scope(request, scope)
    if not request.user.sees_all_offers:
        raise Problem(403, _("Not allowed"), _("Only recruiters and administrators do this."))


def _number(value) -> float | None:
    return float(value) if value is not None else None


def _publication_out(request, publication: Publication) -> dict:
    return {
        "id": publication.pk, "offer": publication.offer_id, "campaign": publication.campaign_id,
        "channel": publication.channel_id, "status": publication.status,
        "text": publication.text,
        "tracked_link": publication.link.url,
        "scheduled_at": publication.scheduled_at, "published_at": publication.published_at,
        "external_url": publication.external_url, "last_error": publication.last_error,
    }  # fmt: skip


def _line(line) -> dict:
    return {
        "channel": line.channel.pk if line.channel else None,
        "channel_name": str(line.name),
        **{
            name: int(getattr(line, name) or 0)
            for name in (
                "clicks_people",
                "clicks_robots",
                "applications",
                "screened",
                "interviewed",
                "offered",
                "hired",
            )
        },  # fmt: skip
        "interview_rate": line.interview_rate,
        "hire_rate": line.hire_rate,
        "days_to_hire_mean": _number(line.days_to_hire_mean),
        "cost": _number(line.cost),
        "cost_per_application": _number(line.cost_per_application),
        "cost_per_hire": _number(line.cost_per_hire),
    }


def _filters(start, end, department, offer, campaign, audience) -> reports.Filters:
    today = timezone.localdate()
    start = start or today.replace(month=1, day=1)
    end = end or today
    if start > end:
        raise Problem(422, _("Invalid period"), _("The start date must come before the end date."))
    if (end - start).days > 3660:
        raise Problem(422, _("Invalid period"), _("Ask for ten years at most."))
    return reports.Filters(
        start=start, end=end, department_id=department, offer_id=offer, campaign_id=campaign,
        audience=audience or "",
    )  # fmt: skip


def _csv(name: str, header: list[str], rows) -> HttpResponse:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows(rows)
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="vivier-{name}.csv"'
    return response


def hr_open_position(request, offer: JobOffer) -> dict:
    """An offer in the shape of HR Open Standards' PositionOpening (the fields Vivier has)."""
    salary = None
    if offer.salary_min or offer.salary_max:
        salary = {
            "currency": offer.salary_currency,
            "minimum": offer.salary_min, "maximum": offer.salary_max,
            "interval": offer.salary_period,
        }  # fmt: skip
    return {
        "documentId": {"value": str(offer.pk), "schemeAgencyId": "vivier"},
        "positionOpeningStatusCode": offer.status,
        "postingRequester": {"name": offer.department.name if offer.department_id else ""},
        "positionProfiles": [{
            "positionTitle": offer.title,
            "positionId": {"value": offer.reference or str(offer.pk)},
            "positionLocations": [{"address": {
                "cityName": offer.city, "postalCode": offer.postcode,
                "countrySubDivisions": [{"value": offer.region}] if offer.region else [],
                "countryCode": offer.country,
            }}],
            "positionOfferingTypeCodes": [offer.contract_type],
            "positionScheduleTypeCodes": [offer.working_time],
            "remunerationPackage": salary,
            "formattedDescriptions": [
                {"name": "summary", "content": offer.summary},
                {"name": "description", "content": offer.description},
                {"name": "missions", "content": offer.missions},
                {"name": "profile", "content": offer.profile},
            ],
            "positionOpenQuantity": 1,
            "applicationCloseDate": offer.closing_date,
            "positionURI": request.build_absolute_uri(offer.get_absolute_url()),
        }],
        "language": offer.language,
        "publicationDate": offer.published_at,
    }  # fmt: skip


def build_routers(auth, require_scope, errors) -> dict[str, Router]:
    channels = Router(tags=["channels"])

    @channels.get("/", response={200: list[ChannelOut], **errors}, auth=auth)
    def list_channels(request):
        """The employer's channels (never their credentials). Scope read:channels."""
        _recruiter(request, Scope.READ_CHANNELS, require_scope)
        return [
            {
                **{
                    name: getattr(channel, name)
                    for name in (
                        "id",
                        "kind",
                        "name",
                        "is_enabled",
                        "is_sandbox",
                        "audience_tags",
                    )
                },
                "cost_per_month": _number(channel.cost_per_month),
            }  # fmt: skip
            for channel in Channel.objects.order_by("name")
        ]

    publications = Router(tags=["publications"])

    @publications.get("/", response={200: list[PublicationOut], **errors}, auth=auth)
    def list_publications(request, offer: Id):
        """An offer's publications on the channels, with their state. Scope read:channels."""
        _recruiter(request, Scope.READ_CHANNELS, require_scope)
        offer = offers_for_user(request.user).filter(pk=offer).first()
        if offer is None:
            raise Http404
        rows = offer.publications.select_related("link").order_by("pk")
        return [_publication_out(request, publication) for publication in rows]

    @publications.post("/", response={202: list[PublicationOut], **errors}, auth=auth)
    def publish(request, payload: PublishIn):
        """Spread an offer on channels, now or at a date, with each network's default text.
        The worker posts in the background (never twice). Scope write:publications."""
        _recruiter(request, Scope.WRITE_PUBLICATIONS, require_scope)
        offer = offers_for_user(request.user).filter(pk=payload.offer).first()
        if offer is None:
            raise Problem(422, _("Unknown offer"), _("Use the id of an offer you can see."))
        # The community's channels take no posts: their links are shared by people.
        chosen = Channel.objects.exclude(kind__in=COMMUNITY_KINDS).in_bulk(payload.channels)
        if len(chosen) != len(set(payload.channels)):
            raise Problem(422, _("Unknown channel"), _("Use ids from /api/v1/channels/."))
        if not all(channel.is_enabled for channel in chosen.values()):
            raise Problem(422, _("Channel disabled"), _("Enable the channel first."))
        try:
            drafts = [
                distribution.draft_for(channel=channel, offer=offer) for channel in chosen.values()
            ]
            done = distribution.publish_channels(
                drafts=drafts, offer=offer, at=payload.at, by=request.user
            )
        except ConnectorError as error:
            raise Problem(409, _("Not possible now"), str(error)) from error
        return Status(202, [_publication_out(request, publication) for publication in done])

    campaigns = Router(tags=["campaigns"])

    def _campaign_out(request, campaign: Campaign) -> dict:
        budgets = [line.budget for line in campaign.plan.all() if line.budget is not None]
        return {
            "id": campaign.pk, "name": campaign.name, "objective": campaign.objective,
            "career_stages": campaign.career_stages, "field": campaign.field,
            "region": campaign.region, "starts_on": campaign.starts_on,
            "ends_on": campaign.ends_on,
            "offers": [offer.pk for offer in campaign.offers.all()],
            "is_public": campaign.is_public,
            "budget": float(sum(budgets)) if budgets else None,
            "landing_url": request.build_absolute_uri(campaign.get_absolute_url()),
        }  # fmt: skip

    def _campaigns():
        return Campaign.objects.prefetch_related("plan", "offers").order_by("-starts_on", "pk")

    @campaigns.get("/", response={200: list[CampaignOut], **errors}, auth=auth)
    def list_campaigns(request):
        """Every campaign, the latest first. Scope read:campaigns."""
        _recruiter(request, Scope.READ_CAMPAIGNS, require_scope)
        return [_campaign_out(request, campaign) for campaign in _campaigns()]

    @campaigns.get("/{campaign_id}", response={200: CampaignOut, **errors}, auth=auth)
    def read_campaign(request, campaign_id: ObjectId):
        """One campaign. Scope read:campaigns."""
        _recruiter(request, Scope.READ_CAMPAIGNS, require_scope)
        campaign = _campaigns().filter(pk=campaign_id).first()
        if campaign is None:
            raise Http404
        return _campaign_out(request, campaign)

    analytics = Router(tags=["analytics"])

    @analytics.get("/channels", response={200: Funnel, **errors}, auth=auth)
    def channel_funnel(
        request,
        start: dt.date | None = None,
        end: dt.date | None = None,
        department: Id | None = None,
        offer: Id | None = None,
        campaign: Id | None = None,
        audience: CareerStage | None = None,
    ):
        """Clicks → applications → … → hires per channel, with costs, as on the reports screen
        (this year by default; `campaign` gives a campaign's report). Scope read:analytics."""
        _recruiter(request, Scope.READ_ANALYTICS, require_scope)
        filters = _filters(start, end, department, offer, campaign, audience)
        lines = reports.funnel_by_channel(filters)
        return {
            "start": filters.start, "end": filters.end, "lines": [_line(line) for line in lines],
            "total": _line(reports.totals(lines)),
        }  # fmt: skip

    exports = Router(tags=["exports"])

    @exports.get("/offers.json", response={200: list[dict], **errors}, auth=auth)
    def export_offers_json(request):
        """Every offer the token's user sees, as HR Open Standards PositionOpening documents.
        Scope read:offers."""
        require_scope(request, Scope.READ_OFFERS)
        offers = offers_for_user(request.user).select_related("department").order_by("pk")
        return [hr_open_position(request, offer) for offer in offers]

    @exports.get("/offers.csv", auth=auth, openapi_extra=CSV, response={**errors})
    def export_offers_csv(request):
        """Every offer the token's user sees, one line each. Scope read:offers."""
        require_scope(request, Scope.READ_OFFERS)
        offers = offers_for_user(request.user).select_related("department").order_by("pk")
        header = ["id", "reference", "title", "status", "department", "contract_type", "city",
                  "postcode", "published_at", "closing_date", "url"]  # fmt: skip
        rows = (
            [
                offer.pk,
                offer.reference,
                offer.title,
                offer.status,
                offer.department.name if offer.department_id else "",
                offer.contract_type,
                offer.city,
                offer.postcode,
                offer.published_at or "",
                offer.closing_date or "",
                request.build_absolute_uri(offer.get_absolute_url()),
            ]  # fmt: skip
            for offer in offers
        )
        return _csv("offers", header, rows)

    @exports.get("/applications.csv", auth=auth, openapi_extra=CSV, response={**errors})
    def export_applications_csv(request, offer: Id | None = None):
        """Applications the token's user sees, with the person's contact details. Logged as an
        export of each. Scope read:applications."""
        require_scope(request, Scope.READ_APPLICATIONS)
        applications = applications_for_user(request.user).select_related(
            "offer", "candidate", "stage", "last_touch__channel"
        ).order_by("pk")  # fmt: skip
        if offer:
            applications = applications.filter(offer_id=offer)
        applications = list(applications)
        audit.record_many(
            actor=request.user, action=AuditAction.EXPORT, objects=applications, via="api",
            detail="applications.csv",
        )  # fmt: skip
        header = ["id", "offer", "offer_title", "first_name", "last_name", "email", "phone",
                  "stage", "furthest_stage", "declared_source", "tracked_channel",
                  "career_stage", "submitted_at", "hired_at"]  # fmt: skip
        rows = (
            [
                a.pk,
                a.offer_id,
                a.offer.title,
                a.candidate.first_name,
                a.candidate.last_name,
                a.candidate.email,
                a.candidate.phone,
                a.stage.kind,
                a.furthest_stage,
                a.declared_source,
                a.last_touch.channel.name if a.last_touch else "",
                a.career_stage,
                a.submitted_at.isoformat(),
                a.hired_at or "",
            ]  # fmt: skip
            for a in applications
        )
        return _csv("applications", header, rows)

    @exports.get("/analytics.csv", auth=auth, openapi_extra=CSV, response={**errors})
    def export_analytics_csv(
        request,
        start: dt.date | None = None,
        end: dt.date | None = None,
        campaign: Id | None = None,
        audience: CareerStage | None = None,
    ):
        """The funnel per channel as CSV (same filters as /analytics/channels). Scope
        read:analytics."""
        _recruiter(request, Scope.READ_ANALYTICS, require_scope)
        filters = _filters(start, end, None, None, campaign, audience)
        lines = reports.funnel_by_channel(filters)
        header = list(FunnelLine.model_fields)
        rows = ([_line(line)[name] for name in header] for line in lines)
        return _csv(f"channels-{filters.start}-{filters.end}", header, rows)

    return {
        "/v1/channels": channels,
        "/v1/publications": publications,
        "/v1/campaigns": campaigns,
        "/v1/analytics": analytics,
        "/v1/exports": exports,
    }
