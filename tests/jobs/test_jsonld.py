"""Unit tests for the schema.org JobPosting of an offer (vivier/jobs/jsonld.py)."""

import datetime as dt
import json

import pytest
from django.utils import timezone

from tests.factories import JobOfferFactory
from vivier.jobs.jsonld import job_posting, missing_required_properties
from vivier.jobs.models import ContractType, RemotePolicy, SalaryPeriod, WorkingTime

pytestmark = pytest.mark.django_db

SITE = "https://jobs.example"


def absolute_uri(path: str) -> str:
    return SITE + path


def posting(offer, employer) -> dict:
    return job_posting(offer, employer=employer, absolute_uri=absolute_uri)


@pytest.fixture
def on_site_offer(employer):
    return JobOfferFactory(
        published=True,
        title="Chargée de projet mobilités",
        reference="MOB-2031-01",
        contract_type=ContractType.CDI,
        city="Rennes",
        postcode="35000",
        region="Bretagne",
        remote_policy=RemotePolicy.ON_SITE,
        closing_date=timezone.localdate() + dt.timedelta(days=20),
        salary_min=32000,
        salary_max=38000,
        salary_period=SalaryPeriod.YEAR,
    )


@pytest.fixture
def remote_offer(employer):
    return JobOfferFactory(published=True, remote_policy=RemotePolicy.REMOTE, country="FR")


def test_an_on_site_offer_has_every_required_property(on_site_offer, employer):
    data = posting(on_site_offer, employer)

    assert data["@context"] == "https://schema.org/"
    assert data["@type"] == "JobPosting"
    assert data["title"] == "Chargée de projet mobilités"
    assert "La direction du numérique recrute." in data["description"]
    assert data["datePosted"] == timezone.localtime(on_site_offer.published_at).date().isoformat()
    assert data["hiringOrganization"]["@type"] == "Organization"
    assert data["hiringOrganization"]["name"] == employer.name
    assert data["jobLocation"]["@type"] == "Place"
    assert data["jobLocation"]["address"] == {
        "@type": "PostalAddress",
        "addressLocality": "Rennes",
        "postalCode": "35000",
        "addressRegion": "Bretagne",
        "addressCountry": "FR",
    }
    assert "jobLocationType" not in data
    assert missing_required_properties(data) == []


def test_an_on_site_offer_has_the_recommended_properties(on_site_offer, employer):
    data = posting(on_site_offer, employer)

    closing = on_site_offer.closing_date.isoformat()
    assert data["validThrough"].startswith(f"{closing}T23:59:59")
    assert dt.datetime.fromisoformat(data["validThrough"]).tzinfo is not None
    assert data["employmentType"] == ["FULL_TIME"]
    assert data["baseSalary"] == {
        "@type": "MonetaryAmount",
        "currency": "EUR",
        "value": {
            "@type": "QuantitativeValue",
            "unitText": "YEAR",
            "minValue": 32000,
            "maxValue": 38000,
        },
    }
    assert data["identifier"] == {
        "@type": "PropertyValue",
        "name": employer.name,
        "value": "MOB-2031-01",
    }
    assert data["directApply"] is True
    assert data["url"] == SITE + on_site_offer.get_absolute_url()


def test_the_hiring_organization_links_the_employer_website(on_site_offer, employer):
    data = posting(on_site_offer, employer)

    assert data["hiringOrganization"]["sameAs"] == employer.website


def test_the_posting_can_be_serialised_to_json(on_site_offer, employer):
    data = posting(on_site_offer, employer)

    assert json.loads(json.dumps(data))["title"] == data["title"]


def test_an_offer_without_closing_date_has_no_valid_through(employer):
    data = posting(JobOfferFactory(published=True, closing_date=None), employer)

    assert "validThrough" not in data
    assert missing_required_properties(data) == []


@pytest.mark.parametrize(
    ("period", "unit"),
    [(SalaryPeriod.YEAR, "YEAR"), (SalaryPeriod.MONTH, "MONTH"), (SalaryPeriod.HOUR, "HOUR")],
)
def test_the_salary_unit_follows_the_salary_period(employer, period, unit):
    offer = JobOfferFactory(published=True, salary_min=12, salary_max=15, salary_period=period)

    assert posting(offer, employer)["baseSalary"]["value"]["unitText"] == unit


def test_a_single_salary_figure_is_given_as_a_value(employer):
    offer = JobOfferFactory(published=True, salary_min=None, salary_max=2400, salary_period="month")

    value = posting(offer, employer)["baseSalary"]["value"]

    assert value["value"] == 2400
    assert "minValue" not in value and "maxValue" not in value


