"""Pipeline templates: each offer's own stages, the e-mail a stage sends, stuck applications."""

import datetime as dt

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from django.utils import timezone, translation

from tests.factories import ApplicationFactory, JobOfferFactory, pdf_upload
from vivier.hiring.models import (
    Application,
    Message,
    PipelineStage,
    PipelineTemplate,
    StageChange,
    StageEmail,
    StageKind,
)
from vivier.hiring.pipelines import StageRefused, stages_of
from vivier.hiring.services import (
    ApplicantDetails,
    move_application,
    reject_application,
    submit_application,
)

pytestmark = pytest.mark.django_db


def template(name: str) -> PipelineTemplate:
    return PipelineTemplate.objects.get(name=name)


@pytest.fixture
def internship_offer(employer, bob, hana):
    offer = JobOfferFactory(published=True, recruiter=bob, pipeline_template=template("Internship"))
    offer.hiring_managers.add(hana)
    return offer


def apply(offer, *, email="lou@example.test", language="fr"):
    details = ApplicantDetails(first_name="Lou", last_name="Martin", email=email, language=language)
    return submit_application(offer=offer, details=details, cv=pdf_upload())[0]


def write_email(stage, language, subject, body):
    return StageEmail.objects.create(stage=stage, language=language, subject=subject, body=body)


# --- The built-in templates -------------------------------------------------------------------


def test_the_migration_puts_the_stages_in_standard_and_adds_two_templates():
    standard = PipelineTemplate.default()
    assert standard.name == "Standard"
    assert [s.kind for s in standard.stages.all()] == [
        "new", "screening", "interview", "offer", "hired", "rejected", "withdrawn",
    ]  # fmt: skip
    assert set(PipelineTemplate.objects.values_list("name", flat=True)) == {
        "Standard", "Internship", "Public competition",
    }  # fmt: skip
    competition = template("Public competition")
    assert [s.kind for s in competition.stages.all()].count("interview") == 2
    with translation.override("fr"):
        assert competition.label == "Concours"
        assert [s.label for s in competition.stages.all()][2] == "Épreuves écrites"
        # A blank name shows the kind's name, translated.
        assert template("Internship").stages.get(kind="rejected").label == "Refus"
    with translation.override("en"):
        assert [s.label for s in competition.stages.all()][2] == "Written tests"


def test_a_new_offer_follows_the_default_template(employer):
    offer = JobOfferFactory()
    assert offer.pipeline_template == PipelineTemplate.default()


def test_an_application_starts_in_the_first_stage_of_its_offers_template(internship_offer):
    application = apply(internship_offer)
    assert application.stage.template == template("Internship")
    assert application.stage.kind == StageKind.NEW


# --- Only the offer's stages ------------------------------------------------------------------


def test_moving_to_a_stage_of_another_template_is_refused(internship_offer, bob):
    application = apply(internship_offer)
    standard_interview = PipelineStage.for_kind(StageKind.INTERVIEW)
    with pytest.raises(StageRefused):
        move_application(application=application, stage=standard_interview, by=bob)
    application.refresh_from_db()
    assert application.stage.kind == StageKind.NEW
    assert StageChange.objects.filter(application=application).count() == 1  # arrival only
    tutor = PipelineStage.for_offer(internship_offer, StageKind.INTERVIEW)
    moved = move_application(application=application, stage=tutor, by=bob)
    assert moved.stage == tutor


def test_the_move_screen_refuses_a_stage_of_another_template(client, bob, internship_offer):
    application = apply(internship_offer)
    client.force_login(bob)
    response = client.post(
        reverse("hiring:move", kwargs={"pk": application.pk}),
        {"stage": PipelineStage.for_kind(StageKind.INTERVIEW).pk},
        follow=True,
    )
    assert response.status_code == 200
    assert "Choisissez une étape du processus de cette offre." in response.content.decode()
    application.refresh_from_db()
    assert application.stage.kind == StageKind.NEW


def test_the_api_answers_422_to_a_stage_of_another_template(client, bob, internship_offer):
    from vivier.api.models import Scope
    from vivier.api.services import create_token

    application = apply(internship_offer)
    secret = create_token(user=bob, name="t", scopes=[Scope.WRITE_APPLICATIONS])[1]
    response = client.post(
        f"/api/v1/applications/{application.pk}/stage",
        {"stage": PipelineStage.for_kind(StageKind.INTERVIEW).pk},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {secret}",
    )
    assert response.status_code == 422, response.content
    application.refresh_from_db()
    assert application.stage.kind == StageKind.NEW


def test_a_rejection_goes_to_the_rejected_stage_of_the_offers_template(internship_offer, bob):
    application = apply(internship_offer)
    rejected = reject_application(application=application, reason="other", by=bob, send_email=False)
    assert rejected.stage == template("Internship").stages.get(kind=StageKind.REJECTED)


