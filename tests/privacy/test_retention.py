"""Retention on generated data, with time frozen: what goes, when, and what stays for statistics."""

import datetime as dt

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from tests.factories import JobOfferFactory, pdf_upload
from vivier.hiring.models import Application, Candidate, Document, PipelineStage, StageKind
from vivier.hiring.services import ApplicantDetails, move_application, submit_application
from vivier.privacy import retention
from vivier.privacy.models import AuditAction, AuditEntry, ConsentRecord, RenewalNotice
from vivier.privacy.notices import renewal_token
from vivier.talent.models import LegalBasis, Profile, SourceKind
from vivier.talent.services import create_profile

pytestmark = pytest.mark.django_db

START = dt.datetime(2026, 1, 5, 10, 0, tzinfo=dt.UTC)


def apply(offer, email, *, consent=False, first_name="Lou"):
    application, _created = submit_application(
        offer=offer,
        details=ApplicantDetails(
            first_name=first_name, last_name="Exemple", email=email, cover_letter="Motivée.",
            talent_pool_consent=consent, consent_text="J'accepte le vivier." if consent else "",
            declared_source="facebook", declared_source_detail="Un groupe d'anciens",
        ),
        cv=pdf_upload(),
    )  # fmt: skip
    return application


def close(application, kind=StageKind.REJECTED):
    return move_application(application=application, stage=PipelineStage.for_kind(kind), by=None)


@pytest.fixture
def offer(db, employer):
    return JobOfferFactory(published=True)


def test_an_unsuccessful_applicant_is_anonymised_three_months_after_the_end(
    offer, settings, django_capture_on_commit_callbacks
):
    settings.RETENTION_UNSUCCESSFUL_DAYS = 90
    with time_machine.travel(START, tick=False):
        application = close(apply(offer, "lou@example.test"))
    document = Document.objects.get(application=application)
    stored = document.file.name
    storage = document.file.storage
    with time_machine.travel(START + dt.timedelta(days=89), tick=False):
        assert retention.plan().candidates_to_anonymise == []
    with time_machine.travel(START + dt.timedelta(days=91), tick=False):
        planned = retention.plan().candidates_to_anonymise
        assert [candidate.pk for candidate in planned] == [application.candidate_id]
        with django_capture_on_commit_callbacks(execute=True):
            retention.run()
    candidate = Candidate.objects.get(pk=application.candidate_id)
    assert candidate.anonymised_at is not None
    assert (candidate.first_name, candidate.last_name, candidate.phone) == ("", "", "")
    assert "lou" not in candidate.email
    application.refresh_from_db()
    # The statistics stay: the offer, how far it went, the declared channel, the dates.
    assert application.offer == offer
    assert application.furthest_stage == StageKind.NEW
    assert application.declared_source == "facebook"
    assert (application.cover_letter, application.declared_source_detail) == ("", "")
    assert not Document.objects.filter(application=application).exists()
    assert not storage.exists(stored)
    entry = AuditEntry.objects.get(action=AuditAction.ANONYMISE)
    assert entry.person == f"candidate:{candidate.pk}" and entry.actor is None


def test_an_applicant_still_in_process_or_hired_is_kept(offer, settings):
    with time_machine.travel(START, tick=False):
        waiting = apply(offer, "waiting@example.test")
        hired = close(apply(offer, "hired@example.test"), StageKind.HIRED)
        other_offer = JobOfferFactory(published=True)
        twice = close(apply(offer, "twice@example.test"))
        apply(other_offer, "twice@example.test")  # still open elsewhere
    with time_machine.travel(START + dt.timedelta(days=400), tick=False):
        retention.run()
    for application in (waiting, hired, twice):
        assert Candidate.objects.get(pk=application.candidate_id).anonymised_at is None


def test_consent_to_the_talent_pool_keeps_the_applicant_for_the_pool_period(offer, settings):
    settings.RETENTION_TALENT_POOL_DAYS = 730
    with time_machine.travel(START, tick=False):
        application = close(apply(offer, "pool@example.test", consent=True))
    assert ConsentRecord.objects.get(email="pool@example.test").text == "J'accepte le vivier."
    profile = Profile.objects.get(candidate_id=application.candidate_id)
    with time_machine.travel(START + dt.timedelta(days=200), tick=False):
        assert retention.plan().candidates_to_anonymise == []
    with time_machine.travel(START + dt.timedelta(days=731), tick=False):
        plan = retention.plan()
        assert [c.pk for c in plan.candidates_to_anonymise] == [application.candidate_id]
        # The profile goes with the applicant, not twice.
        assert plan.profiles_to_delete == []
        retention.run()
    assert not Profile.objects.filter(pk=profile.pk).exists()


def sourced_profile(email="source@example.test"):
    return create_profile(
        fields={"first_name": "Sam", "last_name": "Exemple", "email": email},
        source_kind=SourceKind.MANUAL, legal_basis=LegalBasis.LEGITIMATE_INTEREST,
    )  # fmt: skip


