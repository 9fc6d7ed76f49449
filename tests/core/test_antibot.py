"""The public forms' anti-bot measure, through the application form over HTTP.

A refused submission says why in French and loses nothing: the typed fields, and the CV kept
by the pending-uploads mechanism, come back with a fresh ticket.
"""

import datetime as dt
import html as html_lib
import re

import pytest
import time_machine

from tests.careers.test_apply import apply_url
from tests.factories import pdf_upload
from vivier.core import antibot
from vivier.hiring.models import Application

pytestmark = pytest.mark.django_db

START = dt.datetime(2026, 11, 23, 10, 0, 0, tzinfo=dt.UTC)


def typed(**fields):
    data = {
        "first_name": "Camille",
        "last_name": "Exemple",
        "email": "camille.exemple@example.test",
        "cover_letter": "Je suis motivée.",
        "declared_source": "linkedin",
    }
    return {**data, **fields}


def ticket_in(html: str) -> str:
    return re.search(r'name="ticket" value="([^"]+)"', html).group(1)


def cv_token_in(html: str) -> str:
    return re.search(r'name="cv_token" value="([^"]+)"', html).group(1)


def errors_of(response) -> str:
    html = response.content.decode()
    return html_lib.unescape(" ".join(re.findall(r'<ul class="errorlist[^"]*">(.*?)</ul>', html)))


def test_a_person_with_javascript_sends_at_once_with_the_proof(client, employer, offer, settings):
    with time_machine.travel(START, tick=False):
        ticket = ticket_in(client.get(apply_url(offer)).content.decode())
        proof = antibot.solve(ticket, settings.ANTI_BOT_PROOF_BITS)
        data = {**typed(), "ticket": ticket, "proof": proof, "cv": pdf_upload()}
        assert client.post(apply_url(offer), data).status_code == 302
    assert Application.objects.count() == 1


def test_a_person_without_javascript_is_accepted_after_a_few_seconds(client, employer, offer):
    with time_machine.travel(START, tick=False) as clock:
        ticket = ticket_in(client.get(apply_url(offer)).content.decode())
        clock.shift(dt.timedelta(seconds=6))
        data = {**typed(), "ticket": ticket, "cv": pdf_upload()}
        assert client.post(apply_url(offer), data).status_code == 302
    assert Application.objects.count() == 1


def test_a_fast_submission_without_proof_is_refused_and_loses_nothing(client, employer, offer):
    with time_machine.travel(START, tick=False) as clock:
        ticket = ticket_in(client.get(apply_url(offer)).content.decode())
        clock.shift(dt.timedelta(seconds=1))
        data = {**typed(), "ticket": ticket, "proof": "12", "cv": pdf_upload()}
        response = client.post(apply_url(offer), data)
        assert response.status_code == 200
        assert "plus vite qu'une personne" in errors_of(response)
        html = response.content.decode()
        assert 'value="Camille"' in html and "Je suis motivée." in html
        assert "cv.pdf" in html  # the CV is kept: "Votre CV « cv.pdf » est bien reçu"
        assert not Application.objects.exists()
        # The person sends it again as it is shown: it goes through, with the kept CV.
        clock.shift(dt.timedelta(seconds=10))
        again = {**typed(), "ticket": ticket_in(html), "cv_token": cv_token_in(html)}
        assert client.post(apply_url(offer), again).status_code == 302
    application = Application.objects.get()
    assert application.documents.get().original_name == "cv.pdf"


def test_the_form_shown_again_keeps_its_first_display_time(client, employer, offer):
    with time_machine.travel(START, tick=False) as clock:
        ticket = ticket_in(client.get(apply_url(offer)).content.decode())
        clock.shift(dt.timedelta(seconds=30))
        wrong = {**typed(email="pas-une-adresse"), "ticket": ticket, "cv": pdf_upload()}
        html = client.post(apply_url(offer), wrong).content.decode()
        # Corrected within a second of the new display: not "too fast", the form is 31 s old.
        clock.shift(dt.timedelta(seconds=1))
        fixed = {**typed(), "ticket": ticket_in(html), "cv_token": cv_token_in(html)}
        assert client.post(apply_url(offer), fixed).status_code == 302


