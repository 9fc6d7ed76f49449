"""A person's rights: asked from the careers site, confirmed by e-mail, answered by staff."""

import io
import json
import re
import zipfile

import pytest
from django.apps import apps
from django.core import mail
from django.db import connection, models
from django.urls import reverse

from tests.factories import JobOfferFactory, human_fields, pdf_upload
from vivier.hiring.models import Application, Candidate
from vivier.hiring.services import ApplicantDetails, add_note, submit_application
from vivier.privacy.models import AuditAction, AuditEntry, RequestStatus, RightsRequest
from vivier.privacy.personal_data import related_records
from vivier.talent.models import LegalBasis, Profile, SourceKind
from vivier.talent.services import add_link, create_profile

pytestmark = pytest.mark.django_db

EMAIL = "maelys.exemple@example.test"


@pytest.fixture
def person(employer, bob):
    """An applicant to two offers who joined the talent pool, with notes, a link and a CV."""
    applications = []
    for _ in range(2):
        application, _created = submit_application(
            offer=JobOfferFactory(published=True),
            details=ApplicantDetails(
                first_name="Maëlys", last_name="Quenouillère", email=EMAIL, phone="0611223344",
                cover_letter="Je suis Maëlys Quenouillère.", talent_pool_consent=True,
                consent_text="J'accepte de rester dans le vivier.",
            ),
            cv=pdf_upload(lines=("Maëlys Quenouillère", "Infirmière")),
        )  # fmt: skip
        applications.append(application)
    add_note(application=applications[0], body="Appeler Maëlys Quenouillère lundi.", by=bob)
    profile = Profile.objects.get(candidate=applications[0].candidate)
    add_link(profile=profile, url="https://www.linkedin.com/in/maelys-q", by=bob)
    return {"applications": applications, "profile": profile}


def ask_and_confirm(client, kind, capture):
    mail.outbox.clear()
    with capture(execute=True):
        response = client.post(
            reverse("privacy:notice"), {"email": EMAIL, "kind": kind, **human_fields()}
        )
    assert response.status_code == 200
    assert (
        "Check your mailbox" in response.content.decode()
        or "Consultez" in response.content.decode()
    )
    (message,) = mail.outbox
    assert message.to == [EMAIL]
    link = re.search(r"https?://\S+/confirmer/\S+/", message.body).group(0)
    path = link.split("8000", 1)[-1] if "8000" in link else link
    request = RightsRequest.objects.get()
    assert request.status == RequestStatus.UNVERIFIED
    assert client.get(path).status_code == 200
    request.refresh_from_db()
    assert request.status == RequestStatus.UNVERIFIED  # following the link alone confirms nothing
    assert client.post(path).status_code == 200
    request.refresh_from_db()
    assert request.status == RequestStatus.OPEN and request.due_by is not None
    return request


def test_the_notice_page_says_what_how_long_and_the_rights(client, employer):
    employer.privacy_contact = "dpo@region-armor-ocean.example"
    employer.save()
    page = client.get(reverse("privacy:notice")).content.decode()
    assert "dpo@region-armor-ocean.example" in page
    assert "24" in page and "3" in page  # months, from the settings
    assert "CNIL" in page