def test_the_board_shows_the_stages_of_the_offers_template(client, bob, internship_offer):
    apply(internship_offer)
    client.force_login(bob)
    response = client.get(reverse("hiring:board", kwargs={"pk": internship_offer.pk}))
    columns = [stage for stage, _cards in response.context["columns"]]
    assert columns == list(template("Internship").stages.all())
    page = response.content.decode()
    assert "Entretien avec le tuteur" in page
    assert str(PipelineStage.for_kind(StageKind.INTERVIEW).pk) not in {
        str(stage.pk) for stage in columns
    }


# --- Automatic e-mails ------------------------------------------------------------------------


def test_entering_a_stage_queues_its_e_mail_in_the_candidates_language(
    offer, bob, django_capture_on_commit_callbacks
):
    interview = PipelineStage.for_kind(StageKind.INTERVIEW)
    write_email(interview, "fr", "Entretien : {offer_title}", "Bonjour {candidate_first_name}")
    write_email(interview, "en", "Interview: {offer_title}", "Hello {candidate_first_name}")
    application = apply(offer, language="en")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        move_application(application=application, stage=interview, by=bob)
    message = Message.objects.filter(application=application).first()
    assert message.subject == f"Interview: {offer.title}"
    assert message.body == "Hello Lou"
    assert message.sent_by == bob
    assert [email.subject for email in mail.outbox] == [f"Interview: {offer.title}"]
    assert mail.outbox[0].to == ["lou@example.test"]


def test_without_a_text_in_their_language_the_candidate_gets_the_french_one(
    offer, bob, django_capture_on_commit_callbacks
):
    interview = PipelineStage.for_kind(StageKind.INTERVIEW)
    write_email(interview, "fr", "Entretien", "Bonjour {candidate_first_name}")
    application = apply(offer, language="en")
    with django_capture_on_commit_callbacks(execute=True):
        move_application(application=application, stage=interview, by=bob)
    assert application.messages.first().subject == "Entretien"


def test_a_stage_without_an_e_mail_sends_nothing(offer, bob, django_capture_on_commit_callbacks):
    application = apply(offer)
    before = Message.objects.count()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        move_application(application=application, stage=PipelineStage.for_kind("screening"), by=bob)
    assert Message.objects.count() == before
    assert mail.outbox == []


def test_the_first_stages_e_mail_stands_for_the_confirmation(
    internship_offer, django_capture_on_commit_callbacks
):
    first = PipelineStage.for_offer(internship_offer, StageKind.NEW)
    write_email(first, "fr", "Candidature de stage reçue", "Bonjour {candidate_first_name}")
    with django_capture_on_commit_callbacks(execute=True):
        application = apply(internship_offer)
    assert list(application.messages.values_list("subject", flat=True)) == [
        "Candidature de stage reçue"
    ]


def test_a_rejection_with_its_own_e_mail_does_not_also_send_the_stages(
    offer, bob, django_capture_on_commit_callbacks
):
    rejected = PipelineStage.for_kind(StageKind.REJECTED)
    write_email(rejected, "fr", "Stage e-mail", "Body")
    application = apply(offer)
    before = application.messages.count()
    with django_capture_on_commit_callbacks(execute=True):
        reject_application(application=application, reason="other", by=bob, send_email=True)
    subjects = list(application.messages.values_list("subject", flat=True))
    assert len(subjects) == before + 1
    assert "Stage e-mail" not in subjects
    other = apply(offer, email="sam@example.test")
    reject_application(application=other, reason="other", by=bob, send_email=False)
    assert other.messages.filter(subject="Stage e-mail").count() == 1


# --- Waiting too long -------------------------------------------------------------------------


def test_an_application_is_flagged_once_past_its_stages_limit(client, bob, offer):
    screening = PipelineStage.for_kind("screening")
    assert screening.time_limit_days == 14  # set by the migration
    application = ApplicationFactory(offer=offer, stage=screening)
    client.force_login(bob)
    with time_machine.travel(timezone.now() + dt.timedelta(days=13)):
        assert not Application.objects.get(pk=application.pk).is_stuck
        board = client.get(reverse("hiring:board", kwargs={"pk": offer.pk}))
        assert board.context["stuck_count"] == 0
        assert "En attente trop longue" not in board.content.decode()
    with time_machine.travel(timezone.now() + dt.timedelta(days=15)):
        client.force_login(bob)  # the session of two weeks ago has run out
        assert Application.objects.get(pk=application.pk).is_stuck
        board = client.get(reverse("hiring:board", kwargs={"pk": offer.pk}))
        assert board.context["stuck_count"] == 1
        assert "En attente trop longue" in board.content.decode()
        dashboard = client.get(reverse("hiring:dashboard"))
        assert [o.stuck_count for o in dashboard.context["offers"]] == [1]


def test_without_any_limited_stage_the_dashboard_counts_none_waiting(client, bob, offer):
    PipelineStage.objects.update(time_limit_days=None)
    ApplicationFactory(offer=offer)
    client.force_login(bob)
    with time_machine.travel(timezone.now() + dt.timedelta(days=100)):
        client.force_login(bob)
        dashboard = client.get(reverse("hiring:dashboard"))
    assert [o.stuck_count for o in dashboard.context["offers"]] == [0]


