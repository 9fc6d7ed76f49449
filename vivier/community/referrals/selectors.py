"""Reads: what a referrer sees, the leaderboard, the payroll export, what partners brought."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from vivier.community.referrals.models import (
    PartnerChannel,
    Referral,
    ReferralBonus,
    ReferralStatus,
    ReferrerSettings,
)
from vivier.hiring.models import PROGRESS, Application, StageKind

PERIODS = {
    "month": _("This month"),
    "quarter": _("This quarter"),
    "year": _("This year"),
    "all": _("All time"),
}


def my_referrals(user):
    """A referrer's referrals, with only what decides their status (never a stage's name)."""
    return (
        Referral.objects.filter(referrer=user)
        .select_related("offer", "application__stage")
        .only(
            "kind",
            "name",
            "created_at",
            "applied_at",
            "offer__title",
            "offer__slug",
            "application__hired_at",
            "application__stage__kind",
        )
    )


def period_bounds(period: str, today: dt.date | None = None) -> tuple[dt.date | None, dt.date]:
    """(first day, last day) of the period holding today; None for all time."""
    today = today or timezone.localdate()
    if period == "month":
        return today.replace(day=1), today
    if period == "quarter":
        return today.replace(month=(today.month - 1) // 3 * 3 + 1, day=1), today
    if period == "year":
        return today.replace(month=1, day=1), today
    return None, today


@dataclass
class LeaderboardLine:
    rank: int
    name: str  # empty for members who keep their name off the board
    referrals: int
    hires: int
    is_me: bool


@dataclass
class Leaderboard:
    named: list[LeaderboardLine]
    anonymous_members: int
    anonymous_referrals: int
    anonymous_hires: int


def leaderboard(*, period: str, viewer=None, today: dt.date | None = None) -> Leaderboard:
    """Referrals (applications brought) and hires per referrer in the period, most first.

    Members who chose to appear are named; the others count in one anonymous line.
    """
    start, end = period_bounds(period, today)
    applied = Q(applied_at__isnull=False)
    hired = Q(application__hired_at__isnull=False)
    if start is not None:
        start_at = timezone.make_aware(dt.datetime.combine(start, dt.time.min))
        applied &= Q(applied_at__gte=start_at)
        hired &= Q(application__hired_at__gte=start_at)
    rows = (
        Referral.objects.filter(applied | hired)
        .values("referrer_id", "referrer__first_name", "referrer__last_name", "referrer__email")
        .annotate(referrals=Count("pk", filter=applied), hires=Count("pk", filter=hired))
        .order_by("-hires", "-referrals", "referrer_id")
    )
    shown = set(
        ReferrerSettings.objects.filter(show_on_leaderboard=True).values_list("user_id", flat=True)
    )
    board = Leaderboard(named=[], anonymous_members=0, anonymous_referrals=0, anonymous_hires=0)
    for rank, row in enumerate(rows, start=1):
        if row["referrer_id"] in shown:
            name = f"{row['referrer__first_name']} {row['referrer__last_name']}".strip()
            board.named.append(
                LeaderboardLine(
                    rank=rank,
                    name=name or row["referrer__email"].split("@")[0],
                    referrals=row["referrals"],
                    hires=row["hires"],
                    is_me=viewer is not None and viewer.pk == row["referrer_id"],
                )
            )
        else:
            board.anonymous_members += 1
            board.anonymous_referrals += row["referrals"]
            board.anonymous_hires += row["hires"]
    return board


def with_status(status: str) -> Q:
    """The referrals in a status, as a filter (the same rule as models.status_of)."""
    hired = Q(application__hired_at__isnull=False) | Q(application__stage__kind=StageKind.HIRED)
    steps = [kind for kind in PROGRESS if kind not in (StageKind.NEW, StageKind.HIRED)]
    return {
        ReferralStatus.INVITED: Q(application__isnull=True),
        ReferralStatus.HIRED: hired,
        ReferralStatus.APPLIED: Q(application__stage__kind=StageKind.NEW) & ~hired,
        ReferralStatus.IN_PROCESS: Q(application__stage__kind__in=steps) & ~hired,
        ReferralStatus.CLOSED: Q(application__isnull=False)
        & ~Q(application__stage__kind__in=PROGRESS)
        & ~hired,
    }[status]


def all_referrals():
    """For the recruiting team: every referral with its offer, referrer and application."""
    return Referral.objects.select_related(
        "offer", "referrer", "application__stage", "application__candidate"
    )


def payroll(*, unpaid_only: bool = False):
    bonuses = ReferralBonus.objects.select_related(
        "referrer", "application__candidate", "application__offer", "paid_by"
    )
    if unpaid_only:
        bonuses = bonuses.filter(paid_at__isnull=True)
    return bonuses


def payroll_rows(bonuses) -> list[list]:
    return [
        [
            bonus.referrer.get_full_name(),
            bonus.referrer.email,
            bonus.application.candidate.full_name,
            bonus.application.offer.title,
            bonus.application.offer.reference or "",
            timezone.localdate(bonus.application.hired_at).isoformat()
            if bonus.application.hired_at
            else "",
            bonus.starts_on.isoformat(),
            bonus.due_on.isoformat(),
            f"{bonus.amount:.2f}",
            timezone.localtime(bonus.paid_at).date().isoformat() if bonus.paid_at else "",
        ]
        for bonus in bonuses
    ]


def partner_applications(organisation):
    """Applications whose last touch was one of the organisation's links (shares, members')."""
    channel_id = (
        PartnerChannel.objects.filter(organisation=organisation)
        .values_list("channel_id", flat=True)
        .first()
    )
    if channel_id is None:
        return Application.objects.none()
    return Application.objects.filter(last_touch__channel_id=channel_id).select_related(
        "offer", "candidate", "stage"
    )


def partner_counts(organisations) -> dict[int, dict]:
    """Shares and applications per organisation id, in two queries."""
    channels = dict(
        PartnerChannel.objects.filter(organisation__in=organisations).values_list(
            "channel_id", "organisation_id"
        )
    )
    applications = (
        Application.objects.filter(last_touch__channel_id__in=channels)
        .values("last_touch__channel_id")
        .annotate(count=Count("pk"), hires=Count("pk", filter=Q(hired_at__isnull=False)))
    )
    counts: dict[int, dict] = {}
    for row in applications:
        counts[channels[row["last_touch__channel_id"]]] = {
            "applications": row["count"],
            "hires": row["hires"],
        }
    return counts


STATUS_ORDER = [
    ReferralStatus.INVITED,
    ReferralStatus.APPLIED,
    ReferralStatus.IN_PROCESS,
    ReferralStatus.HIRED,
    ReferralStatus.CLOSED,
]
