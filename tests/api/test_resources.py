"""Channels, publications, campaigns, analytics and exports through the API."""

import csv
import datetime as dt
import io

import pytest
from django.utils import timezone

from tests.factories import JobOfferFactory, make_channel, pdf_upload
from vivier.analytics.counting import rebuild_all
from vivier.api.models import Scope, WebhookDelivery, WebhookEndpoint
from vivier.api.services import create_token
from vivier.campaigns.models import Campaign, CampaignChannel
from vivier.distribution.models import ChannelKind, Publication, PublicationStatus
from vivier.hiring.models import PipelineStage, StageKind
from vivier.hiring.services import ApplicantDetails, move_application, submit_application
from vivier.privacy.models import AuditAction, AuditEntry

pytestmark = pytest.mark.django_db

EVERYTHING = [Scope(value) for value in Scope.values]


def auth(token):
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


@pytest.fixture
def token(bob):
    return create_token(user=bob, name="BI", scopes=EVERYTHING)[1]


def test_channels_are_listed_without_their_credentials(client, employer, token):
    make_channel(ChannelKind.MASTODON, name="Mastodon régional")
    response = client.get("/api/v1/channels/", **auth(token))
    assert response.status_code == 200
    (channel,) = response.json()
    assert channel["name"] == "Mastodon régional"
    assert "credentials" not in str(response.json()) and "access_token" not in str(response.json())


def test_a_hiring_manager_reaches_neither_channels_nor_reports(client, offer, hana):
    token = create_token(user=hana, name="x", scopes=EVERYTHING)[1]
    for url in ("/api/v1/channels/", "/api/v1/campaigns/", "/api/v1/analytics/channels"):
        assert client.get(url, **auth(token)).status_code == 403, url


def test_an_offer_is_spread_on_channels_through_the_api(client, offer, token, sandbox):
    channel = make_channel(ChannelKind.MASTODON)
    response = client.post(
        "/api/v1/publications/", {"offer": offer.pk, "channels": [channel.pk]},
        content_type="application/json", **auth(token),
    )  # fmt: skip
    assert response.status_code == 202, response.content
    (publication,) = response.json()
    assert publication["tracked_link"].startswith("http") and "/r/" in publication["tracked_link"]
    assert Publication.objects.get().channel == channel
    listed = client.get("/api/v1/publications/", {"offer": offer.pk}, **auth(token)).json()
    assert [item["id"] for item in listed] == [publication["id"]]


def test_spreading_refuses_unknown_channels_and_unpublished_offers(client, employer, token):
    channel = make_channel(ChannelKind.MASTODON)
    draft = JobOfferFactory()
    response = client.post(
        "/api/v1/publications/", {"offer": draft.pk, "channels": [channel.pk]},
        content_type="application/json", **auth(token),
    )  # fmt: skip
    assert response.status_code == 409
    published = JobOfferFactory(published=True)
    response = client.post(
        "/api/v1/publications/", {"offer": published.pk, "channels": [channel.pk, 999999]},
        content_type="application/json", **auth(token),
    )  # fmt: skip
    assert response.status_code == 422
    assert not Publication.objects.exists()


def test_a_failed_publication_is_an_event(employer, bob, django_capture_on_commit_callbacks):
    from vivier.distribution.services import _mark_failed

    WebhookEndpoint.objects.create(
        owner=bob, url="http://127.0.0.1:9/", secret="s", events=["publication.failed"]
    )
    offer = JobOfferFactory(published=True)
    channel = make_channel(ChannelKind.MASTODON)
    from vivier.distribution.services import draft_for, publish_channels

    (publication,) = publish_channels(
        drafts=[draft_for(channel=channel, offer=offer)], offer=offer, by=bob
    )
    _mark_failed(publication, "403: the token was revoked")
    delivery = WebhookDelivery.objects.get(event="publication.failed")
    assert delivery.payload["publication"] == publication.pk
    assert delivery.payload["error"] == "403: the token was revoked"
    assert Publication.objects.get().status == PublicationStatus.FAILED


def test_campaigns_are_read_with_their_budget(client, employer, token):
    channel = make_channel(ChannelKind.FACEBOOK)
    campaign = Campaign.objects.create(
        name="Mission Jeunes Diplômés", slug="jeunes", objective="Recruter 30 jeunes diplômés",
        career_stages=["young_graduate"], starts_on=dt.date(2026, 3, 1),
        ends_on=dt.date(2026, 4, 30), landing_title="Rejoignez-nous",
    )  # fmt: skip
    CampaignChannel.objects.create(campaign=campaign, channel=channel, budget=1500)
    listed = client.get("/api/v1/campaigns/", **auth(token)).json()
    assert [item["name"] for item in listed] == ["Mission Jeunes Diplômés"]
    one = client.get(f"/api/v1/campaigns/{campaign.pk}", **auth(token)).json()
    assert one["budget"] == 1500.0 and one["landing_url"].endswith("/campagnes/jeunes/")
    assert client.get("/api/v1/campaigns/999999", **auth(token)).status_code == 404


def hire_through(offer, email):
    application, _created = submit_application(
        offer=offer,
        details=ApplicantDetails(first_name="Lou", last_name="Exemple", email=email),
        cv=pdf_upload(),
    )
    for kind in (StageKind.INTERVIEW, StageKind.HIRED):
        move_application(application=application, stage=PipelineStage.for_kind(kind), by=None)
    return application


def test_the_funnel_per_channel_is_the_reports_one(client, offer, token):
    hire_through(offer, "one@example.test")
    submit_application(
        offer=offer,
        details=ApplicantDetails(first_name="Sam", last_name="Exemple", email="two@example.test"),
        cv=pdf_upload(),
    )
    rebuild_all()
    today = timezone.localdate()
    response = client.get(
        "/api/v1/analytics/channels", {"start": today.replace(month=1, day=1), "end": today},
        **auth(token),
    )  # fmt: skip
    assert response.status_code == 200
    total = response.json()["total"]
    assert (total["applications"], total["interviewed"], total["hired"]) == (2, 1, 1)
    assert total["hire_rate"] == 0.5
    bad = client.get("/api/v1/analytics/channels", {"start": "2026-05-02", "end": "2026-05-01"},
                     **auth(token))  # fmt: skip
    assert bad.status_code == 422


def test_offers_export_as_hr_open_json_and_csv(client, offer, token):
    data = client.get("/api/v1/exports/offers.json", **auth(token)).json()
    (position,) = data
    assert position["positionProfiles"][0]["positionTitle"] == offer.title
    assert position["documentId"]["value"] == str(offer.pk)
    response = client.get("/api/v1/exports/offers.csv", **auth(token))
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][:3] == ["id", "reference", "title"] and rows[1][2] == offer.title


def test_the_applications_export_is_logged_as_an_export_of_each(client, offer, token, bob):
    application = hire_through(offer, "export@example.test")
    response = client.get("/api/v1/exports/applications.csv", **auth(token))
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[1][5] == "export@example.test"
    entry = AuditEntry.objects.get(action=AuditAction.EXPORT)
    assert entry.actor == bob and entry.object_id == str(application.pk) and entry.via == "api"


def test_the_analytics_export_is_csv(client, offer, token):
    hire_through(offer, "csv@example.test")
    rebuild_all()
    response = client.get("/api/v1/exports/analytics.csv", **auth(token))
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][0] == "channel" and any(row[8] == "1" for row in rows[1:])
