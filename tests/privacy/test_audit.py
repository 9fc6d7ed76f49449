"""The audit log: every staff view, download and permission change, and nothing can edit it."""

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import UserFactory, pdf_upload
from vivier.accounts.models import Role
from vivier.hiring.models import Document
from vivier.hiring.services import ApplicantDetails, submit_application
from vivier.privacy import audit
from vivier.privacy.models import AppendOnly, AuditAction, AuditEntry
from vivier.talent.models import Profile

pytestmark = pytest.mark.django_db


@pytest.fixture
def application(offer):
    application, _created = submit_application(
        offer=offer,
        details=ApplicantDetails(first_name="Lou", last_name="Exemple", email="lou@example.test"),
        cv=pdf_upload(),
    )
    return application


def test_opening_an_application_is_logged_with_who_and_whose(client, bob, application):
    client.force_login(bob)
    assert (
        client.get(reverse("hiring:application", kwargs={"pk": application.pk})).status_code == 200
    )
    entry = AuditEntry.objects.get()
    assert entry.actor == bob
    assert entry.actor_label == "bob@example.test"
    assert entry.action == AuditAction.VIEW
    assert (entry.object_type, entry.object_id) == ("application", str(application.pk))
    assert entry.person == f"candidate:{application.candidate_id}"


def test_a_refused_view_is_not_logged_as_an_access(client, hugo, application):
    client.force_login(hugo)
    assert (
        client.get(reverse("hiring:application", kwargs={"pk": application.pk})).status_code == 404
    )
    assert not AuditEntry.objects.exists()


def test_downloading_a_cv_is_logged(client, bob, application):
    document = Document.objects.get(application=application)
    client.force_login(bob)
    url = reverse("hiring:document", kwargs={"pk": application.pk, "document_id": document.pk})
    assert client.get(url + "?download=1").status_code == 200
    entry = AuditEntry.objects.get()
    assert entry.action == AuditAction.DOWNLOAD
    assert entry.detail == "download"
    assert entry.person == f"candidate:{application.candidate_id}"


def test_opening_a_talent_pool_profile_is_logged(client, bob):
    profile = Profile.objects.create(first_name="Ana", last_name="Exemple")
    client.force_login(bob)
    assert client.get(reverse("talent:detail", kwargs={"pk": profile.pk})).status_code == 200
    assert AuditEntry.objects.get().person == f"profile:{profile.pk}"


def test_a_role_change_in_the_admin_is_logged(client, alice):
    someone = UserFactory(email="x@example.test", role=Role.HIRING_MANAGER)
    client.force_login(alice)
    url = reverse("admin:accounts_user_change", args=[someone.pk])
    response = client.post(
        url,
        {
            "email": someone.email,
            "first_name": someone.first_name,
            "last_name": someone.last_name,
            "role": Role.RECRUITER,
            "is_active": "on",
            "last_login_0": "",
            "last_login_1": "",
            "date_joined_0": "2026-01-01",
            "date_joined_1": "10:00:00",
        },
    )
    assert response.status_code == 302, response.content[:2000]
    entry = AuditEntry.objects.get(action=AuditAction.PERMISSION)
    assert entry.actor == alice
    assert entry.object_id == str(someone.pk)
    assert "role" in entry.detail and "recruiter" in entry.detail


def test_the_log_cannot_be_changed_or_deleted_through_the_application(bob, application):
    from vivier.privacy import audit

    entry = audit.record(actor=bob, action=AuditAction.VIEW, obj=application)
    entry.detail = "tampered"
    with pytest.raises(AppendOnly):
        entry.save()
    with pytest.raises(AppendOnly):
        entry.delete()
    with pytest.raises(AppendOnly):
        AuditEntry.objects.filter(pk=entry.pk).update(detail="tampered")
    with pytest.raises(AppendOnly):
        AuditEntry.objects.all().delete()
    assert AuditEntry.objects.get(pk=entry.pk).detail == ""


def test_the_admin_offers_no_way_to_edit_the_log(client, alice, application):
    from vivier.privacy import audit

    entry = audit.record(actor=alice, action=AuditAction.VIEW, obj=application)
    client.force_login(alice)
    assert client.get(reverse("admin:privacy_auditentry_changelist")).status_code == 200
    response = client.post(
        reverse("admin:privacy_auditentry_delete", args=[entry.pk]), {"post": "yes"}
    )
    assert response.status_code == 403
    assert AuditEntry.objects.filter(pk=entry.pk).exists()


def test_administrators_search_the_log_by_the_persons_email(client, alice, bob, application):
    from vivier.privacy import audit

    other = Profile.objects.create(first_name="Zoé", last_name="Autre", email="zoe@example.test")
    audit.record(actor=bob, action=AuditAction.VIEW, obj=application)
    audit.record(actor=bob, action=AuditAction.VIEW, obj=other)
    client.force_login(alice)
    response = client.get(reverse("privacy:audit"), {"person": "LOU@example.test"})
    assert response.status_code == 200
    entries = list(response.context["page"])
    assert [entry.person for entry in entries] == [f"candidate:{application.candidate_id}"]
    response = client.get(reverse("privacy:audit"), {"actor": "bob@", "action": "view"})
    assert response.context["page"].paginator.count == 2


def test_the_audit_search_refuses_a_period_ending_before_it_starts(client, alice):
    client.force_login(alice)
    response = client.get(reverse("privacy:audit"), {"since": "2026-05-02", "until": "2026-05-01"})
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        "La date de début doit précéder la date de fin."
    ]
    assert response.context["form"].data["since"] == "2026-05-02"


def test_only_administrators_read_the_log(client, bob, hana, carla):
    for persona in (bob, hana, carla):
        client.force_login(persona)
        assert client.get(reverse("privacy:audit")).status_code == 404


def test_a_list_of_reads_logs_each_object_with_its_own_kind_and_person(bob, application):
    profile = Profile.objects.create(first_name="Ana", last_name="Exemple")
    before = timezone.now()
    audit.record_many(actor=bob, action=AuditAction.VIEW, objects=[application, profile],
                      via="api", detail="token abcd")  # fmt: skip
    entries = {entry.object_type: entry for entry in AuditEntry.objects.all()}
    assert set(entries) == {"application", "profile"}
    assert entries["application"].person == f"candidate:{application.candidate_id}"
    assert entries["profile"].person == f"profile:{profile.pk}"
    assert entries["profile"].object_id == str(profile.pk)
    for entry in entries.values():
        assert (entry.actor, entry.via, entry.detail) == (bob, "api", "token abcd")
        assert before <= entry.at <= timezone.now()  # stored and read back as the same moment
    audit.record_many(actor=bob, action=AuditAction.VIEW, objects=[])
    assert AuditEntry.objects.count() == 2


def test_a_long_list_of_reads_is_logged_whole(bob):
    keys = [(number, f"candidate:{number}") for number in range(1, 251)]  # more than one batch
    audit.record_reads(actor=bob, action=AuditAction.VIEW, object_type="application", keys=keys)
    logged = AuditEntry.objects.filter(actor=bob, object_type="application")
    assert sorted(logged.values_list("person", flat=True)) == sorted(person for _id, person in keys)
