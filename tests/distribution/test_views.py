"""The channel screens and the distribution screen of an offer."""

from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from django.urls import reverse

from tests.factories import JobOfferFactory, make_channel
from vivier.distribution.connectors.email import unsubscribe_url
from vivier.distribution.models import (
    Channel,
    ChannelKind,
    ChannelMode,
    EmailUnsubscription,
    Publication,
    PublicationStatus,
)
from vivier.distribution.sandbox import SANDBOX_TOKEN

pytestmark = pytest.mark.django_db


def test_a_token_is_stored_encrypted_and_never_shown_back(client, bob):
    client.force_login(bob)
    response = client.post(
        reverse("distribution:channel_create", kwargs={"kind": "mastodon"}),
        {
            "name": "Mastodon de la Région",
            "is_enabled": "on",
            "api_url": "https://social.example.test",
            "access_token": "super-secret-token-123",
            "hashtags": "#emploi #recrutement",
            "audience_tags": "jeunes diplômés, ingénieurs",
        },
    )
    channel = Channel.objects.get()
    assert response.status_code == 302
    assert channel.credentials == {"access_token": "super-secret-token-123"}
    assert "super-secret-token-123" not in channel.credentials_encrypted
    assert channel.audience_tags == ["jeunes diplômés", "ingénieurs"]
    page = client.get(reverse("distribution:channel", kwargs={"pk": channel.pk}))
    assert "super-secret-token-123" not in page.content.decode()
    assert page["Cache-Control"] == "no-store"
    # Saving without typing the token again keeps it.
    client.post(
        reverse("distribution:channel", kwargs={"pk": channel.pk}),
        {"name": "Mastodon", "is_enabled": "on", "api_url": "https://social.example.test"},
    )
    channel.refresh_from_db()
    assert channel.name == "Mastodon"
    assert channel.credentials == {"access_token": "super-secret-token-123"}


