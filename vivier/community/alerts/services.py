"""Subscribing to job alerts, confirming them from the mailbox, leaving.

Double opt-in: an alert sends nothing until the person follows the link e-mailed to them (the
link works once, for CONFIRMATION_DAYS). The consent is recorded (vivier/privacy/consent.py) when
it is confirmed, with the words the person saw; leaving records its withdrawal.
"""

import datetime as dt
from dataclasses import dataclass

from django.core import signing
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from vivier.brand.models import Employer
from vivier.community.alerts.criteria import Criteria
from vivier.community.alerts.models import (
    MAX_ALERTS_PER_SUBSCRIBER,
    Alert,
    Frequency,
    Subscriber,
    new_secret,
)
from vivier.privacy.consent import record_consent
from vivier.privacy.models import ConsentPurpose
from vivier.privacy.notices import absolute, footer
from vivier.talent import places

CONFIRMATION_DAYS = 7  # how long the link of a confirmation e-mail works
UNSUBSCRIBE_SALT = "vivier.alerts.unsubscribe"


class AlertRefused(Exception):
    """The alert cannot be saved; the message is for the person."""


@dataclass
class AlertCriteria:
    keywords: str = ""
    contract_type: str = ""
    department_id: int | None = None
    place: str = ""
    distance_km: int | None = None


def _apply_criteria(alert: Alert, criteria: AlertCriteria) -> None:
    alert.keywords = criteria.keywords.strip()[:100]
    alert.contract_type = criteria.contract_type
    alert.department_id = criteria.department_id
    alert.place = criteria.place.strip()[:120]
    alert.distance_km = criteria.distance_km if alert.place else None
    located = places.locate(alert.place) if alert.place and alert.distance_km else None
    alert.latitude = located.latitude if located else None
    alert.longitude = located.longitude if located else None
    alert.criteria_key = Criteria.of(alert).key


@transaction.atomic
def subscribe(*, email: str, criteria: AlertCriteria, frequency: str, consent_text: str,
              language: str) -> Alert:  # fmt: skip
    """Save an alert waiting for confirmation and e-mail the link.

    The same criteria asked again for the same address send the link again (the first e-mail may
    be lost); an already confirmed alert stays as it is. Whoever types an address changes
    nothing else of its subscription (its frequency, its other alerts): that takes its own link.
    """
    email = email.strip().lower()
    subscriber, created = Subscriber.objects.get_or_create(
        email=email, defaults={"frequency": frequency, "language": language}
    )
    subscriber = Subscriber.objects.select_for_update().get(pk=subscriber.pk)
    candidate = Alert(subscriber=subscriber)
    _apply_criteria(candidate, criteria)
    existing = subscriber.alerts.filter(criteria_key=candidate.criteria_key).first()
    if existing is not None:
        if existing.is_confirmed:
            return existing
        alert = existing
    else:
        if subscriber.alerts.count() >= MAX_ALERTS_PER_SUBSCRIBER:
            raise AlertRefused(
                _("This address already has %(count)d alerts, the most we keep. Remove one from "
                  "the link in your last e-mail from us, then save this one.")
                % {"count": MAX_ALERTS_PER_SUBSCRIBER}
            )  # fmt: skip
        alert = candidate
    alert.consent_text = consent_text
    alert.confirmation_token = new_secret()
    alert.confirmation_sent_at = None
    alert.created_at = timezone.now()
    alert.save()
    transaction.on_commit(lambda: _queue_confirmation(alert.pk))
    return alert


def _queue_confirmation(alert_id: int) -> None:
    from vivier.community.alerts.tasks import send_confirmation

    send_confirmation(alert_id)


def confirmation_url(alert: Alert) -> str:
    with translation.override(alert.subscriber.language):
        return absolute(reverse("alerts:confirm", kwargs={"token": alert.confirmation_token}))


def manage_url(subscriber: Subscriber) -> str:
    with translation.override(subscriber.language):
        return absolute(reverse("alerts:manage", kwargs={"token": subscriber.token}))


def unsubscribe_token(subscriber: Subscriber) -> str:
    # Signed rather than looked up, so the page can still name the address once it is erased.
    return signing.dumps({"s": subscriber.pk, "e": subscriber.email}, salt=UNSUBSCRIBE_SALT)


def read_unsubscribe_token(token: str) -> dict | None:
    try:
        data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    return data if isinstance(data, dict) and "e" in data else None


