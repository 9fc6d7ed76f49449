"""How long referrals keep the people they name: a rule of privacy's nightly retention run,
listed in its dry run (vivier/privacy/retention.py; registered from ReferralsConfig.ready())."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from vivier.community.referrals.models import Referral, ReferralKind
from vivier.privacy.retention import RetentionRule, short_date


def unfollowed_referrals(cutoff):
    """Direct referrals that no application followed: they name a person who never chose us."""
    return (
        Referral.objects.filter(
            kind=ReferralKind.DIRECT, application__isnull=True, created_at__lt=cutoff
        )
        .select_related("offer")
        .order_by("pk")
    )


RULES = [
    RetentionRule(
        key="referrals.unfollowed",
        title=gettext_lazy("Direct referrals nobody applied after"),
        # As long as an unsuccessful applicant's data.
        setting="RETENTION_UNSUCCESSFUL_DAYS",
        due=unfollowed_referrals,
        describe=lambda referral: (
            _("Referral #%(id)s to “%(offer)s”, made on %(date)s")
            % {
                "id": referral.pk,
                "offer": referral.offer.title,
                "date": short_date(referral.created_at),
            }
        ),
    ),
]
