import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.factories import JobOfferFactory, docx_upload, human_fields, pdf_upload
from vivier.hiring.models import Application, Candidate, Document

pytestmark = pytest.mark.django_db


def apply_url(offer):
    return reverse("careers:apply", kwargs={"pk": offer.pk, "slug": offer.slug})


def form_data(**overrides):
    data = {
        "first_name": "Camille",
        "last_name": "Exemple",
        "email": "camille.exemple@example.test",
        "phone": "+33 6 12 34 56 78",
        "cover_letter": "Je suis motivée.",
        "declared_source": "linkedin",
        "declared_source_detail": "",
        **human_fields(),
    }
    data.update(overrides)
    return data


def test_a_candidate_applies_without_an_account(
    client, employer, offer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(apply_url(offer), {**form_data(), "cv": pdf_upload()})
    assert response.status_code == 302
    assert response["Location"] == reverse("careers:applied", kwargs={"pk": offer.pk})
    application = Application.objects.get()
    assert application.offer == offer
    assert application.candidate.email == "camille.exemple@example.test"
    assert application.stage.kind == "new"
    assert application.declared_source == "linkedin"
    assert application.documents.get().content_type == "application/pdf"
    assert [message.to for message in mail.outbox] == [["camille.exemple@example.test"]]
    assert offer.title in mail.outbox[0].subject
    confirmation = client.get(response["Location"])
    assert "Camille" not in confirmation.content.decode()  # nothing personal echoed back
    assert confirmation.status_code == 200


def test_the_confirmation_page_is_only_for_the_one_who_applied(client, employer, offer):
    assert client.get(reverse("careers:applied", kwargs={"pk": offer.pk})).status_code == 404


def test_a_docx_cv_is_accepted(client, employer, offer):
    client.post(apply_url(offer), {**form_data(), "cv": docx_upload()})
    assert Document.objects.get().content_type.endswith("wordprocessingml.document")


def test_applying_twice_merges_into_one_application(client, employer, offer):
    client.post(apply_url(offer), {**form_data(), "cv": pdf_upload()})
    client.post(
        apply_url(offer),
        {**form_data(email="Camille.Exemple@Example.test"), "cv": pdf_upload("cv2.pdf")},
    )
    application = Application.objects.get()
    assert application.submissions == 2
    assert application.documents.count() == 2
    assert Candidate.objects.count() == 1


def test_a_text_file_renamed_to_pdf_is_refused_and_the_form_keeps_what_was_typed(
    client, employer, offer
):
    fake = SimpleUploadedFile(
        "cv.pdf", b"just some text, not a PDF", content_type="application/pdf"
    )
    response = client.post(apply_url(offer), {**form_data(), "cv": fake})
    assert response.status_code == 200
    html = response.content.decode()
    assert "document PDF ou Word (DOCX), quel que soit son nom" in html
    assert 'value="Camille"' in html
    assert "Je suis motivée." in html
    assert Application.objects.count() == 0


def test_an_oversize_cv_is_refused(client, employer, offer, settings):
    settings.CV_MAX_BYTES = 1000
    response = client.post(
        apply_url(offer), {**form_data(), "cv": pdf_upload(lines=["x" * 80] * 40)}
    )
    assert "trop volumineux" in response.content.decode()
    assert Application.objects.count() == 0


def test_missing_fields_are_reported_in_french(client, employer, offer):
    response = client.post(apply_url(offer), {"first_name": "Camille"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Ce champ est obligatoire." in html
    assert "Merci de joindre votre CV." in html
    assert 'value="Camille"' in html
    assert Application.objects.count() == 0


def test_a_valid_cv_is_kept_when_another_field_is_wrong(client, employer, offer):
    response = client.post(
        apply_url(offer), {**form_data(email="pas-une-adresse"), "cv": pdf_upload()}
    )
    assert response.status_code == 200
    token = response.context["form"].data["cv_token"]
    assert token
    # The candidate fixes the e-mail and sends again without choosing the file again.
    response = client.post(apply_url(offer), {**form_data(), "cv_token": token})
    assert response.status_code == 302
    assert Application.objects.get().documents.count() == 1


def test_a_forged_cv_token_does_not_count_as_a_cv(client, employer, offer):
    response = client.post(apply_url(offer), {**form_data(), "cv_token": "forged:token"})
    assert response.status_code == 200
    assert Application.objects.count() == 0


def test_other_as_a_source_needs_details(client, employer, offer):
    response = client.post(
        apply_url(offer), {**form_data(declared_source="other"), "cv": pdf_upload()}
    )
    assert response.status_code == 200
    assert "declared_source_detail" in response.context["form"].errors


def test_a_closed_offer_takes_no_application(client, employer):
    closed = JobOfferFactory(closed=True)
    response = client.post(apply_url(closed), {**form_data(), "cv": pdf_upload()})
    assert response.status_code == 410
    assert Application.objects.count() == 0
    assert client.get(apply_url(closed)).status_code == 410


def test_an_offer_past_its_closing_date_takes_no_application(client, employer):
    import datetime as dt

    expired = JobOfferFactory(published=True, closing_date=dt.date(2020, 1, 1))
    response = client.post(apply_url(expired), {**form_data(), "cv": pdf_upload()})
    assert response.status_code == 410
    assert Application.objects.count() == 0


def test_consent_to_the_talent_pool_is_recorded_with_its_text(client, employer, offer):
    client.post(apply_url(offer), {**form_data(), "cv": pdf_upload(), "talent_pool_consent": "on"})
    candidate = Candidate.objects.get()
    assert candidate.talent_pool_consent_at is not None
    assert "24" in candidate.talent_pool_consent_text


def test_the_apply_form_shows_the_privacy_notice(client, employer, offer):
    html = client.get(apply_url(offer)).content.decode()
    assert 'id="privacy-notice"' in html
