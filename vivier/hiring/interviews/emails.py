"""The texts of interview e-mails, in the recipient's language."""

from django.conf import settings
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from vivier.brand.models import Employer
from vivier.hiring.emails import candidate_footer
from vivier.hiring.interviews.models import EmailKind, Interview


def absolute(path: str) -> str:
    return settings.SITE_URL + path


def when(interview: Interview) -> str:
    """The interview's time in the site's time zone, written the local way."""
    start = timezone.localtime(interview.starts_at)
    end = timezone.localtime(interview.ends_at)
    return _("%(day)s from %(start)s to %(end)s (%(zone)s)") % {
        "day": formats.date_format(start, "DATE_FORMAT"),
        "start": formats.time_format(start, "TIME_FORMAT"),
        "end": formats.time_format(end, "TIME_FORMAT"),
        "zone": settings.TIME_ZONE,
    }


def where(interview: Interview) -> str:
    lines = []
    if interview.location:
        lines.append(_("Place: %(place)s") % {"place": interview.location})
    if interview.video_url:
        lines.append(_("Video link: %(url)s") % {"url": interview.video_url})
    return "\n".join(lines)


def choice_link(interview: Interview, language: str) -> str:
    with translation.override(language):
        return absolute(reverse("interviews:choose", kwargs={"token": interview.token}))


def slot_choice(interview: Interview) -> tuple[str, str]:
    """To the candidate: the link where they pick one of the proposed times."""
    application = interview.application
    language = application.language
    with translation.override(language):
        subject = _("Interview for %(offer)s: choose your time") % {
            "offer": application.offer.title
        }
        body = _(
            "Hello %(first_name)s,\n\n"
            "We would like to meet you for the post of %(offer)s. Please choose the time that "
            "suits you best on this page:\n\n%(link)s\n\n"
            "Kind regards,\nThe recruitment team of %(employer)s"
        ) % {
            "first_name": application.candidate.first_name,
            "offer": application.offer.title,
            "link": choice_link(interview, language),
            "employer": Employer.current().name,
        }
    return subject, body


def interview_email(
    interview: Interview, kind: str, *, name: str, language: str, for_candidate: bool
) -> tuple[str, str]:
    """Invitation, update, cancellation or reminder, to the candidate or an interviewer."""
    application = interview.application
    with translation.override(language):
        values = {
            "name": name,
            "offer": application.offer.title,
            "candidate": application.candidate.full_name,
            "when": when(interview),
            "where": where(interview),
            "employer": Employer.current().name,
        }
        if kind == EmailKind.INVITATION:
            subject = _("Interview on %(when)s") % values
            if for_candidate:
                text = _(
                    "Hello %(name)s,\n\nYour interview for the post of %(offer)s is booked: "
                    "%(when)s.\n%(where)s\n\nThe invitation is attached: open it to add the "
                    "interview to your calendar."
                )
            else:
                text = _(
                    "Hello %(name)s,\n\nYou are invited to interview %(candidate)s for the post "
                    "of %(offer)s: %(when)s.\n%(where)s\n\nThe invitation is attached."
                )
        elif kind == EmailKind.UPDATE:
            subject = _("Interview changed: %(when)s") % values
            text = _(
                "Hello %(name)s,\n\nThe interview for the post of %(offer)s has changed: "
                "%(when)s.\n%(where)s\n\nThe attached invitation updates your calendar."
            )
        elif kind == EmailKind.CANCELLATION:
            subject = _("Interview cancelled: %(offer)s") % values
            text = _(
                "Hello %(name)s,\n\nThe interview for the post of %(offer)s planned on "
                "%(when)s is cancelled. The attachment removes it from your calendar."
            )
        else:
            subject = _("Reminder: interview on %(when)s") % values
            text = _(
                "Hello %(name)s,\n\nA reminder of the interview for the post of %(offer)s: "
                "%(when)s.\n%(where)s"
            )
        body = (text % values) + "\n\n" + (_("The recruitment team of %(employer)s") % values)
        if for_candidate:
            body += candidate_footer(language)
    return subject, body
