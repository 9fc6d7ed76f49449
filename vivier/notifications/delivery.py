"""The e-mail copies of notifications: one at once, or one digest a day, in the recipient's
language. Sent by the worker (tasks.py).

Neither is sent twice by a retried task or a second worker: each is claimed with a lease first
(one conditional UPDATE: `email_claimed_at` on a notification, `claimed_at` on a digest),
released at once when sending fails, so that the retry takes it, and marked sent as soon as the
mail server accepted it. A worker stopped in between leaves the claim; once the lease
(MESSAGE_LEASE_S) is over, the sweep (`send_pending`, every five minutes) queues it again. As for
hiring's outbox (hiring.services.deliver_message), the one window left is the mail server's
acceptance and the UPDATE that records it: each e-mail carries a Message-ID of its own, by which
mail programs recognise a second copy.

A digest is filled when it is made, once per person and day (a unique row): a retry of the
daily task finds it and adds nothing, makes nothing, so nothing goes in two digests.
"""

import datetime as dt
import logging
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.urls import reverse, translate_url
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from vivier.core.outbox import Lease
from vivier.notifications.models import Digest, Notification
from vivier.notifications.registry import AREAS, EmailChoice
from vivier.notifications.selectors import describe

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 10  # tries of one e-mail: the task's retries and the sweeps together
NOTIFICATION_LEASE = Lease(claimed="email_claimed_at", attempts="email_attempts")
DIGEST_LEASE = Lease()
# An immediate e-mail not sent within this long is dropped (the notification stays in Vivier):
# being told of a mention two days late by e-mail helps nobody.
IMMEDIATE_MAX_AGE = dt.timedelta(days=1)
DIGEST_MAX_ITEMS = 50  # lines of one digest; the rest is counted, with a link to the list
DIGEST_MAX_AGE = dt.timedelta(days=3)  # a digest that could not go out by then is given up


def in_language(path: str, language: str) -> str:
    """A stored link in another language. The link may have been made in any language (the
    actor's): it is read in its own, found from its prefix, then written in `language`."""
    made_in = translation.get_language_from_path(urlsplit(path).path) or settings.LANGUAGE_CODE
    with translation.override(made_in):
        return translate_url(path, language)


def absolute(path: str, language: str) -> str:
    """The site's address of a stored link, in the recipient's language."""
    return settings.SITE_URL.rstrip("/") + in_language(path, language)


def list_url(user) -> str:
    name = "notifications:staff_list" if user.is_team_member else "notifications:list"
    return reverse(name)


def preferences_url(user) -> str:
    name = "notifications:staff_preferences" if user.is_team_member else "notifications:preferences"
    return reverse(name)


def _message_id(kind: str, pk: int, created_at) -> str:
    host = urlsplit(settings.SITE_URL).hostname or "vivier.localhost"
    return f"<{kind}.{pk}.{created_at:%Y%m%d%H%M%S}@{host}>"


def _footer(user, language: str) -> list[str]:
    return [
        "",
        "-- ",
        _("You receive this e-mail because of your notification settings. Change them here:"),
        absolute(preferences_url(user), language),
    ]


def _is_current(notification: Notification) -> bool:
    verb = notification.verb_entry
    if verb is None:
        return False
    return verb.is_current is None or bool(verb.is_current(notification))


# --- At once ----------------------------------------------------------------------------------


def immediate_email(notification: Notification) -> EmailMessage:
    user = notification.recipient
    language = user.email_language
    describe([notification], user, for_email=True)
    with translation.override(language):
        sentence = notification.sentence()
        subject = sentence
        if notification.about:
            subject = _("%(what)s: %(about)s") % {"what": sentence, "about": notification.about}
        lines = [sentence + "."]
        if notification.about:
            lines.append(notification.about)
        verb = notification.verb_entry
        details = verb.email_details(notification) if verb and verb.email_details else []
        if details:
            lines += ["", *details]
        lines += ["", _("Open it in Vivier:"), absolute(notification.target_url, language)]
        lines += _footer(user, language)
    return EmailMessage(
        subject=subject[:200],
        body="\n".join(lines),
        to=[user.email],
        headers={
            "Message-ID": _message_id("notification", notification.pk, notification.created_at)
        },
    )


def deliver_immediate(notification_id: int, *, now=None) -> bool:
    """Send one notification's e-mail copy, once. True when it went out."""
    now = now or timezone.now()
    unsent = Notification.objects.filter(
        pk=notification_id, email=EmailChoice.IMMEDIATELY, emailed_at__isnull=True,
        email_attempts__lt=MAX_ATTEMPTS,
    )  # fmt: skip
    if not NOTIFICATION_LEASE.claim(unsent, now):
        return False
    notification = Notification.objects.select_related("recipient", "actor").get(pk=notification_id)
    if not notification.recipient.is_active or not _is_current(notification):
        # Nothing to send any more (the post was hidden, the account closed): settled.
        Notification.objects.filter(pk=notification_id).update(email=EmailChoice.NEVER)
        return False
    try:
        immediate_email(notification).send(fail_silently=False)
    except Exception:
        NOTIFICATION_LEASE.release(Notification, notification_id, now)
        raise
    Notification.objects.filter(pk=notification_id).update(emailed_at=timezone.now())
    return True


