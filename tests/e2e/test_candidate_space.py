"""The candidate's side of hiring, in a browser: the candidate space opened from the link at the
foot of the team's e-mail (sign-in link from the outbox, the application and where it stands, an
answer to a message), then an offer letter the recruiter sends, the candidate accepts from the
e-mail's link, and the recruiter finds hired on the board."""

import datetime as dt
import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from tests.e2e.conftest import sign_in_for_the_first_time
from tests.factories import (
    ApplicationFactory,
    CandidateFactory,
    EmployerFactory,
    JobOfferFactory,
    UserFactory,
)
from vivier.accounts.models import Role
from vivier.hiring.conversations.models import InboundMessage, Via
from vivier.hiring.conversations.services import send_reply
from vivier.hiring.models import PipelineStage, StageKind
from vivier.hiring.offer_letters.models import LetterStatus, OfferLetter

# serialized_rollback: the pipeline stages made by a migration survive the flush between tests.
pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

CANDIDATE = "cleo.exemple@example.test"
PASSWORD = "un-mot-de-passe-solide"


def link_in_mail(pattern: str, to: str) -> str:
    """The first address matching `pattern` in the newest e-mail to `to` that has one."""
    for message in reversed(mail.outbox):
        found = re.search(pattern, message.body)
        if message.to == [to] and found:
            return found.group(0)
    raise AssertionError(f"no e-mail to {to} with {pattern}: {[m.subject for m in mail.outbox]}")


@pytest.fixture
def hiring(live_server, settings):
    """An offer, its recruiter, and Cléo's application: in review, with the team's e-mail."""
    settings.SITE_URL = live_server.url  # the e-mails' links lead to this server
    EmployerFactory()
    recruiter = UserFactory(
        email="recrutement@example.test", role=Role.RECRUITER, first_name="Rose",
        last_name="Lemoine",
    )  # fmt: skip
    recruiter.set_password(PASSWORD)
    recruiter.save()
    offer = JobOfferFactory(
        title="Chargée de mission mobilités", published=True, recruiter=recruiter
    )
    application = ApplicationFactory(
        offer=offer, stage=PipelineStage.for_offer(offer, StageKind.SCREENING),
        candidate=CandidateFactory(first_name="Cléo", last_name="Exemple", email=CANDIDATE),
    )  # fmt: skip
    return {"url": live_server.url, "recruiter": recruiter, "offer": offer,
            "application": application}  # fmt: skip


