"""The referrer's side of referrals, for privacy's data export and erasure (RGPD art. 15 and 17).

The referred person's side is elsewhere: a direct referral is found by the person's address
(services.referrals_by_email) and deleted with their erasure, or goes with their application.

A member asking for their data gets their referral links, their referrals (what their page "My
referrals" shows them: the offer, the date, the status, the name and the words they gave, but
not the referred person's address nor anything of the application) and their bonuses.

Their erasure deletes their links (the tracked links stay, anonymous, so the channel's figures
hold), their leaderboard choice and the direct referrals nobody applied after (their words about
someone else). A referral that led to an application stays with that application (it is part of
the applicant's file, and the hire's), and the bonuses stay: payroll owes or paid them, and
accounting records must be kept. Both point at the account, which the administrators manage.
"""

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from vivier.community.referrals.models import (
    Referral,
    ReferralBonus,
    ReferralLink,
    ReferrerSettings,
)
from vivier.privacy.personal_data import Excerpt, accounts_of

OFFER = _("offer")
REFERRAL_FIELDS = ("kind", "name", "reason", "created_at", "applied_at")
BONUS_FIELDS = ("amount", "starts_on", "due_on", "paid_at", "created_at")


def referrer_records(email: str) -> list:
    items: list = []
    for user in accounts_of(email):
        items += list(ReferrerSettings.objects.filter(user=user))
        links = ReferralLink.objects.filter(referrer=user).select_related("offer", "link")
        items += [
            Excerpt(
                link,
                fields=("created_at",),
                extra={
                    "offer": (OFFER, link.offer.title),
                    "link": (_("link"), f"/r/{link.link.code}"),
                },
            )
            for link in links.order_by("pk")
        ]
        referrals = Referral.objects.filter(referrer=user).select_related(
            "offer", "application__stage"
        )
        items += [
            Excerpt(
                referral,
                fields=REFERRAL_FIELDS,
                extra={
                    "offer": (OFFER, referral.offer.title),
                    "status": (_("status"), str(referral.status_label)),
                },
            )
            for referral in referrals.order_by("pk")
        ]
        bonuses = ReferralBonus.objects.filter(referrer=user).select_related("application__offer")
        items += [
            Excerpt(
                bonus, fields=BONUS_FIELDS, extra={"offer": (OFFER, bonus.application.offer.title)}
            )
            for bonus in bonuses.order_by("pk")
        ]
    return items


@transaction.atomic
def erase_referrer(*, email: str, by=None) -> None:
    from vivier.privacy import audit
    from vivier.privacy.models import AuditAction

    for user in accounts_of(email):
        unfollowed = Referral.objects.filter(referrer=user, application__isnull=True)
        unfollowed.delete()
        ReferralLink.objects.filter(referrer=user).delete()
        ReferrerSettings.objects.filter(user=user).delete()
        audit.record(
            actor=by, action=AuditAction.ERASE, obj=user, person=f"user:{user.pk}",
            detail="RGPD art. 17: referrals made",
        )  # fmt: skip
