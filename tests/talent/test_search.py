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


def test_a_prefix_finds_the_words_saved_since_the_index_was_made(pool, bob):
    """On PostgreSQL a prefix becomes the words of the index it begins (a table of them kept by
    a trigger): a word a change or a new profile brings is found as soon as it is saved."""
    services.qualify(profile=pool["Durand"], tags=["zygomatique"], rating=None, by=bob)
    assert names("zygo") == names("zygomatique") == {"Durand"}
    save_person(
        person=Person(first_name="Lou", last_name="Exemple", headline="Ornithologue"),
        source_kind=SourceKind.MANUAL, legal_basis=LegalBasis.LEGITIMATE_INTEREST, by=bob,
        supplied_by_candidate=False,
    )  # fmt: skip
    assert names("ornitho") == {"Exemple"}
    assert names("ornithorynque") == set()  # a prefix of no word of the index
    services.qualify(profile=pool["Durand"], tags=[], rating=None, by=bob)
    assert names("zygo") == set()  # the word stays in the table, and finds nobody


def test_a_prefix_of_many_words_is_searched_as_a_prefix(pool, monkeypatch):
    """Past EXPANDED words of the index, PostgreSQL keeps the prefix: the same people."""
    prefixes = ["d", "dev", "con", "inf", "bre", "p", "python brest"]
    expanded = {prefix: names(prefix) for prefix in prefixes}
    assert expanded["con"] == {"Morvan"} and expanded["python brest"] == {"Kerbrat"}
    assert expanded["p"] == {"Kerbrat", "Sample"}  # Python, PostgreSQL
    monkeypatch.setattr(search, "EXPANDED", 0)  # no prefix is expanded
    assert {prefix: names(prefix) for prefix in prefixes} == expanded


def test_a_lexeme_is_quoted_for_postgresql(db):
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL's text search queries")
    with connection.cursor() as cursor:
        for lexeme in ["l'été", "c:\\temp", "a&b|c", "'", "x:*"]:
            cursor.execute("SELECT array_to_tsvector(ARRAY[%s]) @@ %s::tsquery",
                           [lexeme, search._lexeme(lexeme)])  # fmt: skip
            assert cursor.fetchone() == (True,), lexeme


def test_the_words_no_profile_holds_any_more_are_pruned(pool, bob):
    from django.db import connection

    from vivier.talent.tasks import prune_lexemes

    if connection.vendor != "postgresql":
        assert search.prune_lexemes() == 0  # SQLite's index has no such table
        return

    def held(prefix):
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM talent_profiletext_lexeme "
                           "WHERE lexeme LIKE %s", [prefix + "%"])  # fmt: skip
            return cursor.fetchone()[0]

    services.qualify(profile=pool["Durand"], tags=["zygomatique"], rating=None, by=bob)
    services.qualify(profile=pool["Durand"], tags=[], rating=None, by=bob)
    assert held("zygomat") and held("kerbrat")
    prune_lexemes.call_local()  # the weekly task
    assert not held("zygomat") and held("kerbrat")  # what a profile holds stays
    assert names("kerbrat") == {"Kerbrat"} and names("zygo") == set()
