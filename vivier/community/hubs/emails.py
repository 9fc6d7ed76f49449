"""The e-mail of hubs that is not a notification: the invitation, whose person may have no
account yet (mentions, replies and moderators' decisions are vivier.notifications', see
notify.py).

Built and sent by the worker (tasks.py), in the language of the account of the address invited
if there is one, else the site's default language.
"""

from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from vivier.community.hubs.models import HubInvitation
from vivier.core.markdown import markdown_to_text

EXCERPT_CHARS = 600


def _absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def _language_of_address(email: str) -> str:
    from vivier.accounts.models import User

    account = User.objects.filter(email__iexact=email).only("language").first()
    return account.email_language if account is not None else settings.LANGUAGE_CODE


def send_invitation(invitation_id: int, token: str) -> bool:
    invitation = (
        HubInvitation.objects.select_related("hub", "invited_by")
        .filter(pk=invitation_id, used_at__isnull=True, revoked_at__isnull=True)
        .first()
    )
    if invitation is None:
        return False
    with translation.override(_language_of_address(invitation.email)):
        inviter = str(invitation.invited_by) if invitation.invited_by else _("The moderators")
        subject = _("%(name)s invites you to the hub %(hub)s") % {
            "name": inviter,
            "hub": invitation.hub.name,
        }
        body = "\n".join(
            [
                subject + ".",
                "",
                markdown_to_text(invitation.hub.description)[:EXCERPT_CHARS],
                "",
                _("Open this link to join (it works once, until %(date)s):")
                % {
                    "date": formats.date_format(
                        timezone.localtime(invitation.expires_at), "SHORT_DATE_FORMAT"
                    )
                },
                _absolute(reverse("hubs:invitation", kwargs={"token": token})),
                "",
                _("If you do not know this hub, ignore this e-mail: nothing happens without you."),
            ]
        )
    send_mail(subject, body, None, [invitation.email])
    return True
