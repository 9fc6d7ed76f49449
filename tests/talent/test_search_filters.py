"""Every filter of the pool's search, its facets' counts, and the derived facts they rest on.

Runs on SQLite (`make test`) and on PostgreSQL (`make test-postgres`): the SQL differs (FTS5 or
tsvector, JSON tags), the people found must not.
"""

import datetime as dt
import io
from urllib.parse import urlencode

import pytest
from django.core.management import call_command
from django.urls import reverse

from tests.talent.test_places import geonames_dump
from tests.taxonomy.esco_fixture import write_esco
from vivier.talent import places, services
from vivier.talent.facts import experience
from vivier.talent.imports.people import Item, Person, save_person
from vivier.talent.models import LegalBasis, OccupationStatus, Profile, SourceKind
from vivier.talent.search import Criteria, find
from vivier.taxonomy.matching import forget_indexes
from vivier.taxonomy.models import Occupation
from vivier.taxonomy.services import load_esco

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 11, 30)
D = dt.date

PEOPLE = [
    Person(first_name="Maëlle", last_name="Kerbrat", headline="Infirmière", city="Rennes",
           skills=[("Soins infirmiers", ""), ("Python", "")],
           languages=[("Anglais", "C1"), ("Breton", "")],
           experiences=[Item("Infirmière", "CHU Exemple", D(2015, 1, 1), D(2020, 1, 1)),
                        Item("Infirmière de nuit", "Clinique Exemple", D(2018, 1, 1), None)]),
    Person(first_name="Alex", last_name="Sample", headline="Technicien de maintenance",
           city="Cesson-Sévigné", skills=[("Python (computer programming)", "")],
           languages=[("English", "native")],
           experiences=[Item("Technicien de maintenance", "Usine Exemple", D(2024, 1, 1), None)]),
    Person(first_name="Théo", last_name="Morvan", headline="Infirmier", city="Vitré",
           languages=[("anglais scolaire", "")],
           experiences=[Item("Infirmier", "EHPAD Exemple", D(2010, 6, 1), D(2014, 6, 1))]),
    Person(first_name="Inès", last_name="Durand", headline="Vendeuse en boulangerie",
           city="Brest", skills=[("Soins du pain", "")], languages=[("Allemand", "B2")]),
    Person(first_name="Yann", last_name="Le Goff", headline="Infirmier", city="Atlantis",
           experiences=[Item("Infirmier", "Hôpital Exemple", D(2012, 1, 1), None)]),
]  # fmt: skip


@pytest.fixture
def pool(bob, tmp_path, time_machine):
    time_machine.move_to(dt.datetime(2026, 11, 30, 12, tzinfo=dt.UTC))
    forget_indexes()
    load_esco(directory=write_esco(tmp_path / "esco"))
    path = tmp_path / "FR.txt"
    path.write_text(geonames_dump(), encoding="utf-8")
    call_command("load_places", str(path), stdout=io.StringIO())
    people = {
        person.last_name: save_person(
            person=person, source_kind=SourceKind.MANUAL,
            legal_basis=LegalBasis.LEGITIMATE_INTEREST, by=bob, supplied_by_candidate=False,
        ).profile
        for person in PEOPLE
    }  # fmt: skip
    consenting = save_person(
        person=Person(first_name="Anna", last_name="Consent", city="Vannes"),
        source_kind=SourceKind.APPLICATION, legal_basis=LegalBasis.CONSENT,
        supplied_by_candidate=True,
    ).profile  # fmt: skip
    people["Consent"] = consenting
    services.qualify(profile=people["Kerbrat"], tags=["urgences", "nuit"], rating=5, by=bob)
    services.qualify(profile=people["Morvan"], tags=["urgences"], rating=3, by=bob)
    Profile.objects.filter(pk=people["Durand"].pk).update(available_from=D(2027, 3, 1))
    yield people
    forget_indexes()
    places.forget_cache()


def names(**criteria) -> set[str]:
    found = find(Criteria(today=TODAY, **criteria), limit=100)
    assert found.total == len(found.ids)
    return set(Profile.objects.filter(pk__in=found.ids).values_list("last_name", flat=True))


def near(town: str, km: float) -> places.Circle:
    located = places.locate(town)
    return places.Circle(located.latitude, located.longitude, km)