def test_an_offer_without_salary_has_no_base_salary(employer):
    offer = JobOfferFactory(published=True, salary_min=None, salary_max=None)

    assert "baseSalary" not in posting(offer, employer)


def test_a_fully_remote_offer_is_telecommute_without_job_location(remote_offer, employer):
    data = posting(remote_offer, employer)

    assert data["jobLocationType"] == "TELECOMMUTE"
    assert data["applicantLocationRequirements"] == {"@type": "Country", "name": "FR"}
    assert "jobLocation" not in data
    assert missing_required_properties(data) == []


def test_a_hybrid_offer_has_both_a_job_location_and_telecommute(employer):
    offer = JobOfferFactory(published=True, remote_policy=RemotePolicy.HYBRID)

    data = posting(offer, employer)

    assert data["jobLocation"]["address"]["addressLocality"] == offer.city
    assert data["jobLocationType"] == "TELECOMMUTE"
    assert missing_required_properties(data) == []


@pytest.mark.parametrize("name", ["title", "description", "datePosted", "hiringOrganization"])
def test_missing_required_properties_names_a_removed_property(on_site_offer, employer, name):
    data = posting(on_site_offer, employer)
    del data[name]

    assert name in missing_required_properties(data)


def test_missing_required_properties_names_an_empty_property(on_site_offer, employer):
    data = posting(on_site_offer, employer)
    data["description"] = ""

    assert missing_required_properties(data) == ["description"]


def test_missing_required_properties_names_the_organization_name(on_site_offer, employer):
    data = posting(on_site_offer, employer)
    del data["hiringOrganization"]["name"]

    assert missing_required_properties(data) == ["hiringOrganization.name"]


def test_missing_required_properties_names_the_job_location(on_site_offer, employer):
    data = posting(on_site_offer, employer)
    del data["jobLocation"]

    assert missing_required_properties(data) == ["jobLocation"]


def test_a_remote_posting_without_location_requirements_lacks_a_job_location(
    remote_offer, employer
):
    data = posting(remote_offer, employer)
    del data["applicantLocationRequirements"]

    assert missing_required_properties(data) == ["jobLocation"]


def test_the_description_html_is_sanitised(employer):
    offer = JobOfferFactory(
        published=True,
        description="Bonjour **équipe**\n\n<script>alert('x')</script>",
        missions="- [Piéger](javascript:alert(1))\n- <img src=x onerror=alert(2)>",
        profile="# Profil\n\nCurieux.",
    )

    description = posting(offer, employer)["description"]

    assert "<script" not in description
    assert "alert" not in description
    assert "javascript:" not in description
    assert "onerror" not in description
    assert "<strong>équipe</strong>" in description
    assert "<h2>Profil</h2>" in description


def test_the_description_gathers_description_missions_and_profile(employer):
    offer = JobOfferFactory(
        published=True, description="Le contexte.", missions="Les missions.", profile="Le profil."
    )

    description = posting(offer, employer)["description"]

    assert description.index("Le contexte.") < description.index("Les missions.")
    assert description.index("Les missions.") < description.index("Le profil.")


def test_a_part_time_offer_is_part_time(employer):
    offer = JobOfferFactory(
        published=True,
        contract_type=ContractType.CDI,
        working_time=WorkingTime.PART_TIME,
        weekly_hours=24,
    )

    types = posting(offer, employer)["employmentType"]

    assert "PART_TIME" in types
    assert "FULL_TIME" not in types


def test_a_part_time_fixed_term_offer_is_temporary_and_part_time(employer):
    offer = JobOfferFactory(
        published=True,
        contract_type=ContractType.CDD,
        working_time=WorkingTime.PART_TIME,
        weekly_hours=17.5,
    )

    assert posting(offer, employer)["employmentType"] == ["TEMPORARY", "PART_TIME"]


@pytest.mark.parametrize(
    ("contract", "expected"),
    [
        (ContractType.CDD, ["TEMPORARY"]),
        (ContractType.INTERNSHIP, ["INTERN"]),
        (ContractType.FREELANCE, ["CONTRACTOR"]),
    ],
)
def test_the_employment_type_follows_the_contract(employer, contract, expected):
    offer = JobOfferFactory(published=True, contract_type=contract)

    assert posting(offer, employer)["employmentType"] == expected


def test_a_draft_without_publication_date_is_posted_on_its_creation_date(employer):
    offer = JobOfferFactory()

    data = posting(offer, employer)

    assert data["datePosted"] == timezone.localtime(offer.created_at).date().isoformat()