def test_a_wrong_channel_form_keeps_what_was_typed(client, bob):
    client.force_login(bob)
    response = client.post(
        reverse("distribution:channel_create", kwargs={"kind": "linkedin"}),
        {
            "name": "LinkedIn",
            "mode": "api",
            "account_id": "12345",
            "message_template": "{title} {salary}",
        },
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert "account_id" in form.errors
    assert "{salary}" in str(form.errors["message_template"])
    assert "{link}" in str(form.errors["message_template"])
    assert 'value="12345"' in response.content.decode()
    assert Channel.objects.count() == 0


def test_an_email_list_refuses_what_is_not_an_address(client, bob):
    client.force_login(bob)
    response = client.post(
        reverse("distribution:channel_create", kwargs={"kind": "email"}),
        {"name": "Écoles", "email_recipients": "ok@example.test\nnot-an-address"},
    )
    assert "not-an-address" in str(response.context["form"].errors["email_recipients"])


def test_an_unknown_network_answers_404(client, bob):
    client.force_login(bob)
    url = reverse("distribution:channel_create", kwargs={"kind": "myspace"})
    assert client.get(url).status_code == 404


def test_checking_the_connection_tells_who_we_are(client, bob, sandbox):
    client.force_login(bob)
    channel = make_channel(ChannelKind.X)
    response = client.post(reverse("distribution:channel_check", kwargs={"pk": channel.pk}))
    assert response.status_code == 302
    channel.refresh_from_db()
    assert channel.is_connection_ok is True
    assert "@vivier_sandbox" in channel.check_message
    channel.credentials = {"access_token": "expired"}
    channel.save()
    client.post(reverse("distribution:channel_check", kwargs={"pk": channel.pk}))
    channel.refresh_from_db()
    assert channel.is_connection_ok is False


def test_a_channel_can_be_disabled_and_enabled(client, bob):
    client.force_login(bob)
    channel = make_channel(ChannelKind.MASTODON)
    client.post(reverse("distribution:channel_toggle", kwargs={"pk": channel.pk}))
    channel.refresh_from_db()
    assert channel.is_enabled is False


@pytest.mark.parametrize("kind", ["linkedin", "x", "facebook"])
def test_connecting_an_account_with_oauth_and_pkce(client, bob, sandbox, kind):
    client.force_login(bob)
    channel = make_channel(kind)
    channel.credentials_encrypted = ""
    channel.save()
    response = client.post(reverse("distribution:channel_connect", kwargs={"pk": channel.pk}))
    authorize = response["Location"]
    query = parse_qs(urlsplit(authorize).query)
    assert authorize.startswith(sandbox.url)
    assert query["code_challenge_method"] == ["S256"]
    # The network's consent page sends the browser back with a code.
    back = httpx.get(authorize, follow_redirects=False).headers["Location"]
    assert back.startswith("http://") and "/app/distribution/oauth/callback/" in back
    response = client.get(urlsplit(back).path + "?" + urlsplit(back).query)
    assert response.status_code == 302
    channel.refresh_from_db()
    assert channel.credentials["access_token"] == SANDBOX_TOKEN
    assert channel.is_connection_ok is True
    # The same answer replayed is refused: the state was single use.
    replay = client.get(urlsplit(back).path + "?" + urlsplit(back).query)
    assert replay["Location"] == reverse("distribution:channels")


def test_the_distribution_screen_previews_each_channel(client, bob, offer, sandbox):
    client.force_login(bob)
    x = make_channel(ChannelKind.X)
    linkedin = make_channel(ChannelKind.LINKEDIN, hashtags="emploi, Bretagne")
    response = client.get(reverse("distribution:offer", kwargs={"pk": offer.pk}))
    drafts = {draft.channel: draft for draft in response.context["drafts"]}
    assert set(drafts) == {x, linkedin}
    assert drafts[x].max_length == 280 and drafts[x].length <= 280
    assert drafts[linkedin].max_length == 3000
    assert "#emploi #Bretagne" in drafts[linkedin].text
    assert drafts[linkedin].link.url in drafts[linkedin].text
    assert not any(draft.errors for draft in drafts.values())


def test_publishing_from_the_screen_uses_the_edited_text(
    client, bob, offer, sandbox, django_capture_on_commit_callbacks
):
    client.force_login(bob)
    channel = make_channel(ChannelKind.MASTODON)
    page = client.get(reverse("distribution:offer", kwargs={"pk": offer.pk}))
    link = page.context["drafts"][0].link.url
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("distribution:offer", kwargs={"pk": offer.pk}),
            {
                "action": "publish",
                "channels": [channel.pk],
                f"text-{channel.pk}": f"On recrute ! {link}",
            },
        )
    assert response.status_code == 302
    publication = Publication.objects.get()
    assert publication.text == f"On recrute ! {link}"
    assert publication.status == PublicationStatus.PUBLISHED
    assert sandbox.posts("mastodon")[0]["content"] == f"<p>On recrute ! {link}</p>"


def test_a_text_that_does_not_fit_is_shown_with_its_error_and_kept(client, bob, offer, sandbox):
    client.force_login(bob)
    channel = make_channel(ChannelKind.X)
    page = client.get(reverse("distribution:offer", kwargs={"pk": offer.pk}))
    too_long = "Très long " * 40 + page.context["drafts"][0].link.url
    response = client.post(
        reverse("distribution:offer", kwargs={"pk": offer.pk}),
        {"action": "publish", "channels": [channel.pk], f"text-{channel.pk}": too_long},
    )
    assert response.status_code == 200
    page = response.content.decode()
    (error,) = response.context["drafts"][0].errors
    assert "280" in error and error in page
    assert too_long.strip() in page
    assert Publication.objects.count() == 0
    assert sandbox.received("x") == []


def test_nothing_is_published_for_a_draft_offer(client, bob, sandbox):
    client.force_login(bob)
    draft_offer = JobOfferFactory()
    channel = make_channel(ChannelKind.X)
    url = reverse("distribution:offer", kwargs={"pk": draft_offer.pk})
    assert client.get(url).context["drafts"] == []
    response = client.post(url, {"action": "publish", "channels": [channel.pk]})
    assert response.status_code == 200
    assert Publication.objects.count() == 0


