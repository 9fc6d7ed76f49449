"""An e-mail to each address of the channel's list, with a one-click unsubscribe link.

Each recipient is claimed (a row) before their e-mail is sent: a retry or a restarted worker skips
every address already claimed, so nobody gets the same offer twice. The price is that an e-mail
whose sending was cut by a crash is not resent; one the mail server refused is released and resent.
"""

import smtplib

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMessage, get_connection
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from vivier.distribution.connectors.base import Connector, ExternalRef, Post, Refused, RetryLater

MAX_LENGTH = 20_000
UNSUBSCRIBE_SALT = "vivier.distribution.unsubscribe"
# What sending raises when the mail server is down, refuses, or hangs up.
SEND_ERRORS = (OSError, smtplib.SMTPException)


def unsubscribe_url(channel, address: str) -> str:
    token = signing.dumps({"channel": channel.pk, "address": address}, salt=UNSUBSCRIBE_SALT)
    return settings.SITE_URL + reverse("tracking:unsubscribe", args=[token])


def read_unsubscribe_token(token: str) -> dict | None:
    try:
        return signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None


class EmailConnector(Connector):
    kind = "email"
    is_idempotent = True
    can_withdraw = False

    def max_length(self) -> int:
        return MAX_LENGTH

    def recipients(self) -> list[str]:
        unsubscribed = set(self.channel.unsubscriptions.values_list("address", flat=True))
        return [address for address in self.channel.recipient_list if address not in unsubscribed]

    def check(self) -> str:
        recipients = self.recipients()
        if not recipients:
            raise Refused(_("The list has no recipient."))
        return _("%(count)s recipients") % {"count": len(recipients)}

    def publish(self, post: Post) -> ExternalRef:
        from vivier.distribution.models import EmailDelivery

        try:
            self._send_all(post)
        except SEND_ERRORS as error:
            raise RetryLater(
                _("The mail server could not be reached or refused to send."), detail=str(error)
            ) from error
        total = EmailDelivery.objects.filter(publication_id=post.publication_id).count()
        return ExternalRef(_("%(count)s e-mails") % {"count": total})

    def _send_all(self, post: Post) -> None:
        from vivier.distribution.models import EmailDelivery

        with get_connection() as connection:
            for address in self.recipients():
                try:
                    with transaction.atomic():
                        delivery = EmailDelivery.objects.create(
                            publication_id=post.publication_id,
                            address=address,
                            claimed_at=timezone.now(),
                        )
                except IntegrityError:
                    continue  # claimed by an earlier try
                unsubscribe = unsubscribe_url(self.channel, address)
                body = post.text + "\n\n--\n" + _("Unsubscribe: %(url)s") % {"url": unsubscribe}
                message = EmailMessage(
                    subject=post.title,
                    body=body,
                    to=[address],
                    connection=connection,
                    headers={
                        "List-Unsubscribe": f"<{unsubscribe}>",
                        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
                    },
                )
                try:
                    message.send()
                except SEND_ERRORS:
                    # The server said no or went away: not sent, so the next try sends it.
                    EmailDelivery.objects.filter(pk=delivery.pk).delete()
                    raise
                EmailDelivery.objects.filter(pk=delivery.pk).update(sent_at=timezone.now())
