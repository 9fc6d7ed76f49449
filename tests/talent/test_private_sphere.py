"""The private-sphere rule: recruiters may not profile candidates from personal networks."""

import datetime as dt

import pytest
from django.utils import timezone

from vivier.talent import services
from vivier.talent.models import LegalBasis, NetworkKind, Profile, ProfileLink, SourceKind

pytestmark = pytest.mark.django_db


@pytest.fixture
def profile(bob):
    return services.create_profile(
        fields={"first_name": "Lou", "last_name": "Exemple", "email": "lou@example.test"},
        source_kind=SourceKind.MANUAL,
        legal_basis=LegalBasis.LEGITIMATE_INTEREST,
        by=bob,
    )


@pytest.mark.parametrize(
    "url",
    [
        "https://www.facebook.com/lou.exemple",
        "https://m.facebook.com/profile.php?id=1",
        "https://instagram.com/lou",
        "https://www.tiktok.com/@lou",
        "https://copainsdavant.linternaute.com/p/lou",
        "https://x.com/lou",
    ],
)
def test_a_recruiter_cannot_attach_a_personal_network(profile, bob, url):
    with pytest.raises(services.PrivateSphereRefused, match="L1221-6"):
        services.add_link(profile=profile, url=url, by=bob)
    assert ProfileLink.objects.count() == 0
    assert profile.sources.count() == 1  # only the creation: nothing recorded for the refusal


def test_the_candidate_may_give_a_personal_link_themselves(profile):
    link = services.add_link(
        profile=profile, url="https://instagram.com/lou.photos", supplied_by_candidate=True
    )
    assert link.network.kind == NetworkKind.PERSONAL
    assert link.source.supplied_by_candidate and link.source.legal_basis == LegalBasis.CONSENT


@pytest.mark.parametrize(
    "url",
    ["https://fr.linkedin.com/in/lou", "https://github.com/lou", "https://www.malt.fr/profile/lou"],
)
def test_professional_networks_are_allowed(profile, bob, url):
    link = services.add_link(profile=profile, url=url, by=bob)
    assert link.network.kind == NetworkKind.PROFESSIONAL
    assert link.source.by == bob and link.source.url == url


def test_an_unknown_site_is_allowed_and_recorded_as_such(profile, bob):
    link = services.add_link(profile=profile, url="https://portfolio.example.test/lou", by=bob)
    assert link.network is None


def test_a_person_added_by_a_recruiter_must_be_informed_within_a_month(profile):
    assert profile.must_be_informed_by == timezone.localdate() + dt.timedelta(days=30)
    assert {source.field for source in profile.field_sources.all()} == {
        "first_name", "last_name", "email"
    }  # fmt: skip


def test_a_person_who_gave_their_own_data_need_not_be_informed():
    profile = services.create_profile(
        fields={"first_name": "Ana", "last_name": "Test"},
        source_kind=SourceKind.APPLICATION,
        legal_basis=LegalBasis.APPLICATION,
        supplied_by_candidate=True,
    )
    assert profile.must_be_informed_by is None
    assert Profile.objects.get().sources.get().kind == SourceKind.APPLICATION
