"""Reports, the moderation queue (hide, restore, ban), and the audit of every action."""

import pytest
from django.http import Http404
from django.urls import reverse

from vivier.community.hubs import discussions, moderation, services
from vivier.community.hubs.models import Membership, ModerationAction, PostReport
from vivier.community.hubs.services import HubError

pytestmark = pytest.mark.django_db


@pytest.fixture
def reported(public_hub, bob, cyril, carla):
    thread = discussions.start_thread(
        hub=public_hub, author=bob, title="Questions", body="Posez-les"
    )
    post = discussions.reply(thread=thread, author=cyril, body="Achetez mes montres pas chères")
    moderation.report_post(post=post, by=carla, reason="Publicité")
    return post


def test_a_member_reports_a_post_once(client, reported, carla, cyril):
    client.force_login(carla)
    response = client.post(reverse("hubs:report", kwargs={"pk": reported.pk}), {"reason": "Encore"})
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert PostReport.objects.filter(post=reported).count() == 1
    with pytest.raises(HubError):
        moderation.report_post(post=reported, by=cyril, reason="le mien")
    response = client.post(reverse("hubs:report", kwargs={"pk": reported.pk}), {"reason": ""})
    assert response.context["form"].errors["reason"]


def test_the_queue_shows_reported_posts_to_staff_and_hub_moderators(
    client, reported, bob, carla, cyril, public_hub
):
    client.force_login(bob)
    response = client.get(reverse("hubs:staff_moderation"))
    assert [post.pk for post in response.context["queue"]] == [reported.pk]
    assert "Publicité" in response.content.decode()
    services.set_member_role(hub=public_hub, user=carla, role=Membership.Role.MODERATOR)
    client.force_login(carla)
    response = client.get(reverse("hubs:moderation", kwargs={"slug": public_hub.slug}))
    assert [post.pk for post in response.context["queue"]] == [reported.pk]
    client.force_login(cyril)
    assert client.get(reverse("hubs:staff_moderation")).status_code == 404


def test_hiding_a_post_takes_it_out_of_the_thread_and_the_queue_and_is_audited(
    client, reported, bob, cyril
):
    client.force_login(bob)
    url = reverse("hubs:moderate_post", kwargs={"pk": reported.pk, "action": "hide"})
    response = client.post(url, {"reason": "Spam commercial"})
    assert response.status_code == 302
    reported.refresh_from_db()
    assert reported.is_hidden
    assert not moderation.queue_for([reported.thread.hub]).exists()
    action = ModerationAction.objects.get()
    assert (action.actor, action.action, action.post, action.member, action.reason) == (
        bob,
        "hide",
        reported,
        cyril,
        "Spam commercial",
    )
    client.force_login(cyril)
    page = client.get(reverse("hubs:thread", kwargs={"pk": reported.thread_id}))
    assert "montres" not in page.content.decode()
    assert client.get(reverse("hubs:edit_post", kwargs={"pk": reported.pk})).status_code == 404
    # Restored, it is back.
    moderation.restore_post(post=reported, by=bob, reason="Erreur")
    page = client.get(reverse("hubs:thread", kwargs={"pk": reported.thread_id}))
    assert "montres" in page.content.decode()
    assert list(ModerationAction.objects.values_list("action", flat=True)) == ["restore", "hide"]


def test_hiding_the_first_post_hides_the_thread(public_hub, bob, cyril, carla):
    thread = discussions.start_thread(hub=public_hub, author=cyril, title="Pub", body="Achetez")
    moderation.hide_post(post=thread.posts.get(), by=bob)
    from vivier.community.hubs.access import get_thread_for, threads_for

    assert not threads_for(carla, public_hub).exists()
    assert threads_for(bob, public_hub).exists()
    with pytest.raises(Http404):
        get_thread_for(carla, thread.pk)