def test_a_pool_profile_is_warned_a_month_before_and_deleted_after_24_months(
    settings, django_capture_on_commit_callbacks
):
    settings.RETENTION_TALENT_POOL_DAYS = 730
    settings.RETENTION_WARNING_DAYS = 30
    with time_machine.travel(START, tick=False):
        profile = sourced_profile()
    with time_machine.travel(START + dt.timedelta(days=699), tick=False):
        assert retention.plan().profiles_to_warn == []
    with time_machine.travel(START + dt.timedelta(days=701), tick=False):
        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            done = retention.run()
        assert [p.pk for p in done.profiles_to_warn] == [profile.pk]
        assert len(mail.outbox) == 1
        assert mail.outbox[0].to == ["source@example.test"]
        assert "/donnees-personnelles/renouveler/" in mail.outbox[0].body
        # A second run the next day sends nothing more.
        with django_capture_on_commit_callbacks(execute=True):
            retention.run()
        assert len(mail.outbox) == 1
    notice = RenewalNotice.objects.get(profile=profile)
    assert notice.deletion_due_on == (START + dt.timedelta(days=730)).date()
    with time_machine.travel(START + dt.timedelta(days=731), tick=False):
        assert [p.pk for p in retention.plan().profiles_to_delete] == [profile.pk]
        retention.run()
    assert not Profile.objects.filter(pk=profile.pk).exists()
    assert AuditEntry.objects.filter(action=AuditAction.DELETE, person=f"profile:{profile.pk}")


def test_renewing_from_the_warning_keeps_the_profile_another_period(client, settings):
    settings.RETENTION_TALENT_POOL_DAYS = 730
    with time_machine.travel(START, tick=False):
        profile = sourced_profile()
    with time_machine.travel(START + dt.timedelta(days=710), tick=False):
        url = reverse("privacy:renew", kwargs={"token": renewal_token(profile)})
        assert client.get(url).status_code == 200
        assert not ConsentRecord.objects.exists()  # a GET (a mail scanner) changes nothing
        assert client.post(url).status_code == 200
        assert ConsentRecord.objects.get().email == "source@example.test"
    with time_machine.travel(START + dt.timedelta(days=800), tick=False):
        assert retention.plan().profiles_to_delete == []
    with time_machine.travel(START + dt.timedelta(days=710 + 731), tick=False):
        assert [p.pk for p in retention.plan().profiles_to_delete] == [profile.pk]


def test_a_forged_renewal_link_is_refused(client):
    response = client.post(reverse("privacy:renew", kwargs={"token": "forged"}))
    assert response.status_code == 404
    assert not ConsentRecord.objects.exists()


def test_durations_are_settings(offer, settings):
    settings.RETENTION_UNSUCCESSFUL_DAYS = 10
    with time_machine.travel(START, tick=False):
        application = close(apply(offer, "short@example.test"))
    with time_machine.travel(START + dt.timedelta(days=11), tick=False):
        assert [c.pk for c in retention.plan().candidates_to_anonymise] == [
            application.candidate_id
        ]


def test_expired_audit_entries_are_purged(offer, bob, settings):
    from vivier.privacy import audit

    settings.AUDIT_LOG_DAYS = 365
    with time_machine.travel(START, tick=False):
        application = apply(offer, "audit@example.test")
        old = audit.record(actor=bob, action=AuditAction.VIEW, obj=application)
    with time_machine.travel(START + dt.timedelta(days=300), tick=False):
        recent = audit.record(actor=bob, action=AuditAction.VIEW, obj=application)
    with time_machine.travel(START + dt.timedelta(days=366), tick=False):
        assert retention.plan().audit_entries_to_purge == 1
        retention.run()
    assert not AuditEntry.objects.filter(pk=old.pk).exists()
    assert AuditEntry.objects.filter(pk=recent.pk).exists()


def test_the_dry_run_changes_nothing_and_says_what_would_happen(offer, capsys):
    with time_machine.travel(START, tick=False):
        application = close(apply(offer, "dry@example.test"))
    with time_machine.travel(START + dt.timedelta(days=100), tick=False):
        call_command("retention", "--dry-run")
    output = capsys.readouterr().out
    assert f"would anonymise applicant candidate:{application.candidate_id}" in output
    assert Candidate.objects.get(pk=application.candidate_id).anonymised_at is None
    assert Application.objects.get(pk=application.pk).cover_letter == "Motivée."


def test_administrators_see_the_next_run_person_by_person(client, alice, bob, offer):
    with time_machine.travel(timezone.now() - dt.timedelta(days=120)):
        close(apply(offer, "report@example.test", first_name="Maëlys"))
    client.force_login(alice)
    response = client.get(reverse("privacy:retention"))
    assert response.status_code == 200
    assert "Maëlys Exemple" in response.content.decode()
    client.force_login(bob)
    assert client.get(reverse("privacy:retention")).status_code == 404
