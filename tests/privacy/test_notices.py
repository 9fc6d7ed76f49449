"""RGPD art. 14: people a recruiter adds are told, once, what was collected and from where."""

import pytest
from django.core import mail
from django.urls import reverse

from vivier.privacy.models import AuditAction, AuditEntry
from vivier.privacy.tasks import inform_sourced_profiles
from vivier.talent.models import LegalBasis, Profile, SourceKind
from vivier.talent.services import create_profile

pytestmark = pytest.mark.django_db


def added_by_recruiter(email="sourced@example.test", **kwargs):
    return create_profile(
        fields={"first_name": "Noé", "last_name": "Exemple", "email": email},
        source_kind=SourceKind.MANUAL, legal_basis=LegalBasis.LEGITIMATE_INTEREST,
        detail="CV reçu au salon de Brest", **kwargs,
    )  # fmt: skip


def test_a_person_added_by_a_recruiter_is_told_once_with_the_source(employer):
    employer.privacy_contact = "dpo@example.test"
    employer.save()
    profile = added_by_recruiter()
    inform_sourced_profiles.call_local()
    (message,) = mail.outbox
    assert message.to == ["sourced@example.test"]
    assert "CV reçu au salon de Brest" in message.body
    assert "dpo@example.test" in message.body
    assert "/donnees-personnelles/" in message.body
    profile.refresh_from_db()
    assert profile.informed_at is not None
    assert AuditEntry.objects.get(action=AuditAction.INFORM).person == f"profile:{profile.pk}"
    inform_sourced_profiles.call_local()
    assert len(mail.outbox) == 1


def test_people_who_gave_their_own_data_are_not_sent_the_notice(employer):
    create_profile(
        fields={"first_name": "Inès", "last_name": "Exemple", "email": "own@example.test"},
        source_kind=SourceKind.APPLICATION, legal_basis=LegalBasis.CONSENT,
        supplied_by_candidate=True,
    )  # fmt: skip
    inform_sourced_profiles.call_local()
    assert mail.outbox == []


def test_a_failed_send_is_tried_again_later(employer, settings):
    profile = added_by_recruiter()
    settings.EMAIL_BACKEND = "tests.privacy.failing_backend.FailingBackend"
    from tests.privacy.failing_backend import FailingBackend

    attempts = FailingBackend.attempts
    inform_sourced_profiles.call_local()  # the worker logs the error and will retry
    assert FailingBackend.attempts > attempts
    profile.refresh_from_db()
    assert profile.informed_at is None  # the claim was released
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    inform_sourced_profiles.call_local()
    profile.refresh_from_db()
    assert profile.informed_at is not None and len(mail.outbox) == 1


def test_the_overview_counts_who_cannot_be_told(client, alice, employer):
    added_by_recruiter(email="")
    added_by_recruiter(email="ok@example.test")
    client.force_login(alice)
    response = client.get(reverse("privacy:dashboard"))
    assert response.status_code == 200
    assert response.context["cannot_inform"] == 1
    assert response.context["to_inform"] == 1
    assert Profile.objects.count() == 2