def test_a_closed_stage_or_one_without_a_limit_never_flags(offer):
    hired = PipelineStage.for_kind(StageKind.HIRED)
    hired.time_limit_days = 1
    hired.save()
    interview = PipelineStage.for_kind(StageKind.INTERVIEW)
    assert interview.time_limit_days is None
    done = ApplicationFactory(offer=offer, stage=hired)
    waiting = ApplicationFactory(offer=offer, stage=interview)
    with time_machine.travel(timezone.now() + dt.timedelta(days=400)):
        assert not Application.objects.get(pk=done.pk).is_stuck
        assert not Application.objects.get(pk=waiting.pk).is_stuck


# --- Settings screens -------------------------------------------------------------------------


def test_an_administrator_makes_a_template_from_another_and_edits_a_stages_e_mail(client, alice):
    client.force_login(alice)
    response = client.post(
        reverse("hiring:pipelines"),
        {"name": "Cadres", "description": "", "copy_from": PipelineTemplate.default().pk},
    )
    made = PipelineTemplate.objects.get(name="Cadres")
    assert response["Location"] == reverse("hiring:pipeline", kwargs={"pk": made.pk})
    assert made.stages.count() == PipelineTemplate.default().stages.count()
    interview = made.stages.get(kind="interview")
    url = reverse("hiring:stage_edit", kwargs={"pk": interview.pk})
    fields = {"name": "Jury", "kind": "interview", "position": "30", "is_active": "on"}
    fields |= {"time_limit_days": "5", "subject_fr": "Jury : {offer_title}", "body_fr": ""}
    assert client.post(url, fields).status_code == 200  # a subject without a message
    assert not StageEmail.objects.filter(stage=interview).exists()
    fields["body_fr"] = "Bonjour {candidate_first_name}"
    client.post(url, fields)
    interview.refresh_from_db()
    assert (interview.name, interview.time_limit_days) == ("Jury", 5)
    assert StageEmail.objects.get(stage=interview).subject == "Jury : {offer_title}"
    # Emptying the texts removes the e-mail.
    client.post(url, fields | {"subject_fr": "", "body_fr": ""})
    assert not StageEmail.objects.filter(stage=interview).exists()


def test_a_template_keeps_its_required_stages(client, alice):
    client.force_login(alice)
    made = client.post(reverse("hiring:pipelines"), {"name": "Court", "description": ""})
    assert made.status_code == 302
    short = PipelineTemplate.objects.get(name="Court")
    assert sorted(short.stages.values_list("kind", flat=True)) == ["new", "rejected", "withdrawn"]
    new = short.stages.get(kind="new")
    client.post(reverse("hiring:stage_delete", kwargs={"pk": new.pk}))
    assert short.stages.filter(pk=new.pk).exists()
    response = client.post(
        reverse("hiring:stage_edit", kwargs={"pk": new.pk}),
        {"name": "", "kind": "new", "position": "10"},  # is_active left out: unticked
    )
    assert response.status_code == 200
    new.refresh_from_db()
    assert new.is_active


def test_the_default_template_changes_and_a_used_one_stays(client, alice, offer):
    client.force_login(alice)
    internship = template("Internship")
    client.post(
        reverse("hiring:pipeline", kwargs={"pk": internship.pk}),
        {"form": "template", "name": "Internship", "description": "", "is_default": "on"},
    )
    assert PipelineTemplate.default() == internship
    assert PipelineTemplate.objects.filter(is_default=True).count() == 1
    standard = template("Standard")
    client.post(reverse("hiring:pipeline_delete", kwargs={"pk": standard.pk}))
    assert PipelineTemplate.objects.filter(pk=standard.pk).exists()  # the offer follows it
    competition = template("Public competition")
    client.post(reverse("hiring:pipeline_delete", kwargs={"pk": competition.pk}))
    assert not PipelineTemplate.objects.filter(pk=competition.pk).exists()


def test_an_offers_template_changes_only_while_it_has_no_application(client, bob, offer):
    from vivier.jobs.forms import OfferForm

    internship = template("Internship")
    assert OfferForm(instance=offer)["pipeline_template"].value() == offer.pipeline_template_id
    assert "pipeline_template" in OfferForm().fields
    assert [pk for pk, _label in stages_of(offer).values_list("pk", "kind")]
    form_data = _offer_form_data(offer) | {"pipeline_template": internship.pk}
    form = OfferForm(form_data, instance=offer)
    assert form.is_valid(), form.errors
    form.save()
    offer.refresh_from_db()
    assert offer.pipeline_template == internship
    apply(offer)
    form = OfferForm(form_data | {"pipeline_template": template("Standard").pk}, instance=offer)
    assert not form.is_valid()
    assert "pipeline_template" in form.errors


def _offer_form_data(offer) -> dict:
    from django.forms.models import model_to_dict

    from vivier.jobs.forms import OfferForm

    data = model_to_dict(offer, fields=OfferForm.Meta.fields)
    data["hiring_managers"] = [user.pk for user in data["hiring_managers"]]
    return {key: ("" if value is None else value) for key, value in data.items()}
