"""An offer's ESCO occupation: suggested from its title, confirmed by a recruiter, in JSON-LD."""

import json
import re

import pytest
from django.urls import reverse

from tests.factories import JobOfferFactory
from tests.taxonomy.esco_fixture import write_esco
from vivier.taxonomy.matching import forget_indexes
from vivier.taxonomy.models import Occupation
from vivier.taxonomy.services import load_esco

pytestmark = pytest.mark.django_db


@pytest.fixture
def esco(tmp_path):
    forget_indexes()
    load_esco(directory=write_esco(tmp_path / "esco"))
    yield
    forget_indexes()


def test_the_title_suggests_the_occupation_and_a_recruiter_confirms_it(client, bob, employer, esco):
    offer = JobOfferFactory(title="Technicienne de maintenance H/F", published=True)
    client.force_login(bob)
    page = client.get(reverse("jobs:detail", kwargs={"pk": offer.pk}))
    suggestion, label = page.context["suggestions"][0]
    assert suggestion.occupation.uri.endswith("maintenance")
    client.post(
        reverse("jobs:occupation", kwargs={"pk": offer.pk}),
        {"occupation": suggestion.occupation.pk},
    )
    offer.refresh_from_db()
    assert offer.occupation == suggestion.occupation
    public = client.get(offer.get_absolute_url()).content.decode()
    data = json.loads(re.search(r'application/ld\+json">(.*?)</script>', public, re.S).group(1))
    assert data["occupationalCategory"].startswith("3115 ")


def test_a_hiring_manager_cannot_set_the_occupation(client, hana, offer, esco):
    occupation = Occupation.objects.first()
    client.force_login(hana)
    response = client.post(
        reverse("jobs:occupation", kwargs={"pk": offer.pk}), {"occupation": occupation.pk}
    )
    assert response.status_code == 404
    offer.refresh_from_db()
    assert offer.occupation is None


def test_without_esco_nothing_is_suggested(client, bob, offer):
    client.force_login(bob)
    page = client.get(reverse("jobs:detail", kwargs={"pk": offer.pk}))
    assert page.context["suggestions"] == []
    bad = client.post(reverse("jobs:occupation", kwargs={"pk": offer.pk}), {"occupation": "999999"})
    assert bad.status_code == 302
    offer.refresh_from_db()
    assert offer.occupation is None
