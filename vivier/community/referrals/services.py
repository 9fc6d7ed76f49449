"""Every change to referrals goes through these functions (views, the demo and hooks call them)."""

import datetime as dt
import logging

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from vivier.accounts.models import Role
from vivier.api.models import WebhookEvent
from vivier.api.webhooks import emit_event
from vivier.brand.models import Employer
from vivier.community.referrals import notify
from vivier.community.referrals.models import (
    BonusRule,
    PartnerChannel,
    PartnerShare,
    Referral,
    ReferralBonus,
    ReferralKind,
    ReferralLink,
    ReferralStatus,
    ReferrerSettings,
)
from vivier.distribution import services as distribution
from vivier.distribution.models import Channel, ChannelKind, TrackedLink
from vivier.privacy.notices import footer

logger = logging.getLogger(__name__)

# Roles that refer people: the employer's own network.
REFERRER_ROLES = {Role.EMPLOYEE, Role.ALUMNUS, Role.PARTNER}


class ReferralRefused(Exception):
    """The referral cannot be made; the message is for the member."""


def can_refer(user) -> bool:
    """Employees and alumni, and partners who belong to a partner organisation."""
    if not (user.is_authenticated and user.is_active and user.role in REFERRER_ROLES):
        return False
    return user.role != Role.PARTNER or user.partner_organisations.exists()


# --- Channels ----------------------------------------------------------------------------------
def referral_channel() -> Channel:
    """The one channel of employees' and alumni's personal links, made on first use."""
    channel = Channel.objects.filter(kind=ChannelKind.REFERRAL).order_by("pk").first()
    if channel is None:
        with translation.override(settings.LANGUAGE_CODE):
            channel = Channel.objects.create(kind=ChannelKind.REFERRAL, name=_("Referrals"))
    return channel


@transaction.atomic
def partner_channel(organisation) -> Channel:
    """The channel of a partner organisation's links (its shares, its members' links)."""
    found = PartnerChannel.objects.filter(organisation=organisation).select_related("channel")
    if (existing := found.first()) is not None:
        return existing.channel
    with translation.override(settings.LANGUAGE_CODE):
        name = _("Partner: %(name)s") % {"name": organisation.name}
    channel = Channel.objects.create(kind=ChannelKind.PARTNER, name=name[:100])
    try:
        with transaction.atomic():
            PartnerChannel.objects.create(organisation=organisation, channel=channel)
    except IntegrityError:  # made at the same moment by another request
        channel.delete()
        return PartnerChannel.objects.get(organisation=organisation).channel
    return channel


def channel_for_member(user) -> Channel:
    """A partner member's links count for their organisation; everybody else's for referrals."""
    if user.role == Role.PARTNER:
        organisation = user.partner_organisations.order_by("pk").first()
        if organisation is not None:
            return partner_channel(organisation)
    return referral_channel()


# --- Personal links ----------------------------------------------------------------------------
def personal_links(*, referrer, offers) -> dict[int, ReferralLink]:
    """The referrer's link to each offer (by offer id), made for those without one."""
    offers = list(offers)
    links = {
        link.offer_id: link
        for link in ReferralLink.objects.filter(referrer=referrer, offer__in=offers).select_related(
            "link"
        )
    }
    missing = [offer for offer in offers if offer.pk not in links]
    if missing:
        channel = channel_for_member(referrer)
        for offer in missing:
            links[offer.pk] = _make_link(referrer=referrer, offer=offer, channel=channel)
    return links


def personal_link(*, referrer, offer) -> ReferralLink:
    return personal_links(referrer=referrer, offers=[offer])[offer.pk]


def _make_link(*, referrer, offer, channel) -> ReferralLink:
    try:
        with transaction.atomic():
            tracked = TrackedLink.objects.create(channel=channel, offer=offer, is_personal=True)
            return ReferralLink.objects.create(link=tracked, referrer=referrer, offer=offer)
    except IntegrityError:  # the same link made at the same moment (two tabs)
        return ReferralLink.objects.select_related("link").get(referrer=referrer, offer=offer)


# --- Direct referrals --------------------------------------------------------------------------
@transaction.atomic
def refer_directly(*, referrer, offer, name: str, email: str, reason: str) -> Referral:
    """Record the referral and e-mail the person an invitation to apply through the referrer's
    link, saying who referred them and what is kept about them."""
    if not can_refer(referrer):
        raise ReferralRefused(_("Only employees, alumni and partners refer people."))
    offer.refresh_from_db(fields=["status", "closing_date"])
    if not offer.is_open:
        raise ReferralRefused(_("This offer is closed and no longer takes applications."))
    email = email.strip().lower()
    if email == referrer.email.lower():
        raise ReferralRefused(_("You cannot refer yourself: apply directly."))
    link = personal_link(referrer=referrer, offer=offer)
    try:
        with transaction.atomic():
            referral = Referral.objects.create(
                referrer=referrer,
                offer=offer,
                kind=ReferralKind.DIRECT,
                link=link,
                name=name.strip(),
                email=email,
                reason=reason.strip(),
            )
    except IntegrityError as error:
        raise ReferralRefused(_("This person has already been referred for this offer.")) from error
    from vivier.community.referrals.tasks import send_invitation

    transaction.on_commit(lambda: send_invitation(referral.pk))
    return referral