def test_years_of_experience_count_overlapping_positions_once():
    days, since = experience([(D(2015, 1, 1), D(2020, 1, 1)), (D(2018, 1, 1), None)], TODAY)
    assert days == (TODAY - D(2015, 1, 1)).days  # one unbroken span from 2015 to today
    assert since == D(2015, 1, 1)
    days, since = experience([(D(2010, 1, 1), D(2012, 1, 1)), (D(2011, 1, 1), D(2011, 6, 1)),
                              (D(2014, 1, 1), D(2015, 1, 1))], TODAY)  # fmt: skip
    assert (days, since) == ((D(2012, 1, 1) - D(2010, 1, 1)).days + 365, None)
    # A gap, then an ongoing position: the "since" date counts the earlier days in.
    days, since = experience([(D(2010, 1, 1), D(2011, 1, 1)), (D(2025, 11, 30), None)], TODAY)
    assert since == TODAY - dt.timedelta(days=365 + 365)
    assert experience([(None, D(2020, 1, 1)), (D(2021, 1, 1), D(2020, 1, 1))], TODAY) == (0, None)


def test_a_profile_keeps_its_years_and_they_follow_its_positions(pool, bob):
    kerbrat = Profile.objects.get(pk=pool["Kerbrat"].pk)
    assert kerbrat.days_of_experience(TODAY) == (TODAY - D(2015, 1, 1)).days
    assert kerbrat.days_of_experience(D(2027, 11, 30)) == (D(2027, 11, 30) - D(2015, 1, 1)).days
    morvan = Profile.objects.get(pk=pool["Morvan"].pk)
    assert (morvan.experience_days, morvan.experience_since) == (
        (D(2014, 6, 1) - D(2010, 6, 1)).days, None,
    )  # fmt: skip
    morvan.experiences.create(source=morvan.sources.first(), title="Infirmier",
                              starts_on=D(2014, 6, 1), ends_on=None)  # fmt: skip
    services.qualify(profile=morvan, tags=morvan.tags, rating=morvan.rating, by=bob)
    morvan.refresh_from_db()
    assert morvan.experience_since == D(2010, 6, 1)  # now one span, ongoing
    assert morvan.days_of_experience(TODAY) == (TODAY - D(2010, 6, 1)).days


def test_the_years_filter(pool):
    assert names(min_years=10) == {"Kerbrat", "Le Goff"}  # 11.9 and 14.9 years
    assert names(min_years=4) == {"Kerbrat", "Le Goff", "Morvan"}  # Morvan: exactly 4 years
    assert names(min_years=3, words="technicien") == set()  # Sample: under 3 years


def test_the_distance_filter(pool):
    assert names(circle=near("Rennes", 30)) == {"Kerbrat", "Sample"}  # Rennes, Cesson (5 km)
    assert names(circle=near("Rennes", 35)) == {"Kerbrat", "Sample", "Morvan"}  # Vitré: 34.6
    assert names(circle=near("Rennes", 34)) == {"Kerbrat", "Sample"}
    assert names(circle=near("Brest", 10)) == {"Durand"}
    assert names(circle=near("Rennes", 100)) == {"Kerbrat", "Sample", "Morvan", "Consent"}
    assert "Le Goff" not in names(circle=near("Rennes", 5000))  # an unknown town: not placed


def test_distance_words_and_years_together(pool):
    assert names(words="infirmier", circle=near("Rennes", 50), min_years=3) == {
        "Kerbrat", "Morvan",
    }  # fmt: skip
    assert names(words="infirmier", circle=near("Rennes", 30), min_years=3) == {"Kerbrat"}


def test_the_occupation_filter_by_occupation_and_isco_group(pool):
    nurse = Occupation.objects.get(uri__endswith="/nurse")
    assert names(occupation_id=nurse.pk) == {"Kerbrat", "Morvan", "Le Goff"}
    assert names(isco="2221") == {"Kerbrat", "Morvan", "Le Goff"}
    assert names(isco="22") == {"Kerbrat", "Morvan", "Le Goff"}
    assert names(isco="3115") == {"Sample"}
    assert names(isco="5") == {"Durand"}
    assert names(isco="9") == set()


def test_a_recruiter_corrects_an_occupation_and_it_stays_corrected(pool, bob):
    from vivier.talent.facts import decide_occupation

    nurse = Occupation.objects.get(uri__endswith="/nurse")
    maintenance = Occupation.objects.get(uri__endswith="/maintenance")
    morvan = pool["Morvan"]
    decide_occupation(profile=morvan, occupation=nurse, status=OccupationStatus.REJECTED, by=bob)
    decide_occupation(profile=morvan, occupation=maintenance, status=OccupationStatus.CONFIRMED,
                      by=bob)  # fmt: skip
    services.qualify(profile=morvan, tags=["x"], rating=None, by=bob)  # saved again
    assert names(occupation_id=nurse.pk) == {"Kerbrat", "Le Goff"}
    assert names(occupation_id=maintenance.pk) == {"Sample", "Morvan"}
    assert morvan.occupations.get(occupation=nurse).status == OccupationStatus.REJECTED


def test_the_language_filter_with_a_level(pool):
    assert names(language="en") == {"Kerbrat", "Sample", "Morvan"}
    assert names(language="en", language_level=5) == {"Kerbrat", "Sample"}  # C1 and native
    assert names(language="en", language_level=7) == {"Sample"}
    assert names(language="de", language_level=4) == {"Durand"}
    assert names(language="br") == {"Kerbrat"}


