"""schema.org JobPosting for Google for Jobs and every other aggregator that reads it.

Required: title, description, datePosted, hiringOrganization, and jobLocation, or TELECOMMUTE with
applicantLocationRequirements for a fully remote job. Recommended: validThrough, employmentType,
baseSalary, identifier, directApply.
"""

import datetime as dt

from django.utils import timezone

from vivier.brand.models import Employer
from vivier.core.markdown import render_markdown
from vivier.jobs.models import (
    EMPLOYMENT_TYPES,
    SCHEMA_SALARY_UNITS,
    JobOffer,
    RemotePolicy,
    WorkingTime,
)
from vivier.jobs.occupation import occupational_category

REQUIRED_PROPERTIES = ("title", "description", "datePosted", "hiringOrganization")


def job_posting(offer: JobOffer, *, employer: Employer, absolute_uri) -> dict:
    """The JobPosting of an offer; absolute_uri turns a path into a full URL."""
    sections = [offer.description, offer.missions, offer.profile]
    description = "".join(render_markdown(text) for text in sections if text)
    posted = offer.published_at or offer.created_at
    data = {
        "@context": "https://schema.org/",
        "@type": "JobPosting",
        "title": offer.title,
        "description": description,
        "datePosted": timezone.localtime(posted).date().isoformat(),
        "identifier": {
            "@type": "PropertyValue",
            "name": employer.name,
            "value": offer.reference,
        },
        "hiringOrganization": _organization(employer, absolute_uri),
        "employmentType": _employment_types(offer),
        "directApply": True,
        "url": absolute_uri(offer.get_absolute_url()),
        "inLanguage": offer.language,
    }
    if offer.closing_date:
        end_of_day = dt.datetime.combine(offer.closing_date, dt.time(23, 59, 59))
        data["validThrough"] = timezone.make_aware(end_of_day).isoformat()
    if offer.remote_policy == RemotePolicy.REMOTE:
        data["jobLocationType"] = "TELECOMMUTE"
        data["applicantLocationRequirements"] = {"@type": "Country", "name": offer.country}
    else:
        data["jobLocation"] = {
            "@type": "Place",
            "address": {
                "@type": "PostalAddress",
                "addressLocality": offer.city,
                "postalCode": offer.postcode,
                "addressRegion": offer.region,
                "addressCountry": offer.country,
            },
        }
        if offer.remote_policy == RemotePolicy.HYBRID:
            data["jobLocationType"] = "TELECOMMUTE"
            data["applicantLocationRequirements"] = {"@type": "Country", "name": offer.country}
    salary = _base_salary(offer)
    if salary:
        data["baseSalary"] = salary
    if offer.start_date:
        data["jobStartDate"] = offer.start_date.isoformat()
    # An ESCO occupation (with its ISCO-08 code) says what the job is better than a department.
    if category := occupational_category(offer):
        data["occupationalCategory"] = category
    elif offer.department_id:
        data["occupationalCategory"] = offer.department.name
    return data


def _organization(employer: Employer, absolute_uri) -> dict:
    organization = {"@type": "Organization", "name": employer.name}
    if employer.website:
        organization["sameAs"] = employer.website
    if employer.logo:
        organization["logo"] = absolute_uri(employer.logo.url)
    return organization


def _employment_types(offer: JobOffer) -> list[str]:
    types = list(EMPLOYMENT_TYPES[offer.contract_type])
    if offer.working_time == WorkingTime.PART_TIME:
        types = ["PART_TIME" if kind == "FULL_TIME" else kind for kind in types]
        if "PART_TIME" not in types:
            types.append("PART_TIME")
    return types


def _base_salary(offer: JobOffer) -> dict | None:
    if offer.salary_min is None and offer.salary_max is None:
        return None
    value = {"@type": "QuantitativeValue", "unitText": SCHEMA_SALARY_UNITS[offer.salary_period]}
    if offer.salary_min is not None and offer.salary_max is not None:
        value["minValue"] = offer.salary_min
        value["maxValue"] = offer.salary_max
    else:
        value["value"] = offer.salary_min if offer.salary_min is not None else offer.salary_max
    return {"@type": "MonetaryAmount", "currency": offer.salary_currency, "value": value}


def missing_required_properties(data: dict) -> list[str]:
    """The Google for Jobs required properties absent from a JobPosting (empty when valid)."""
    missing = [name for name in REQUIRED_PROPERTIES if not data.get(name)]
    organization = data.get("hiringOrganization") or {}
    if not organization.get("name"):
        missing.append("hiringOrganization.name")
    remote = data.get("jobLocationType") == "TELECOMMUTE"
    if not data.get("jobLocation") and not (remote and data.get("applicantLocationRequirements")):
        missing.append("jobLocation")
    return missing
