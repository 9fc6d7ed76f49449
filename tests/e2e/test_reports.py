"""A recruiter reads the reports of the demo's year: the charts are drawn from real counts."""

from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from tests.e2e.conftest import sign_in
from vivier.accounts.models import User
from vivier.campaigns.models import Campaign
from vivier.core.management.commands.demo import demo_password, demo_second_factor

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def demo(live_server, settings):
    settings.DEBUG = True  # the demo refuses to load otherwise
    call_command("demo", "--days", "120")
    settings.DEBUG = False
    recruiter = User.objects.filter(role="recruiter").first()
    # The second factor as a newcomer gets it: the otpauth:// address the demo printed.
    otpauth, _codes = demo_second_factor(recruiter.email)
    return {
        "url": live_server.url,
        "email": recruiter.email,
        "password": demo_password(),
        "totp_secret": parse_qs(urlsplit(otpauth).query)["secret"][0],
    }


def chart_data(page, name):
    return page.evaluate(
        """(name) => {
            const chart = Chart.getChart(document.querySelector(`canvas[data-chart="${name}"]`));
            return chart ? chart.data.datasets.map((dataset) => dataset.data) : null;
        }""",
        name,
    )


def test_the_dashboard_and_a_campaign_report_draw_their_charts(
    page, demo, check_accessibility, screenshot
):
    base = demo["url"]
    sign_in(page, base, demo["email"], demo["password"], totp_secret=demo["totp_secret"])

    page.get_by_role("link", name="Rapports").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Rapports")
    page.locator("#id_start").fill("2020-01-01")
    page.get_by_role("button", name="Afficher").click()
    expect(page.locator('canvas[data-chart="funnel-chart"][data-drawn]')).to_have_count(1)
    applications = chart_data(page, "funnel-chart")[0]
    assert sum(applications) > 0
    assert chart_data(page, "quality-chart") is not None
    check_accessibility(page, "reports")
    screenshot(page, "reports-dashboard")

    campaign = Campaign.objects.get(slug="metiers-des-transports")
    page.goto(f"{base}/app/campaigns/{campaign.pk}/report/")
    expect(page.locator('canvas[data-chart="campaign-chart"][data-drawn]')).to_have_count(1)
    clicks = chart_data(page, "campaign-chart")[0]
    assert sum(clicks) > 0
    check_accessibility(page, "campaign report")
    screenshot(page, "campaign-report")
