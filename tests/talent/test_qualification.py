"""Qualifying a pool profile: tags, rating, notes, shortlists, invitations, claim checks."""

import pytest
from django.urls import reverse

from vivier.talent import services
from vivier.talent.models import ClaimCheck, LegalBasis, ShortlistEntry, SourceKind

pytestmark = pytest.mark.django_db


@pytest.fixture
def profile(bob):
    return services.create_profile(
        fields={"first_name": "Lou", "last_name": "Exemple", "email": "lou@example.test"},
        source_kind=SourceKind.MANUAL, legal_basis=LegalBasis.LEGITIMATE_INTEREST, by=bob,
    )  # fmt: skip


def url(name, profile, **kwargs):
    return reverse(f"talent:{name}", kwargs={"pk": profile.pk, **kwargs})


def test_tags_and_rating(client, bob, profile):
    client.force_login(bob)
    client.post(url("qualify", profile), {"tags": "python, Bretagne , python", "rating": "4"})
    profile.refresh_from_db()
    assert (profile.tags, profile.rating) == (["Bretagne", "python"], 4)
    client.post(url("qualify", profile), {"tags": "", "rating": "9"})
    profile.refresh_from_db()
    assert profile.rating == 4  # refused: out of range


def test_a_shortlisted_person_is_invited_to_apply_once(
    client, bob, profile, offer, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(bob)
    client.post(url("shortlist", profile), {"offer": offer.pk})
    client.post(url("shortlist", profile), {"offer": offer.pk})
    entry = ShortlistEntry.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url("invite", profile, entry_id=entry.pk))
    entry.refresh_from_db()
    assert entry.invited_at is not None
    (message,) = mailoutbox
    assert message.to == ["lou@example.test"] and offer.get_absolute_url() in message.body


def test_a_claim_check_records_what_was_checked_and_by_whom(client, bob, profile):
    client.force_login(bob)
    client.post(
        url("claim", profile),
        {"kind": "diploma", "claim": "Master Informatique, Université Exemple",
         "evidence": "Copie du diplôme vue en entretien", "outcome": "confirmed"},
    )  # fmt: skip
    check = ClaimCheck.objects.get()
    assert (check.checked_by, check.outcome) == (bob, "confirmed")
    page = client.get(url("detail", profile)).content.decode()
    assert "Master Informatique, Université Exemple" in page


def test_notes(client, bob, profile):
    client.force_login(bob)
    client.post(url("note", profile), {"body": "Rencontrée au salon de Rennes."})
    assert profile.notes.get().author == bob


def test_a_hiring_manager_cannot_qualify(client, hana, profile):
    client.force_login(hana)
    assert client.post(url("note", profile), {"body": "x"}).status_code == 404
    assert profile.notes.count() == 0
