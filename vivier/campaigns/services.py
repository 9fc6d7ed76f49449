"""Every change to a campaign goes through these functions."""

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from vivier.campaigns.models import Campaign, CampaignChannel
from vivier.distribution import services as distribution


@dataclass
class PlanLine:
    channel: object
    budget: object = None
    at: object = None  # when to post the campaign's page on this channel; None: not now


@transaction.atomic
def save_campaign(*, campaign: Campaign, offers, plan: list[PlanLine], by) -> list:
    """Save the campaign, its offers and channel plan; schedule the posts the plan dates.

    Returns the drafts that could not be scheduled (their errors say why); nothing else is lost.
    """
    if campaign.pk is None:
        campaign.created_by = by
    campaign.save()
    campaign.offers.set(offers)
    kept = []
    for line in plan:
        CampaignChannel.objects.update_or_create(
            campaign=campaign, channel=line.channel, defaults={"budget": line.budget}
        )
        kept.append(line.channel.pk)
    campaign.plan.exclude(channel_id__in=kept).delete()
    refused = []
    for line in plan:
        if line.at is None or not line.channel.is_push:
            continue
        draft = distribution.draft_for(channel=line.channel, campaign=campaign)
        if draft.errors:
            refused.append(draft)
            continue
        distribution.publish_channels(
            campaign=campaign, drafts=[draft], at=max(line.at, timezone.now()), by=by
        )
    return refused
