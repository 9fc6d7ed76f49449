"""Where each role lands after signing in: never on a page that would answer it 404."""

import pytest
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("persona", ["carla", "alan", "paula"])
def test_members_of_the_network_land_on_their_hubs(request, persona, employer):
    user = request.getfixturevalue(persona)
    user.set_password("un mot de passe assez long")
    user.save()
    client = Client()  # a real sign-in, not the suite's signed-in client
    response = client.post(
        reverse("account_login"), {"login": user.email, "password": "un mot de passe assez long"}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("hubs:my_hubs")
    assert client.get(response["Location"]).status_code == 200