def test_an_unknown_address_gets_the_same_answer_and_a_bad_one_an_error(
    client, employer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("privacy:notice"),
            {"email": "nobody@example.test", "kind": "access", **human_fields()},
        )
    assert response.status_code == 200
    assert len(mail.outbox) == 1
    response = client.post(
        reverse("privacy:notice"), {"email": "not an address", "kind": "access", **human_fields()}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["email"]
    assert response.context["form"].data["email"] == "not an address"
    assert RightsRequest.objects.count() == 1


def test_an_export_holds_every_table_that_holds_the_person(
    client, alice, person, django_capture_on_commit_callbacks
):
    request = ask_and_confirm(client, "access", django_capture_on_commit_callbacks)
    client.force_login(alice)
    assert client.get(reverse("privacy:request", kwargs={"pk": request.pk})).status_code == 200
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("privacy:answer", kwargs={"pk": request.pk}))
    assert response.status_code == 302
    (message,) = mail.outbox
    link = re.search(r"https?://\S+/copie/\S+/", message.body).group(0)
    client.logout()
    download = client.get(link.split("8000", 1)[-1])
    assert download.status_code == 200
    archive = zipfile.ZipFile(io.BytesIO(b"".join(download.streaming_content)))
    data = json.loads(archive.read("data.json"))
    # Every table with a row that hangs from the person is in the export, with its rows.
    expected = {}
    roots = [person["applications"][0].candidate, person["profile"]]
    for root in roots:
        for record in related_records(root):
            expected.setdefault(record._meta.label_lower, (record._meta.pk.name, set()))[1].add(
                record.pk
            )
    for label, (pk_name, pks) in expected.items():
        assert label in data["tables"], label
        exported = {row[pk_name]["value"] for row in data["tables"][label]["rows"]}
        assert pks <= exported, label
    assert "privacy.consentrecord" in data["tables"]
    assert {"hiring.document", "hiring.note", "talent.profilelink"} <= set(data["tables"])
    html = archive.read("data.html").decode()
    assert "Quenouillère" in html
    cvs = [name for name in archive.namelist() if name.startswith("documents/")]
    # The CV of each application, and its one copy on the pool profile.
    assert len(cvs) == 3 and all(archive.read(name).startswith(b"%PDF") for name in cvs)
    assert sum(name.startswith("documents/profiledocument-") for name in cvs) == 1
    assert AuditEntry.objects.filter(action=AuditAction.EXPORT).exists()


def text_columns():
    for model in apps.get_models():
        if not model._meta.managed or model._meta.proxy:
            continue
        for field in model._meta.concrete_fields:
            if isinstance(field, (models.CharField, models.TextField, models.JSONField)):
                yield model, field


def test_erasure_leaves_no_trace_but_anonymised_statistics(
    client, alice, person, django_capture_on_commit_callbacks
):
    request = ask_and_confirm(client, "erasure", django_capture_on_commit_callbacks)
    candidate_id = person["applications"][0].candidate_id
    client.force_login(alice)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("privacy:answer", kwargs={"pk": request.pk}))
    request.refresh_from_db()
    assert request.status == RequestStatus.DONE and request.email == ""
    # Nothing anywhere in the database names the person any more.
    needles = ["maelys", "Maëlys", "Quenouillère", "0611223344"]
    with connection.cursor() as cursor:
        for model, field in text_columns():
            table, column = model._meta.db_table, field.column
            for needle in needles:
                cursor.execute(
                    f'SELECT COUNT(*) FROM "{table}" WHERE CAST("{column}" AS TEXT) LIKE %s',
                    [f"%{needle}%"],
                )
                assert cursor.fetchone()[0] == 0, (table, column, needle)
    # The statistics stay.
    assert Application.objects.filter(candidate_id=candidate_id).count() == 2
    assert Candidate.objects.get(pk=candidate_id).anonymised_at is not None
    assert not Profile.objects.filter(pk=person["profile"].pk).exists()
    assert AuditEntry.objects.filter(action=AuditAction.ERASE).count() >= 1


def test_a_recruiter_sourced_profile_is_erased_too(
    client, alice, django_capture_on_commit_callbacks
):
    profile = create_profile(
        fields={"first_name": "Maëlys", "last_name": "Quenouillère", "email": EMAIL},
        source_kind=SourceKind.MANUAL, legal_basis=LegalBasis.LEGITIMATE_INTEREST,
    )  # fmt: skip
    request = ask_and_confirm(client, "erasure", django_capture_on_commit_callbacks)
    client.force_login(alice)
    client.post(reverse("privacy:answer", kwargs={"pk": request.pk}))
    assert not Profile.objects.filter(pk=profile.pk).exists()


