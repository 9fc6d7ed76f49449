"""Who enters which hub: every kind against every role, through hubs_for and the pages."""

import pytest
from django.urls import reverse

from vivier.community.hubs import discussions, moderation, services
from vivier.community.hubs.access import can_post, get_hub_for, hubs_for
from vivier.community.hubs.models import Hub, Membership
from vivier.community.hubs.services import HubError

pytestmark = pytest.mark.django_db

# persona → the kinds of hub they may read (with no membership anywhere).
EXPECTED = {
    "alice": {"public", "alumni", "internal", "partner", "private"},  # administrator
    "bob": {"public", "alumni", "internal", "partner", "private"},  # recruiter
    "hana": {"public", "alumni", "internal"},  # hiring manager: part of the team, not a moderator
    "carla": {"public", "internal"},  # employee
    "alan": {"public", "alumni"},  # alumnus
    "paula": {"public", "partner"},  # partner, member of the hub's organisation
    "pierre": {"public"},  # partner of no organisation linked to the hub
    "cyril": {"public"},  # candidate
}


@pytest.fixture
def people(alice, bob, hana, carla, alan, paula, pierre, cyril):
    return {u.email.split("@")[0]: u for u in (alice, bob, hana, carla, alan, paula, pierre, cyril)}


def test_each_role_enters_the_hubs_of_its_kind_and_no_other(hubs, people):
    for name, user in people.items():
        kinds = set(hubs_for(user).values_list("kind", flat=True))
        assert kinds == EXPECTED[name], name


def test_each_hub_page_answers_404_to_whoever_may_not_enter_it(client, hubs, people):
    for name, user in people.items():
        client.force_login(user)
        for kind, hub in hubs.items():
            response = client.get(reverse("hubs:hub", kwargs={"slug": hub.slug}))
            assert response.status_code == (200 if kind in EXPECTED[name] else 404), (name, kind)


def test_anonymous_visitors_are_sent_to_sign_in(client, hubs):
    response = client.get(reverse("hubs:hub", kwargs={"slug": hubs["public"].slug}))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_a_non_member_cannot_read_a_private_hub_nor_its_threads(client, hubs, carla, bob):
    private = hubs["private"]
    thread = discussions.start_thread(hub=private, author=bob, title="Secret", body="Only members")
    client.force_login(carla)
    assert client.get(reverse("hubs:hub", kwargs={"slug": private.slug})).status_code == 404
    assert client.get(reverse("hubs:thread", kwargs={"pk": thread.pk})).status_code == 404
    post = thread.posts.get()
    assert client.get(reverse("hubs:report", kwargs={"pk": post.pk})).status_code == 404
    response = client.post(reverse("hubs:thread", kwargs={"pk": thread.pk}), {"body": "hello"})
    assert response.status_code == 404
    assert thread.posts.count() == 1


def test_a_member_of_a_private_hub_enters_it(client, hubs, carla):
    services.join_hub(hub=hubs["private"], user=carla)
    client.force_login(carla)
    assert client.get(reverse("hubs:hub", kwargs={"slug": "hub-private"})).status_code == 200


def test_an_alumnus_cannot_enter_the_internal_hub(client, hubs, alan, carla):
    thread = discussions.start_thread(hub=hubs["internal"], author=carla, title="Équipe", body="x")
    client.force_login(alan)
    assert client.get(reverse("hubs:hub", kwargs={"slug": "hub-internal"})).status_code == 404
    assert client.get(reverse("hubs:thread", kwargs={"pk": thread.pk})).status_code == 404
    assert client.post(reverse("hubs:join", kwargs={"slug": "hub-internal"})).status_code == 404
    assert not Membership.objects.filter(user=alan).exists()


def test_a_banned_member_cannot_post(client, public_hub, cyril, bob):
    thread = discussions.start_thread(hub=public_hub, author=bob, title="Bienvenue", body="Salut")
    moderation.ban_member(hub=public_hub, user=cyril, by=bob, reason="spam")
    assert not can_post(cyril, public_hub)
    client.force_login(cyril)
    # Reading stays open as to anyone signed in; writing does not.
    assert client.get(reverse("hubs:thread", kwargs={"pk": thread.pk})).status_code == 200
    response = client.post(reverse("hubs:thread", kwargs={"pk": thread.pk}), {"body": "encore"})
    assert response.status_code == 404
    response = client.post(
        reverse("hubs:new_thread", kwargs={"slug": public_hub.slug}), {"title": "t", "body": "b"}
    )
    assert response.status_code == 404
    with pytest.raises(HubError):
        discussions.reply(thread=thread, author=cyril, body="par le service")
    assert thread.posts.count() == 1
    post = thread.posts.get()
    assert (
        client.post(reverse("hubs:report", kwargs={"pk": post.pk}), {"reason": "x"}).status_code
        == 404
    )
    assert (
        client.post(reverse("hubs:react", kwargs={"pk": post.pk}), {"kind": "like"}).status_code
        == 302
    )
    assert not post.reactions.exists() and not post.reports.exists()
    # Leaving does not lift the ban.
    services.leave_hub(hub=public_hub, user=cyril)
    assert Membership.objects.get(hub=public_hub, user=cyril).is_banned


def test_a_ban_shuts_a_member_out_of_a_private_hub(hubs, carla, bob):
    private = hubs["private"]
    services.join_hub(hub=private, user=carla)
    assert get_hub_for(carla, private.slug) == private
    moderation.ban_member(hub=private, user=carla, by=bob)
    assert not hubs_for(carla).filter(pk=private.pk).exists()


def test_archived_hubs_are_closed_to_members_but_not_to_staff(hubs, carla, bob):
    Hub.objects.filter(pk=hubs["public"].pk).update(is_archived=True)
    assert not hubs_for(carla).filter(kind="public").exists()
    assert hubs_for(bob).filter(kind="public").exists()


def test_only_moderators_and_staff_reach_a_hub_moderation_page(
    client, public_hub, carla, cyril, bob, hana
):
    services.set_member_role(hub=public_hub, user=carla, role=Membership.Role.MODERATOR)
    url = reverse("hubs:moderation", kwargs={"slug": public_hub.slug})
    for user, status in [(carla, 200), (bob, 200), (cyril, 404), (hana, 404)]:
        client.force_login(user)
        assert client.get(url).status_code == status, user


def test_the_member_navigation_lists_my_hubs_and_the_private_ones_i_may_ask_to_join(
    client, hubs, cyril
):
    Hub.objects.filter(pk=hubs["private"].pk).update(accepts_join_requests=True)
    client.force_login(cyril)
    response = client.get(reverse("hubs:my_hubs"))
    assert response.status_code == 200
    assert [hub.slug for hub in response.context["hubs"]] == ["hub-public"]
    assert [hub.slug for hub in response.context["requestable"]] == ["hub-private"]
    assert b"hub-internal" not in response.content