def test_a_member_cannot_moderate(client, reported, carla):
    client.force_login(carla)
    for action in ("hide", "restore", "dismiss"):
        url = reverse("hubs:moderate_post", kwargs={"pk": reported.pk, "action": action})
        assert client.post(url).status_code == 404
    ban_url = reverse(
        "hubs:ban", kwargs={"slug": reported.thread.hub.slug, "user_id": reported.author_id}
    )
    assert client.post(ban_url).status_code == 404
    reported.refresh_from_db()
    assert not reported.is_hidden
    assert not ModerationAction.objects.exists()


def test_a_hub_moderator_bans_from_their_hub_only(client, hubs, reported, carla, cyril):
    public_hub = hubs["public"]
    services.set_member_role(hub=public_hub, user=carla, role=Membership.Role.MODERATOR)
    client.force_login(carla)
    url = reverse("hubs:ban", kwargs={"slug": public_hub.slug, "user_id": cyril.pk})
    client.post(url, {"reason": "Spam répété"})
    membership = Membership.objects.get(hub=public_hub, user=cyril)
    assert membership.is_banned
    action = ModerationAction.objects.get(action="ban")
    assert (action.actor, action.member, action.reason, action.hub) == (
        carla,
        cyril,
        "Spam répété",
        public_hub,
    )
    # Not in another hub, where she is no moderator.
    services.join_hub(hub=hubs["internal"], user=cyril)
    other = reverse("hubs:ban", kwargs={"slug": "hub-internal", "user_id": cyril.pk})
    assert client.post(other).status_code == 404
    # Lifting the ban is audited too.
    client.post(url, {"lift": "1"})
    assert not Membership.objects.get(hub=public_hub, user=cyril).is_banned
    assert ModerationAction.objects.filter(action="unban", member=cyril).exists()


def test_staff_cannot_be_banned(public_hub, bob, alice):
    with pytest.raises(HubError):
        moderation.ban_member(hub=public_hub, user=alice, by=bob)


def test_dismissing_reports_empties_the_queue_and_keeps_the_post(reported, bob):
    moderation.dismiss_reports(post=reported, by=bob, reason="Rien à redire")
    reported.refresh_from_db()
    assert not reported.is_hidden
    assert not moderation.queue_for([reported.thread.hub]).exists()
    assert ModerationAction.objects.get().action == "dismiss"


def test_the_audit_is_append_only(reported, bob):
    moderation.hide_post(post=reported, by=bob, reason="x")
    action = ModerationAction.objects.get()
    action.reason = "changed"
    with pytest.raises(ValueError):
        action.save()
    with pytest.raises(ValueError):
        action.delete()
    assert ModerationAction.objects.get().reason == "x"


def test_the_audit_page_lists_actions_for_staff(client, reported, bob, hana):
    moderation.hide_post(post=reported, by=bob, reason="Spam commercial")
    client.force_login(bob)
    response = client.get(reverse("hubs:staff_audit"))
    assert "Spam commercial" in response.content.decode()
    client.force_login(hana)
    assert client.get(reverse("hubs:staff_audit")).status_code == 404


def test_join_requests_accepted_by_a_moderator_let_the_member_in(client, hubs, bob, cyril):
    private = hubs["private"]
    private.accepts_join_requests = True
    private.save()
    client.force_login(cyril)
    client.post(
        reverse("hubs:request_to_join", kwargs={"slug": private.slug}), {"message": "Bonjour"}
    )
    with pytest.raises(HubError):
        services.request_to_join(hub=private, user=cyril)
    join_request = private.join_requests.get()
    client.force_login(bob)
    client.post(
        reverse(
            "hubs:decide_request", kwargs={"slug": private.slug, "request_id": join_request.pk}
        ),
        {"accept": "1"},
    )
    client.force_login(cyril)
    assert client.get(reverse("hubs:hub", kwargs={"slug": private.slug})).status_code == 200
    assert ModerationAction.objects.filter(action="accept_request", member=cyril).exists()


def test_a_hub_without_join_requests_refuses_them(client, hubs, cyril):
    client.force_login(cyril)
    assert (
        client.get(reverse("hubs:request_to_join", kwargs={"slug": "hub-private"})).status_code
        == 404
    )
