"""Proposing slots, and the candidate booking one: two candidates never take the same slot."""

import threading

import pytest
from django.core import mail
from django.db import connection

from tests.hiring.interviews.conftest import at
from vivier.hiring.interviews.models import Interview, InterviewKit, InterviewStatus, Slot
from vivier.hiring.interviews.services import (
    SchedulingError,
    SlotTaken,
    book_slot,
    cancel_interview,
    open_slots,
)

pytestmark = pytest.mark.django_db


def test_scheduling_proposes_slots_and_mails_the_candidate_their_link(
    application, schedule, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        interview = schedule(application)
    assert interview.status == InterviewStatus.PROPOSED
    assert interview.proposed_slots.count() == 2
    assert len(interview.token) >= 40
    message = application.messages.get()  # in the application's history, through the outbox
    assert f"/entretiens/{interview.token}/" in message.body
    assert [email.to for email in mail.outbox] == [["lou@example.test"]]
    assert mail.outbox[0].subject.endswith("choisissez votre créneau")  # the candidate's French


def test_the_stage_kit_fills_duration_instructions_and_the_offers_criteria(
    application, interview_stage, schedule
):
    InterviewKit.objects.create(
        stage=interview_stage, duration_minutes=60, instructions="Questions STAR",
        criteria="Python\nTravail en équipe\n",
    )  # fmt: skip
    interview = schedule(application)
    assert interview.duration_minutes == 60
    assert interview.instructions == "Questions STAR"
    labels = list(application.offer.scorecard_criteria.values_list("label", flat=True))
    assert labels == ["Python", "Travail en équipe"]


def test_a_candidate_books_one_slot_and_everyone_is_invited(
    application, schedule, django_capture_on_commit_callbacks
):
    interview = schedule(application)
    slot = interview.proposed_slots.first()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        booked = book_slot(token_or_interview=interview.token, slot=slot.pk)
    assert booked.status == InterviewStatus.SCHEDULED
    assert (booked.slot_id, booked.starts_at) == (slot.pk, slot.starts_at)
    recipients = sorted(email.to[0] for email in mail.outbox)
    assert recipients == ["bob@example.test", "hana@example.test", "lou@example.test"]
    assert all(email.attachments for email in mail.outbox)
    # A double click books nothing more and sends nothing more.
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        again = book_slot(token_or_interview=interview, slot=slot)
    assert again.slot_id == slot.pk and mail.outbox == []


def test_a_slot_taken_by_one_candidate_is_refused_to_the_next(
    application, other_application, schedule
):
    first = schedule(application)
    shared = first.proposed_slots.first()
    second = schedule(other_application, slots=[at(4, 14)], shared=[shared])
    book_slot(token_or_interview=first.token, slot=shared)
    assert list(open_slots(second)) == list(second.proposed_slots.exclude(pk=shared.pk))
    with pytest.raises(SlotTaken) as refused:
        book_slot(token_or_interview=second.token, slot=shared)
    assert str(refused.value) == "Quelqu'un vient de prendre ce créneau. Choisissez-en un autre."
    second.refresh_from_db()
    assert second.status == InterviewStatus.PROPOSED and second.slot is None


def test_a_cancelled_interview_frees_its_slot_for_another_candidate(
    application, other_application, schedule
):
    first = schedule(application)
    shared = first.proposed_slots.first()
    second = schedule(other_application, slots=[], shared=[shared])
    book_slot(token_or_interview=first, slot=shared)
    cancel_interview(interview=first, by=None)
    assert book_slot(token_or_interview=second, slot=shared).slot_id == shared.pk


def test_a_slot_not_proposed_to_this_candidate_or_a_bad_token_is_refused(
    application, other_application, schedule
):
    first = schedule(application)
    second = schedule(other_application, slots=[at(5, 9)])
    with pytest.raises(SchedulingError):
        book_slot(token_or_interview=first.token, slot=second.proposed_slots.get())
    with pytest.raises(SchedulingError):
        book_slot(token_or_interview="not-a-token", slot=first.proposed_slots.first())
    with pytest.raises(SchedulingError):
        book_slot(token_or_interview=first.token, slot="abc")
    assert not Interview.objects.filter(status=InterviewStatus.SCHEDULED).exists()


def test_bad_slots_are_refused_with_a_clear_reason(application, schedule, bob):
    past = at(-1, 9)
    backwards = at(3, 10)
    backwards = type(backwards)(starts_at=backwards.ends_at, ends_at=backwards.starts_at)
    overlapping = [at(3, 9, minutes=90), at(3, 10)]
    cases = [
        ([past], "passé"),
        ([backwards], "se terminer après"),
        (overlapping, "se chevauchent"),
    ]
    for slots, reason in cases:
        with pytest.raises(SchedulingError) as refused:
            schedule(application, slots=slots)
        assert reason in str(refused.value)
    assert Slot.objects.count() == 0


def test_an_interviewer_cannot_be_promised_twice_at_the_same_time(
    application, other_application, schedule, bob
):
    schedule(application, slots=[at(3, 9)])
    with pytest.raises(SchedulingError) as refused:
        schedule(other_application, slots=[at(3, 9, minutes=30)], interviewers=[bob])
    assert "déjà un créneau" in str(refused.value)


def test_someone_who_may_not_see_the_application_cannot_interview(application, schedule, hugo):
    with pytest.raises(SchedulingError):
        schedule(application, interviewers=[hugo])


# Real commits on two connections. Not serialized_rollback: reloading the serialized content
# types collides with those other transactional tests' flushes recreate (see test_worker_crash).
@pytest.mark.django_db(transaction=True)
def test_two_candidates_racing_for_one_slot_on_two_connections_get_one_winner(offer, bob, hana):
    """Two threads, each with its own database connection, book the same slot at once."""
    from tests.factories import ApplicationFactory
    from vivier.hiring.interviews.services import schedule_interview
    from vivier.hiring.models import PipelineStage

    if PipelineStage.for_kind("interview") is None:  # an earlier transactional test's flush
        from importlib import import_module

        from django.apps import apps

        import_module("vivier.hiring.migrations.0002_default_stages").create_default_stages(
            apps, schema_editor=None
        )
    stage = PipelineStage.for_kind("interview")
    interviews = []
    shared = None
    for _number in range(2):
        application = ApplicationFactory(offer=offer, stage=stage)
        interview = schedule_interview(
            application=application, interviewers=[bob],
            new_slots=[] if shared else [at(3, 9)], shared_slots=[shared] if shared else [],
            location="Salle 1", by=bob,
        )  # fmt: skip
        shared = shared or interview.proposed_slots.get()
        interviews.append(interview)
    start = threading.Barrier(2)
    results = {}

    def take(interview):
        try:
            start.wait(timeout=10)
            book_slot(token_or_interview=interview.token, slot=shared.pk)
            results[interview.pk] = "booked"
        except SlotTaken:
            results[interview.pk] = "taken"
        finally:
            connection.close()

    threads = [threading.Thread(target=take, args=(interview,)) for interview in interviews]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(results.values()) == ["booked", "taken"]
    assert Interview.objects.filter(slot=shared).count() == 1
    winner = Interview.objects.get(slot=shared)
    assert results[winner.pk] == "booked"
