"""The demo's hubs: a public hub and an alumni hub with threads, reachable by their members."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from vivier.accounts.models import Role, User
from vivier.community.hubs.access import hubs_for
from vivier.community.hubs.models import Hub, MemberOffer


@pytest.fixture
def demo(db, settings, tmp_path):
    settings.DEBUG = True
    settings.VAR_DIR = tmp_path
    call_command("demo", "--days", "1")


def test_the_demo_has_a_public_and_an_alumni_hub_with_threads(demo, client):
    public = Hub.objects.get(kind="public")
    alumni = Hub.objects.get(kind="alumni")
    assert public.threads.count() >= 3 and alumni.threads.count() >= 1
    assert public.threads.filter(is_pinned=True).exists()
    assert MemberOffer.objects.filter(status="pending").exists()
    alumnus = User.objects.filter(role=Role.ALUMNUS, hub_memberships__hub=alumni).first()
    assert set(hubs_for(alumnus).values_list("kind", flat=True)) >= {"public", "alumni"}
    client.force_login(alumnus)
    response = client.get(reverse("hubs:hub", kwargs={"slug": alumni.slug}))
    assert response.status_code == 200
    thread = alumni.threads.first()
    assert client.get(reverse("hubs:thread", kwargs={"pk": thread.pk})).status_code == 200
