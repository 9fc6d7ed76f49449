"""How referrers are told of their referrals' progress, through vivier.notifications.

A referrer learns what "My referrals" shows them, when it changes: that the person applied, is
in process, was hired. Never a stage's name, a note or the person's name (someone who came
through the link is not named to them either): the notification names the offer only. A process
that ends otherwise is not notified.
"""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from vivier.community.referrals.models import Referral, ReferralStatus, status_of
from vivier.hiring.models import PROGRESS, StageKind
from vivier.notifications.registry import EmailChoice, Verb, register_area, register_verb
from vivier.notifications.services import notify

PROGRESSED = "referrals.progress"
TOLD = {ReferralStatus.APPLIED, ReferralStatus.IN_PROCESS, ReferralStatus.HIRED}


def _refers(user) -> bool:
    from vivier.community.referrals.services import REFERRER_ROLES

    return user.role in REFERRER_ROLES


def register() -> None:
    register_area("referrals", _("Referrals"), order=30)
    register_verb(
        Verb(
            code=PROGRESSED,
            area="referrals",
            label=_("Progress of my referrals"),
            help_text=_("Someone you referred applies, goes further in the process, or is hired."),
            sentences={
                ReferralStatus.APPLIED: _("A person you referred has applied"),
                ReferralStatus.IN_PROCESS: _("A person you referred is in process"),
                ReferralStatus.HIRED: _("A person you referred was hired"),
            },
            audience=_refers,
            email=EmailChoice.IMMEDIATELY,
        )  # fmt: skip
    )


def tell_referrer(referral: Referral, status: str) -> None:
    if status not in TOLD:
        return
    notify(
        referral.referrer, PROGRESSED, target=referral, text=referral.offer.title,
        target_url=reverse("referrals:mine"), variant=status,
    )  # fmt: skip


def _status_before(application, previous) -> str:
    """The referral's status before this move (models.status_of, for the previous stage)."""
    hired_before = application.hired_at and application.hired_at < application.stage_changed_at
    if hired_before or (previous is not None and previous.kind == StageKind.HIRED):
        return ReferralStatus.HIRED
    if previous is None or previous.kind == StageKind.NEW:
        return ReferralStatus.APPLIED
    if previous.kind in PROGRESS:
        return ReferralStatus.IN_PROCESS
    return ReferralStatus.CLOSED


def application_moved(application, previous) -> None:
    """hiring's APPLICATION_MOVED_HOOKS: the referrer is told when the status they see changes
    to in process or hired (not for each stage within the process)."""
    referral = (
        Referral.objects.select_related("referrer", "offer").filter(application=application).first()
    )
    if referral is None:
        return
    status = status_of(application)
    if status != _status_before(application, previous):
        tell_referrer(referral, status)