def unsubscribe_url(subscriber: Subscriber) -> str:
    with translation.override(subscriber.language):
        return absolute(
            reverse("alerts:unsubscribe", kwargs={"token": unsubscribe_token(subscriber)})
        )


def feed_url(alert: Alert) -> str:
    return absolute(reverse("alerts:feed", kwargs={"token": alert.feed_token}))


def deliver_confirmation(alert: Alert) -> bool:
    """E-mail the confirmation link, once per link (claimed by a conditional UPDATE)."""
    if alert.confirmation_token is None or alert.is_confirmed:
        return False
    claimed = Alert.objects.filter(
        pk=alert.pk, confirmation_token=alert.confirmation_token, confirmation_sent_at__isnull=True
    ).update(confirmation_sent_at=timezone.now())
    if not claimed:
        return False
    subscriber = alert.subscriber
    with translation.override(subscriber.language):
        employer = Employer.current()
        subject = _("Confirm your job alert from %(employer)s") % {"employer": employer.name}
        body = _(
            "Hello,\n\n"
            "Someone, probably you, asked to receive the new job offers of %(employer)s that "
            "match: %(criteria)s.\n\n"
            "To confirm, follow this link within %(days)d days:\n%(url)s\n\n"
            "If you did not ask for it, ignore this e-mail: nothing will be sent to you."
        ) % {
            "employer": employer.name,
            "criteria": alert.describe(),
            "days": CONFIRMATION_DAYS,
            "url": confirmation_url(alert),
        }
        body += footer(subscriber.language)
    try:
        send_mail(subject, body, None, [subscriber.email], fail_silently=False)
    except Exception:
        Alert.objects.filter(pk=alert.pk).update(confirmation_sent_at=None)
        raise
    return True


def alert_for_confirmation(token: str) -> Alert | None:
    """The alert this link confirms, if the link is still valid (unused and not expired)."""
    if not token:
        return None
    alert = Alert.objects.select_related("subscriber").filter(confirmation_token=token).first()
    if alert is None or _is_expired(alert):
        return None
    return alert


def _is_expired(alert: Alert) -> bool:
    sent = alert.confirmation_sent_at or alert.created_at
    return sent < timezone.now() - dt.timedelta(days=CONFIRMATION_DAYS)


def is_expired_link(token: str) -> bool:
    alert = Alert.objects.filter(confirmation_token=token).first() if token else None
    return alert is not None and _is_expired(alert)


@transaction.atomic
def confirm_alert(*, token: str, collected_at: str = "job alert form, confirmed by e-mail"):
    """Confirm the alert of a link; None when the link is unknown, used or expired.

    The token is cleared in the same UPDATE that confirms, so a link works once even when it is
    followed twice at the same moment.
    """
    alert = alert_for_confirmation(token)
    if alert is None:
        return None
    now = timezone.now()
    confirmed = Alert.objects.filter(pk=alert.pk, confirmation_token=token).update(
        confirmed_at=now, confirmation_token=None
    )
    if not confirmed:
        return None
    Subscriber.objects.filter(pk=alert.subscriber_id, confirmed_at__isnull=True).update(
        confirmed_at=now
    )
    record_consent(
        email=alert.subscriber.email, purpose=ConsentPurpose.JOB_ALERTS,
        text=alert.consent_text or alert.describe(), collected_at=collected_at,
    )  # fmt: skip
    alert.refresh_from_db()
    return alert


@transaction.atomic
def unsubscribe(*, email: str, collected_at: str = "unsubscribe link") -> bool:
    """The address leaves every alert; its subscription and digests are deleted.

    Returns whether there was anything to delete. The withdrawal of consent is recorded.
    """
    deleted, _by_model = Subscriber.objects.filter(email__iexact=email.strip()).delete()
    if deleted:
        record_consent(
            email=email, purpose=ConsentPurpose.JOB_ALERTS, is_given=False,
            text=_("I no longer wish to receive job alerts."), collected_at=collected_at,
        )  # fmt: skip
    return bool(deleted)


@transaction.atomic
def delete_alert(*, subscriber: Subscriber, alert_id) -> bool:
    deleted, _by_model = subscriber.alerts.filter(pk=alert_id).delete()
    return bool(deleted)


def change_frequency(*, subscriber: Subscriber, frequency: str) -> None:
    if frequency in Frequency.values:
        Subscriber.objects.filter(pk=subscriber.pk).update(frequency=frequency)
