"""The referrer's side of referrals in privacy's export and erasure (the referred person's side is
in test_referrals.py)."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from tests.community.referrals.test_referrals import apply
from vivier.community.referrals import services
from vivier.community.referrals.models import (
    Referral,
    ReferralBonus,
    ReferralLink,
    ReferrerSettings,
)
from vivier.distribution.models import TrackedLink
from vivier.privacy.models import AuditAction, AuditEntry
from vivier.privacy.rights import collect, erase_person

pytestmark = pytest.mark.django_db


@pytest.fixture
def referrals(client, offer, carla):
    """Carla referred Sam (who never applied) and Léa (who applied, and was hired: a bonus)."""
    services.set_leaderboard_choice(user=carla, show=True)
    unfollowed = services.refer_directly(
        referrer=carla, offer=offer, name="Sam Durand", email="sam@example.test",
        reason="Sam a monté notre club de voile.",
    )  # fmt: skip
    followed = services.refer_directly(
        referrer=carla, offer=offer, name="Léa Morvan", email="lea@example.test",
        reason="Léa connaît le métier.",
    )  # fmt: skip
    application = apply(type(client)(), offer, email="lea@example.test")
    followed.refresh_from_db()
    assert followed.application == application
    today = timezone.localdate()
    bonus = ReferralBonus.objects.create(
        application=application, referrer=carla, amount=Decimal("500.00"), starts_on=today,
        due_on=today + dt.timedelta(days=90),
    )  # fmt: skip
    return {"unfollowed": unfollowed, "followed": followed, "bonus": bonus}


def test_the_referrer_finds_their_links_referrals_and_bonuses_in_their_export(
    referrals, carla, offer
):
    tables = collect(carla.email)["tables"]
    assert {
        "referrals.referral", "referrals.referrallink", "referrals.referralbonus",
        "referrals.referrersettings",
    } <= set(tables)  # fmt: skip
    rows = {row["name"]["value"]: row for row in tables["referrals.referral"]["rows"]}
    assert set(rows) == {"Sam Durand", "Léa Morvan"}
    assert rows["Sam Durand"]["reason"]["value"] == "Sam a monté notre club de voile."
    assert rows["Sam Durand"]["offer"]["value"] == offer.title
    assert rows["Sam Durand"]["status"]["value"] == "Invité·e, pas encore candidat·e"
    assert rows["Léa Morvan"]["status"]["value"] == "A candidaté"
    # What their page shows them, not the referred person's address nor the application.
    assert all("email" not in row and "application" not in row for row in rows.values())
    (link,) = tables["referrals.referrallink"]["rows"]
    code = ReferralLink.objects.get(referrer=carla).link.code
    assert link["link"]["value"] == f"/r/{code}"
    (bonus,) = tables["referrals.referralbonus"]["rows"]
    assert bonus["amount"]["value"] == "500.00"
    (choice,) = tables["referrals.referrersettings"]["rows"]
    assert choice["show_on_leaderboard"]["value"] is True


def test_the_referrers_erasure_keeps_what_an_application_or_payroll_needs(referrals, carla, alice):
    tracked = ReferralLink.objects.get(referrer=carla).link_id
    erase_person(email=carla.email, by=alice)
    # Their words about someone who never applied go; the referral of an applicant stays.
    assert not Referral.objects.filter(pk=referrals["unfollowed"].pk).exists()
    kept = Referral.objects.get(pk=referrals["followed"].pk)
    assert kept.link is None and kept.application_id is not None
    assert ReferralBonus.objects.filter(pk=referrals["bonus"].pk, referrer=carla).exists()
    # Their links and leaderboard choice go; the tracked link stays for the channel's figures.
    assert not ReferralLink.objects.filter(referrer=carla).exists()
    assert TrackedLink.objects.filter(pk=tracked).exists()
    assert not ReferrerSettings.objects.filter(user=carla).exists()
    entry = AuditEntry.objects.get(action=AuditAction.ERASE, detail="RGPD art. 17: referrals made")
    assert entry.person == f"user:{carla.pk}" and entry.actor == alice


def test_the_referred_persons_erasure_leaves_the_referrers_other_referrals(referrals, carla):
    erase_person(email="sam@example.test", by=None)
    assert not Referral.objects.filter(pk=referrals["unfollowed"].pk).exists()
    assert Referral.objects.filter(pk=referrals["followed"].pk).exists()
    assert ReferralLink.objects.filter(referrer=carla).exists()