def sign_in_to_the_space(page, start_url: str) -> None:
    """From the space's address, as a candidate who is not signed in: the link by e-mail."""
    page.goto(start_url)
    expect(page).to_have_url(re.compile(r"/espace-candidat/connexion/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Votre espace candidat")
    page.get_by_label("Votre adresse e-mail").fill(CANDIDATE)
    page.get_by_role("button", name="M’envoyer un lien").click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    expect(page.get_by_text(CANDIDATE).first).to_be_visible()
    # The page says the same for any address; the e-mail was written by the worker (immediate
    # in tests) before this page was answered.
    page.goto(link_in_mail(r"http://\S+/espace-candidat/connexion/[\w-]+/", CANDIDATE))
    page.get_by_role("button", name="Se connecter").click()
    expect(page).to_have_url(re.compile(r"/espace-candidat/$"))


def test_the_candidate_opens_the_space_from_an_email_sees_the_application_and_answers(
    browser, page, hiring, check_accessibility, screenshot
):
    base, application = hiring["url"], hiring["application"]
    send_reply(
        application=application, subject="Vos disponibilités",
        body="Bonjour {candidate_first_name},\n\nQuand seriez-vous disponible cette semaine ?",
        by=hiring["recruiter"],
    )  # fmt: skip
    # The address at the foot of the team's e-mail: the space, without any token.
    space = link_in_mail(r"http://\S+/espace-candidat/", CANDIDATE)
    assert space == base + "/espace-candidat/"
    sign_in_to_the_space(page, space)

    expect(page.get_by_role("heading", level=1)).to_have_text("Mes candidatures")
    card = page.locator(".card", has_text="Chargée de mission mobilités")
    expect(card.locator(".tag")).to_have_text("En cours d’examen")
    expect(card).to_contain_text("L’équipe examine votre candidature.")
    check_accessibility(page, "candidate space: applications")

    card.get_by_role("link", name="Chargée de mission mobilités").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Chargée de mission mobilités")
    expect(page.locator("[aria-current=step]")).to_have_text("En cours d’examen")
    thread = page.locator("#thread")
    expect(thread).to_contain_text("Quand seriez-vous disponible cette semaine ?")
    check_accessibility(page, "candidate space: one application")
    thread.get_by_label("Votre réponse").fill("Bonjour,\n\nJeudi après-midi me convient.")
    thread.get_by_role("button", name="Envoyer ma réponse").click()
    expect(page.get_by_role("status")).to_contain_text("Votre réponse est transmise à l’équipe.")
    expect(page.locator("#thread .timeline li").last).to_contain_text(
        "Jeudi après-midi me convient."
    )
    screenshot(page, "candidate-space-answered")
    reply = InboundMessage.objects.get(application=application)
    assert reply.via == Via.SPACE
    assert "Jeudi après-midi me convient." in reply.body


def test_the_recruiter_sends_an_offer_the_candidate_accepts_and_the_board_shows_the_hire(
    browser, page, hiring, check_accessibility, screenshot
):
    base, application = hiring["url"], hiring["application"]
    sign_in_for_the_first_time(page, base, "recrutement@example.test", PASSWORD)
    page.goto(base + reverse("hiring:application", kwargs={"pk": application.pk}))
    page.get_by_role("link", name="Faire une proposition").click()
    start = timezone.localdate() + dt.timedelta(days=40)
    page.get_by_label("Rémunération").fill("38 000 € bruts par an")
    page.get_by_label("Date de prise de poste").fill(start.isoformat())
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Proposition d’embauche pour Cléo Exemple"
    )
    page.get_by_role("button", name="Envoyer à la personne").click()
    expect(page.get_by_role("status")).to_be_visible()
    letter = OfferLetter.objects.get(application=application)
    assert letter.status == LetterStatus.SENT

    # The candidate, in their own browser, follows the link in the e-mail.
    context = browser.new_context(bypass_csp=True, locale="fr-FR")
    candidate = context.new_page()
    candidate.set_default_timeout(10_000)
    candidate.goto(link_in_mail(r"http://\S+/proposition-embauche/[\w-]+/", CANDIDATE))
    expect(candidate.get_by_role("heading", level=1)).to_contain_text(
        "Chargée de mission mobilités"
    )
    expect(candidate.locator("dl")).to_contain_text("38 000 € bruts par an")
    check_accessibility(candidate, "offer letter: the candidate's page")
    candidate.get_by_role("button", name="J’accepte cette offre").click()
    expect(candidate.get_by_role("status")).to_contain_text("Vous avez accepté cette offre")
    screenshot(candidate, "offer-letter-accepted")
    # Her space says the same.
    sign_in_to_the_space(candidate, base + "/espace-candidat/")
    card = candidate.locator(".card", has_text="Chargée de mission mobilités")
    expect(card.locator(".tag")).to_have_text("Clôturée")
    context.close()

    hired = PipelineStage.for_offer(hiring["offer"], StageKind.HIRED)
    page.goto(base + reverse("hiring:board", kwargs={"pk": hiring["offer"].pk}))
    column = page.locator(f'section.column[data-stage="{hired.pk}"]')
    expect(column.locator(".app-card", has_text="Cléo Exemple")).to_be_visible()
    expect(column.locator("h2 .tag")).to_have_text("1")
    check_accessibility(page, "board with the hire")
    screenshot(page, "offer-letter-board")
    letter.refresh_from_db()
    assert (letter.status, letter.decided_via) == (LetterStatus.ACCEPTED, "link")
