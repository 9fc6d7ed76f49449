"""Hubs and referrals through the API: read only, scopes read:hubs and read:referrals."""

from decimal import Decimal

import pytest

from tests.factories import ApplicationFactory, JobOfferFactory
from vivier.api.models import Scope
from vivier.api.services import create_token
from vivier.community.hubs.models import Hub, Membership
from vivier.community.referrals import services
from vivier.community.referrals.models import ReferralBonus, ReferralKind
from vivier.hiring.models import Application

pytestmark = pytest.mark.django_db


def auth(token):
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


def token_for(user, *scopes):
    return create_token(user=user, name="SIRH", scopes=list(scopes))[1]


@pytest.fixture
def hub(carla, alex):
    hub = Hub.objects.create(name="Anciens", slug="anciens", kind=Hub.Kind.ALUMNI)
    Membership.objects.create(hub=hub, user=carla, role=Membership.Role.MODERATOR)
    Membership.objects.create(hub=hub, user=alex)
    return hub


@pytest.fixture
def referrals(offer, carla, alex):
    invited = services.refer_directly(
        referrer=carla, offer=offer, name="Sam Durand", email="sam@example.test", reason="Top"
    )
    hired_application = ApplicationFactory(offer=offer)
    Application.objects.filter(pk=hired_application.pk).update(hired_at="2026-11-02T09:00Z")
    hired = services.Referral.objects.create(
        referrer=alex,
        offer=offer,
        kind=ReferralKind.LINK,
        application=hired_application,
        applied_at=hired_application.submitted_at,
    )
    ReferralBonus.objects.create(
        application=hired_application,
        referrer=alex,
        amount=Decimal("300.00"),
        starts_on="2026-11-02",
        due_on="2027-01-31",
    )
    return invited, hired


def test_hubs_are_read_with_their_members_and_moderators(client, bob, hub, carla):
    token = token_for(bob, Scope.READ_HUBS)
    page = client.get("/api/v1/hubs/", **auth(token)).json()
    assert [item["slug"] for item in page["items"]] == ["anciens"]
    item = page["items"][0]
    assert (item["kind"], item["members"], item["moderators"]) == ("alumni", 2, [carla.pk])
    one = client.get(f"/api/v1/hubs/{hub.pk}", **auth(token))
    assert one.status_code == 200 and one.json()["name"] == "Anciens"
    assert client.get("/api/v1/hubs/", {"kind": "internal"}, **auth(token)).json()["items"] == []
    assert client.get("/api/v1/hubs/999999", **auth(token)).status_code == 404


def test_referrals_are_read_with_status_and_bonus_but_no_personal_data(
    client, bob, referrals, alex
):
    invited, hired = referrals
    token = token_for(bob, Scope.READ_REFERRALS)
    response = client.get("/api/v1/referrals/", **auth(token))
    assert response.status_code == 200
    items = response.json()["items"]
    assert [item["id"] for item in items] == [hired.pk, invited.pk]
    assert items[0]["status"] == "hired" and items[0]["referrer"] == alex.pk
    assert items[0]["bonus"] == {
        "amount": "300.00",
        "starts_on": "2026-11-02",
        "due_on": "2027-01-31",
        "paid_at": None,
    }
    assert items[1]["status"] == "invited" and items[1]["application"] is None
    assert "Sam" not in response.content.decode() and "sam@" not in response.content.decode()
    only = client.get("/api/v1/referrals/", {"status": "invited"}, **auth(token)).json()
    assert [item["id"] for item in only["items"]] == [invited.pk]
    assert client.get(f"/api/v1/referrals/{hired.pk}", **auth(token)).json()["kind"] == "link"


def test_referrals_page_with_a_cursor(client, bob, referrals):
    invited, hired = referrals
    token = token_for(bob, Scope.READ_REFERRALS)
    first = client.get("/api/v1/referrals/", {"limit": 1}, **auth(token)).json()
    assert [item["id"] for item in first["items"]] == [hired.pk]
    second = client.get(
        "/api/v1/referrals/", {"limit": 1, "cursor": first["next_cursor"]}, **auth(token)
    ).json()
    assert [item["id"] for item in second["items"]] == [invited.pk]
    assert second["next_cursor"] is None
    bad = client.get("/api/v1/referrals/", {"cursor": "!!"}, **auth(token))
    assert bad.status_code == 400


def test_each_resource_needs_its_scope(client, bob, hub, referrals):
    hubs_only = token_for(bob, Scope.READ_HUBS)
    referrals_only = token_for(bob, Scope.READ_REFERRALS)
    assert client.get("/api/v1/referrals/", **auth(hubs_only)).status_code == 403
    assert client.get("/api/v1/hubs/", **auth(referrals_only)).status_code == 403
    assert client.get("/api/v1/hubs/").status_code == 401


def test_a_hiring_managers_or_a_members_token_reads_no_referral(client, hana, carla, referrals):
    for user in (hana, carla):
        token = token_for(user, Scope.READ_REFERRALS, Scope.READ_HUBS)
        assert client.get("/api/v1/referrals/", **auth(token)).status_code == 403
        assert client.get("/api/v1/hubs/", **auth(token)).status_code == 403


def test_the_communitys_channels_cannot_be_published_to(client, bob, carla):
    offer = JobOfferFactory(published=True)
    channel = services.personal_link(referrer=carla, offer=offer).link.channel
    token = token_for(bob, Scope.WRITE_PUBLICATIONS)
    response = client.post(
        "/api/v1/publications/",
        {"offer": offer.pk, "channels": [channel.pk]},
        content_type="application/json",
        **auth(token),
    )
    assert response.status_code == 422
