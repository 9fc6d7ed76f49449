"""No API input can carry a NUL character to the database (PostgreSQL text refuses it)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.factories import pdf_upload
from vivier.api.models import Scope
from vivier.api.services import create_token
from vivier.talent.models import Profile

pytestmark = pytest.mark.django_db


@pytest.fixture
def headers(bob):
    token = create_token(user=bob, name="SIRH", scopes=list(Scope.values))[1]
    return {"HTTP_AUTHORIZATION": f"Bearer {token}", "HTTP_ACCEPT_LANGUAGE": "en"}


def test_a_json_body_with_a_nul_is_refused_and_names_the_field(client, headers):
    body = {"first_name": "Yan\x00is", "last_name": "Exemple", "links": ["https://a.test/\x00"]}
    response = client.post("/api/v1/profiles/", body, content_type="application/json", **headers)
    assert response.status_code == 422
    assert response["Content-Type"].startswith("application/problem+json")
    assert response.json()["title"] == "Invalid characters"
    assert "first_name, links" in response.json()["detail"]
    assert not Profile.objects.exists()


def test_a_query_parameter_with_a_nul_is_refused(client, headers):
    response = client.get("/api/v1/applications/", {"since": "2026-01-01\x00"}, **headers)
    assert response.status_code == 422
    assert "since" in response.json()["detail"]


def test_a_form_field_with_a_nul_is_refused_a_file_name_loses_it_its_bytes_are_not_read(
    client, headers, offer
):
    fields = {"offer": offer.pk, "first_name": "Inès", "last_name": "Exemple",
              "email": "ines@example.test"}  # fmt: skip
    typed = client.post("/api/v1/applications/", {**fields, "last_name": "Ex\x00",
                        "cv": pdf_upload()}, **headers)  # fmt: skip
    assert typed.status_code == 422 and "last_name" in typed.json()["detail"]
    named = SimpleUploadedFile("cv\x00.pdf", pdf_upload().read(), content_type="application/pdf")
    named_response = client.post("/api/v1/applications/", {**fields, "cv": named}, **headers)
    # Accepted: a PDF's bytes hold NULs, and Django's upload parser drops the one of the name.
    assert named_response.status_code == 201, named_response.content
    assert named_response.json()["documents"] == ["cv.pdf"]


def test_a_body_that_is_not_json_gets_a_translated_reason(client, headers):
    response = client.post(
        "/api/v1/profiles/", b'{"first_name": "Yan', content_type="application/json",
        **{**headers, "HTTP_ACCEPT_LANGUAGE": "fr"},
    )  # fmt: skip
    assert response.status_code == 400
    assert response.json()["detail"] == "Le corps de la requête n’est pas du JSON valide."


def test_an_idempotency_key_with_a_nul_or_too_long_is_refused(client, headers, offer):
    for key in ("create\x00", "k" * 256):
        response = client.post("/api/v1/offers/", {"title": "Technicienne"},
                               content_type="application/json",
                               **{**headers, "HTTP_IDEMPOTENCY_KEY": key})  # fmt: skip
        assert response.status_code == 400
        assert response.json()["detail"] == "Use at most 255 printable characters."
