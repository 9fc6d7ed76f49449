"""What every e-mail to a candidate about their application ends with, and its HTML version.

The footer has two lines, in the candidate's language: their rights over their data (privacy's
footer) and the address of their candidate space. The space's address is its sign-in page for
anyone not signed in: it carries no token, so a forwarded e-mail lets nobody else in.

The HTML version is made from the text, so that both always say the same: the text escaped,
its paragraphs kept, its addresses made links, the footer set apart under a rule. No image, no
remote file (the recipient's mail program loads nothing from us).
"""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from vivier.privacy.notices import footer as rights_footer

FOOTER_SEPARATOR = "\n\n--\n"


def space_url(language: str) -> str:
    """The candidate space in the language: its sign-in page until the candidate signs in."""
    with translation.override(language):
        return settings.SITE_URL + reverse("space:home")


def candidate_footer(language: str) -> str:
    """The lines every e-mail to a candidate about an application ends with."""
    with translation.override(language):
        line = _("Your candidate space, to follow your applications and answer us: %(url)s")
    return rights_footer(language) + "\n" + line % {"url": space_url(language)}


def html_version(text: str, *, subject: str, language: str) -> str:
    """The HTML alternative of a text e-mail; its footer (after the last "--" line) set apart."""
    body, separator, footer = text.rpartition(FOOTER_SEPARATOR)
    if not separator:
        body, footer = text, ""
    context = {"body": body, "footer": footer, "subject": subject, "language": language}
    return render_to_string("hiring/email/candidate.html", context)


def add_html_version(email: EmailMultiAlternatives, *, language: str) -> None:
    email.attach_alternative(
        html_version(email.body, subject=email.subject, language=language), "text/html"
    )
