"""Tracked links: the redirect, the clicks it records, and the attribution of applications."""

import datetime as dt
from urllib.parse import parse_qs, urlsplit

import pytest
import redis
import time_machine
from django.utils import timezone

from tests.careers.test_apply import apply_url, form_data
from tests.factories import make_channel, pdf_upload
from vivier.distribution import clicks, redirect, services
from vivier.distribution.attribution import COOKIE_NAME
from vivier.distribution.models import ChannelKind, Click, ClickSalt
from vivier.hiring.models import Application

BROWSER = "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0"


@pytest.fixture(autouse=True)
def forget_resolved_links():
    redirect._links.clear()
    clicks._salts.clear()


@pytest.fixture
def link(offer):
    return services.tracked_link(offer=offer, channel=make_channel(ChannelKind.LINKEDIN))


@pytest.mark.django_db
def test_the_redirect_leads_to_the_offer_with_utm_tags(client, link, offer):
    response = client.get(f"/r/{link.code}", HTTP_USER_AGENT=BROWSER)
    assert response.status_code == 302
    target = urlsplit(response["Location"])
    assert target.path == offer.get_absolute_url()
    assert parse_qs(target.query) == {
        "utm_source": ["linkedin"],
        "utm_medium": ["social"],
        "utm_campaign": [f"offer-{offer.reference}"],
    }
    assert response["Cache-Control"] == "private, no-store"


@pytest.mark.django_db
def test_a_click_is_counted_once_with_no_raw_address(client, link):
    client.get(
        f"/r/{link.code}",
        HTTP_USER_AGENT=BROWSER,
        HTTP_REFERER="https://www.linkedin.com/feed/",
        REMOTE_ADDR="203.0.113.7",
    )
    click = Click.objects.get()
    assert click.link == link
    assert click.referrer_host == "www.linkedin.com"
    assert click.is_bot is False
    stored = " ".join(str(value) for value in Click.objects.values().get().values())
    assert "203.0.113.7" not in stored
    assert len(click.visitor_hash) == 64


@pytest.mark.django_db
def test_the_same_visitor_has_the_same_hash_within_a_day_only(client, link):
    with time_machine.travel(dt.datetime(2026, 11, 23, 10, tzinfo=dt.UTC), tick=False):
        client.get(f"/r/{link.code}", HTTP_USER_AGENT=BROWSER, REMOTE_ADDR="203.0.113.7")
        client.get(f"/r/{link.code}", HTTP_USER_AGENT=BROWSER, REMOTE_ADDR="203.0.113.7")
    with time_machine.travel(dt.datetime(2026, 11, 24, 10, tzinfo=dt.UTC), tick=False):
        client.get(f"/r/{link.code}", HTTP_USER_AGENT=BROWSER, REMOTE_ADDR="203.0.113.7")
    hashes = list(Click.objects.order_by("at").values_list("visitor_hash", flat=True))
    assert hashes[0] == hashes[1] != hashes[2]


@pytest.mark.django_db
def test_behind_the_proxy_each_visitor_is_told_apart_by_their_own_address(client, link, settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1  # one nginx in front, as deploy/ sets it up
    for visitor in ("198.51.100.1", "198.51.100.1", "198.51.100.2"):
        client.get(
            f"/r/{link.code}", HTTP_USER_AGENT=BROWSER, REMOTE_ADDR="127.0.0.1",
            HTTP_X_FORWARDED_FOR=f"203.0.113.9, {visitor}",
        )  # fmt: skip
    hashes = list(Click.objects.order_by("at").values_list("visitor_hash", flat=True))
    assert hashes[0] == hashes[1] != hashes[2]


@pytest.mark.django_db
def test_old_salts_are_forgotten(client, link):
    with time_machine.travel(dt.datetime(2026, 11, 20, 10, tzinfo=dt.UTC), tick=False):
        client.get(f"/r/{link.code}", HTTP_USER_AGENT=BROWSER)
    assert ClickSalt.objects.count() == 1
    assert clicks.forget_old_salts(dt.date(2026, 11, 23)) == 1
    assert ClickSalt.objects.count() == 0


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("user_agent", "headers"),
    [
        ("facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)", {}),
        (
            "LinkedInBot/1.0 (compatible; Mozilla/5.0; Apache-HttpClient +http://www.linkedin.com)",
            {},
        ),
        ("Twitterbot/1.0", {}),
        ("Mastodon/4.3.0 (http.rb/5.2.0; +https://mastodon.social/)", {}),
        ("Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)", {}),
        ("curl/8.5.0", {}),
        ("", {}),
        (BROWSER, {"HTTP_SEC_PURPOSE": "prefetch"}),
    ],
)
def test_robots_and_link_previews_are_flagged(client, link, user_agent, headers):
    client.get(f"/r/{link.code}", HTTP_USER_AGENT=user_agent, **headers)
    click = Click.objects.get()
    assert click.is_bot is True
    assert click.bot_name


