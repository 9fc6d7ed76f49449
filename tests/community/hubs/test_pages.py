"""Every page of hubs renders, for the people it is for, with its content (and on a phone, in
the site's own one-column styles: the viewport meta of the base templates, no inline style)."""

import pytest
from django.urls import reverse

from vivier.community.hubs import discussions, moderation, offers, services
from vivier.community.hubs.models import Hub, MemberOffer, Membership

pytestmark = pytest.mark.django_db


@pytest.fixture
def scene(hubs, bob, carla, cyril, paula, school):
    private = hubs["private"]
    private.accepts_join_requests = True
    private.save(update_fields=["accepts_join_requests"])
    services.set_member_role(hub=hubs["public"], user=carla, role=Membership.Role.MODERATOR)
    thread = discussions.start_thread(hub=hubs["public"], author=cyril, title="Fil", body="*Texte*")
    post = discussions.reply(thread=thread, author=carla, body="Réponse")
    moderation.report_post(post=post, by=cyril, reason="Hors sujet")
    moderation.hide_post(post=thread.posts.get(is_first=True), by=bob, reason="Test")
    moderation.restore_post(post=thread.posts.get(is_first=True), by=bob)
    services.request_to_join(hub=private, user=cyril, message="Bonjour")
    services.invite_to_hub(
        hub=hubs["partner"], email="x@example.test", by=bob, partner_organisation=school
    )
    member_offer = offers.propose_offer(
        member_offer=MemberOffer(hub=hubs["public"], title="Offre", city="Brest", description="D"),
        by=cyril,
    )
    return {"thread": thread, "post": post, "member_offer": member_offer, "hubs": hubs}


def pages_for_members(scene):
    post, thread = scene["post"], scene["thread"]
    return [
        reverse("hubs:my_hubs"),
        reverse("hubs:hub", kwargs={"slug": "hub-public"}),
        reverse("hubs:members", kwargs={"slug": "hub-public"}),
        reverse("hubs:member_offers", kwargs={"slug": "hub-public"}),
        reverse("hubs:propose_offer", kwargs={"slug": "hub-public"}),
        reverse("hubs:new_thread", kwargs={"slug": "hub-public"}),
        reverse("hubs:thread", kwargs={"pk": thread.pk}),
        reverse("hubs:report", kwargs={"pk": thread.posts.get(is_first=True).pk}),
        reverse("hubs:edit_post", kwargs={"pk": post.pk}),
        reverse("hubs:delete_post", kwargs={"pk": post.pk}),
        reverse("hubs:moderation", kwargs={"slug": "hub-public"}),
    ]


def test_member_pages_render_for_a_hub_moderator(client, scene, carla):
    client.force_login(carla)
    for url in pages_for_members(scene):
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert 'name="viewport"' in html and " style=" not in html, url
    queue = client.get(reverse("hubs:moderation", kwargs={"slug": "hub-public"}))
    assert "Hors sujet" in queue.content.decode()


def test_the_join_request_page_renders(client, scene, hana):
    client.force_login(hana)
    response = client.get(reverse("hubs:request_to_join", kwargs={"slug": "hub-private"}))
    assert response.status_code == 200


def test_staff_pages_render_with_their_content(client, scene, bob, school):
    client.force_login(bob)
    hubs = scene["hubs"]
    expectations = {
        reverse("hubs:staff_hubs"): "Hub public",
        reverse("hubs:staff_hub", kwargs={"pk": hubs["partner"].pk}): "x@example.test",
        reverse("hubs:staff_hub", kwargs={"pk": hubs["private"].pk}): "Bonjour",
        reverse("hubs:staff_hub_edit", kwargs={"pk": hubs["partner"].pk}): "École des Dunes",
        reverse("hubs:staff_moderation"): "Hors sujet",
        reverse("hubs:staff_review_offer", kwargs={"pk": scene["member_offer"].pk}): "Brest",
        reverse("hubs:staff_audit"): "Test",
        reverse("hubs:staff_partners"): "École des Dunes",
        reverse("hubs:staff_partner", kwargs={"pk": school.pk}): "paula@example.test",
    }
    for url, text in expectations.items():
        response = client.get(url)
        assert response.status_code == 200, url
        assert text in response.content.decode(), url


def test_recruiters_create_a_hub_and_a_partner_from_the_back_office(client, bob, carla, school):
    client.force_login(bob)
    response = client.post(
        reverse("hubs:staff_hub_create"),
        {
            "name": "Anciens",
            "slug": "anciens",
            "kind": "alumni",
            "description": "",
            "moderators": [carla.pk],
        },
    )
    hub = Hub.objects.get(slug="anciens")
    assert response.status_code == 302
    assert hub.memberships.get(user=carla).role == "moderator"
    response = client.post(
        reverse("hubs:staff_hub_create"),
        {"name": "Partenaires", "slug": "partenaires", "kind": "partner", "description": ""},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["partner_organisations"]
    response = client.post(
        reverse("hubs:staff_partner_create"),
        {
            "name": "Lycée du Port",
            "kind": "school",
            "contact_name": "M. Le Gall",
            "contact_email": "port@lycee.example",
        },
    )
    assert response.status_code == 302


def test_partner_members_must_have_the_partner_role(client, bob, school, cyril, pierre):
    client.force_login(bob)
    url = reverse("hubs:staff_partner", kwargs={"pk": school.pk})
    response = client.post(url, {"email": cyril.email})
    assert response.status_code == 200 and response.context["form"].errors["email"]
    response = client.post(url, {"email": "nobody@example.test"})
    assert response.context["form"].errors["email"]
    client.post(url, {"email": pierre.email})
    assert school.members.filter(pk=pierre.pk).exists()
    client.post(url, {"remove": str(pierre.pk)})
    assert not school.members.filter(pk=pierre.pk).exists()