def test_a_share_page_channel_is_shared_by_hand(
    client, bob, offer, django_capture_on_commit_callbacks
):
    client.force_login(bob)
    channel = make_channel(ChannelKind.FACEBOOK, mode=ChannelMode.SHARE, is_sandbox=False)
    page = client.get(reverse("distribution:offer", kwargs={"pk": offer.pk}))
    text = page.context["drafts"][0].text
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("distribution:offer", kwargs={"pk": offer.pk}),
            {"action": "publish", "channels": [channel.pk], f"text-{channel.pk}": text},
        )
    publication = Publication.objects.get()
    assert publication.status == PublicationStatus.MANUAL
    page = client.get(reverse("distribution:offer", kwargs={"pk": offer.pk})).content.decode()
    assert "https://www.facebook.com/sharer/sharer.php?u=" in page
    client.post(
        reverse("distribution:shared", kwargs={"pk": publication.pk}),
        {"url": "https://www.facebook.com/1234567/posts/1"},
    )
    publication.refresh_from_db()
    assert publication.status == PublicationStatus.PUBLISHED
    assert publication.external_url == "https://www.facebook.com/1234567/posts/1"


def test_withdrawing_from_the_screen(
    client, bob, offer, sandbox, django_capture_on_commit_callbacks
):
    client.force_login(bob)
    channel = make_channel(ChannelKind.FACEBOOK)
    page = client.get(reverse("distribution:offer", kwargs={"pk": offer.pk}))
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("distribution:offer", kwargs={"pk": offer.pk}),
            {
                "action": "publish",
                "channels": [channel.pk],
                f"text-{channel.pk}": page.context["drafts"][0].text,
            },
        )
    publication = Publication.objects.get()
    assert len(sandbox.posts("facebook")) == 1
    client.post(reverse("distribution:withdraw", kwargs={"pk": publication.pk}))
    publication.refresh_from_db()
    assert publication.status == PublicationStatus.WITHDRAWN
    assert sandbox.posts("facebook") == []


def test_a_hiring_manager_cannot_withdraw_a_post(client, hana, offer, sandbox):
    channel = make_channel(ChannelKind.X)
    publication = Publication.objects.create(
        offer=offer,
        channel=channel,
        link=channel.links.create(offer=offer),
        text="x",
        status=PublicationStatus.PUBLISHED,
        scheduled_at=offer.published_at,
        external_id="1",
    )
    client.force_login(hana)
    assert (
        client.post(reverse("distribution:withdraw", kwargs={"pk": publication.pk})).status_code
        == 404
    )
    publication.refresh_from_db()
    assert publication.status == PublicationStatus.PUBLISHED


def test_the_sandbox_page_shows_what_was_received(client, bob, sandbox, offer):
    client.force_login(bob)
    make_channel(ChannelKind.MASTODON)
    httpx.post(
        f"{sandbox.url}/mastodon/api/v1/statuses",
        data={"status": "Bonjour du bac à sable"},
        headers={"Authorization": f"Bearer {SANDBOX_TOKEN}"},
    )
    page = client.get(reverse("distribution:sandbox")).content.decode()
    assert "Bonjour du bac à sable" in page


def test_the_sandbox_page_says_when_the_sandbox_is_down(client, bob, settings):
    settings.SANDBOX_URL = "http://127.0.0.1:9"
    client.force_login(bob)
    response = client.get(reverse("distribution:sandbox"))
    assert response.status_code == 200
    assert response.context["error"]


def test_a_recipient_unsubscribes_in_one_click(client):
    channel = make_channel(ChannelKind.EMAIL, email_recipients="lea@example.test")
    url = unsubscribe_url(channel, "lea@example.test")
    assert client.get(url).status_code == 200
    assert EmailUnsubscription.objects.count() == 0
    client.post(url, {"List-Unsubscribe": "One-Click"})
    assert EmailUnsubscription.objects.get().address == "lea@example.test"
    assert client.get(url.replace(url.split("/")[-2], "forged")).status_code == 404