def invitation_email(referral: Referral) -> EmailMessage:
    offer = referral.offer
    language = offer.language or settings.LANGUAGE_CODE
    with translation.override(language):
        context = {
            "referral": referral,
            "referrer": referral.referrer.get_full_name() or referral.referrer.email,
            "employer": Employer.current().name,
            "offer": offer,
            "url": referral.link.link.url,
            "days": settings.RETENTION_UNSUCCESSFUL_DAYS,
            "privacy_url": settings.SITE_URL + _privacy_path(),
        }
        subject = _("%(referrer)s thinks of you for “%(title)s”") % {
            "referrer": context["referrer"],
            "title": offer.title,
        }
        body = render_to_string("referrals/email/invitation.txt", context) + footer(language)
    return EmailMessage(subject, body, None, [referral.email])


def _privacy_path() -> str:
    from django.urls import reverse

    return reverse("privacy:notice")


# --- Crediting and hires (hiring's hooks, see apps.py) ---------------------------------------
def credit_application(application) -> Referral | None:
    """A new application: credited to the member whose personal link was its last touch, or
    else to a member who referred that person to that offer directly before they applied."""
    candidate_email = application.candidate.email.lower()
    link = None
    if application.last_touch_id is not None and application.last_touch.is_personal:
        link = (
            ReferralLink.objects.select_related("referrer")
            .filter(link_id=application.last_touch_id)
            .first()
        )
    if link is not None and link.referrer.email.lower() == candidate_email:
        link = None  # a member applying through their own link refers nobody
    waiting = Referral.objects.filter(
        offer_id=application.offer_id,
        email=candidate_email,
        application__isnull=True,
        kind=ReferralKind.DIRECT,
    ).order_by("created_at", "pk")
    if link is not None:
        referral = waiting.filter(referrer=link.referrer).first() or Referral(
            referrer=link.referrer, offer_id=application.offer_id, kind=ReferralKind.LINK, link=link
        )
    else:
        referral = waiting.first()
    if referral is None:
        return None
    referral.application = application
    referral.applied_at = application.submitted_at
    referral.save()
    notify.tell_referrer(referral, ReferralStatus.APPLIED)
    return referral


def start_date_of(application) -> dt.date:
    """The accepted offer letter's start date, else the day of the hire."""
    from vivier.hiring.offer_letters.models import LetterStatus, OfferLetter

    letter = (
        OfferLetter.objects.filter(application=application, status=LetterStatus.ACCEPTED)
        .order_by("-pk")
        .first()
    )
    if letter is not None and letter.start_date:
        return letter.start_date
    return timezone.localdate(application.hired_at or timezone.now())


def rule_for(offer) -> BonusRule | None:
    return (
        BonusRule.objects.filter(offer=offer).first()
        or BonusRule.objects.filter(offer__isnull=True).first()
    )


def record_hire(application) -> ReferralBonus | None:
    """A hire: the referral's bonus falls due after the rule's delay, and `referral.hired` goes
    to the webhooks (ids only)."""
    referral = Referral.objects.filter(application=application).first()
    if referral is None:
        return None
    bonus = ReferralBonus.objects.filter(application=application).first()
    if bonus is None and (rule := rule_for(application.offer)) is not None:
        starts_on = start_date_of(application)
        bonus = ReferralBonus.objects.create(
            application=application,
            referrer=referral.referrer,
            amount=rule.amount,
            starts_on=starts_on,
            due_on=starts_on + dt.timedelta(days=rule.days_after_start),
        )
    emit_event(
        WebhookEvent.REFERRAL_HIRED,
        {
            "referral": referral.pk,
            "referrer": referral.referrer_id,
            "application": application.pk,
            "offer": application.offer_id,
            "candidate": application.candidate_id,
            "bonus": bonus.pk if bonus else None,
            "at": timezone.now(),
        },
    )
    return bonus


# --- Bonuses -----------------------------------------------------------------------------------
@transaction.atomic
def save_bonus_rule(*, rule: BonusRule, by) -> BonusRule:
    rule.save()
    return rule


@transaction.atomic
def mark_bonuses_paid(*, bonuses, by) -> int:
    """Mark unpaid bonuses paid now; returns how many changed (a bonus is paid once)."""
    pks = [bonus.pk for bonus in bonuses]
    return ReferralBonus.objects.filter(pk__in=pks, paid_at__isnull=True).update(
        paid_at=timezone.now(), paid_by=by
    )


# --- Members' choices and partners -------------------------------------------------------------
def set_leaderboard_choice(*, user, show: bool) -> ReferrerSettings:
    choice, _created = ReferrerSettings.objects.update_or_create(
        user=user, defaults={"show_on_leaderboard": show}
    )
    return choice


@transaction.atomic
def share_with_partner(*, organisation, offer, by, message: str = "") -> PartnerShare:
    """Share an offer with a partner organisation: its own tracked link, on its channel."""
    existing = PartnerShare.objects.filter(organisation=organisation, offer=offer).first()
    if existing is not None:
        return existing
    link = distribution.tracked_link(channel=partner_channel(organisation), offer=offer)
    return PartnerShare.objects.create(
        organisation=organisation, offer=offer, link=link, shared_by=by, message=message
    )


def referrals_by_email(email: str) -> list:
    """The referrals naming this address (privacy's export and erasure)."""
    return list(Referral.objects.filter(email__iexact=email.strip()).order_by("pk"))
