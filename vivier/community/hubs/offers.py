"""Members' offers: proposed in a hub, moderated by a recruiter, then a regular job offer
(through jobs' own services) credited to the member, or a post of the hub with its link.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from vivier.community.hubs import notify
from vivier.community.hubs.access import can_post, is_community_staff
from vivier.community.hubs.models import MemberOffer, ModerationAction
from vivier.community.hubs.services import HubError, join_hub
from vivier.jobs import services as offer_services
from vivier.jobs.models import JobOffer


@transaction.atomic
def propose_offer(*, member_offer: MemberOffer, by) -> MemberOffer:
    """Save an offer built by the form as waiting for moderation."""
    if not can_post(by, member_offer.hub):
        raise HubError(_("You cannot post in this hub."))
    join_hub(hub=member_offer.hub, user=by)
    member_offer.proposed_by = by
    member_offer.status = MemberOffer.Status.PENDING
    member_offer.save()
    return member_offer


def _lock_pending(member_offer: MemberOffer) -> MemberOffer:
    member_offer = MemberOffer.objects.select_for_update().get(pk=member_offer.pk)
    if member_offer.status != MemberOffer.Status.PENDING:
        raise HubError(_("This offer was already reviewed."))
    return member_offer


@transaction.atomic
def approve_member_offer(
    *, member_offer: MemberOffer, by, outcome: str, publish: bool = False, note: str = ""
) -> MemberOffer:
    """Approve: a draft (or published) JobOffer credited to the member, or a hub post."""
    if not is_community_staff(by):
        raise HubError(_("Only recruiters approve members' offers."))
    member_offer = _lock_pending(member_offer)
    if outcome == MemberOffer.Outcome.HUB_POST and not member_offer.external_url:
        raise HubError(_("A hub post needs the offer's external link."))
    if outcome == MemberOffer.Outcome.JOB_OFFER:
        summary = _("Offer proposed by %(name)s, member of the hub %(hub)s.") % {
            "name": member_offer.proposed_by or _("a former member"),
            "hub": member_offer.hub.name,
        }
        job_offer = offer_services.create_offer(
            offer=JobOffer(
                title=member_offer.title,
                summary=summary[:300],
                description=member_offer.description,
                contract_type=member_offer.contract_type,
                city=member_offer.city,
            ),
            by=by,
        )
        if publish:
            try:
                job_offer = offer_services.publish_offer(offer=job_offer, by=by)
            except offer_services.TransitionError as error:
                raise HubError(str(error)) from error
        member_offer.job_offer = job_offer
    elif outcome != MemberOffer.Outcome.HUB_POST:
        raise HubError(_("Choose what the offer becomes."))
    member_offer.status = MemberOffer.Status.APPROVED
    member_offer.outcome = outcome
    member_offer.review_note = note.strip()
    member_offer.reviewed_by = by
    member_offer.reviewed_at = timezone.now()
    member_offer.save(
        update_fields=[
            "status",
            "outcome",
            "job_offer",
            "review_note",
            "reviewed_by",
            "reviewed_at",
        ]
    )
    ModerationAction.objects.create(
        hub=member_offer.hub,
        actor=by,
        action=ModerationAction.Action.APPROVE_OFFER,
        member=member_offer.proposed_by,
        member_offer=member_offer,
        target=member_offer.title[:300],
        reason=note.strip(),
    )
    notify.member_offer_reviewed(member_offer)
    return member_offer


@transaction.atomic
def reject_member_offer(*, member_offer: MemberOffer, by, note: str = "") -> MemberOffer:
    if not is_community_staff(by):
        raise HubError(_("Only recruiters review members' offers."))
    member_offer = _lock_pending(member_offer)
    member_offer.status = MemberOffer.Status.REJECTED
    member_offer.review_note = note.strip()
    member_offer.reviewed_by = by
    member_offer.reviewed_at = timezone.now()
    member_offer.save(update_fields=["status", "review_note", "reviewed_by", "reviewed_at"])
    ModerationAction.objects.create(
        hub=member_offer.hub,
        actor=by,
        action=ModerationAction.Action.REJECT_OFFER,
        member=member_offer.proposed_by,
        member_offer=member_offer,
        target=member_offer.title[:300],
        reason=note.strip(),
    )
    notify.member_offer_reviewed(member_offer)
    return member_offer


def hub_offers(hub):
    """What members of the hub see: approved offers, with their job offer when there is one."""
    return (
        MemberOffer.objects.filter(hub=hub, status=MemberOffer.Status.APPROVED)
        .select_related("proposed_by", "job_offer")
        .order_by("-reviewed_at")
    )
