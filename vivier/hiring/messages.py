"""E-mail templates: the team's own text when they wrote one, the built-in translated one if not."""

import re

from django.utils import translation
from django.utils.translation import gettext as _

from vivier.hiring.models import Application, MessageTemplate, MessageTemplateKind

PLACEHOLDER = re.compile(r"\{(\w+)\}")


def default_template(kind: str, language: str) -> tuple[str, str]:
    with translation.override(language):
        if kind == MessageTemplateKind.CONFIRMATION:
            return (
                _("Your application for {offer_title}"),
                _(
                    "Hello {candidate_first_name},\n\n"
                    "Thank you for applying for the post of {offer_title} "
                    "(reference {offer_reference}). We have received your application and "
                    "will read it carefully. We will come back to you whatever our answer.\n\n"
                    "Kind regards,\nThe recruitment team of {employer_name}"
                ),
            )
        return (
            _("Your application for {offer_title}"),
            _(
                "Hello {candidate_first_name},\n\n"
                "Thank you for your interest in the post of {offer_title}. After careful "
                "consideration, we will not take your application further for this post.\n\n"
                "We wish you every success in your search.\n\n"
                "Kind regards,\nThe recruitment team of {employer_name}"
            ),
        )


def template_for(kind: str, language: str) -> tuple[str, str]:
    custom = MessageTemplate.objects.filter(kind=kind, language=language).first()
    if custom:
        return custom.subject, custom.body
    return default_template(kind, language)


def placeholders(application: Application, employer_name: str) -> dict[str, str]:
    candidate = application.candidate
    return {
        "candidate_first_name": candidate.first_name,
        "candidate_name": candidate.full_name,
        "offer_title": application.offer.title,
        "offer_reference": application.offer.reference or "",
        "employer_name": employer_name,
    }


def fill(text: str, values: dict[str, str]) -> str:
    """Replace {name} placeholders; unknown ones stay as written so the author sees them."""
    return PLACEHOLDER.sub(lambda match: values.get(match.group(1), match.group(0)), text)


def render_for(application: Application, kind: str, employer_name: str) -> tuple[str, str]:
    subject, body = template_for(kind, application.language)
    values = placeholders(application, employer_name)
    return fill(subject, values), fill(body, values)
