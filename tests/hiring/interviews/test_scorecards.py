"""Each interviewer assesses alone: nobody's scorecard is visible to a colleague who has not
submitted theirs, in the services and on the pages; then the panel's summary and decision."""

from html import unescape

import pytest
from django.urls import reverse

from vivier.hiring.interviews import scorecards
from vivier.hiring.interviews.models import Decision, Scorecard
from vivier.hiring.interviews.services import book_slot

pytestmark = pytest.mark.django_db


@pytest.fixture
def held(application, schedule):
    interview = schedule(application)
    interview = book_slot(token_or_interview=interview, slot=interview.proposed_slots.first())
    for label in ["Python", "Travail en équipe"]:
        scorecards.add_criterion(offer=application.offer, label=label)
    return interview


def fill(interview, person, ratings, recommendation, *, submit=True):
    card = scorecards.scorecard_for(interview=interview, interviewer=person)
    criteria = scorecards.criteria_for(interview.application.offer)
    return scorecards.save_scorecard(
        scorecard=card,
        ratings={c.pk: (rating, "") for c, rating in zip(criteria, ratings, strict=True)},
        recommendation=recommendation, comment="", submit=submit,
    )  # fmt: skip


def test_an_interviewer_sees_nothing_of_the_others_before_submitting(held, bob, hana, application):
    fill(held, bob, [4, 3], "strong_yes")
    assert scorecards.panel_is_hidden_from(hana, application)
    with pytest.raises(scorecards.ScorecardError):
        scorecards.panel_summary(application=application, viewer=hana)
    fill(held, hana, [2, 3], "no", submit=False)  # a draft is not enough
    assert scorecards.panel_is_hidden_from(hana, application)
    fill(held, hana, [2, 3], "no")
    summary = scorecards.panel_summary(application=application, viewer=hana)
    assert [(line.criterion.label, line.average) for line in summary.criteria] == [
        ("Python", 3.0), ("Travail en équipe", 3.0),
    ]  # fmt: skip
    assert sorted(card.recommendation for card in summary.scorecards) == ["no", "strong_yes"]


def test_the_pages_keep_it_hidden_too(client, held, bob, hana, application):
    fill(held, bob, [4, 3], "strong_yes")
    client.force_login(hana)
    panel = client.get(reverse("interviews:panel", kwargs={"pk": application.pk}))
    assert panel.status_code == 200
    assert panel.context["summary"] is None
    assert "Oui, sans réserve" not in panel.content.decode()
    assert "Envoyez d'abord votre propre grille" in unescape(panel.content.decode())
    # Her own scorecard page shows her form, never bob's ratings.
    page = client.get(reverse("interviews:scorecard", kwargs={"pk": held.pk}))
    assert page.status_code == 200 and page.context["scorecard"].interviewer == hana
    # A recruiter who did not sit on the panel reads the submitted ones.
    client.force_login(bob)
    page = client.get(reverse("interviews:panel", kwargs={"pk": application.pk}))
    assert "Oui, sans réserve" in page.content.decode()


def test_only_an_interviewer_has_a_scorecard_page(client, held, alice):
    client.force_login(alice)  # an administrator, not on this panel
    assert client.get(reverse("interviews:scorecard", kwargs={"pk": held.pk})).status_code == 404
    assert not Scorecard.objects.filter(interviewer=alice).exists()


def test_submitting_needs_every_criterion_and_a_recommendation_then_is_final(held, bob):
    with pytest.raises(scorecards.ScorecardError) as refused:
        fill(held, bob, [4, None], "yes")
    assert str(refused.value) == "Notez chaque critère avant d'envoyer."
    with pytest.raises(scorecards.ScorecardError):
        fill(held, bob, [4, 3], "")
    fill(held, bob, [4, 3], "yes")
    with pytest.raises(scorecards.ScorecardError):
        fill(held, bob, [1, 1], "no")
    card = Scorecard.objects.get(interviewer=bob)
    assert sorted(card.scores.values_list("rating", flat=True)) == [3, 4]


def test_an_interviewer_submits_through_the_page(client, held, hana):
    client.force_login(hana)
    criteria = scorecards.criteria_for(held.application.offer)
    url = reverse("interviews:scorecard", kwargs={"pk": held.pk})
    data = {f"rating_{c.pk}": "3" for c in criteria} | {"recommendation": "yes", "submit": "1"}
    response = client.post(url, {**data, f"rating_{criteria[0].pk}": "9"})
    assert response.status_code == 200  # a rating off the scale: the form again, nothing saved
    assert not Scorecard.objects.filter(interviewer=hana, submitted_at__isnull=False).exists()
    response = client.post(url, data)
    assert response.status_code == 302
    assert Scorecard.objects.get(interviewer=hana).submitted_at is not None
    page = client.get(url)  # her submitted scorecard, read-only
    assert page.context["form"] is not None and '<form method="post" novalidate>' not in (
        page.content.decode()
    )
    assert [score.rating for _criterion, score in page.context["submitted_rows"]] == [3, 3]
    response = client.post(url, {**data, f"rating_{criteria[0].pk}": "1"})  # too late to change
    assert sorted(
        Scorecard.objects.get(interviewer=hana).scores.values_list("rating", flat=True)
    ) == [3, 3]


def test_a_decision_is_recorded_with_its_reason_in_the_history(client, held, bob, application):
    client.force_login(bob)
    url = reverse("interviews:panel", kwargs={"pk": application.pk})
    response = client.post(url, {"outcome": "advance", "reason": ""})
    assert response.status_code == 200 and not Decision.objects.exists()
    response = client.post(url, {"outcome": "advance", "reason": "Très bon entretien"})
    assert response.status_code == 302
    decision = Decision.objects.get()
    assert (decision.outcome, decision.reason, decision.by) == (
        "advance",
        "Très bon entretien",
        bob,
    )
    application.refresh_from_db()
    assert application.stage.kind == "offer"  # advanced to the next stage
    note = application.notes.get()
    assert note.body == "Décision du jury : Faire avancer. Motif : Très bon entretien"
    response = client.post(url, {"outcome": "reject", "reason": "Profil trop junior"})
    assert response.url == reverse("hiring:reject", kwargs={"pk": application.pk})


def test_criteria_can_be_skills_of_the_taxonomy(client, bob, offer):
    from vivier.taxonomy.models import Skill

    Skill.objects.create(
        uri="http://data.europa.eu/esco/skill/python",
        preferred_label_en="Python (computer programming)",
    )
    client.force_login(bob)
    url = reverse("interviews:criteria", kwargs={"pk": offer.pk})
    response = client.post(url, {"label": "", "skill": "python (computer programming)"})
    assert response.status_code == 302
    criterion = offer.scorecard_criteria.get()
    assert criterion.skill.uri.endswith("/python")
    response = client.post(url, {"label": "", "skill": "Cobol"})
    assert "Aucune compétence du référentiel ne porte ce nom." in response.content.decode()
