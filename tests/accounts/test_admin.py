import pytest
from django.urls import reverse

from vivier.accounts.models import Role, User

pytestmark = pytest.mark.django_db


def test_an_administrator_creates_a_staff_account_in_the_admin(client, alice):
    client.force_login(alice)
    url = reverse("admin:accounts_user_add")
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "email": "Nouvelle.Recrue@Example.test",
            "role": Role.HIRING_MANAGER,
            "password1": "un-mot-de-passe-tres-solide",
            "password2": "un-mot-de-passe-tres-solide",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    user = User.objects.get(email="nouvelle.recrue@example.test")
    assert user.role == Role.HIRING_MANAGER
    assert user.check_password("un-mot-de-passe-tres-solide")
    assert user.is_staff is False  # only administrators enter the Django admin


def test_only_administrators_enter_the_django_admin(client, bob):
    client.force_login(bob)
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302
