"""Full-text search of the pool: the same people on SQLite (FTS5) and PostgreSQL."""

import pytest

from vivier.talent import search, services
from vivier.talent.imports.people import Item, Person, save_person
from vivier.talent.models import LegalBasis, SourceKind

pytestmark = pytest.mark.django_db

PEOPLE = [
    Person(first_name="Maëlle", last_name="Kerbrat", headline="Développeuse Python", city="Brest",
           skills=[("Django", ""), ("PostgreSQL", "")],
           experiences=[Item(title="Développeuse", place="Région Exemple")]),
    Person(first_name="Alex", last_name="Sample", headline="Data engineer", city="Rennes",
           skills=[("Python", ""), ("Airflow", "")]),
    Person(first_name="Théo", last_name="Morvan", headline="Conducteur de bus", city="Vannes",
           experiences=[Item(title="Conducteur", place="Transports Exemple")]),
    Person(first_name="Inès", last_name="Durand", headline="Infirmière", city="Brest",
           languages=[("Anglais", "C1")]),
]  # fmt: skip


@pytest.fixture
def pool(bob):
    return {
        person.last_name: save_person(
            person=person, source_kind=SourceKind.MANUAL,
            legal_basis=LegalBasis.LEGITIMATE_INTEREST, by=bob, supplied_by_candidate=False,
        ).profile
        for person in PEOPLE
    }  # fmt: skip


def names(query):
    from vivier.talent.models import Profile

    return {Profile.objects.get(pk=pk).last_name for pk in search.search_ids(query)}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("python", {"Kerbrat", "Sample"}),
        ("developpeuse", {"Kerbrat"}),  # accents do not matter
        ("DÉVELOPPEUSE brest", {"Kerbrat"}),  # every word must match
        ("brest", {"Kerbrat", "Durand"}),
        ("conduc", {"Morvan"}),  # a word matches as a prefix
        ("maelle", {"Kerbrat"}),
        ("anglais", {"Durand"}),
        ("python vannes", set()),
        ("", set()),
        ("'; DROP TABLE talent_profile; --", set()),
    ],
)
def test_search_finds_the_people_whose_text_has_every_word(pool, query, expected):
    assert names(query) == expected


def test_the_index_follows_changes(pool, bob):
    services.qualify(profile=pool["Durand"], tags=["urgences"], rating=None, by=bob)
    assert names("urgences") == {"Durand"}
    services.qualify(profile=pool["Durand"], tags=[], rating=None, by=bob)
    assert names("urgences") == set()


def test_the_screen_searches_in_order_of_relevance(client, bob, pool):
    from django.urls import reverse

    client.force_login(bob)
    page = client.get(reverse("talent:list"), {"q": "brest"})
    assert {profile.last_name for profile in page.context["profiles"]} == {"Kerbrat", "Durand"}


def test_filters_facets_and_saved_searches(client, bob, pool):
    from django.urls import reverse

    services.qualify(profile=pool["Kerbrat"], tags=["urgent"], rating=5, by=bob)
    client.force_login(bob)
    url = reverse("talent:list")
    page = client.get(url, {"city": "Brest"})
    assert {p.last_name for p in page.context["profiles"]} == {"Kerbrat", "Durand"}
    cities = next(facet for facet in page.context["facets"] if facet.parameter == "city")
    assert ("Brest", "Brest", 2) in cities.values
    assert {p.last_name for p in client.get(url, {"skill": "django"}).context["profiles"]} == {
        "Kerbrat"
    }  # fmt: skip
    assert [p.last_name for p in client.get(url, {"min_rating": "4"}).context["profiles"]] == [
        "Kerbrat"
    ]  # fmt: skip
    assert [p.last_name for p in client.get(url, {"tag": "urgent"}).context["profiles"]] == [
        "Kerbrat"
    ]  # fmt: skip
    assert client.get(url, {"consent": "yes"}).context["count"] == 0  # all added by a recruiter
    fragment = client.get(url, {"q": "python"}, HTTP_HX_REQUEST="true")
    assert fragment.templates[0].name == "talent/_results.html"
    client.post(reverse("talent:save_search"), {"name": "Brest", "query": "city=Brest"})
    saved = bob.saved_searches.get()
    assert (saved.name, saved.query) == ("Brest", "city=Brest")