def test_the_skill_tag_rating_availability_consent_and_city_filters(pool):
    assert names(skill="python") == {"Kerbrat", "Sample"}  # a label's beginning
    assert names(skill="soins") == {"Kerbrat", "Durand"}
    assert names(skill="soins infirmiers") == {"Kerbrat"}
    assert names(tag="urgences") == {"Kerbrat", "Morvan"}
    assert names(tag="nuit") == {"Kerbrat"}
    assert names(tag="urg") == set()  # a tag is whole
    assert names(min_rating=4) == {"Kerbrat"}
    assert names(available_by=D(2027, 1, 1)) == set(pool) - {"Durand"}
    assert names(consent="yes") == {"Consent"}
    assert names(consent="no") == set(pool) - {"Consent"}
    assert names(city="brest") == {"Durand"}
    assert names(words="'; DROP TABLE talent_profile; --") == set()
    assert names(words="!!!") == set()


def test_facets_count_the_filtered_results(pool):
    found = find(Criteria(today=TODAY, words="infirmier"), limit=10)
    assert found.total == 3
    cities = {label: count for _value, label, count in found.facets["city"]}
    assert cities == {"Rennes": 1, "Vitré": 1, "Atlantis": 1}
    languages = {value: count for value, _label, count in found.facets["language"]}
    assert languages == {"en": 2, "br": 1}
    tags = {value: count for value, _label, count in found.facets["tag"]}
    assert tags == {"urgences": 2, "nuit": 1}
    nurse = Occupation.objects.get(uri__endswith="/nurse")
    assert found.facets["occupation"] == [(str(nurse.pk), "", 3)]
    found = find(Criteria(today=TODAY, words="infirmier", circle=near("Rennes", 30)), limit=10)
    assert {label: count for _value, label, count in found.facets["city"]} == {"Rennes": 1}
    assert found.facets_among is None


def test_facets_are_counted_among_the_first_results_when_there_are_many(pool, monkeypatch):
    from vivier.talent import search

    monkeypatch.setattr(search, "FACET_SAMPLE", 2)
    found = find(Criteria(today=TODAY), limit=1)
    assert found.total == len(pool)
    assert found.facets_among == 2
    assert sum(count for _value, _label, count in found.facets["city"]) == 2
    assert len(found.ids) == 1
    second_page = find(Criteria(today=TODAY), limit=3, offset=3)
    assert len(second_page.ids) == 3 and not set(second_page.ids) & set(found.ids)


def test_the_screen_filters_shows_distances_and_keeps_the_filters_in_saved_searches(
    client, bob, pool
):
    client.force_login(bob)
    url = reverse("talent:list")
    filters = {"q": "infirmier", "near": "Rennes", "within_km": "50", "min_years": "3",
               "occupation": "infirmier", "isco": "2221", "language": "en"}  # fmt: skip
    page = client.get(url, filters)
    assert {p.last_name for p in page.context["profiles"]} == {"Kerbrat", "Morvan"}
    assert {p.last_name: p.distance_km for p in page.context["profiles"]} == {
        "Kerbrat": 0, "Morvan": 35,
    }  # fmt: skip
    assert "35 km" in page.content.decode()
    fragment = client.get(url, filters, HTTP_HX_REQUEST="true")
    assert fragment.templates[0].name == "talent/_results.html"
    assert fragment.context["count"] == 2
    client.post(reverse("talent:save_search"), {"name": "IDE", "query": urlencode(filters)})
    saved = bob.saved_searches.get(name="IDE")
    again = client.get(url + "?" + saved.query)
    assert [p.pk for p in again.context["profiles"]] == [p.pk for p in page.context["profiles"]]
    facet_link = client.get(url, {"q": "infirmier", "skill": "soins infirmiers"})
    assert {p.last_name for p in facet_link.context["profiles"]} == {"Kerbrat"}


def test_the_screen_explains_an_unknown_place_or_occupation_and_keeps_the_form(client, bob, pool):
    client.force_login(bob)
    page = client.get(reverse("talent:list"), {"q": "infirmier", "near": "Atlantide"})
    assert page.status_code == 200
    assert "Atlantide" in page.context["form"]["near"].value()
    assert page.context["form"].errors["near"]
    page = client.get(reverse("talent:list"), {"isco": "22a", "min_years": "-1"})
    assert set(page.context["form"].errors) == {"isco", "min_years"}


def test_the_search_screen_runs_a_fixed_number_of_queries(
    client, bob, pool, django_assert_max_num_queries
):
    client.force_login(bob)
    with django_assert_max_num_queries(14):
        client.get(reverse("talent:list"), {"q": "infirmier", "near": "Rennes", "min_years": 1})
