import datetime as dt

from ninja import Schema


class OfferOut(Schema):
    id: int
    reference: str | None
    title: str
    url: str
    status: str
    department: str | None
    summary: str
    description: str
    missions: str
    profile: str
    contract_type: str
    contract_duration_months: int | None
    public_service_category: str
    working_time: str
    weekly_hours: float | None
    city: str
    postcode: str
    region: str
    country: str
    remote_policy: str
    salary_min: int | None
    salary_max: int | None
    salary_currency: str
    salary_period: str
    start_date: dt.date | None
    closing_date: dt.date | None
    language: str
    published_at: dt.datetime | None
    updated_at: dt.datetime


class OfferPage(Schema):
    items: list[OfferOut]
    next_cursor: str | None


class ProblemOut(Schema):
    type: str
    title: str
    status: int
    detail: str | None = None
