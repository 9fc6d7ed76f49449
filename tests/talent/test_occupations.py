"""A profile's ESCO occupations on its page: recognised, confirmed, removed, added."""

import pytest
from django.urls import reverse

from tests.taxonomy.esco_fixture import write_esco
from vivier.talent.imports.people import Item, Person, save_person
from vivier.talent.models import LegalBasis, OccupationStatus, SourceKind
from vivier.talent.search import Criteria, find
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


@pytest.fixture
def nurse_profile(esco, bob):
    return save_person(
        person=Person(first_name="Lou", last_name="Sample", headline="Infirmière",
                      experiences=[Item("Vendeuse en boulangerie", "Fournil Exemple")]),
        source_kind=SourceKind.MANUAL, legal_basis=LegalBasis.LEGITIMATE_INTEREST, by=bob,
        supplied_by_candidate=False,
    ).profile  # fmt: skip


def test_the_page_shows_what_was_recognised_and_in_which_title(client, bob, nurse_profile):
    client.force_login(bob)
    page = client.get(reverse("talent:detail", kwargs={"pk": nurse_profile.pk}))
    recognised = {
        item.occupation.uri.rsplit("/", 1)[1]: item for item in page.context["occupations"]
    }
    assert set(recognised) == {"nurse", "bakery"}
    assert recognised["bakery"].from_title == "Vendeuse en boulangerie"
    assert "Infirmière" in page.content.decode()


def test_a_recruiter_removes_one_and_adds_another(client, bob, nurse_profile):
    client.force_login(bob)
    bakery = Occupation.objects.get(uri__endswith="/bakery")
    maintenance = Occupation.objects.get(uri__endswith="/maintenance")
    url = reverse("talent:decide_occupation", kwargs={"pk": nurse_profile.pk})
    response = client.post(url, {"occupation": bakery.pk, "status": "rejected"})
    assert response.status_code == 302
    client.post(url, {"occupation": maintenance.pk, "status": "confirmed"})
    statuses = dict(nurse_profile.occupations.values_list("occupation__uri", "status"))
    assert statuses[bakery.uri] == OccupationStatus.REJECTED
    assert statuses[maintenance.uri] == OccupationStatus.CONFIRMED
    assert nurse_profile.occupations.get(occupation=maintenance).decided_by == bob
    assert find(Criteria(isco="5223")).ids == []
    assert find(Criteria(isco="3115")).ids == [nurse_profile.pk]


def test_suggestions_for_a_typed_title_as_a_page_or_a_fragment(client, bob, nurse_profile):
    client.force_login(bob)
    url = reverse("talent:occupation_suggestions", kwargs={"pk": nurse_profile.pk})
    page = client.get(url, {"q": "technicienne de maintenance"})
    assert page.templates[0].name == "talent/occupations.html"
    assert page.context["suggestions"][0].occupation.uri.endswith("/maintenance")
    fragment = client.get(url, {"q": "technicienne de maintenance"}, HTTP_HX_REQUEST="true")
    assert fragment.templates[0].name == "talent/_occupation_suggestions.html"


def test_a_bad_choice_is_refused_with_a_message_and_nothing_changes(client, bob, nurse_profile):
    client.force_login(bob)
    before = list(nurse_profile.occupations.values_list("occupation_id", "status"))
    url = reverse("talent:decide_occupation", kwargs={"pk": nurse_profile.pk})
    response = client.post(url, {"occupation": "999999", "status": "confirmed"}, follow=True)
    assert [message.level_tag for message in response.context["messages"]] == ["error"]
    assert list(nurse_profile.occupations.values_list("occupation_id", "status")) == before


def test_only_recruiters_reach_a_profiles_occupations(client, nurse_profile, hana, carla, alice):
    bakery = Occupation.objects.get(uri__endswith="/bakery")
    decide = reverse("talent:decide_occupation", kwargs={"pk": nurse_profile.pk})
    suggestions = reverse("talent:occupation_suggestions", kwargs={"pk": nurse_profile.pk})
    for person in (hana, carla):
        client.force_login(person)
        assert (
            client.post(decide, {"occupation": bakery.pk, "status": "rejected"}).status_code == 404
        )
        assert client.get(suggestions, {"q": "infirmier"}).status_code == 404
    assert nurse_profile.occupations.get(occupation=bakery).status == OccupationStatus.RECOGNISED
    client.force_login(alice)
    assert client.get(suggestions, {"q": "infirmier"}).status_code == 200
    missing = reverse("talent:occupation_suggestions", kwargs={"pk": nurse_profile.pk + 1000})
    assert client.get(missing).status_code == 404
