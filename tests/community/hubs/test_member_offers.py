"""Members' offers: proposed, moderated, then a regular offer credited to the member."""

import pytest
from django.core import mail
from django.urls import reverse

from vivier.community.hubs import offers
from vivier.community.hubs.models import MemberOffer, ModerationAction
from vivier.community.hubs.services import HubError
from vivier.jobs.models import JobOffer, OfferStatus

pytestmark = pytest.mark.django_db

PROPOSAL = {
    "title": "Technicienne réseaux",
    "contract_type": "cdi",
    "source": "own_team",
    "organisation_name": "Service informatique",
    "city": "Vannes",
    "description": "Maintenir le réseau des lycées.",
    "external_url": "",
}


@pytest.fixture
def proposed(client, hubs, alan):
    client.force_login(alan)
    response = client.post(reverse("hubs:propose_offer", kwargs={"slug": "hub-alumni"}), PROPOSAL)
    assert response.status_code == 302
    return MemberOffer.objects.get()


def test_a_member_proposes_an_offer_which_waits_for_moderation(client, proposed, alan, hubs):
    assert proposed.status == "pending" and proposed.proposed_by == alan
    page = client.get(reverse("hubs:member_offers", kwargs={"slug": "hub-alumni"}))
    assert list(page.context["approved"]) == []
    assert [o.pk for o in page.context["mine"]] == [proposed.pk]
    assert not JobOffer.objects.exists()


def test_approval_as_a_published_offer_credits_the_member(
    client, proposed, bob, alan, employer, django_capture_on_commit_callbacks
):
    client.force_login(bob)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("hubs:staff_review_offer", kwargs={"pk": proposed.pk}),
            {"decision": "publish", "note": "Merci Alan"},
        )
    proposed.refresh_from_db()
    job_offer = proposed.job_offer
    assert response.status_code == 302 and response["Location"] == reverse(
        "jobs:detail", kwargs={"pk": job_offer.pk}
    )
    assert (job_offer.title, job_offer.city, job_offer.contract_type) == (
        "Technicienne réseaux",
        "Vannes",
        "cdi",
    )
    assert job_offer.status == OfferStatus.PUBLISHED and job_offer.reference
    assert job_offer.recruiter == bob
    assert proposed.proposed_by == alan and job_offer.member_offers.get() == proposed
    assert (proposed.status, proposed.outcome, proposed.reviewed_by) == (
        "approved",
        "job_offer",
        bob,
    )
    assert ModerationAction.objects.get().action == "approve_offer"
    assert [m.to for m in mail.outbox] == [[alan.email]]
    # It shows in the hub, linked to the careers page.
    client.force_login(alan)
    page = client.get(reverse("hubs:member_offers", kwargs={"slug": "hub-alumni"}))
    assert job_offer.get_absolute_url() in page.content.decode()


def test_approval_as_a_draft_leaves_it_unpublished(proposed, bob):
    offers.approve_member_offer(member_offer=proposed, by=bob, outcome="job_offer")
    proposed.refresh_from_db()
    assert proposed.job_offer.status == OfferStatus.DRAFT


def test_an_offer_is_reviewed_once(proposed, bob):
    offers.approve_member_offer(member_offer=proposed, by=bob, outcome="job_offer")
    with pytest.raises(HubError):
        offers.approve_member_offer(member_offer=proposed, by=bob, outcome="job_offer")
    assert JobOffer.objects.count() == 1


def test_a_hub_post_needs_an_external_link(client, proposed, bob):
    client.force_login(bob)
    response = client.post(
        reverse("hubs:staff_review_offer", kwargs={"pk": proposed.pk}), {"decision": "hub_post"}
    )
    assert response.status_code == 200 and response.context["form"].non_field_errors()
    proposed.refresh_from_db()
    assert proposed.status == "pending"
    MemberOffer.objects.filter(pk=proposed.pk).update(
        external_url="https://partenaire.example/offre"
    )
    offers.approve_member_offer(member_offer=proposed, by=bob, outcome="hub_post")
    proposed.refresh_from_db()
    assert proposed.outcome == "hub_post" and proposed.job_offer is None
    assert not JobOffer.objects.exists()


def test_a_declined_offer_stays_out_of_the_hub(client, proposed, bob, alan):
    offers.reject_member_offer(member_offer=proposed, by=bob, note="Déjà publiée")
    assert not offers.hub_offers(proposed.hub).exists()
    assert ModerationAction.objects.get().action == "reject_offer"


def test_only_recruiters_review_offers(client, proposed, hana, alan):
    for user in (hana, alan):
        client.force_login(user)
        assert (
            client.get(reverse("hubs:staff_review_offer", kwargs={"pk": proposed.pk})).status_code
            == 404
        )
    with pytest.raises(HubError):
        offers.approve_member_offer(member_offer=proposed, by=alan, outcome="job_offer")


def test_a_proposal_without_description_is_refused_and_kept(client, hubs, alan):
    client.force_login(alan)
    response = client.post(
        reverse("hubs:propose_offer", kwargs={"slug": "hub-alumni"}),
        {**PROPOSAL, "description": ""},
    )
    assert response.status_code == 200
    assert "description" in response.context["form"].errors
    assert "Technicienne réseaux" in response.content.decode()
    assert not MemberOffer.objects.exists()


def test_a_banned_member_cannot_propose(client, hubs, alan, bob):
    from vivier.community.hubs import moderation

    moderation.ban_member(hub=hubs["alumni"], user=alan, by=bob)
    client.force_login(alan)
    assert (
        client.post(
            reverse("hubs:propose_offer", kwargs={"slug": "hub-alumni"}), PROPOSAL
        ).status_code
        == 404
    )
    assert not MemberOffer.objects.exists()
