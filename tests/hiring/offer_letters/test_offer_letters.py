"""Offer letters: written from a template, sent as a PDF, answered by the candidate from a link."""

import datetime as dt
import io

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from tests.factories import ApplicationFactory
from vivier.hiring.models import Message, PipelineStage, StageChange
from vivier.hiring.offer_letters import services
from vivier.hiring.offer_letters.models import LetterStatus, OfferLetter, OfferLetterTemplate
from vivier.hiring.offer_letters.rendering import render_pdf
from vivier.privacy.models import AuditEntry

pytestmark = pytest.mark.django_db


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def test_the_pdf_holds_the_terms_with_their_accents(letter):
    text = pdf_text(render_pdf(letter))
    assert "Éloïse Lefèvre" in text
    assert "38 000 € bruts par an" in text
    assert "Offre d’embauche" in text or "Offre d'embauche" in text
    assert letter.application.offer.title in text
    assert "{salary}" not in text and "{candidate_name}" not in text


def test_the_pdf_also_renders_in_the_font_reportlab_ships(letter, settings):
    """A clean machine without Debian's fonts-dejavu still gets accents (Bitstream Vera)."""
    from vivier.hiring.offer_letters import rendering

    rendering.font_names.cache_clear()
    settings.OFFER_LETTER_FONT = str(rendering.REPORTLAB_FONTS / "Vera.ttf")
    settings.OFFER_LETTER_BOLD_FONT = str(rendering.REPORTLAB_FONTS / "VeraBd.ttf")
    try:
        text = pdf_text(render_pdf(letter))
    finally:
        rendering.font_names.cache_clear()
    assert "Éloïse Lefèvre" in text and "€" in text


def test_a_team_template_is_used_for_new_letters(application):
    OfferLetterTemplate.objects.create(
        language="fr", email_subject="Bonne nouvelle", email_body="Voir {link}",
        letter="Chère {candidate_first_name}, salaire : {salary}.",
    )  # fmt: skip
    values = services.initial_values(application)
    assert values["letter"] == "Chère {candidate_first_name}, salaire : {salary}."
    assert values["email_subject"] == "Bonne nouvelle"


def test_sending_mails_the_pdf_with_an_answer_link_and_reaches_the_offer_stage(sent):
    letter, token = sent
    email = mail.outbox[-1]
    assert email.to == [letter.application.candidate.email]
    ((name, data, content_type),) = email.attachments
    assert content_type == "application/pdf" and name.endswith(".pdf")
    assert "Éloïse Lefèvre" in pdf_text(data)
    assert f"/proposition-embauche/{token}/" in email.body
    letter.refresh_from_db()
    assert letter.status == LetterStatus.SENT and letter.version == 1
    assert letter.token_hash and token not in letter.token_hash  # only a digest is kept
    assert letter.application.stage.kind == "offer"


def test_the_candidate_accepts_from_the_link_and_is_hired(client, sent):
    letter, token = sent
    url = reverse("offer_letters:answer", kwargs={"token": token})
    page = client.get(url)
    assert page.status_code == 200 and "38 000 € bruts par an" in page.content.decode()
    # The token never leaves the site; same-origin, as browsers post with "Origin: null" under
    # no-referrer, which the CSRF check refuses.
    assert page["Referrer-Policy"] == "same-origin"
    letter.refresh_from_db()
    assert letter.status == LetterStatus.SENT  # looking at the page decides nothing
    response = client.post(url, {"action": "accept"})
    assert response.status_code == 302
    letter.refresh_from_db()
    application = letter.application
    application.refresh_from_db()
    assert letter.status == LetterStatus.ACCEPTED and letter.decided_at is not None
    assert letter.decided_via == "link"
    assert application.stage.kind == "hired" and application.hired_at is not None
    assert StageChange.objects.filter(application=application, to_stage__kind="hired").exists()
    assert "accepté" in client.get(url).content.decode()
    # A second answer changes nothing.
    client.post(url, {"action": "decline"})
    letter.refresh_from_db()
    assert letter.status == LetterStatus.ACCEPTED


def test_the_candidate_declines_with_a_reason(client, sent):
    letter, token = sent
    url = reverse("offer_letters:answer", kwargs={"token": token})
    client.post(url, {"action": "decline", "reason": "J’ai accepté une autre offre."})
    letter.refresh_from_db()
    assert letter.status == LetterStatus.DECLINED
    assert letter.decline_reason == "J’ai accepté une autre offre."
    assert letter.application.stage.kind == "offer"  # the team decides what follows
    assert letter.application.notes.filter(body__contains="autre offre").exists()


def test_an_expired_link_says_so_and_takes_no_answer(client, sent):
    letter, token = sent
    url = reverse("offer_letters:answer", kwargs={"token": token})
    with time_machine.travel(dt.datetime.now(dt.UTC) + dt.timedelta(days=9)):
        page = client.get(url)
        assert page.status_code == 410
        assert "Le délai pour répondre à cette offre est passé." in page.content.decode()
        client.post(url, {"action": "accept"})
    letter.refresh_from_db()
    assert letter.status == LetterStatus.SENT
    assert letter.application.stage.kind == "offer"


def test_a_withdrawn_offer_says_so(client, sent, bob, django_capture_on_commit_callbacks):
    letter, token = sent
    with django_capture_on_commit_callbacks(execute=True):
        services.withdraw_offer_letter(letter=letter, by=bob)
    assert "retiré" in mail.outbox[-1].body
    page = client.get(reverse("offer_letters:answer", kwargs={"token": token}))
    assert page.status_code == 410
    assert "Cette offre a été retirée par l’employeur." in page.content.decode()
    client.post(reverse("offer_letters:answer", kwargs={"token": token}), {"action": "accept"})
    letter.refresh_from_db()
    assert letter.status == LetterStatus.WITHDRAWN


