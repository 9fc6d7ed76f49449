import pytest
from django.core import mail
from django.urls import reverse

from tests.factories import ApplicationFactory, docx_upload, pdf_upload
from vivier.hiring.models import Application, MessageTemplate, Note, PipelineStage, StageChange
from vivier.hiring.services import ApplicantDetails, submit_application

pytestmark = pytest.mark.django_db


@pytest.fixture
def application(offer):
    application, _created = submit_application(
        offer=offer,
        details=ApplicantDetails(first_name="Lou", last_name="Martin", email="lou@example.test"),
        cv=pdf_upload(),
    )
    return application


def stage(kind):
    return PipelineStage.for_kind(kind)  # in the default template, which offers follow


def test_the_board_shows_a_column_per_stage_in_a_fixed_number_of_queries(
    client, bob, offer, django_assert_max_num_queries
):
    client.force_login(bob)
    ApplicationFactory.create_batch(2, offer=offer)
    with django_assert_max_num_queries(10) as few:
        client.get(reverse("hiring:board", kwargs={"pk": offer.pk}))
    ApplicationFactory.create_batch(12, offer=offer, stage=stage("screening"))
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(reverse("hiring:board", kwargs={"pk": offer.pk}))
    columns = dict((column.kind, cards) for column, cards in response.context["columns"])
    assert len(columns["new"]) == 2
    assert len(columns["screening"]) == 12
    assert list(columns) == [
        "new",
        "screening",
        "interview",
        "offer",
        "hired",
        "rejected",
        "withdrawn",
    ]


