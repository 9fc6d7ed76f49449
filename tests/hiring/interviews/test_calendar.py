"""Calendar invitations parsed back with `icalendar`: one UID, a growing SEQUENCE, REQUEST then
CANCEL; reminders once; each interviewer's private feed."""

import datetime as dt

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from icalendar import Calendar

from vivier.hiring.interviews.models import EmailKind, InterviewEmail
from vivier.hiring.interviews.services import (
    book_slot,
    cancel_interview,
    deliver_interview_email,
    send_due_reminders,
    update_interview,
)

pytestmark = pytest.mark.django_db


def calendars_sent_to(address):
    """The .ics attached to each e-mail sent to `address`, parsed."""
    found = []
    for email in mail.outbox:
        if email.to == [address]:
            for name, content, mimetype in email.attachments:
                assert name == "invitation.ics" and mimetype.startswith("text/calendar")
                found.append(Calendar.from_ical(content))
    return found


def event_of(calendar):
    (event,) = calendar.walk("VEVENT")
    return event


@pytest.fixture
def booked(application, schedule, django_capture_on_commit_callbacks):
    interview = schedule(application, video_url="https://visio.example.test/abc")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        interview = book_slot(
            token_or_interview=interview.token, slot=interview.proposed_slots.first()
        )
    return interview


def test_the_invitation_is_a_request_with_organizer_attendees_and_utc_times(booked, employer):
    (calendar,) = calendars_sent_to("lou@example.test")
    assert calendar["method"] == "REQUEST"
    event = event_of(calendar)
    assert str(event["uid"]) == booked.uid
    assert event["sequence"] == 0
    assert event.decoded("dtstart") == booked.starts_at
    assert event.decoded("dtstart").utcoffset() == dt.timedelta(0)
    assert event.decoded("dtend") - event.decoded("dtstart") == dt.timedelta(minutes=45)
    attendees = sorted(str(address).lower() for address in event["attendee"])
    assert attendees == [
        "mailto:bob@example.test", "mailto:hana@example.test", "mailto:lou@example.test",
    ]  # fmt: skip
    assert str(event["organizer"]).startswith("mailto:")
    assert event["status"] == "CONFIRMED"
    assert "Lou Martin" in str(event["summary"])
    assert str(event["url"]) == "https://visio.example.test/abc"
    assert len(calendars_sent_to("bob@example.test")) == 1


def test_an_update_keeps_the_uid_and_grows_the_sequence_then_a_cancel_ends_it(
    booked, bob, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        update_interview(
            interview=booked, interviewers=[bob], location="Salle 12", video_url="", by=bob
        )
    with django_capture_on_commit_callbacks(execute=True):
        cancel_interview(interview=booked, by=bob)
    lou = calendars_sent_to("lou@example.test")
    assert [calendar["method"] for calendar in lou] == ["REQUEST", "REQUEST", "CANCEL"]
    assert {str(event_of(calendar)["uid"]) for calendar in lou} == {booked.uid}
    assert [event_of(calendar)["sequence"] for calendar in lou] == [0, 1, 2]
    assert str(event_of(lou[1])["location"]) == "Salle 12"
    assert event_of(lou[2])["status"] == "CANCELLED"
    # hana, taken off the panel by the update, got its cancellation then; bob got all three.
    hana = calendars_sent_to("hana@example.test")
    assert [(c["method"], event_of(c)["sequence"]) for c in hana] == [("REQUEST", 0), ("CANCEL", 1)]
    assert len(calendars_sent_to("bob@example.test")) == 3


def test_the_cancellation_email_says_method_cancel_in_its_content_type(booked, bob):
    cancel_interview(interview=booked, by=bob)  # on_commit not run: the rows wait in the outbox
    email = InterviewEmail.objects.get(kind=EmailKind.CANCELLATION, recipient="lou@example.test")
    mail.outbox.clear()
    deliver_interview_email(email)
    deliver_interview_email(email)  # a second worker: nothing more is sent
    assert len(mail.outbox) == 1
    (_name, _content, mimetype) = mail.outbox[0].attachments[0]
    assert "method=CANCEL" in mimetype
    email.refresh_from_db()
    assert email.sent_at is not None and email.send_attempts == 1


def test_a_reminder_goes_out_once_a_day_before(booked, django_capture_on_commit_callbacks):
    mail.outbox.clear()
    too_early = booked.starts_at - dt.timedelta(hours=30)
    with time_machine.travel(too_early, tick=False):
        assert send_due_reminders() == 0
    day_before = booked.starts_at - dt.timedelta(hours=20)
    with time_machine.travel(day_before, tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            assert send_due_reminders() == 1
        with django_capture_on_commit_callbacks(execute=True):
            assert send_due_reminders() == 0
    reminders = [email for email in mail.outbox if email.subject.startswith("Rappel")]
    assert sorted(email.to[0] for email in reminders) == [
        "bob@example.test", "hana@example.test", "lou@example.test",
    ]  # fmt: skip


def test_a_cancelled_interview_gets_no_reminder(booked, bob):
    cancel_interview(interview=booked, by=bob)
    with time_machine.travel(booked.starts_at - dt.timedelta(hours=2), tick=False):
        assert send_due_reminders() == 0


def test_the_calendar_feed_answers_only_to_its_secret_and_can_be_revoked(client, booked, bob):
    client.force_login(bob)
    page = client.get(reverse("interviews:calendar"))
    assert page.status_code == 200
    feed_url = page.context["feed_url"]
    client.logout()  # a calendar application has no session
    response = client.get(feed_url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    assert "method" not in calendar
    assert [str(event["uid"]) for event in calendar.walk("VEVENT")] == [booked.uid]
    assert (
        client.get(reverse("interviews:feed", kwargs={"token": "wrong-token"})).status_code == 404
    )
    client.force_login(bob)
    client.post(reverse("interviews:calendar"))  # revoke: a new address
    client.logout()
    assert client.get(feed_url).status_code == 404


def test_a_feed_shows_nothing_of_other_interviewers(client, booked, alice):
    client.force_login(alice)
    feed_url = client.get(reverse("interviews:calendar")).context["feed_url"]
    calendar = Calendar.from_ical(client.get(feed_url).content)
    assert calendar.walk("VEVENT") == []


def test_each_interviewer_is_written_to_in_their_own_language(booked, bob):
    interviewers = list(booked.interviewers.all())
    english, *others = interviewers
    english.language = "en"
    english.save(update_fields=["language"])

    cancel_interview(interview=booked, by=bob)

    email = InterviewEmail.objects.get(kind=EmailKind.CANCELLATION, recipient=english.email)
    assert (email.language, email.subject.startswith("Interview cancelled")) == ("en", True)
    for person in others:
        email = InterviewEmail.objects.get(kind=EmailKind.CANCELLATION, recipient=person.email)
        assert (email.language, email.subject.startswith("Entretien annulé")) == ("fr", True)
