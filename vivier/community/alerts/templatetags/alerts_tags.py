"""The careers pages show community content through these tags (docs/decisions/0005)."""

from django import template

from vivier.community.alerts.questions import public_questions

register = template.Library()


@register.inclusion_tag("alerts/_questions.html", takes_context=True)
def offer_questions(context, offer):
    """The offer's answered questions, and the way to ask one (one query)."""
    return {
        "offer": offer,
        "questions": list(public_questions(offer)),
        "request": context.get("request"),
    }
