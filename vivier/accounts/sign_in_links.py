"""The e-mail sign-in link of the candidate's space: one use, a short life, no password.

Asking for a link always gets the same answer on screen, whether the address is known or not,
and the same work in the request (the e-mail, if any, is written by the worker): nobody learns
from the form who applied. A link is sent only to an address that may open a candidate space
(candidates.may_open_a_candidate_space); a staff address gets none.

The link opens a page with a button (POST): mail scanners that follow links do not spend it.
"""

import datetime as dt
import logging
import secrets

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from vivier.accounts import candidates
from vivier.accounts.models import SignInLink, User
from vivier.core.tokens import token_digest

logger = logging.getLogger(__name__)

PURGE_AFTER = dt.timedelta(days=1)  # spent and expired links are kept this long, then deleted


def ask_for_link(*, email: str, language: str) -> None:
    """Queue the e-mail of a sign-in link, if the address may have one (the worker decides)."""
    from vivier.accounts.tasks import send_sign_in_link  # the task module imports this one

    email = candidates.normalise(email)
    transaction.on_commit(lambda: send_sign_in_link(email, language))


def send_link(*, email: str, language: str) -> bool:
    """Make a link and e-mail it, if the address may open a candidate space. True if sent."""
    email = candidates.normalise(email)
    if not candidates.may_open_a_candidate_space(email):
        logger.info("No sign-in link sent: the address opens no candidate space")
        return False
    token = secrets.token_urlsafe(32)
    minutes = settings.CANDIDATE_SIGN_IN_LINK_MINUTES
    SignInLink.objects.create(
        email=email,
        token_hash=token_digest(token),
        expires_at=timezone.now() + dt.timedelta(minutes=minutes),
    )
    from vivier.brand.models import Employer

    employer = Employer.current().name or "Vivier"
    with translation.override(language):
        url = settings.SITE_URL + reverse("space:link", kwargs={"token": token})
        subject = _("Your link to sign in to your candidate space — %(employer)s") % {
            "employer": employer
        }
        body = _(
            "Hello,\n\n"
            "Here is your link to sign in to your candidate space at %(employer)s, where you "
            "can follow your applications:\n\n%(url)s\n\n"
            "It works once, within %(minutes)d minutes. If you did not ask for it, ignore this "
            "e-mail: nobody can sign in without it.\n"
        ) % {"employer": employer, "url": url, "minutes": minutes}
    EmailMessage(subject=subject, body=body, to=[email]).send()
    return True


@transaction.atomic
def use_link(*, token: str) -> User | None:
    """The candidate's account if the link is good (never used, not expired), else None.

    Spent at once: a second use, or a use racing this one, gets None.
    """
    now = timezone.now()
    digest = token_digest(token)
    spent = SignInLink.objects.filter(
        token_hash=digest, used_at__isnull=True, expires_at__gt=now
    ).update(used_at=now)
    if not spent:
        return None
    email = SignInLink.objects.get(token_hash=digest).email
    # The address may have changed hands since (an erasure, a staff account made with it).
    if not candidates.may_open_a_candidate_space(email):
        return None
    # The other links sent to the address die with this one.
    SignInLink.objects.filter(email=email, used_at__isnull=True).update(used_at=now)
    return candidates.candidate_account(email=email)


def is_usable(token: str) -> bool:
    """Whether the link's page should offer the button (the POST checks again)."""
    return SignInLink.objects.filter(
        token_hash=token_digest(token), used_at__isnull=True, expires_at__gt=timezone.now()
    ).exists()


def purge_old_links(*, now=None) -> int:
    now = now or timezone.now()
    deleted, _kinds = SignInLink.objects.filter(expires_at__lt=now - PURGE_AFTER).delete()
    return deleted
