"""The demo's referrals: members with links, applications through them, a hire with its bonus."""

import pytest

from tests.factories import JobOfferFactory
from vivier.community.referrals.demo import load_referrals
from vivier.community.referrals.models import (
    PartnerShare,
    Referral,
    ReferralBonus,
    ReferralKind,
    ReferralStatus,
)

pytestmark = pytest.mark.django_db


def test_the_demo_has_referrals_a_hire_with_its_bonus_and_a_partners_share(employer):
    offers = [JobOfferFactory(published=True) for _ in range(3)]
    load_referrals(password="demo-password", domain="demo.example")
    statuses = sorted(referral.status for referral in Referral.objects.all())
    assert statuses.count(ReferralStatus.HIRED) == 1
    assert ReferralStatus.INVITED in statuses
    assert Referral.objects.filter(kind=ReferralKind.DIRECT).count() == 1
    bonus = ReferralBonus.objects.get()
    assert bonus.amount == 800 and bonus.application.offer == offers[0]
    assert (bonus.due_on - bonus.starts_on).days == 90
    share = PartnerShare.objects.get()
    assert share.offer == offers[-1]
