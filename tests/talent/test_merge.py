"""Merging two profiles of the same person after a side-by-side review."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import ApplicationFactory, CandidateFactory, JobOfferFactory
from vivier.privacy import audit
from vivier.privacy.models import AuditAction, AuditEntry
from vivier.talent import duplicates, merging, search, services
from vivier.talent.models import (
    ClaimCheck,
    DuplicatePair,
    DuplicateStatus,
    Experience,
    LegalBasis,
    MergedApplicant,
    Profile,
    ProfileMerge,
    ProfileSkill,
    ShortlistEntry,
    Source,
    SourceKind,
)

pytestmark = pytest.mark.django_db


def person(first, last, *, kind=SourceKind.MANUAL, **fields) -> Profile:
    return services.create_profile(
        fields={"first_name": first, "last_name": last, **fields},
        source_kind=kind, legal_basis=LegalBasis.LEGITIMATE_INTEREST,
    )  # fmt: skip


@pytest.fixture
def pair_of_profiles(bob):
    """Two profiles of Hélène Lefèvre, each with items, qualification and an application."""
    first = person("Hélène", "Lefèvre", city="Orléans", email="helene@example.test",
                   phone="06 11 22 33 44", headline="Comptable")  # fmt: skip
    second = person("HELENE", "lefevre", kind=SourceKind.CV, city="Orléans",
                    email="h.lefevre@other.test",
                    summary="Dix ans de comptabilité publique.")  # fmt: skip
    for profile, organisation, skill in ((first, "Mairie Exemple", "Excel"),
                                         (second, "Région Exemple", "Comptabilité")):  # fmt: skip
        source = profile.sources.get()
        Experience.objects.create(profile=profile, source=source, title="Comptable",
                                  organisation=organisation)  # fmt: skip
        ProfileSkill.objects.create(profile=profile, source=source, label=skill)
        profile.notes.create(author=bob, body=f"Note sur {organisation}")
        ClaimCheck.objects.create(
            profile=profile, kind="position", claim=organisation, evidence="appel",
            outcome="confirmed", checked_by=bob,
        )  # fmt: skip
        search.index_profile(profile)
    services.add_link(profile=second, url="https://www.linkedin.com/in/helene-lefevre", by=bob)
    services.qualify(profile=first, tags=["salon"], rating=3)
    services.qualify(profile=second, tags=["compta", "salon"], rating=5)
    shared, only_second = JobOfferFactory(), JobOfferFactory()
    services.shortlist(profile=first, offer=shared)
    entry = services.shortlist(profile=second, offer=shared)
    entry.invited_at = timezone.now()
    entry.save()
    services.shortlist(profile=second, offer=only_second)
    for profile in (first, second):
        candidate = CandidateFactory(email=profile.email)
        ApplicationFactory(candidate=candidate)
        profile.candidate = candidate
        profile.save(update_fields=["candidate"])
    (pair,) = duplicates.flag_possible_duplicates(profile=second)
    return pair


def review_url(pair):
    return reverse("talent:duplicate", kwargs={"pk": pair.pk})


def test_the_review_shows_both_profiles_and_asks_only_where_they_differ(
    client, bob, pair_of_profiles
):
    client.force_login(bob)
    page = client.get(review_url(pair_of_profiles))
    form = page.context["form"]
    assert set(form.fields) == {"first_name", "last_name", "email", "rating"}
    rows = {str(row["label"]): row for row in page.context["rows"]}
    assert [cell["value"] for cell in rows["ville"]["cells"]] == ["Orléans", "Orléans"]
    assert rows["ville"]["cells"][0]["radio"] is None
    email = rows["adresse e-mail"]["cells"]
    assert [cell["source"].kind for cell in email] == [SourceKind.MANUAL, SourceKind.CV]
    viewed = AuditEntry.objects.filter(action=AuditAction.VIEW, actor=bob)
    assert {entry.person for entry in viewed} == {
        audit.person_key(pair_of_profiles.first),
        audit.person_key(pair_of_profiles.second),
    }  # both people's data was read
    content = page.content.decode()
    assert "même ville (Orléans)" in content
    assert "Mairie Exemple" in content and "Région Exemple" in content
    assert "Saisi par un recruteur" in content and "Dépôt de CV" in content


def test_merging_moves_everything_to_the_kept_profile_and_keeps_both_provenances(
    client, bob, pair_of_profiles
):
    first, second = pair_of_profiles.first, pair_of_profiles.second
    second_sources = set(second.sources.values_list("pk", flat=True))
    second_email_source = second.field_sources.get(field="email").source
    second_candidate = second.candidate
    second_person, first_person = audit.person_key(second), audit.person_key(first)
    client.force_login(bob)
    data = {"first_name": "kept", "last_name": "kept", "email": "merged", "rating": "merged"}
    response = client.post(review_url(pair_of_profiles), data)
    assert response["Location"] == reverse("talent:detail", kwargs={"pk": first.pk})
    assert not Profile.objects.filter(pk=second.pk).exists()
    kept = Profile.objects.get()
    assert (kept.first_name, kept.last_name, kept.email, kept.rating) == (
        "Hélène", "Lefèvre", "h.lefevre@other.test", 5
    )  # fmt: skip
    assert kept.summary == "Dix ans de comptabilité publique."  # the first had none
    assert kept.phone == "06 11 22 33 44" and kept.tags == ["compta", "salon"]
    # Provenance: every source of both, and each field points at where its value came from.
    assert second_sources <= set(kept.sources.values_list("pk", flat=True))
    assert kept.sources.count() == 3  # one per profile and the link's own: none lost
    fields = {item.field: item.source for item in kept.field_sources.all()}
    assert fields["email"] == second_email_source
    assert fields["phone"].kind == SourceKind.MANUAL and fields["summary"].kind == SourceKind.CV
    assert {(e.organisation, e.source.kind) for e in kept.experiences.all()} == {
        ("Mairie Exemple", SourceKind.MANUAL), ("Région Exemple", SourceKind.CV)
    }  # fmt: skip
    assert sorted(kept.skills.values_list("label", flat=True)) == ["Comptabilité", "Excel"]
    assert kept.links.get().url == "https://www.linkedin.com/in/helene-lefevre"
    assert kept.notes.count() == 2 and kept.claim_checks.count() == 2
    entries = ShortlistEntry.objects.filter(profile=kept)
    assert entries.count() == 2  # one per offer
    assert entries.filter(invited_at__isnull=False).count() == 1  # the invitation is not lost
    assert kept.candidate is not None
    assert MergedApplicant.objects.get(profile=kept).candidate == second_candidate
    assert kept.applications().count() == 2
    assert not Source.objects.exclude(profile=kept).exists()
    # The merge itself is recorded.
    merge = ProfileMerge.objects.get()
    assert (merge.profile, merge.by, merge.merged_profile_id) == (kept, bob, second.pk)
    assert merge.fields["email"] == {"from": "merged", "set_aside": "helene@example.test"}
    assert merge.fields["first_name"] == {"from": "kept", "set_aside": "HELENE"}
    assert merge.moved["experience"] == 1 and merge.moved["source"] == 2
    assert not DuplicatePair.objects.exists()
    changes = AuditEntry.objects.filter(action=AuditAction.CHANGE, actor=bob)
    assert {(e.person, e.object_id) for e in changes} >= {
        (first_person, str(kept.pk)),
        (second_person, str(kept.pk)),
    }  # each person's log says where their data went, after their profile is gone
    assert search.search_ids("comptabilité") == [kept.pk]  # the kept profile's text is whole
    page = client.get(response["Location"]).content.decode()
    assert "Fusionné avec le profil de HELENE lefevre" in page
    assert "h.lefevre@other.test" in page and "Région Exemple" in page


def test_an_applicant_of_a_merged_profile_who_applies_again_finds_the_kept_one(
    client, bob, pair_of_profiles
):
    first, second = pair_of_profiles.first, pair_of_profiles.second
    candidate = second.candidate
    merging.merge_profiles(kept=first, other=second, choices={}, by=bob)
    candidate.talent_pool_consent_at = timezone.now()
    candidate.save()
    assert services.profile_for_applicant(candidate=candidate) == first
    assert Profile.objects.count() == 1


def test_the_duty_to_inform_follows_the_merged_data():
    first = person("Lou", "Exemple", city="Brest")
    first.must_be_informed_by, first.informed_at = dt.date(2026, 1, 5), timezone.now()
    first.save()
    second = person("Lou", "Exemple", city="Brest")
    second.must_be_informed_by = dt.date(2026, 2, 1)
    second.save()
    merging.merge_profiles(kept=first, other=second, choices={}, by=None)
    first.refresh_from_db()
    assert (first.must_be_informed_by, first.informed_at) == (dt.date(2026, 2, 1), None)


def test_pairs_of_the_merged_profile_move_and_a_not_the_same_decision_stands(bob):
    first, second, third, fourth = (person("Lou", "Exemple", city="Brest") for _ in range(4))
    for profile in (second, third, fourth):
        duplicates.flag_possible_duplicates(profile=profile)
    assert DuplicatePair.objects.count() == 6
    ruled_out = DuplicatePair.objects.get(first=second, second=third)
    merging.mark_not_the_same(pair=ruled_out, by=bob)
    merging.merge_profiles(kept=first, other=second, choices={}, by=bob)
    pairs = {(p.first_id, p.second_id): p.status for p in DuplicatePair.objects.all()}
    assert pairs == {
        (first.pk, third.pk): DuplicateStatus.NOT_SAME,
        (first.pk, fourth.pk): DuplicateStatus.PENDING,
        (third.pk, fourth.pk): DuplicateStatus.PENDING,
    }


def test_not_the_same_person_is_never_proposed_again(client, bob, pair_of_profiles):
    client.force_login(bob)
    url = reverse("talent:not_same", kwargs={"pk": pair_of_profiles.pk})
    response = client.post(url)
    assert response["Location"] == reverse("talent:duplicates")
    pair_of_profiles.refresh_from_db()
    assert pair_of_profiles.status == DuplicateStatus.NOT_SAME
    assert pair_of_profiles.decided_by == bob and Profile.objects.count() == 2
    assert duplicates.flag_possible_duplicates(profile=pair_of_profiles.second) == []
    assert duplicates.pending_count() == 0
    page = client.get(review_url(pair_of_profiles), follow=True)
    assert "déjà été examinés" in page.content.decode()


def test_a_pair_merged_meanwhile_gets_a_message_not_an_error(client, bob, pair_of_profiles):
    client.force_login(bob)
    client.post(review_url(pair_of_profiles), {"first_name": "kept", "last_name": "kept",
                                               "email": "kept", "rating": "kept"})  # fmt: skip
    response = client.post(review_url(pair_of_profiles), {"email": "merged"}, follow=True)
    assert response.status_code == 200
    assert "déjà été examinés" in response.content.decode()
    assert ProfileMerge.objects.count() == 1


def test_a_merge_without_every_choice_is_refused_and_nothing_moves(client, bob, pair_of_profiles):
    client.force_login(bob)
    page = client.post(review_url(pair_of_profiles), {"email": "merged"})
    assert page.status_code == 200 and page.context["form"].errors
    assert Profile.objects.count() == 2 and not ProfileMerge.objects.exists()


@pytest.mark.parametrize("persona", ["hana", "hugo", "carla"])
def test_only_recruiters_merge_or_rule_out(client, request, pair_of_profiles, persona):
    client.force_login(request.getfixturevalue(persona))
    data = {"first_name": "kept", "last_name": "kept", "email": "merged", "rating": "merged"}
    assert client.post(review_url(pair_of_profiles), data).status_code == 404
    url = reverse("talent:not_same", kwargs={"pk": pair_of_profiles.pk})
    assert client.post(url).status_code == 404
    pair_of_profiles.refresh_from_db()
    assert pair_of_profiles.status == DuplicateStatus.PENDING
    assert Profile.objects.count() == 2 and not ProfileMerge.objects.exists()
