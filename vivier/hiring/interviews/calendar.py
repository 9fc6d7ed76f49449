"""iCalendar (RFC 5545 and iTIP, RFC 5546) for interviews, written with the `icalendar` library.

An invitation is METHOD:REQUEST; an update is a REQUEST again with the same UID and a greater
SEQUENCE; a cancellation is METHOD:CANCEL with the same UID, a greater SEQUENCE and
STATUS:CANCELLED. Times are written in UTC (the trailing Z), which every calendar reads.
"""

import datetime as dt
from email.utils import parseaddr

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event, vCalAddress

from vivier.brand.models import Employer
from vivier.hiring.interviews.models import Interview, InterviewStatus

PRODID = "-//Vivier//Interviews//FR"


def organizer_address() -> tuple[str, str]:
    """The recruitment team's address and name: the ORGANIZER of every interview."""
    employer = Employer.current()
    name, address = parseaddr(settings.DEFAULT_FROM_EMAIL)
    return employer.contact_email or address, employer.name or name


def _address(email: str, name: str, **params) -> vCalAddress:
    address = vCalAddress(f"mailto:{email}")
    if name:
        address.params["CN"] = name
    for key, value in params.items():
        address.params[key.replace("_", "-").upper()] = value
    return address


def _calendar(method: str | None) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    if method:
        calendar.add("method", method)
    return calendar


def interview_event(interview: Interview, *, cancelled: bool = False) -> Event:
    application = interview.application
    candidate = application.candidate
    event = Event()
    event.add("uid", interview.uid)
    event.add("sequence", interview.sequence)
    event.add("dtstamp", timezone.now())
    event.add("dtstart", interview.starts_at.astimezone(dt.UTC))
    event.add("dtend", interview.ends_at.astimezone(dt.UTC))
    event.add(
        "summary",
        _("Interview: %(candidate)s — %(offer)s")
        % {"candidate": candidate.full_name, "offer": application.offer.title},
    )
    if interview.location:
        event.add("location", interview.location)
    elif interview.video_url:
        event.add("location", interview.video_url)
    if interview.video_url:
        event.add("url", interview.video_url)
    event.add("description", _description(interview))
    is_cancelled = cancelled or interview.status == InterviewStatus.CANCELLED
    event.add("status", "CANCELLED" if is_cancelled else "CONFIRMED")
    email, name = organizer_address()
    event.add("organizer", _address(email, name))
    event.add(
        "attendee",
        _address(candidate.email, candidate.full_name, role="REQ-PARTICIPANT", rsvp="TRUE",
                 partstat="NEEDS-ACTION", cutype="INDIVIDUAL"),
    )  # fmt: skip
    for interviewer in interview.interviewers.all():
        event.add(
            "attendee",
            _address(interviewer.email, interviewer.get_full_name(), role="REQ-PARTICIPANT",
                     rsvp="TRUE", partstat="NEEDS-ACTION", cutype="INDIVIDUAL"),
        )  # fmt: skip
    return event


def _description(interview: Interview) -> str:
    lines = [interview.application.offer.title]
    if interview.video_url:
        lines.append(_("Video link: %(url)s") % {"url": interview.video_url})
    if interview.location:
        lines.append(_("Place: %(place)s") % {"place": interview.location})
    return "\n".join(lines)


def invitation_ics(interview: Interview, *, cancelled: bool = False) -> str:
    """One interview as an iTIP message: REQUEST (new or changed) or CANCEL."""
    calendar = _calendar("CANCEL" if cancelled else "REQUEST")
    calendar.add_component(interview_event(interview, cancelled=cancelled))
    return calendar.to_ical().decode()


def feed_ics(interviews, *, name: str) -> str:
    """An interviewer's subscribed calendar: no METHOD, every event with its current SEQUENCE."""
    calendar = _calendar(None)
    calendar.add("x-wr-calname", name)
    for interview in interviews:
        calendar.add_component(interview_event(interview))
    return calendar.to_ical().decode()
