"""The back office's menu leads to the job alerts' page only those who may open it."""

import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def menu_links(client) -> list[str]:
    """The addresses of the back office's menu (the nav of staff_base.html), on the dashboard."""
    page = client.get(reverse("hiring:dashboard")).content.decode()
    nav = page.split('class="staff-nav"', 1)[1].split("</nav>", 1)[0]
    return re.findall(r'href="([^"]+)"', nav)


@pytest.mark.parametrize("persona", ["alice", "bob"])
def test_administrators_and_recruiters_find_the_alerts_page_in_the_menu(
    client, employer, persona, request
):
    client.force_login(request.getfixturevalue(persona))
    assert reverse("alerts:staff_overview") in menu_links(client)
    assert client.get(reverse("alerts:staff_overview")).status_code == 200


@pytest.mark.parametrize("persona", ["hana", "hugo"])
def test_a_hiring_manager_has_no_link_and_the_page_answers_404(client, employer, persona, request):
    client.force_login(request.getfixturevalue(persona))
    links = menu_links(client)
    assert reverse("hiring:dashboard") in links  # the menu was read
    assert reverse("alerts:staff_overview") not in links
    assert client.get(reverse("alerts:staff_overview")).status_code == 404


def test_the_community_pages_lead_to_the_alerts_and_the_questions(client, employer, bob):
    client.force_login(bob)
    page = client.get(reverse("hubs:staff_hubs")).content.decode()
    community_nav = page.split('aria-label="Communauté"', 1)[1].split("</nav>", 1)[0]
    assert reverse("alerts:staff_overview") in community_nav
    assert reverse("alerts:staff_questions") in community_nav