@pytest.mark.django_db
def test_an_unknown_code_answers_404_and_records_nothing(client, link):
    assert client.get("/r/doesnotexist", HTTP_USER_AGENT=BROWSER).status_code == 404
    assert client.get("/r/bad-code!", HTTP_USER_AGENT=BROWSER).status_code == 404
    assert Click.objects.count() == 0


@pytest.mark.django_db
def test_a_post_to_the_redirect_is_refused(client, link):
    assert client.post(f"/r/{link.code}").status_code == 405
    assert Click.objects.count() == 0


@pytest.mark.django_db
def test_the_attribution_cookie_keeps_the_first_touch_and_moves_the_last(client, offer):
    linkedin = services.tracked_link(offer=offer, channel=make_channel(ChannelKind.LINKEDIN))
    mastodon = services.tracked_link(offer=offer, channel=make_channel(ChannelKind.MASTODON))
    first = client.get(f"/r/{linkedin.code}", HTTP_USER_AGENT=BROWSER)
    cookie = first.cookies[COOKIE_NAME]
    assert cookie["max-age"] == 30 * 24 * 3600
    assert cookie["httponly"] and cookie["samesite"] == "Lax"
    second = client.get(f"/r/{mastodon.code}", HTTP_USER_AGENT=BROWSER)
    first_touch, last_touch = second.cookies[COOKIE_NAME].value.split("|")
    assert first_touch.startswith(linkedin.code + ".")
    assert last_touch.startswith(mastodon.code + ".")


def apply(client, offer):
    return client.post(apply_url(offer), {**form_data(), "cv": pdf_upload()})


@pytest.mark.django_db
def test_an_application_records_the_first_and_last_tracked_channel(client, offer):
    linkedin = services.tracked_link(offer=offer, channel=make_channel(ChannelKind.LINKEDIN))
    mastodon = services.tracked_link(offer=offer, channel=make_channel(ChannelKind.MASTODON))
    client.get(f"/r/{linkedin.code}", HTTP_USER_AGENT=BROWSER)
    client.get(f"/r/{mastodon.code}", HTTP_USER_AGENT=BROWSER)
    assert apply(client, offer).status_code == 302
    application = Application.objects.get()
    assert application.first_touch == linkedin
    assert application.last_touch == mastodon
    assert application.last_touch_at <= timezone.now()


@pytest.mark.django_db
def test_a_touch_older_than_the_window_is_not_counted(client, offer):
    linkedin = services.tracked_link(offer=offer, channel=make_channel(ChannelKind.LINKEDIN))
    with time_machine.travel(timezone.now() - dt.timedelta(days=31)):
        client.get(f"/r/{linkedin.code}", HTTP_USER_AGENT=BROWSER)
    assert apply(client, offer).status_code == 302
    application = Application.objects.get()
    assert application.first_touch is None and application.last_touch is None


@pytest.mark.django_db
def test_an_application_without_tracked_visit_has_no_channel(client, offer):
    assert apply(client, offer).status_code == 302
    assert Application.objects.get().last_touch is None


@pytest.mark.django_db
def test_a_forged_cookie_is_ignored(client, offer):
    client.cookies[COOKIE_NAME] = "nope.123|<script>.abc"
    assert apply(client, offer).status_code == 302
    assert Application.objects.get().last_touch is None


@pytest.fixture
def redis_clicks(settings):
    settings.CLICKS_URL = "redis://127.0.0.1:6379/15"
    clicks.click_buffer.cache_clear()
    buffer = clicks.click_buffer()
    buffer.redis.delete(clicks.CLICK_LIST_KEY)
    yield buffer
    buffer.redis.delete(clicks.CLICK_LIST_KEY)
    clicks.click_buffer.cache_clear()


@pytest.mark.django_db
def test_with_redis_clicks_wait_in_the_buffer_until_the_flush(client, link, redis_clicks):
    for _ in range(5):
        client.get(f"/r/{link.code}", HTTP_USER_AGENT=BROWSER)
    assert Click.objects.count() == 0
    assert redis_clicks.pending() == 5
    assert redis_clicks.flush() == 5
    assert Click.objects.count() == 5
    assert redis_clicks.pending() == 0


@pytest.mark.django_db
def test_a_batch_flushed_twice_after_a_crash_counts_once(client, link, redis_clicks):
    for _ in range(3):
        client.get(f"/r/{link.code}", HTTP_USER_AGENT=BROWSER)
    batch = redis_clicks.redis.lrange(clicks.CLICK_LIST_KEY, 0, -1)
    redis_clicks.flush()
    # A flusher that died after its INSERT and before its LTRIM leaves the batch in the list.
    redis_clicks.redis.rpush(clicks.CLICK_LIST_KEY, *batch)
    redis_clicks.flush()
    assert Click.objects.count() == 3


def test_redis_is_reachable():
    assert redis.Redis.from_url("redis://127.0.0.1:6379/15").ping()
