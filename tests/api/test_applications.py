"""Applications through the API: scopes, who sees what, the same checks, and every read logged."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.factories import ApplicationFactory, JobOfferFactory, pdf_upload
from vivier.api.models import Scope, WebhookDelivery, WebhookEndpoint
from vivier.api.services import create_token
from vivier.hiring.models import Application, Note, PipelineStage, StageKind
from vivier.hiring.services import ApplicantDetails, submit_application
from vivier.privacy.models import AuditAction, AuditEntry

pytestmark = pytest.mark.django_db

URL = "/api/v1/applications/"
ALL_SCOPES = [Scope.READ_APPLICATIONS, Scope.WRITE_APPLICATIONS]


def auth(token, **headers):
    return {"HTTP_AUTHORIZATION": f"Bearer {token}", **headers}


def token_for(user, scopes=ALL_SCOPES):
    return create_token(user=user, name="SIRH", scopes=scopes)[1]


def applicant(offer, email):
    application, _created = submit_application(
        offer=offer,
        details=ApplicantDetails(first_name="Lou", last_name="Exemple", email=email),
        cv=pdf_upload(),
    )
    return application


def test_applications_are_listed_by_offer_with_a_cursor_and_each_read_logged(client, offer, bob):
    other_offer = JobOfferFactory(published=True)
    mine = [applicant(offer, f"a{n}@example.test") for n in range(3)]
    applicant(other_offer, "other@example.test")
    token = token_for(bob, [Scope.READ_APPLICATIONS])
    first = client.get(URL, {"offer": offer.pk, "limit": 2}, **auth(token)).json()
    assert [item["id"] for item in first["items"]] == [mine[2].pk, mine[1].pk]
    assert first["items"][0]["candidate"]["email"] == "a2@example.test"
    assert first["items"][0]["documents"] == ["cv.pdf"]
    second = client.get(
        URL, {"offer": offer.pk, "cursor": first["next_cursor"]}, **auth(token)
    ).json()
    assert [item["id"] for item in second["items"]] == [mine[0].pk]
    assert second["next_cursor"] is None
    logged = AuditEntry.objects.filter(action=AuditAction.VIEW, via="api", actor=bob)
    assert sorted(int(entry.object_id) for entry in logged) == sorted(a.pk for a in mine)


def test_since_takes_any_iso_offset_and_refuses_a_date_off_the_calendar(client, offer, bob):
    application = applicant(offer, "lou@example.test")
    token = token_for(bob, [Scope.READ_APPLICATIONS])
    # -18:19 is valid ISO 8601 that PostgreSQL would refuse as such: it is read in UTC.
    found = client.get(URL, {"since": "2000-09-30T00:14:29-18:19"}, **auth(token))
    assert found.status_code == 200
    assert [item["id"] for item in found.json()["items"]] == [application.pk]
    later = client.get(URL, {"since": "9999-01-01T00:00:00+23:00"}, **auth(token))
    assert later.status_code == 200 and later.json()["items"] == []
    off = client.get(URL, {"since": "0001-01-01T00:00:00+05:00"}, **auth(token))
    assert off.status_code == 422
    assert off["Content-Type"].startswith("application/problem+json")


def test_a_hiring_managers_token_sees_only_their_offers_applications(client, offer, hana):
    theirs = applicant(offer, "theirs@example.test")
    other = ApplicationFactory()
    token = token_for(hana)
    listed = client.get(URL, **auth(token)).json()
    assert [item["id"] for item in listed["items"]] == [theirs.pk]
    assert client.get(f"{URL}{other.pk}", **auth(token)).status_code == 404
    stage = PipelineStage.for_kind(StageKind.INTERVIEW)
    response = client.post(
        f"{URL}{other.pk}/stage", {"stage": stage.pk}, content_type="application/json",
        **auth(token),
    )  # fmt: skip
    assert response.status_code == 404
    other.refresh_from_db()
    assert other.stage.kind == StageKind.NEW


def test_a_read_token_cannot_move_or_annotate(client, offer, bob):
    application = applicant(offer, "lou@example.test")
    token = token_for(bob, [Scope.READ_APPLICATIONS])
    stage = PipelineStage.for_kind(StageKind.INTERVIEW)
    response = client.post(
        f"{URL}{application.pk}/stage", {"stage": stage.pk}, content_type="application/json",
        **auth(token),
    )  # fmt: skip
    assert response.status_code == 403
    assert response["Content-Type"].startswith("application/problem+json")
    response = client.post(
        f"{URL}{application.pk}/notes", {"body": "x"}, content_type="application/json",
        **auth(token),
    )  # fmt: skip
    assert response.status_code == 403
    assert not Note.objects.exists()


def test_an_application_is_moved_rejected_with_a_reason_and_annotated(client, offer, bob):
    application = applicant(offer, "lou@example.test")
    token = token_for(bob)
    interview = PipelineStage.for_kind(StageKind.INTERVIEW)
    moved = client.post(
        f"{URL}{application.pk}/stage", {"stage": interview.pk},
        content_type="application/json", **auth(token),
    )  # fmt: skip
    assert moved.status_code == 200 and moved.json()["stage"]["kind"] == "interview"
    rejected = PipelineStage.for_kind(StageKind.REJECTED)
    no_reason = client.post(
        f"{URL}{application.pk}/stage", {"stage": rejected.pk},
        content_type="application/json", **auth(token),
    )  # fmt: skip
    assert no_reason.status_code == 422
    done = client.post(
        f"{URL}{application.pk}/stage",
        {"stage": rejected.pk, "rejection_reason": "filled"},
        content_type="application/json", **auth(token),
    )  # fmt: skip
    assert done.json()["rejection_reason"] == "filled"
    assert done.json()["furthest_stage"] == "interview"
    note = client.post(
        f"{URL}{application.pk}/notes", {"body": "Très bon entretien."},
        content_type="application/json", **auth(token),
    )  # fmt: skip
    assert note.status_code == 201
    assert Note.objects.get().author == bob


def test_an_application_from_another_form_gets_the_careers_sites_checks(client, offer, bob):
    token = token_for(bob)
    fields = {
        "offer": offer.pk, "first_name": "Inès", "last_name": "Exemple",
        "email": "ines@example.test", "declared_source": "facebook",
    }  # fmt: skip
    created = client.post(
        URL, {**fields, "cv": pdf_upload()}, **auth(token, HTTP_IDEMPOTENCY_KEY="k1")
    )
    assert created.status_code == 201, created.content
    assert created.json()["candidate"]["email"] == "ines@example.test"
    again = client.post(
        URL, {**fields, "cv": pdf_upload()}, **auth(token, HTTP_IDEMPOTENCY_KEY="k1")
    )
    assert again.status_code == 201
    assert Application.objects.filter(candidate__email="ines@example.test").count() == 1
    fake = SimpleUploadedFile("cv.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    refused = client.post(URL, {**fields, "email": "x@example.test", "cv": fake}, **auth(token))
    assert refused.status_code == 422
    assert "PDF" in refused.json()["detail"]
    bad_email = client.post(
        URL, {**fields, "email": "not-an-address", "cv": pdf_upload()}, **auth(token)
    )
    assert bad_email.status_code == 422
    closed = JobOfferFactory(closed=True)
    response = client.post(URL, {**fields, "offer": closed.pk, "cv": pdf_upload()}, **auth(token))
    assert response.status_code == 422
    assert Application.objects.count() == 1


def test_a_hiring_manager_cannot_create_applications(client, offer, hana):
    response = client.post(
        URL,
        {"offer": offer.pk, "first_name": "A", "last_name": "B", "email": "a@example.test",
         "cv": pdf_upload()},
        **auth(token_for(hana)),
    )  # fmt: skip
    assert response.status_code == 403
    assert not Application.objects.exists()


def test_application_events_reach_the_webhooks_that_chose_them(
    offer, bob, django_capture_on_commit_callbacks
):
    endpoint = WebhookEndpoint.objects.create(
        owner=bob, url="http://127.0.0.1:9/hook", secret="s",
        events=["application.created", "candidate.hired"],
    )  # fmt: skip
    from vivier.hiring.services import move_application

    application = applicant(offer, "hook@example.test")
    move_application(
        application=application, stage=PipelineStage.for_kind(StageKind.INTERVIEW), by=bob
    )
    move_application(application=application, stage=PipelineStage.for_kind(StageKind.HIRED), by=bob)
    events = list(WebhookDelivery.objects.filter(endpoint=endpoint).values_list("event", flat=True))
    assert sorted(events) == ["application.created", "candidate.hired"]
    payload = WebhookDelivery.objects.get(event="candidate.hired").payload
    assert payload["application"] == application.pk and payload["stage"] == "hired"
    assert "hook@example.test" not in str(payload)  # details are read through the API, logged
