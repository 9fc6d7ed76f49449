import re

import pytest
from django.core import mail
from django.urls import reverse

from tests.factories import human_fields
from vivier.talent import places


@pytest.fixture(autouse=True)
def fresh_gazetteer():
    places.forget_cache()
    yield
    places.forget_cache()


def path_of(url: str) -> str:
    """The path of an absolute link from an e-mail (SITE_URL is http://127.0.0.1:8000)."""
    return re.sub(r"^https?://[^/]+", "", url)


def link_in(body: str, fragment: str) -> str:
    match = re.search(r"https?://\S*" + re.escape(fragment) + r"\S*", body)
    assert match, (fragment, body)
    return path_of(match.group(0))


@pytest.fixture
def save_alert(client, django_capture_on_commit_callbacks):
    """Fill in the public form as a person would; returns the response."""

    def save(email="lou@example.test", **criteria):
        data = {
            "email": email, "keywords": "", "contract_type": "", "department": "", "place": "",
            "distance_km": "", "frequency": "daily", "consent": "on", **criteria,
            **human_fields(),
        }  # fmt: skip
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(reverse("alerts:subscribe"), data)

    return save


@pytest.fixture
def confirmed_alert(client, save_alert):
    """Save an alert and follow the link of its e-mail; returns the alert."""
    from vivier.community.alerts.models import Alert

    def confirm(email="lou@example.test", **criteria):
        mail.outbox.clear()
        assert save_alert(email=email, **criteria).status_code == 200
        (message,) = mail.outbox
        assert client.post(link_in(message.body, "/alertes/confirmer/")).status_code == 302
        mail.outbox.clear()
        return Alert.objects.filter(subscriber__email=email).latest("pk")

    return confirm
