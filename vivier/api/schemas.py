import datetime as dt
from typing import Annotated

from ninja import Schema
from pydantic import BaseModel, Field

# An id or a count that both databases can store.
Id = Annotated[int, Field(ge=1, le=2**63 - 1)]
Count = Annotated[int, Field(ge=0, le=2**31 - 1)]


# Plain pydantic models, filled from dicts (api._offer_out): ninja's Schema reads every value as
# an ORM attribute, which cost a page of offers a third of its time.
class OfferOut(BaseModel):
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


class OfferPage(BaseModel):
    items: list[OfferOut]
    next_cursor: str | None


class ProblemOut(Schema):
    type: str
    title: str
    status: int
    detail: str | None = None


class OfferIn(Schema):
    """Fields of an offer; on a change (PATCH) only the fields sent are changed."""

    title: str | None = None
    reference: str | None = None
    department: Id | None = None
    language: str | None = None
    summary: str | None = None
    description: str | None = None
    missions: str | None = None
    profile: str | None = None
    contract_type: str | None = None
    contract_duration_months: Count | None = None
    public_service_category: str | None = None
    working_time: str | None = None
    weekly_hours: Annotated[float, Field(ge=0, le=168)] | None = None
    city: str | None = None
    postcode: str | None = None
    region: str | None = None
    country: str | None = None
    remote_policy: str | None = None
    salary_min: Count | None = None
    salary_max: Count | None = None
    salary_currency: str | None = None
    salary_period: str | None = None
    start_date: dt.date | None = None
    closing_date: dt.date | None = None
    recruiter: Id | None = None
    hiring_managers: list[Id] | None = None
