"""The scheduling form, the candidate's page, and the interview on the board and application."""

import datetime as dt
from html import unescape

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from tests.hiring.interviews.conftest import at
from vivier.hiring.interviews.models import Interview, InterviewKit, InterviewStatus, Slot
from vivier.hiring.interviews.services import book_slot

pytestmark = pytest.mark.django_db


def local(moment) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


def form_data(people, **slots):
    return {
        "interviewers": [person.pk for person in people],
        "location": "Hôtel de Région",
        "video_url": "",
        "duration_minutes": "45",
        "instructions": "",
        **slots,
    }


def test_the_form_is_filled_from_the_stage_kit(client, bob, application, interview_stage):
    InterviewKit.objects.create(stage=interview_stage, duration_minutes=30, instructions="STAR")
    client.force_login(bob)
    page = client.get(reverse("interviews:schedule", kwargs={"pk": application.pk}))
    assert page.status_code == 200
    form = page.context["form"]
    assert form.initial["duration_minutes"] == 30 and form.initial["instructions"] == "STAR"
    interviewers = set(form.fields["interviewers"].queryset)
    assert bob in interviewers


@pytest.mark.parametrize(
    ("slots", "message"),
    [
        (
            {"slot_1_start": local(at(-2, 9).starts_at)},
            "Un créneau ne peut pas être dans le passé.",
        ),
        (
            {"slot_1_start": local(at(3, 10).starts_at), "slot_1_end": local(at(3, 9).starts_at)},
            "Un créneau doit se terminer après son début.",
        ),
        (
            {"slot_1_start": local(at(3, 9).starts_at), "slot_2_start": local(at(3, 9).starts_at)},
            "Deux des créneaux proposés se chevauchent.",
        ),
        ({"slot_1_start": "demain"}, "Saisissez une date et une heure valides."),
        ({}, "Proposez au moins un créneau."),
    ],
)
def test_bad_slots_get_a_clear_french_error_and_nothing_is_made(
    client, bob, application, slots, message
):
    client.force_login(bob)
    url = reverse("interviews:schedule", kwargs={"pk": application.pk})
    response = client.post(url, form_data([bob], **slots))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Interview.objects.exists() and not Slot.objects.exists()
    assert response.context["form"]["location"].value() == "Hôtel de Région"  # nothing lost


def test_an_interviewer_busy_at_that_time_is_refused(
    client, bob, application, other_application, schedule
):
    schedule(application, slots=[at(3, 9)], interviewers=[bob])
    client.force_login(bob)
    url = reverse("interviews:schedule", kwargs={"pk": other_application.pk})
    response = client.post(url, form_data([bob], slot_1_start=local(at(3, 9).starts_at)))
    assert "a déjà un créneau à ce moment-là" in response.content.decode()
    assert Interview.objects.count() == 1


def test_a_recruiter_proposes_slots(
    client, bob, hana, application, django_capture_on_commit_callbacks
):
    client.force_login(bob)
    url = reverse("interviews:schedule", kwargs={"pk": application.pk})
    data = form_data(
        [bob, hana], slot_1_start=local(at(3, 9).starts_at), slot_2_start=local(at(4, 14).starts_at)
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, data)
    interview = Interview.objects.get()
    assert response.url == reverse("interviews:detail", kwargs={"pk": interview.pk})
    assert set(interview.interviewers.all()) == {bob, hana}
    assert [slot.ends_at - slot.starts_at for slot in interview.proposed_slots.all()] == [
        dt.timedelta(minutes=45)
    ] * 2


def test_the_candidate_picks_a_time_from_the_link(client, application, schedule):
    interview = schedule(application)
    url = reverse("interviews:choose", kwargs={"token": interview.token})
    page = client.get(url)
    assert page.status_code == 200
    assert page["Referrer-Policy"] == "same-origin"
    assert len(page.context["form"].fields["slot"].queryset) == 2
    first = interview.proposed_slots.first()
    response = client.post(url, {"slot": first.pk})
    assert response.status_code == 302
    interview.refresh_from_db()
    assert interview.status == InterviewStatus.SCHEDULED and interview.slot == first
    page = client.get(url)
    assert "votre entretien est réservé" in page.content.decode()
    ics = client.get(reverse("interviews:candidate_ics", kwargs={"token": interview.token}))
    event = Calendar.from_ical(ics.content).walk("VEVENT")[0]
    assert str(event["uid"]) == interview.uid


def test_a_slot_taken_meanwhile_is_refused_on_the_page(
    client, application, other_application, schedule
):
    first = schedule(application)
    shared = first.proposed_slots.first()
    second = schedule(other_application, slots=[at(6, 9)], shared=[shared])
    book_slot(token_or_interview=first.token, slot=shared)
    url = reverse("interviews:choose", kwargs={"token": second.token})
    response = client.post(url, {"slot": shared.pk})
    assert response.status_code == 200
    assert "Ce créneau n'est plus libre" in unescape(response.content.decode())
    second.refresh_from_db()
    assert second.status == InterviewStatus.PROPOSED


def test_a_wrong_token_is_not_found(client, application, schedule):
    schedule(application)
    assert client.get(reverse("interviews:choose", kwargs={"token": "x" * 43})).status_code == 404
    assert client.post(reverse("interviews:choose", kwargs={"token": "nope"})).status_code == 404


def test_the_board_and_the_application_show_the_interview(
    client, bob, hana, application, other_application, schedule, django_assert_max_num_queries
):
    proposed = schedule(application)
    booked = book_slot(token_or_interview=proposed, slot=proposed.proposed_slots.first())
    schedule(other_application, slots=[at(5, 9)])
    client.force_login(hana)
    board = client.get(reverse("hiring:board", kwargs={"pk": application.offer_id}))
    text = board.content.decode()
    when = timezone.localtime(booked.starts_at).strftime("%d/%m/%Y %H:%M")
    assert f"Entretien le {when}" in text
    assert hana.get_full_name() in text
    assert "Entretien : en attente du choix du candidat" in text
    page = client.get(reverse("hiring:application", kwargs={"pk": application.pk}))
    assert "Remplir votre grille d'évaluation" in unescape(page.content.decode())
    assert reverse("interviews:detail", kwargs={"pk": booked.pk}) in page.content.decode()


def test_the_board_reads_interviews_in_a_fixed_number_of_queries(
    client, bob, offer, interview_stage, schedule, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.factories import ApplicationFactory

    client.force_login(bob)
    url = reverse("hiring:board", kwargs={"pk": offer.pk})
    counts = []
    for number in range(2):
        for extra in range(2):
            application = ApplicationFactory(offer=offer, stage=interview_stage)
            schedule(
                application, slots=[at(3 + number, 8 + extra * 2 + number * 4)], interviewers=[bob]
            )
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]
