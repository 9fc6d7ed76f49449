"""Every change to a job offer goes through these functions (views, admin, tasks, demo)."""

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from vivier.api.models import WebhookEvent
from vivier.api.webhooks import emit_event
from vivier.distribution.services import withdraw_offer_publications
from vivier.jobs.models import JobOffer, OfferStatus

# What each action may start from.
ALLOWED_TRANSITIONS = {
    "publish": {OfferStatus.DRAFT, OfferStatus.CLOSED},
    "close": {OfferStatus.PUBLISHED},
    "archive": {OfferStatus.DRAFT, OfferStatus.CLOSED},
}


class TransitionError(Exception):
    """An offer was asked to move where its workflow does not go; the message is for the user."""


def _check_transition(offer: JobOffer, action: str) -> None:
    if offer.status not in ALLOWED_TRANSITIONS[action]:
        messages = {
            "publish": _("Only a draft or a closed offer can be published."),
            "close": _("Only a published offer can be closed."),
            "archive": _("Close the offer before archiving it."),
        }
        raise TransitionError(messages[action])


def _assign_reference(offer: JobOffer) -> None:
    if not offer.reference:
        # Unique by construction: the year and the row's own id.
        year = timezone.localdate().year
        offer.reference = f"{year}-{offer.pk:05d}"
        offer.save(update_fields=["reference"])


@transaction.atomic
def create_offer(*, offer: JobOffer, hiring_managers=(), by) -> JobOffer:
    """Save a new offer (built by a form) as a draft; the reference is assigned if left blank."""
    offer.status = OfferStatus.DRAFT
    if offer.recruiter_id is None and by.sees_all_offers:
        offer.recruiter = by
    offer.reference = offer.reference or None
    offer.save()
    _assign_reference(offer)
    offer.hiring_managers.set(hiring_managers)
    return offer


@transaction.atomic
def update_offer(*, offer: JobOffer, hiring_managers=None, by) -> JobOffer:
    offer.reference = offer.reference or None
    offer.save()
    _assign_reference(offer)
    if hiring_managers is not None:
        offer.hiring_managers.set(hiring_managers)
    return offer


@transaction.atomic
def duplicate_offer(*, offer: JobOffer, by) -> JobOffer:
    """A new draft with the same content, to reuse a good offer for the next opening."""
    managers = list(offer.hiring_managers.all())
    copy = JobOffer.objects.get(pk=offer.pk)
    copy.pk = None
    copy.title = _("%(title)s (copy)") % {"title": offer.title}
    copy.reference = None
    copy.published_at = copy.closed_at = copy.archived_at = None
    copy.closing_date = None
    copy.recruiter = by if by.sees_all_offers else offer.recruiter
    return create_offer(offer=copy, hiring_managers=managers, by=by)


@transaction.atomic
def publish_offer(*, offer: JobOffer, by=None) -> JobOffer:
    offer = JobOffer.objects.select_for_update().get(pk=offer.pk)
    _check_transition(offer, "publish")
    if offer.closing_date and offer.closing_date < timezone.localdate():
        raise TransitionError(_("The closing date has passed: change it before publishing."))
    offer.status = OfferStatus.PUBLISHED
    # datePosted stays the first publication date when an offer is reopened.
    offer.published_at = offer.published_at or timezone.now()
    offer.closed_at = None
    offer.save(update_fields=["status", "published_at", "closed_at", "updated_at"])
    emit_event(WebhookEvent.OFFER_PUBLISHED, _event_payload(offer))
    return offer


def _move_to(offer: JobOffer, action: str, status: str, date_field: str) -> JobOffer:
    """Lock the offer, check the transition, set the status and stamp its date."""
    offer = JobOffer.objects.select_for_update().get(pk=offer.pk)
    _check_transition(offer, action)
    offer.status = status
    setattr(offer, date_field, timezone.now())
    offer.save(update_fields=["status", date_field, "updated_at"])
    return offer


@transaction.atomic
def close_offer(*, offer: JobOffer, by=None) -> JobOffer:
    offer = _move_to(offer, "close", OfferStatus.CLOSED, "closed_at")
    emit_event(WebhookEvent.OFFER_CLOSED, _event_payload(offer))
    withdraw_offer_publications(offer=offer)  # the posts go too, where the networks allow
    return offer


def _event_payload(offer: JobOffer) -> dict:
    with translation.override(settings.LANGUAGE_CODE):
        path = offer.get_absolute_url()
    return {
        "id": offer.pk,
        "reference": offer.reference,
        "title": offer.title,
        "status": offer.status,
        "url": settings.SITE_URL + path,
        "published_at": offer.published_at,
        "closed_at": offer.closed_at,
    }


def set_occupation(*, offer: JobOffer, occupation, by=None) -> JobOffer:
    offer.occupation = occupation
    offer.save(update_fields=["occupation", "updated_at"])
    return offer


@transaction.atomic
def archive_offer(*, offer: JobOffer, by=None) -> JobOffer:
    return _move_to(offer, "archive", OfferStatus.ARCHIVED, "archived_at")


def close_expired_offers() -> int:
    """Close published offers whose closing date has passed; returns how many were closed."""
    today = timezone.localdate()
    expired = JobOffer.objects.filter(status=OfferStatus.PUBLISHED, closing_date__lt=today)
    closed = 0
    for offer in expired:
        close_offer(offer=offer)
        closed += 1
    return closed
