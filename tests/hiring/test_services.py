"""Unit tests for applications (vivier/hiring/services.py) and their e-mails (messages.py)."""

import datetime as dt
from pathlib import Path

import pytest
import time_machine
from django.conf import settings as django_settings
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from tests.factories import (
    ApplicationFactory,
    CandidateFactory,
    JobOfferFactory,
    pdf_upload,
)
from vivier.hiring.messages import default_template, fill, render_for, template_for
from vivier.hiring.models import (
    Application,
    Candidate,
    Document,
    Message,
    MessageTemplate,
    MessageTemplateKind,
    Note,
    PipelineStage,
    RejectionReason,
    StageChange,
    StageKind,
)
from vivier.hiring.services import (
    ApplicantDetails,
    ApplicationRefused,
    deliver_message,
    move_application,
    reject_application,
    submit_application,
)
from vivier.hiring.tasks import send_message
from vivier.jobs.models import JobOffer, OfferStatus

pytestmark = pytest.mark.django_db


def details(**fields) -> ApplicantDetails:
    values = {
        "first_name": "Camille",
        "last_name": "Exemple",
        "email": "camille.exemple@example.test",
        "phone": "02 99 00 00 00",
        "cover_letter": "Votre projet me motive.",
        "declared_source": "linkedin",
    }
    values.update(fields)
    return ApplicantDetails(**values)


def counts() -> dict[str, int]:
    return {
        model.__name__: model.objects.count()
        for model in (Candidate, Application, Document, StageChange, Message, Note)
    }


def text_named_pdf():
    return SimpleUploadedFile("cv.pdf", b"Camille Exemple, CV", content_type="application/pdf")


def stage(kind: str) -> PipelineStage:
    return PipelineStage.for_kind(kind)


@pytest.fixture
def submit(offer, django_capture_on_commit_callbacks):
    """Submit to the `offer` fixture (or another one), running what waits for the commit."""

    def run(to=None, cv=None, **fields):
        with django_capture_on_commit_callbacks(execute=True):
            return submit_application(
                offer=to or offer, details=details(**fields), cv=cv or pdf_upload()
            )

    return run


# --- submit_application ---------------------------------------------------------------------


def test_submitting_creates_the_candidate_and_an_application_in_the_new_stage(submit, offer):
    application, created = submit()

    assert created is True
    candidate = Candidate.objects.get()
    assert (candidate.first_name, candidate.last_name, candidate.email) == (
        "Camille",
        "Exemple",
        "camille.exemple@example.test",
    )
    assert candidate.phone == "02 99 00 00 00"
    assert application.candidate == candidate
    assert application.offer == offer
    assert application.stage.kind == StageKind.NEW
    assert application.submissions == 1
    assert application.cover_letter == "Votre projet me motive."
    assert application.declared_source == "linkedin"


def test_submitting_stores_the_cv_as_a_pdf_in_private_storage(submit):
    application, _ = submit(cv=pdf_upload(name="CV Camille.pdf"))

    document = Document.objects.get(application=application)
    assert document.content_type == "application/pdf"
    assert document.original_name == "CV Camille.pdf"
    assert document.size > 0
    path = Path(document.file.path)
    private_root = Path(django_settings.PRIVATE_MEDIA_ROOT).resolve()
    assert path.resolve().is_relative_to(private_root)
    assert not path.resolve().is_relative_to(Path(django_settings.MEDIA_ROOT).resolve())
    assert path.read_bytes().startswith(b"%PDF-")
    assert "Camille" not in document.file.name
    assert document.file.name.endswith(".pdf")


def test_submitting_records_the_first_stage_change(submit):
    application, _ = submit()

    change = StageChange.objects.get(application=application)
    assert change.from_stage is None
    assert change.to_stage.kind == StageKind.NEW
    assert change.by is None