def test_a_refusal_needs_a_reason_and_is_sent(
    client, alice, person, django_capture_on_commit_callbacks
):
    request = ask_and_confirm(client, "erasure", django_capture_on_commit_callbacks)
    client.force_login(alice)
    response = client.post(reverse("privacy:refuse", kwargs={"pk": request.pk}), {"answer": ""})
    assert response.status_code == 400
    request.refresh_from_db()
    assert request.status == RequestStatus.OPEN
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("privacy:refuse", kwargs={"pk": request.pk}),
            {"answer": "Contrat signé : obligation légale de conservation."},
        )
    request.refresh_from_db()
    assert request.status == RequestStatus.REFUSED
    assert "obligation légale" in mail.outbox[0].body
    assert Candidate.objects.filter(email=EMAIL).exists()


def test_a_request_cannot_be_answered_twice(
    client, alice, person, django_capture_on_commit_callbacks
):
    request = ask_and_confirm(client, "access", django_capture_on_commit_callbacks)
    client.force_login(alice)
    client.post(reverse("privacy:answer", kwargs={"pk": request.pk}))
    response = client.post(reverse("privacy:answer", kwargs={"pk": request.pk}), follow=True)
    assert (
        "This request is not open for that." in response.content.decode()
        or "pas ouverte" in response.content.decode()
    )


def test_a_forged_confirmation_or_download_link_is_refused(client, employer):
    assert client.post(reverse("privacy:confirm", kwargs={"token": "x"})).status_code == 400
    assert client.get(reverse("privacy:download", kwargs={"token": "x"})).status_code == 404


def test_every_candidate_email_links_to_the_rights_page(person, django_capture_on_commit_callbacks):
    from vivier.hiring.models import Message
    from vivier.hiring.services import deliver_message

    mail.outbox.clear()
    message = Message.objects.filter(application=person["applications"][0]).first()
    deliver_message(message)
    assert "/donnees-personnelles/" in mail.outbox[0].body


def test_only_administrators_handle_requests(client, bob, hana, employer):
    request = RightsRequest.objects.create(kind="access", email=EMAIL, email_hash="x")
    for persona in (bob, hana):
        client.force_login(persona)
        assert client.get(reverse("privacy:request", kwargs={"pk": request.pk})).status_code == 404
        assert client.post(reverse("privacy:answer", kwargs={"pk": request.pk})).status_code == 404


def test_a_robot_filling_the_form_is_refused_and_keeps_what_it_typed(client, employer):
    data = {"email": "robot@example.test", "kind": "erasure", "leave_empty": "http://spam"}
    response = client.post(reverse("privacy:notice"), {**data, **human_fields()})
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert response.context["form"].data["email"] == "robot@example.test"
    response = client.post(reverse("privacy:notice"), {"email": EMAIL, "kind": "access"})
    assert response.context["form"].non_field_errors()  # no ticket: sent by a script
    assert RightsRequest.objects.count() == 0 and not mail.outbox


def test_one_address_cannot_flood_a_mailbox_with_confirmation_links(
    client, employer, settings, django_capture_on_commit_callbacks
):
    settings.THROTTLE_RATES = {**settings.THROTTLE_RATES, "rights-email": "2/h"}
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(2):
            data = {"email": "Target@Example.test", "kind": "access", **human_fields()}
            assert client.post(reverse("privacy:notice"), data).status_code == 200
        data = {"email": "target@example.test", "kind": "erasure", **human_fields()}
        response = client.post(reverse("privacy:notice"), data)
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert response.context["form"]["email"].value() == "target@example.test"  # nothing lost
    assert response.context["form"]["kind"].value() == "erasure"
    assert len(mail.outbox) == 2


def test_one_connection_is_limited_whatever_the_addresses(client, employer, settings):
    settings.THROTTLE_RATES = {**settings.THROTTLE_RATES, "rights-address": "3/h"}
    statuses = [
        client.post(
            reverse("privacy:notice"),
            {"email": f"person{n}@example.test", "kind": "access", **human_fields()},
        ).status_code
        for n in range(4)
    ]
    assert statuses == [200, 200, 200, 429]