# --- The daily digest -------------------------------------------------------------------------


def make_digests(*, now=None) -> list[int]:
    """Make today's digest of everyone with notifications waiting for it, each filled with
    what waits at that moment; returns the new digests' ids. Safe to run twice (see above)."""
    now = now or timezone.now()
    day = timezone.localdate(now)
    waiting = Notification.objects.filter(
        email=EmailChoice.DAILY, digest__isnull=True, emailed_at__isnull=True, created_at__lte=now
    )
    made = []
    for recipient_id in waiting.values_list("recipient_id", flat=True).distinct().order_by():
        try:
            with transaction.atomic():
                digest = Digest.objects.create(recipient_id=recipient_id, day=day, created_at=now)
                waiting.filter(recipient_id=recipient_id).update(digest=digest)
        except IntegrityError:
            continue  # today's is made already: a retry, or another worker
        made.append(digest.pk)
    return made


def digest_email(digest: Digest, notifications: list[Notification]) -> EmailMessage:
    user = digest.recipient
    language = user.email_language
    describe(notifications[:DIGEST_MAX_ITEMS], user, for_email=True)
    with translation.override(language):
        day = formats.date_format(digest.day, "DATE_FORMAT")
        subject = _("Your Vivier notifications of %(day)s") % {"day": day}
        lines = [
            _("What happened since your last digest (%(count)d):") % {"count": len(notifications)}
        ]
        by_area: dict[str, list[Notification]] = {}
        for notification in notifications[:DIGEST_MAX_ITEMS]:
            by_area.setdefault(notification.verb_entry.area, []).append(notification)
        for code in sorted(by_area, key=lambda code: AREAS[code].order):
            lines += ["", str(AREAS[code].label).upper()]
            for notification in by_area[code]:
                lines.append(f"- {notification.sentence()}")
                if notification.about:
                    lines.append(f"  {notification.about}")
                lines.append(f"  {absolute(notification.target_url, language)}")
        more = len(notifications) - DIGEST_MAX_ITEMS
        if more > 0:
            lines += ["", _("And %(count)d more in Vivier:") % {"count": more}]
        lines += ["", _("All your notifications:"), absolute(list_url(user), language)]
        lines += _footer(user, language)
    return EmailMessage(
        subject=subject,
        body="\n".join(lines),
        to=[user.email],
        headers={"Message-ID": _message_id("notification-digest", digest.pk, digest.created_at)},
    )


def deliver_digest(digest_id: int, *, now=None) -> bool:
    """Send one digest, once. True when it went out."""
    now = now or timezone.now()
    unsent = Digest.objects.filter(
        pk=digest_id, sent_at__isnull=True, send_attempts__lt=MAX_ATTEMPTS
    )
    if not DIGEST_LEASE.claim(unsent, now):
        return False
    digest = Digest.objects.select_related("recipient").get(pk=digest_id)
    notifications = [
        notification
        for notification in digest.notifications.select_related("actor").order_by(
            "created_at", "pk"
        )
        if _is_current(notification)
    ]
    if not digest.recipient.is_active or not notifications:
        Digest.objects.filter(pk=digest_id).update(sent_at=now)  # nothing left to tell: settled
        return False
    try:
        digest_email(digest, notifications).send(fail_silently=False)
    except Exception:
        DIGEST_LEASE.release(Digest, digest_id, now)
        raise
    sent_at = timezone.now()
    Digest.objects.filter(pk=digest_id).update(sent_at=sent_at)
    Notification.objects.filter(pk__in=[n.pk for n in notifications]).update(emailed_at=sent_at)
    return True


# --- The sweep --------------------------------------------------------------------------------


def pending(*, now=None) -> tuple[list[int], list[int]]:
    """(notification ids, digest ids) whose e-mail nobody is sending: never queued (the web
    process stopped between its commit and the queue) or claimed by a worker that stopped."""
    now = now or timezone.now()
    notifications = list(
        Notification.objects.filter(
            email=EmailChoice.IMMEDIATELY, emailed_at__isnull=True,
            email_attempts__lt=MAX_ATTEMPTS, created_at__gte=now - IMMEDIATE_MAX_AGE,
        )
        .filter(NOTIFICATION_LEASE.abandoned(now))
        .values_list("pk", flat=True)[:500]
    )  # fmt: skip
    digests = list(
        Digest.objects.filter(
            sent_at__isnull=True, send_attempts__lt=MAX_ATTEMPTS,
            created_at__gte=now - DIGEST_MAX_AGE,
        )
        .filter(DIGEST_LEASE.abandoned(now))
        .values_list("pk", flat=True)[:500]
    )  # fmt: skip
    return notifications, digests