def test_submitting_sends_the_confirmation_email(submit, offer):
    application, _ = submit(email="Camille.Exemple@Example.test")

    message = Message.objects.get(application=application)
    assert offer.title in message.subject
    assert message.sent_at is not None
    assert message.sent_by is None
    assert len(mail.outbox) == 1
    email = mail.outbox[0]
    assert email.to == ["camille.exemple@example.test"]
    assert offer.title in email.subject
    assert "Camille" in email.body
    assert offer.reference in email.body


def test_the_confirmation_email_waits_for_the_commit(offer, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        submit_application(offer=offer, details=details(), cv=pdf_upload())

    assert len(callbacks) == 1
    assert mail.outbox == []


def test_the_confirmation_email_replies_to_the_employer_contact(submit, employer):
    employer.contact_email = "recrutement@region.example"
    employer.save()

    submit()

    assert mail.outbox[0].reply_to == ["recrutement@region.example"]


def test_a_second_submission_to_the_same_offer_updates_the_first(submit, offer):
    first, _ = submit(cover_letter="Première lettre.")
    second, created = submit(
        email="CAMILLE.Exemple@example.test",
        cover_letter="Seconde lettre.",
        cv=pdf_upload(lines=["Camille Exemple", "CV mis à jour"]),
    )

    assert created is False
    assert second.pk == first.pk
    assert Application.objects.count() == 1
    assert Candidate.objects.count() == 1
    second.refresh_from_db()
    assert second.submissions == 2
    assert second.cover_letter == "Seconde lettre."
    assert Document.objects.filter(application=second).count() == 2
    notes = Note.objects.filter(application=second)
    assert notes.count() == 2
    assert all(note.author is None for note in notes)
    kept_letter = [note for note in notes if "Première lettre." in note.body]
    assert len(kept_letter) == 1
    assert "Seconde lettre." not in kept_letter[0].body
    assert len(mail.outbox) == 1
    assert Message.objects.filter(application=second).count() == 1


def test_a_second_submission_keeps_the_first_cover_letter_when_none_is_given(submit):
    submit(cover_letter="Première lettre.")
    application, _ = submit(cover_letter="")

    application.refresh_from_db()
    assert application.cover_letter == "Première lettre."


def test_a_second_submission_updates_the_candidate_details(submit):
    submit()
    submit(first_name="Camille-Anne", last_name="Exemple-Martin", phone="")

    candidate = Candidate.objects.get()
    assert (candidate.first_name, candidate.last_name) == ("Camille-Anne", "Exemple-Martin")
    assert candidate.phone == "02 99 00 00 00"


def test_the_same_person_applying_to_another_offer_reuses_the_candidate(submit, offer):
    other_offer = JobOfferFactory(published=True)

    first, _ = submit()
    second, created = submit(to=other_offer, email="  Camille.EXEMPLE@example.test ")

    assert created is True
    assert Candidate.objects.count() == 1
    assert second.candidate_id == first.candidate_id
    assert Application.objects.count() == 2
    assert len(mail.outbox) == 2


def test_a_closed_offer_refuses_applications_and_creates_nothing(submit):
    before = counts()

    with pytest.raises(ApplicationRefused):
        submit(to=JobOfferFactory(closed=True))

    assert counts() == before
    assert mail.outbox == []


def test_a_published_offer_past_its_closing_date_refuses_applications(submit):
    late = JobOfferFactory(published=True, closing_date=timezone.localdate() - dt.timedelta(days=1))
    before = counts()

    with pytest.raises(ApplicationRefused):
        submit(to=late)

    assert counts() == before


def test_an_offer_closed_since_it_was_loaded_refuses_applications(submit, offer):
    JobOffer.objects.filter(pk=offer.pk).update(status=OfferStatus.CLOSED)

    with pytest.raises(ApplicationRefused):
        submit()

    assert Application.objects.count() == 0


def test_an_offer_closing_today_still_takes_applications(submit):
    today = JobOfferFactory(published=True, closing_date=timezone.localdate())

    application, created = submit(to=today)

    assert created is True


def test_an_invalid_cv_raises_a_validation_error_and_creates_nothing(submit):
    before = counts()

    with pytest.raises(ValidationError):
        submit(cv=text_named_pdf())

    assert counts() == before
    assert mail.outbox == []


def test_an_invalid_cv_on_a_second_submission_changes_nothing(submit):
    application, _ = submit()
    before = counts()

    with pytest.raises(ValidationError):
        submit(cv=text_named_pdf(), cover_letter="Autre lettre.")

    assert counts() == before
    application.refresh_from_db()
    assert application.submissions == 1
    assert application.cover_letter == "Votre projet me motive."


def test_talent_pool_consent_records_the_time_and_the_text_shown(submit):
    before = timezone.now()

    submit(talent_pool_consent=True, consent_text="J'accepte d'être recontacté·e.")

    candidate = Candidate.objects.get()
    assert candidate.talent_pool_consent_at is not None
    assert before <= candidate.talent_pool_consent_at <= timezone.now()
    assert candidate.talent_pool_consent_text == "J'accepte d'être recontacté·e."


def test_without_talent_pool_consent_nothing_is_recorded(submit):
    submit(talent_pool_consent=False, consent_text="J'accepte d'être recontacté·e.")

    candidate = Candidate.objects.get()
    assert candidate.talent_pool_consent_at is None
    assert candidate.talent_pool_consent_text == ""


# --- move_application and reject_application -----------------------------------------------


def test_moving_an_application_records_who_moved_it_from_where_to_where(bob):
    application = ApplicationFactory()
    entered_at = application.stage_changed_at
    screening = stage(StageKind.SCREENING)

    with time_machine.travel(timezone.now() + dt.timedelta(hours=2)):
        moved = move_application(application=application, stage=screening, by=bob)

    moved.refresh_from_db()
    assert moved.stage == screening
    assert moved.stage_changed_at > entered_at + dt.timedelta(hours=1)
    change = StageChange.objects.get(application=application)
    assert change.from_stage.kind == StageKind.NEW
    assert change.to_stage == screening
    assert change.by == bob


def test_moving_an_application_to_its_own_stage_does_nothing(bob):
    application = ApplicationFactory()
    entered_at = application.stage_changed_at

    move_application(application=application, stage=application.stage, by=bob)

    application.refresh_from_db()
    assert application.stage.kind == StageKind.NEW
    assert application.stage_changed_at == entered_at
    assert not StageChange.objects.filter(application=application).exists()


def test_rejecting_sets_the_rejection_stage_and_reason_and_sends_the_email(
    bob, django_capture_on_commit_callbacks
):
    application = ApplicationFactory(candidate=CandidateFactory(email="dominique@example.test"))

    with django_capture_on_commit_callbacks(execute=True):
        reject_application(
            application=application,
            reason=RejectionReason.POSITION_FILLED,
            by=bob,
            send_email=True,
            subject="Votre candidature",
            body="Bonjour, le poste est pourvu.",
        )

    application.refresh_from_db()
    assert application.stage.kind == StageKind.REJECTED
    assert application.rejection_reason == RejectionReason.POSITION_FILLED
    assert StageChange.objects.get(application=application).by == bob
    message = Message.objects.get(application=application)
    assert (message.subject, message.body, message.sent_by) == (
        "Votre candidature",
        "Bonjour, le poste est pourvu.",
        bob,
    )
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["dominique@example.test"]
    assert mail.outbox[0].subject == "Votre candidature"
    # The text as written, then the line every candidate e-mail ends with: their rights.
    assert mail.outbox[0].body.startswith("Bonjour, le poste est pourvu.\n\n--\n")
    assert "/donnees-personnelles/" in mail.outbox[0].body


def test_rejecting_without_email_sends_nothing(bob, django_capture_on_commit_callbacks):
    application = ApplicationFactory()

    with django_capture_on_commit_callbacks(execute=True):
        reject_application(
            application=application,
            reason=RejectionReason.EXPERIENCE,
            by=bob,
            send_email=False,
            subject="Votre candidature",
            body="Non.",
        )

    application.refresh_from_db()
    assert application.stage.kind == StageKind.REJECTED
    assert application.rejection_reason == RejectionReason.EXPERIENCE
    assert not Message.objects.exists()
    assert mail.outbox == []


def test_moving_a_rejected_application_back_to_screening_clears_the_reason(bob):
    application = ApplicationFactory()
    reject_application(
        application=application, reason=RejectionReason.OTHER, by=bob, send_email=False
    )

    move_application(application=application, stage=stage(StageKind.SCREENING), by=bob)

    application.refresh_from_db()
    assert application.stage.kind == StageKind.SCREENING
    assert application.rejection_reason == ""
    assert StageChange.objects.filter(application=application).count() == 2


# --- deliver_message ------------------------------------------------------------------------


def test_a_message_is_delivered_once_only():
    application = ApplicationFactory(candidate=CandidateFactory(email="sacha@example.test"))
    message = Message.objects.create(application=application, subject="Objet", body="Texte")

    deliver_message(message)
    message.refresh_from_db()
    deliver_message(message)
    send_message(message.pk)

    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["sacha@example.test"]
    assert message.sent_at is not None


def test_the_send_task_ignores_a_message_that_no_longer_exists():
    send_message(987654)

    assert mail.outbox == []


# --- message templates ----------------------------------------------------------------------


def test_a_message_template_overrides_the_default_for_its_language():
    MessageTemplate.objects.create(
        kind=MessageTemplateKind.CONFIRMATION,
        language="fr",
        subject="Candidature reçue : {offer_title}",
        body="Bonjour {candidate_first_name}",
    )

    assert template_for(MessageTemplateKind.CONFIRMATION, "fr") == (
        "Candidature reçue : {offer_title}",
        "Bonjour {candidate_first_name}",
    )
    assert template_for(MessageTemplateKind.CONFIRMATION, "en") == default_template(
        MessageTemplateKind.CONFIRMATION, "en"
    )
    assert template_for(MessageTemplateKind.REJECTION, "fr") == default_template(
        MessageTemplateKind.REJECTION, "fr"
    )


def test_the_confirmation_email_uses_the_team_template(submit, offer):
    MessageTemplate.objects.create(
        kind=MessageTemplateKind.CONFIRMATION,
        language="fr",
        subject="Candidature reçue : {offer_title}",
        body="Bonjour {candidate_first_name}, merci. {signature}",
    )

    submit(language="fr")

    assert mail.outbox[0].subject == f"Candidature reçue : {offer.title}"
    assert mail.outbox[0].body.startswith("Bonjour Camille, merci. {signature}\n\n--\n")


def test_render_for_fills_known_placeholders_and_keeps_unknown_ones(offer):
    application = ApplicationFactory(
        offer=offer, candidate=CandidateFactory(first_name="Sacha", last_name="Exemple")
    )
    MessageTemplate.objects.create(
        kind=MessageTemplateKind.REJECTION,
        language="fr",
        subject="{offer_title} ({offer_reference})",
        body="{candidate_first_name} / {candidate_name} / {employer_name} / {salaire} / { x }",
    )

    subject, body = render_for(application, MessageTemplateKind.REJECTION, "Région Exemple")

    assert subject == f"{offer.title} ({offer.reference})"
    assert body == "Sacha / Sacha Exemple / Région Exemple / {salaire} / { x }"


def test_placeholders_in_what_a_candidate_typed_are_not_filled_in_turn():
    assert fill("{candidate_first_name}", {"candidate_first_name": "{employer_name}"}) == (
        "{employer_name}"
    )


def test_the_default_templates_name_the_offer_and_greet_the_candidate():
    for kind in (MessageTemplateKind.CONFIRMATION, MessageTemplateKind.REJECTION):
        subject, body = default_template(kind, "en")
        assert "{offer_title}" in subject
        assert "{candidate_first_name}" in body
        assert "{employer_name}" in body
