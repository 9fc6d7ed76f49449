"""What hiring's pages show of interviews, without hiring's views knowing of them."""

from django import template

from vivier.hiring.interviews import scorecards
from vivier.hiring.interviews.models import Interview, InterviewStatus

register = template.Library()


@register.simple_tag
def board_interviews(offer) -> dict:
    """The interview to show on each card of an offer's board, in two queries for the board.

    A booked interview comes before one waiting for the candidate's choice; cancelled ones
    are not shown.
    """
    interviews = (
        Interview.objects.filter(application__offer=offer)
        .exclude(status=InterviewStatus.CANCELLED)
        .prefetch_related("interviewers")
        .order_by("-status", "starts_at", "pk")  # "scheduled" sorts after "proposed": reversed
    )
    shown = {}
    for interview in interviews:
        shown.setdefault(interview.application_id, interview)
    return shown


@register.filter
def interview_of(interviews: dict, application_id):
    return interviews.get(application_id)


@register.inclusion_tag("interviews/_application_section.html", takes_context=True)
def application_interviews(context, application):
    user = context["request"].user
    interviews = list(
        application.interviews.prefetch_related("interviewers", "scorecards").order_by(
            "-created_at"
        )
    )
    for interview in interviews:
        interview.is_mine = any(person.pk == user.pk for person in interview.interviewers.all())
        interview.my_scorecard = next(
            (card for card in interview.scorecards.all() if card.interviewer_id == user.pk), None
        )
    return {
        "application": application,
        "interviews": interviews,
        "panel_hidden": scorecards.panel_is_hidden_from(user, application),
        "decisions": application.panel_decisions.select_related("by")[:5],
        "user": user,
    }
