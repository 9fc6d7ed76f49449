"""Building a campaign with its channel plan in one screen, its landing page and its report."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import make_channel
from vivier.analytics import counting
from vivier.campaigns.models import Campaign
from vivier.distribution.models import (
    ChannelKind,
    Click,
    Publication,
    PublicationStatus,
    TrackedLink,
)
from vivier.hiring.models import Application

pytestmark = pytest.mark.django_db
BROWSER = "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0"


def campaign_data(offer, channels, **overrides):
    today = timezone.localdate()
    data = {
        "name": "Jeunes diplômés 2026",
        "objective": "Recruter 20 jeunes diplômés dans le numérique.",
        "career_stages": ["young_graduate"],
        "field": "numérique",
        "region": "Bretagne",
        "starts_on": today.isoformat(),
        "ends_on": (today + dt.timedelta(days=60)).isoformat(),
        "offers": [offer.pk],
        "hashtags": "jeunesdiplômés",
        "landing_title": "Votre premier poste au service du public",
        "landing_text": "Rejoignez-nous.",
        "is_public": "on",
        "action": "save",
    }
    for channel, budget, at in channels:
        data[f"plan-{channel.pk}-is_used"] = "on"
        data[f"plan-{channel.pk}-budget"] = budget
        if at:
            data[f"plan-{channel.pk}-at"] = at
    data.update(overrides)
    return data


def test_a_campaign_is_built_with_its_plan_in_one_screen(
    client, bob, offer, sandbox, django_capture_on_commit_callbacks
):
    client.force_login(bob)
    facebook = make_channel(ChannelKind.FACEBOOK)
    board = make_channel(ChannelKind.JOB_BOARD, slug="indeed", is_sandbox=False)
    assert client.get(reverse("campaigns:create")).status_code == 200
    now = timezone.localtime().strftime("%Y-%m-%dT%H:%M")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("campaigns:create"),
            campaign_data(offer, [(facebook, "500", now), (board, "200", "")]),
        )
    campaign = Campaign.objects.get()
    assert response.status_code == 302
    assert campaign.career_stages == ["young_graduate"]
    assert list(campaign.offers.all()) == [offer]
    assert {line.channel: line.budget for line in campaign.plan.all()} == {
        facebook: 500, board: 200
    }  # fmt: skip
    publication = Publication.objects.get()
    assert publication.campaign == campaign and publication.offer is None
    assert publication.status == PublicationStatus.PUBLISHED
    post = sandbox.posts("facebook")[0]
    assert publication.link.url in post["message"]
    assert "#jeunesdiplômés" in post["message"]
    detail = client.get(reverse("campaigns:detail", kwargs={"pk": campaign.pk}))
    assert publication.link.url in detail.content.decode()


def test_a_wrong_plan_keeps_everything_typed(client, bob, offer):
    client.force_login(bob)
    facebook = make_channel(ChannelKind.FACEBOOK)
    data = campaign_data(offer, [], **{f"plan-{facebook.pk}-budget": "300"})
    data["ends_on"] = "2000-01-01"
    response = client.post(reverse("campaigns:create"), data)
    assert response.status_code == 200
    assert "ends_on" in response.context["form"].errors
    assert response.context["plan_forms"][0].errors
    assert 'value="Jeunes diplômés 2026"' in response.content.decode()
    assert Campaign.objects.count() == 0


def test_the_landing_page_lists_the_campaigns_open_offers(
    client, offer, employer, django_capture_on_commit_callbacks
):
    campaign = Campaign.objects.create(
        name="Été", objective="x", starts_on=timezone.localdate(), ends_on=timezone.localdate(),
        landing_title="Un été utile", landing_text="**Bienvenue**",
    )  # fmt: skip
    campaign.offers.add(offer)
    page = client.get(campaign.get_absolute_url())
    assert page.status_code == 200
    content = page.content.decode()
    assert "Un été utile" in content and offer.title in content
    assert "<strong>Bienvenue</strong>" in content
    campaign.is_public = False
    with django_capture_on_commit_callbacks(execute=True):
        campaign.save()  # the cached page goes once the change is committed
    assert client.get(campaign.get_absolute_url()).status_code == 404


def test_a_campaign_link_leads_to_its_page_and_its_applicants_count_for_it(client, bob, offer):
    from tests.careers.test_apply import apply_url, form_data
    from tests.factories import pdf_upload

    today = timezone.localdate()
    campaign = Campaign.objects.create(
        name="Été", objective="x", starts_on=today, ends_on=today, landing_title="Un été utile"
    )
    campaign.offers.add(offer)
    channel = make_channel(ChannelKind.MASTODON)
    link = TrackedLink.objects.create(channel=channel, campaign=campaign)
    response = client.get(f"/r/{link.code}", HTTP_USER_AGENT=BROWSER)
    assert response["Location"].startswith(campaign.get_absolute_url())
    assert "utm_campaign=" + campaign.slug in response["Location"]
    client.post(apply_url(offer), {**form_data(), "cv": pdf_upload()})
    application = Application.objects.get()
    assert application.last_touch == link
    counting.refresh_stale()
    client.force_login(bob)
    report = client.get(reverse("campaigns:report", kwargs={"pk": campaign.pk}))
    line = report.context["lines"][0]
    assert (line.channel, line.clicks_people, line.applications) == (channel, 1, 1)
    assert Click.objects.get().link == link
    csv = client.get(reverse("campaigns:report", kwargs={"pk": campaign.pk}) + "?export=funnel")
    assert csv["Content-Type"].startswith("text/csv")
    assert channel.name in csv.content.decode()