def test_the_honeypot_filled_in_is_refused(client, employer, offer, settings):
    with time_machine.travel(START, tick=False) as clock:
        ticket = ticket_in(client.get(apply_url(offer)).content.decode())
        clock.shift(dt.timedelta(seconds=20))
        data = {
            **typed(),
            "ticket": ticket,
            "leave_empty": "http://spam.example",
            "cv": pdf_upload(),
        }
        response = client.post(apply_url(offer), data)
    assert "comme le font les robots" in errors_of(response)
    assert 'value="http://spam.example"' not in response.content.decode()
    assert not Application.objects.exists()


@pytest.mark.parametrize(
    "ticket",
    ["", "forged:ticket", antibot.issue_ticket()[:-2] + "xx"],
    ids=["none", "forged", "altered"],
)
def test_a_missing_or_forged_ticket_is_refused(client, employer, offer, ticket):
    data = {**typed(), "ticket": ticket, "cv": pdf_upload()}
    response = client.post(apply_url(offer), data)
    assert response.status_code == 200
    assert "Ce formulaire a expiré" in errors_of(response)
    assert antibot.shown_at(ticket_in(response.content.decode())) is not None  # a fresh one
    assert not Application.objects.exists()


def test_an_expired_ticket_is_refused(client, employer, offer, settings):
    with time_machine.travel(START, tick=False) as clock:
        ticket = ticket_in(client.get(apply_url(offer)).content.decode())
        clock.shift(dt.timedelta(seconds=settings.ANTI_BOT_MAX_AGE_S + 1))
        response = client.post(apply_url(offer), {**typed(), "ticket": ticket, "cv": pdf_upload()})
    assert "Ce formulaire a expiré" in errors_of(response)
    assert not Application.objects.exists()


def test_a_ticket_is_good_for_one_submission(client, employer, offer, settings):
    with time_machine.travel(START, tick=False) as clock:
        ticket = ticket_in(client.get(apply_url(offer)).content.decode())
        clock.shift(dt.timedelta(seconds=20))
        data = {**typed(), "ticket": ticket, "cv": pdf_upload()}
        assert client.post(apply_url(offer), data).status_code == 302
        replayed = client.post(apply_url(offer), {**typed(), "ticket": ticket, "cv": pdf_upload()})
    assert replayed.status_code == 200
    assert "déjà été envoyé une fois" in errors_of(replayed)
    assert Application.objects.get().submissions == 1


def test_the_form_page_loads_the_proof_script_from_the_site_itself(client, employer, offer):
    response = client.get(apply_url(offer))
    html = response.content.decode()
    assert 'src="/static/vivier/antibot.js"' in html
    assert re.search(r'<form [^>]*data-antibot-bits="\d+"', html)
    assert "script-src 'self'" in response["Content-Security-Policy"]
    inline = [script for script in re.findall(r"<script([^>]*)>", html) if "src=" not in script]
    assert all('type="application/ld+json"' in script for script in inline)
    assert 'aria-hidden="true"' in html and 'name="leave_empty"' in html


def test_proofs_are_checked_to_the_bit():
    assert antibot.leading_zero_bits(bytes([0, 0, 0b00010000])) == 19
    assert antibot.leading_zero_bits(bytes([0x80])) == 0
    ticket = antibot.issue_ticket()
    proof = antibot.solve(ticket, 10)
    assert antibot.is_proof(ticket, proof, 10)
    assert not antibot.is_proof(antibot.issue_ticket(), proof, 30)
    assert not antibot.is_proof(ticket, "-1", 0) and not antibot.is_proof(ticket, "1" * 13, 0)
