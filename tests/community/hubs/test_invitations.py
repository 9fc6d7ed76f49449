"""Invitations by e-mail link: one use, they expire, they belong to one address."""

import datetime as dt
import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from vivier.accounts.models import Role
from vivier.community.hubs import services
from vivier.community.hubs.models import HubInvitation, Membership
from vivier.community.hubs.services import HubError

pytestmark = pytest.mark.django_db


def link_in(message) -> str:
    return re.search(r"https?://\S+/communaute/invitation/\S+/", message.body).group(0)


def path_of(url: str) -> str:
    return "/" + url.split("/", 3)[3]


def test_staff_invite_by_e_mail_and_the_link_works_once(
    client, hubs, bob, carla, django_capture_on_commit_callbacks
):
    client.force_login(bob)
    hub = hubs["private"]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("hubs:staff_hub", kwargs={"pk": hub.pk}),
            {
                "email": "Carla@Example.test",
                "account_role": "employee",
                "membership_role": "member",
            },
        )
    assert response.status_code == 302
    (message,) = mail.outbox
    assert message.to == ["carla@example.test"]
    url = path_of(link_in(message))
    invitation = HubInvitation.objects.get()
    assert url.split("/")[-2] not in invitation.token_hash  # only a hash is kept
    client.force_login(carla)
    assert client.get(url).status_code == 200
    assert client.post(url).status_code == 302
    assert Membership.objects.filter(hub=hub, user=carla).exists()
    # Used twice: refused, clearly.
    response = client.post(url)
    assert response.status_code == 410
    assert response.context["reason"] == "Cette invitation a déjà servi."


def test_an_expired_invitation_is_refused(client, hubs, bob, carla):
    invitation, token = services.invite_to_hub(hub=hubs["private"], email=carla.email, by=bob)
    HubInvitation.objects.filter(pk=invitation.pk).update(
        expires_at=timezone.now() - dt.timedelta(minutes=1)
    )
    client.force_login(carla)
    url = reverse("hubs:invitation", kwargs={"token": token})
    response = client.post(url)
    assert response.status_code == 410
    assert not Membership.objects.filter(user=carla).exists()
    invitation.refresh_from_db()
    assert invitation.used_at is None


def test_an_invitation_for_another_address_is_refused(client, hubs, bob, carla, cyril):
    invitation, token = services.invite_to_hub(hub=hubs["private"], email=carla.email, by=bob)
    client.force_login(cyril)
    url = reverse("hubs:invitation", kwargs={"token": token})
    assert client.get(url).status_code == 403
    assert client.post(url).status_code == 403
    assert not Membership.objects.filter(user=cyril).exists()
    with pytest.raises(HubError):
        services.accept_invitation(invitation=invitation, user=cyril)
    invitation.refresh_from_db()
    assert invitation.used_at is None


def test_a_made_up_token_is_404(client, cyril):
    client.force_login(cyril)
    assert client.get(reverse("hubs:invitation", kwargs={"token": "x" * 43})).status_code == 404


def test_someone_without_an_account_creates_one_with_the_invitation_role(client, hubs, bob):
    hub = hubs["alumni"]
    invitation, token = services.invite_to_hub(hub=hub, email="nouveau@example.test", by=bob)
    assert invitation.account_role == Role.ALUMNUS
    url = reverse("hubs:invitation", kwargs={"token": token})
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {"first_name": "Noé", "last_name": "Nouveau", "password1": "court", "password2": "court"},
    )
    assert response.status_code == 400
    assert "Noé" in response.content.decode()  # the name typed stays
    assert not get_user_model().objects.filter(email="nouveau@example.test").exists()
    password = "une phrase de passe solide"
    response = client.post(
        url,
        {"first_name": "Noé", "last_name": "Nouveau", "password1": password, "password2": password},
    )
    assert response.status_code == 302
    user = get_user_model().objects.get(email="nouveau@example.test")
    assert user.role == Role.ALUMNUS and user.check_password(password)
    assert Membership.objects.filter(hub=hub, user=user).exists()
    # Signed in, in the alumni hub.
    assert client.get(reverse("hubs:hub", kwargs={"slug": hub.slug})).status_code == 200


def test_an_invitation_never_gives_a_staff_role(hubs, bob):
    with pytest.raises(HubError):
        services.invite_to_hub(
            hub=hubs["private"], email="x@example.test", by=bob, account_role=Role.RECRUITER
        )


def test_an_existing_account_is_sent_to_sign_in_and_keeps_its_role(client, hubs, bob, cyril):
    invitation, token = services.invite_to_hub(hub=hubs["internal"], email=cyril.email, by=bob)
    url = reverse("hubs:invitation", kwargs={"token": token})
    response = client.get(url)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    client.force_login(cyril)
    client.post(url)
    cyril.refresh_from_db()
    assert cyril.role == Role.CANDIDATE
    # Invited, he enters the internal hub all the same: the invitation is an explicit decision.
    assert client.get(reverse("hubs:hub", kwargs={"slug": "hub-internal"})).status_code == 200


def test_a_partner_invitation_makes_the_new_account_a_member_of_the_organisation(
    client, hubs, bob, school
):
    hub = hubs["partner"]
    invitation, token = services.invite_to_hub(
        hub=hub, email="prof@dunes.example", by=bob, partner_organisation=school
    )
    services.create_account_from_invitation(
        invitation=invitation, first_name="Prof", last_name="Dunes", password="x"
    )
    user = get_user_model().objects.get(email="prof@dunes.example")
    assert user.role == Role.PARTNER
    assert school.members.filter(pk=user.pk).exists()


def test_a_withdrawn_invitation_is_refused(client, hubs, bob, carla):
    invitation, token = services.invite_to_hub(hub=hubs["private"], email=carla.email, by=bob)
    client.force_login(bob)
    client.post(reverse("hubs:staff_revoke_invitation", kwargs={"pk": invitation.pk}))
    client.force_login(carla)
    assert client.post(reverse("hubs:invitation", kwargs={"token": token})).status_code == 410


def test_moderators_of_a_private_hub_invite_members(
    client, hubs, carla, django_capture_on_commit_callbacks
):
    hub = hubs["private"]
    services.set_member_role(hub=hub, user=carla, role=Membership.Role.MODERATOR)
    client.force_login(carla)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("hubs:moderation", kwargs={"slug": hub.slug}), {"email": "ami@example.test"}
        )
    invitation = HubInvitation.objects.get()
    assert (invitation.email, invitation.account_role, invitation.membership_role) == (
        "ami@example.test",
        "candidate",
        "member",
    )
    assert mail.outbox[0].to == ["ami@example.test"]