def test_an_updated_offer_kills_the_old_link_and_sends_a_new_one(
    client, sent, bob, django_capture_on_commit_callbacks
):
    letter, old_token = sent
    services.update_offer_letter(letter=letter, by=bob, salary="40 000 € bruts par an")
    old = client.get(reverse("offer_letters:answer", kwargs={"token": old_token}))
    assert old.status_code == 404
    assert "Ce lien ne fonctionne plus" in old.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        services.send_offer_letter(letter=letter, by=bob)
    new_token = mail.outbox[-1].body.split("/proposition-embauche/")[1].split("/")[0]
    assert new_token != old_token
    assert (
        client.get(reverse("offer_letters:answer", kwargs={"token": old_token})).status_code == 404
    )
    page = client.get(reverse("offer_letters:answer", kwargs={"token": new_token}))
    assert "40 000 € bruts par an" in page.content.decode()
    letter.refresh_from_db()
    assert letter.version == 2


def test_a_made_up_token_opens_nothing(client, sent):
    response = client.get(reverse("offer_letters:answer", kwargs={"token": "x" * 43}))
    assert response.status_code == 404


def test_the_candidate_downloads_the_pdf_from_the_link(client, sent):
    _letter, token = sent
    response = client.get(reverse("offer_letters:answer_pdf", kwargs={"token": token}))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert "Éloïse" in pdf_text(response.content)


def test_the_other_open_applications_can_be_closed_politely(
    client, sent, bob, offer, django_capture_on_commit_callbacks
):
    letter, token = sent
    others = [ApplicationFactory(offer=offer) for _ in range(2)]
    already_rejected = ApplicationFactory(
        offer=offer, stage=PipelineStage.for_offer(offer, "rejected")
    )
    elsewhere = ApplicationFactory()
    services.accept_offer(letter)
    client.force_login(bob)
    url = reverse("offer_letters:close_others", kwargs={"pk": letter.pk})
    page = client.get(url)
    assert page.status_code == 200
    subject, body = page.context["form"].initial["subject"], page.context["form"].initial["body"]
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"subject": subject, "body": body})
    assert response.status_code == 302
    for other in others:
        other.refresh_from_db()
        assert other.stage.kind == "rejected" and other.rejection_reason == "filled"
    assert sorted(m.to[0] for m in mail.outbox) == sorted(o.candidate.email for o in others)
    first = next(m for m in mail.outbox if m.to == [others[0].candidate.email])
    assert (
        others[0].candidate.first_name in first.body and "{candidate_first_name}" not in first.body
    )
    already_rejected.refresh_from_db()
    elsewhere.refresh_from_db()
    assert elsewhere.stage.kind == "new"
    assert Message.objects.filter(application=already_rejected).count() == 0
    letter.application.refresh_from_db()
    assert letter.application.stage.kind == "hired"


def test_closing_others_needs_an_accepted_offer(client, sent, bob):
    letter, _token = sent
    client.force_login(bob)
    url = reverse("offer_letters:close_others", kwargs={"pk": letter.pk})
    assert client.get(url).status_code == 404


def test_the_team_writes_and_sends_a_letter_through_the_screens(
    client, application, bob, django_capture_on_commit_callbacks
):
    client.force_login(bob)
    create = reverse("offer_letters:create", kwargs={"pk": application.pk})
    form = client.get(create).context["form"]
    data = {name: form.initial.get(name) or "" for name in form.fields}
    data |= {
        "salary": "2 100 € nets par mois",
        "start_date": (timezone.localdate() + dt.timedelta(days=20)).isoformat(),
        "answer_by": (timezone.localdate() + dt.timedelta(days=5)).isoformat(),
    }
    response = client.post(create, data)
    letter = OfferLetter.objects.get(application=application)
    assert response.status_code == 302 and letter.status == LetterStatus.DRAFT
    detail = client.get(reverse("offer_letters:detail", kwargs={"pk": letter.pk}))
    assert "2 100 € nets par mois" in detail.content.decode()
    assert AuditEntry.objects.filter(object_id=str(application.pk), detail="offer letter").exists()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("offer_letters:send", kwargs={"pk": letter.pk}))
    letter.refresh_from_db()
    assert letter.status == LetterStatus.SENT
    assert mail.outbox[-1].attachments


def test_an_email_without_the_link_is_refused_with_a_clear_error(client, application, bob):
    client.force_login(bob)
    create = reverse("offer_letters:create", kwargs={"pk": application.pk})
    form = client.get(create).context["form"]
    data = {name: form.initial.get(name) or "" for name in form.fields}
    data |= {"salary": "1", "start_date": "2030-01-01", "answer_by": "2030-01-01",
             "email_body": "Bonjour"}  # fmt: skip
    response = client.post(create, data)
    assert response.status_code == 200
    assert "{link}" in response.content.decode()
    assert not OfferLetter.objects.exists()


def test_a_hiring_manager_reads_but_cannot_send(client, sent, hana):
    letter, _token = sent
    client.force_login(hana)
    assert client.get(reverse("offer_letters:detail", kwargs={"pk": letter.pk})).status_code == 200
    assert (
        client.post(reverse("offer_letters:withdraw", kwargs={"pk": letter.pk})).status_code == 404
    )
    letter.refresh_from_db()
    assert letter.status == LetterStatus.SENT


def test_the_application_page_shows_the_letters(client, sent, bob):
    letter, _token = sent
    client.force_login(bob)
    page = client.get(reverse("hiring:application", kwargs={"pk": letter.application_id}))
    assert reverse("offer_letters:detail", kwargs={"pk": letter.pk}) in page.content.decode()
