"""A candidate picks an interview time from the link in their e-mail; the recruiter sees the
interview on the board."""

import datetime as dt
import re

import pytest
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
from vivier.hiring.interviews.models import Interview, InterviewStatus
from vivier.hiring.interviews.services import SlotTimes, schedule_interview
from vivier.hiring.models import PipelineStage

# serialized_rollback: the pipeline stages made by a migration survive the flush between tests.
pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def proposed(live_server):
    EmployerFactory()
    recruiter = UserFactory(
        email="recrutement@example.test", role=Role.RECRUITER, first_name="Rose",
        last_name="Lemoine",
    )  # fmt: skip
    recruiter.set_password("un-mot-de-passe-solide")
    recruiter.save()
    offer = JobOfferFactory(
        title="Chargée de mission mobilités", published=True, recruiter=recruiter
    )
    application = ApplicationFactory(
        offer=offer, stage=PipelineStage.for_kind("interview"),
        candidate=CandidateFactory(first_name="Camille", last_name="Exemple"),
    )  # fmt: skip
    day = timezone.localtime() + dt.timedelta(days=3)
    start = day.replace(hour=10, minute=0, second=0, microsecond=0)
    later = start + dt.timedelta(days=1, hours=4)
    interview = schedule_interview(
        application=application, interviewers=[recruiter], location="Hôtel de Région, salle 4",
        new_slots=[SlotTimes(start, start + dt.timedelta(minutes=45)),
                   SlotTimes(later, later + dt.timedelta(minutes=45))],
        by=recruiter,
    )  # fmt: skip
    return {"url": live_server.url, "interview": interview, "offer": offer, "later": later}


def test_the_candidate_picks_a_time_and_the_recruiter_sees_it_on_the_board(
    page, proposed, check_accessibility, screenshot
):
    base, interview = proposed["url"], proposed["interview"]
    page.goto(base + reverse("interviews:choose", kwargs={"token": interview.token}))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Chargée de mission mobilités")
    check_accessibility(page, "interview slot choice")
    choices = page.get_by_role("radio")
    expect(choices).to_have_count(2)
    later = timezone.localtime(proposed["later"])
    choice = page.get_by_label(re.compile(f"{later.day} .*{later:%H:%M}"))
    choice.check()
    screenshot(page, "interview-choose")
    page.get_by_role("button", name="Réserver ce créneau").click()
    expect(page.get_by_role("status")).to_contain_text("votre entretien est réservé")
    check_accessibility(page, "interview booked")
    screenshot(page, "interview-booked")
    interview = Interview.objects.get(pk=interview.pk)
    assert interview.status == InterviewStatus.SCHEDULED
    assert interview.starts_at == proposed["later"]

    # The recruiter signs in and finds the interview on the offer's board.
    sign_in_for_the_first_time(page, base, "recrutement@example.test", "un-mot-de-passe-solide")
    page.goto(base + reverse("hiring:board", kwargs={"pk": proposed["offer"].pk}))
    card = page.locator(".app-card", has_text="Camille Exemple")
    expect(card).to_contain_text(f"Entretien le {later:%d/%m/%Y %H:%M}")
    expect(card).to_contain_text("Rose Lemoine")
    check_accessibility(page, "board with an interview")
    screenshot(page, "interview-board")
