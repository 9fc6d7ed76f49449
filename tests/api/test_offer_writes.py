import pytest

from tests.factories import DepartmentFactory, JobOfferFactory
from vivier.api.models import Scope
from vivier.api.services import create_token
from vivier.jobs.models import JobOffer, OfferStatus

pytestmark = pytest.mark.django_db

NEW_OFFER = {
    "title": "Juriste marchés publics",
    "description": "La direction des affaires juridiques recrute.",
    "contract_type": "civil_servant",
    "public_service_category": "A",
    "city": "Rennes",
    "postcode": "35000",
}


def auth(token, **headers):
    return {"HTTP_AUTHORIZATION": f"Bearer {token}", **headers}


@pytest.fixture
def writer(bob):
    return create_token(user=bob, name="SIRH", scopes=[Scope.READ_OFFERS, Scope.WRITE_OFFERS])[1]


def test_an_offer_is_created_as_a_draft_with_the_screens_checks(client, employer, writer, hana):
    department = DepartmentFactory()
    response = client.post(
        "/api/v1/offers/",
        {**NEW_OFFER, "department": department.pk, "hiring_managers": [hana.pk]},
        content_type="application/json",
        **auth(writer),
    )
    assert response.status_code == 201, response.content
    offer = JobOffer.objects.get(pk=response.json()["id"])
    assert offer.status == OfferStatus.DRAFT
    assert offer.reference
    assert list(offer.hiring_managers.all()) == [hana]


def test_an_invalid_offer_answers_422_with_the_field_errors(client, employer, writer):
    response = client.post(
        "/api/v1/offers/",
        {**NEW_OFFER, "contract_type": "cdi", "salary_min": 50000, "salary_max": 40000},
        content_type="application/json",
        **auth(writer),
    )
    assert response.status_code == 422
    errors = response.json()["errors"]
    assert set(errors) >= {"salary_max", "public_service_category"}
    assert JobOffer.objects.count() == 0


def test_the_same_idempotency_key_never_creates_two_offers(client, employer, writer):
    headers = auth(writer, HTTP_IDEMPOTENCY_KEY="create-42")
    first = client.post("/api/v1/offers/", NEW_OFFER, content_type="application/json", **headers)
    again = client.post("/api/v1/offers/", NEW_OFFER, content_type="application/json", **headers)
    assert first.status_code == again.status_code == 201
    assert first.json() == again.json()
    assert JobOffer.objects.count() == 1
    other = client.post(
        "/api/v1/offers/",
        {**NEW_OFFER, "title": "Autre"},
        content_type="application/json",
        **headers,
    )
    assert other.status_code == 422
    assert JobOffer.objects.count() == 1


def test_an_offer_is_changed_published_and_closed(client, employer, writer):
    offer = JobOfferFactory()
    response = client.patch(
        f"/api/v1/offers/{offer.pk}",
        {"title": "Nouveau titre"},
        content_type="application/json",
        **auth(writer),
    )
    assert response.status_code == 200
    assert response.json()["title"] == "Nouveau titre"
    assert response.json()["city"] == offer.city
    assert client.post(f"/api/v1/offers/{offer.pk}/publish", **auth(writer)).json()["status"] == (
        "published"
    )
    response = client.post(f"/api/v1/offers/{offer.pk}/archive", **auth(writer))
    assert response.status_code == 409
    assert client.post(f"/api/v1/offers/{offer.pk}/close", **auth(writer)).json()["status"] == (
        "closed"
    )


def test_a_read_token_cannot_write(client, employer, bob):
    reader = create_token(user=bob, name="r", scopes=[Scope.READ_OFFERS])[1]
    response = client.post(
        "/api/v1/offers/", NEW_OFFER, content_type="application/json", **auth(reader)
    )
    assert response.status_code == 403
    assert JobOffer.objects.count() == 0


def test_a_hiring_managers_token_cannot_change_offers(client, offer, hana):
    token = create_token(user=hana, name="x", scopes=[Scope.WRITE_OFFERS])[1]
    response = client.post(f"/api/v1/offers/{offer.pk}/close", **auth(token))
    assert response.status_code == 403
    offer.refresh_from_db()
    assert offer.status == OfferStatus.PUBLISHED