def test_moving_from_the_board_with_htmx_returns_the_board(client, bob, application):
    client.force_login(bob)
    response = client.post(
        reverse("hiring:move", kwargs={"pk": application.pk}),
        {"stage": stage("interview").pk, "from": "board"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    assert "<html" not in response.content.decode()
    application.refresh_from_db()
    assert application.stage.kind == "interview"
    change = StageChange.objects.filter(application=application).first()
    assert (change.from_stage.kind, change.to_stage.kind, change.by) == ("new", "interview", bob)


def test_moving_to_rejected_goes_through_the_rejection_screen(client, bob, application):
    client.force_login(bob)
    response = client.post(
        reverse("hiring:move", kwargs={"pk": application.pk}),
        {"stage": stage("rejected").pk, "from": "board"},
        HTTP_HX_REQUEST="true",
    )
    assert response["HX-Redirect"] == reverse("hiring:reject", kwargs={"pk": application.pk})
    application.refresh_from_db()
    assert application.stage.kind == "new"


def test_a_hiring_manager_moves_and_annotates_their_applications(client, hana, application):
    client.force_login(hana)
    client.post(
        reverse("hiring:move", kwargs={"pk": application.pk}), {"stage": stage("screening").pk}
    )
    client.post(reverse("hiring:note", kwargs={"pk": application.pk}), {"body": "Très bon profil"})
    application.refresh_from_db()
    assert application.stage.kind == "screening"
    note = Note.objects.filter(application=application, author=hana).get()
    assert note.body == "Très bon profil"


def test_an_empty_note_is_refused(client, bob, application):
    client.force_login(bob)
    client.post(reverse("hiring:note", kwargs={"pk": application.pk}), {"body": "  "})
    assert not Note.objects.filter(author=bob).exists()


def test_the_application_page_shows_the_cv_inline(client, bob, application):
    client.force_login(bob)
    response = client.get(reverse("hiring:application", kwargs={"pk": application.pk}))
    document = application.documents.get()
    url = reverse("hiring:document", kwargs={"pk": application.pk, "document_id": document.pk})
    assert f'<iframe class="cv-frame" src="{url}"' in response.content.decode()
    cv = client.get(url)
    assert cv["Content-Type"] == "application/pdf"
    assert cv["Content-Disposition"].startswith("inline")
    assert cv["X-Frame-Options"] == "SAMEORIGIN"
    assert b"".join(cv.streaming_content).startswith(b"%PDF-")
    download = client.get(url + "?download=1")
    assert download["Content-Disposition"].startswith("attachment")


def test_a_docx_cv_is_previewed_as_text(client, bob, offer):
    application, _created = submit_application(
        offer=offer,
        details=ApplicantDetails(first_name="Noé", last_name="Durand", email="noe@example.test"),
        cv=docx_upload(paragraphs=["Noé Durand", "Technicien SIG depuis 2019"]),
    )
    client.force_login(bob)
    response = client.get(reverse("hiring:application", kwargs={"pk": application.pk}))
    assert "Technicien SIG depuis 2019" in response.content.decode()


def test_rejecting_sends_the_edited_message(
    client, bob, application, django_capture_on_commit_callbacks
):
    client.force_login(bob)
    url = reverse("hiring:reject", kwargs={"pk": application.pk})
    form = client.get(url).context["form"]
    assert "Lou" in form.initial["body"]
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url,
            {
                "reason": "filled",
                "send_email": "on",
                "subject": "Votre candidature",
                "body": "Merci Lou.",
            },
        )
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.stage.kind == "rejected"
    assert application.rejection_reason == "filled"
    assert [(m.subject, m.body.split("\n\n--\n")[0], m.to) for m in mail.outbox] == [
        ("Votre candidature", "Merci Lou.", ["lou@example.test"])
    ]


def test_a_rejection_e_mail_without_a_body_is_refused(client, bob, application):
    client.force_login(bob)
    url = reverse("hiring:reject", kwargs={"pk": application.pk})
    response = client.post(
        url, {"reason": "filled", "send_email": "on", "subject": "S", "body": ""}
    )
    assert response.status_code == 200
    assert "body" in response.context["form"].errors
    application.refresh_from_db()
    assert application.stage.kind == "new"


def test_a_recruiter_edits_the_rejection_template(client, bob):
    client.force_login(bob)
    url = reverse("hiring:template_edit", kwargs={"kind": "rejection", "language": "fr"})
    assert "{offer_title}" in client.get(url).context["form"].initial["subject"]
    client.post(
        url, {"subject": "Réponse : {offer_title}", "body": "Bonjour {candidate_first_name}"}
    )
    template = MessageTemplate.objects.get(kind="rejection", language="fr")
    assert template.subject == "Réponse : {offer_title}"
    bad = reverse("hiring:template_edit", kwargs={"kind": "nothing", "language": "fr"})
    assert client.get(bad).status_code == 404


def test_an_administrator_adds_renames_and_deletes_stages(client, alice, application):
    client.force_login(alice)
    standard = application.offer.pipeline_template
    assert client.get(reverse("hiring:stages"))["Location"] == reverse(
        "hiring:pipeline", kwargs={"pk": standard.pk}
    )
    client.post(
        reverse("hiring:pipeline", kwargs={"pk": standard.pk}),
        {"name": "Test technique", "kind": "interview", "position": "25", "is_active": "on"},
    )
    added = PipelineStage.objects.get(name="Test technique")
    assert [s.label for s in standard.stages.all()][2] == "Test technique"
    client.post(reverse("hiring:stage_delete", kwargs={"pk": added.pk}))
    assert not PipelineStage.objects.filter(pk=added.pk).exists()
    # A stage holding applications stays.
    used = stage("new")
    client.post(reverse("hiring:stage_delete", kwargs={"pk": used.pk}))
    assert PipelineStage.objects.filter(pk=used.pk).exists()
    assert Application.objects.get(pk=application.pk).stage == used


def test_the_dashboard_counts_new_applications(client, bob, application):
    client.force_login(bob)
    response = client.get(reverse("hiring:dashboard"))
    offers = list(response.context["offers"])
    assert offers[0].new_count == 1
    assert "Lou Martin" in response.content.decode()
