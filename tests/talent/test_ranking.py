"""The pool's best profiles for an offer, with their reasons."""

import datetime as dt

import pytest
from django.urls import reverse

from tests.factories import JobOfferFactory
from tests.taxonomy.esco_fixture import write_esco
from vivier.talent.imports.people import Item, Person, save_person
from vivier.talent.models import LegalBasis, SourceKind
from vivier.talent.ranking import rank_profiles
from vivier.taxonomy.matching import forget_indexes
from vivier.taxonomy.models import Occupation
from vivier.taxonomy.services import load_esco

pytestmark = pytest.mark.django_db


def add(person, bob):
    return save_person(
        person=person, source_kind=SourceKind.MANUAL, legal_basis=LegalBasis.LEGITIMATE_INTEREST,
        by=bob, supplied_by_candidate=False,
    ).profile  # fmt: skip


@pytest.fixture
def offer(employer):
    return JobOfferFactory(
        title="Développeuse Python", city="Rennes", region="Bretagne", published=True,
        profile="Vous maîtrisez Python et Django.", start_date=dt.date(2027, 1, 4),
    )  # fmt: skip


def test_the_closest_profile_comes_first_with_its_reasons(offer, bob):
    close = add(Person(first_name="Lou", last_name="A", headline="Développeur Python",
                       city="Rennes", skills=[("Python", ""), ("Django", "")]), bob)  # fmt: skip
    far = add(Person(first_name="Ana", last_name="B", headline="Comptable", city="Lyon",
                     skills=[("Excel", "")]), bob)  # fmt: skip
    add(
        Person(first_name="Yann", last_name="C", headline="Développeur Java", region="Bretagne"),
        bob,
    )
    ranked = rank_profiles(offer)
    assert ranked[0].profile == close
    first = ranked[0]
    assert set(first.matched_skills) == {"Python", "Django"}
    assert "python" in first.title_words
    assert first.same_place == "Rennes"
    assert far not in [item.profile for item in ranked]  # nothing in common: not listed


def test_protected_criteria_never_enter_the_score(offer, bob):
    """Two profiles that differ only by name and a summary about private life score the same."""
    common = {"headline": "Développeur Python", "city": "Rennes", "skills": [("Python", "")]}
    one = add(
        Person(first_name="Lou", last_name="A", summary="Mère de trois enfants.", **common), bob
    )
    two = add(Person(first_name="Mohamed", last_name="B", summary="", **common), bob)
    scores = {item.profile: item.score for item in rank_profiles(offer)}
    assert scores[one] == scores[two]


def test_the_occupations_essential_skills_are_wanted(offer, bob, tmp_path):
    forget_indexes()
    load_esco(directory=write_esco(tmp_path / "esco"))
    offer.occupation = Occupation.objects.get(uri__endswith="maintenance")
    offer.save()
    add(
        Person(first_name="Lou", last_name="A", headline="Technicien", skills=[("Python", "")]), bob
    )
    item = rank_profiles(offer)[0]
    assert item.missing_skills  # the occupation's essential skills the person does not show
    forget_indexes()


def test_the_offer_page_shows_the_ranking_to_recruiters_only(client, bob, hana, offer):
    offer.hiring_managers.add(hana)
    add(Person(first_name="Lou", last_name="A", headline="Développeuse Python"), bob)
    client.force_login(bob)
    assert client.get(reverse("jobs:detail", kwargs={"pk": offer.pk})).context["ranked"]
    client.force_login(hana)
    assert client.get(reverse("jobs:detail", kwargs={"pk": offer.pk})).context["ranked"] == []


def test_a_profile_page_lists_the_offers_it_fits(client, bob, offer, employer):
    JobOfferFactory(title="Comptable", city="Lyon", published=True)
    profile = add(Person(first_name="Lou", last_name="A", headline="Développeuse Python",
                         city="Rennes", skills=[("Django", "")]), bob)  # fmt: skip
    client.force_login(bob)
    page = client.get(reverse("talent:detail", kwargs={"pk": profile.pk}))
    fits = page.context["fitting_offers"]
    assert [fit_offer for fit_offer, _item in fits] == [offer]
    assert "Django" in fits[0][1].matched_skills


@pytest.fixture
def gazetteer(tmp_path):
    import io

    from django.core.management import call_command

    from tests.talent.test_places import geonames_dump
    from vivier.talent import places

    path = tmp_path / "FR.txt"
    path.write_text(geonames_dump(), encoding="utf-8")
    call_command("load_places", str(path), stdout=io.StringIO())
    yield
    places.forget_cache()


def test_nearer_people_rank_higher_with_the_distance_shown(offer, bob, gazetteer):
    common = {"headline": "Développeur Python", "skills": [("Python", "")]}
    near = add(Person(first_name="Lou", last_name="A", city="Cesson-Sévigné", **common), bob)
    middle = add(Person(first_name="Ana", last_name="B", city="Fougères", **common), bob)
    far = add(Person(first_name="Yann", last_name="C", city="Brest", **common), bob)
    ranked = {item.profile: item for item in rank_profiles(offer)}
    assert ranked[near].score > ranked[middle].score > ranked[far].score
    assert (ranked[near].distance_km, ranked[middle].distance_km, ranked[far].distance_km) == (
        5, 44, 210,
    )  # fmt: skip


def test_the_years_an_offer_asks_for_count_up_to_what_it_asks(offer, bob):
    offer.profile = "Vous avez au moins 3 ans d'expérience en développement Python."
    offer.save()
    common = {"headline": "Développeur Python", "city": "Rennes", "skills": [("Python", "")]}

    def person(name, start):
        position = Item("Développeur Python", "Exemple", start, dt.date(2026, 1, 1))
        return add(Person(first_name=name, last_name=name, experiences=[position], **common), bob)

    junior = person("Junior", dt.date(2025, 1, 1))
    exact = person("Exact", dt.date(2023, 1, 1))
    senior = person("Senior", dt.date(2006, 1, 1))
    ranked = {item.profile: item for item in rank_profiles(offer)}
    assert ranked[exact].score == ranked[senior].score > ranked[junior].score
    assert (ranked[junior].years, ranked[junior].years_asked) == (1.0, 3)


@pytest.mark.parametrize(
    ("text", "years"),
    [
        ("Expérience de 5 ans minimum dans le soin.", 5),
        ("3 années d’expérience souhaitées", 3),
        ("minimum 2 ans sur un poste similaire", 2),
        ("At least 4 years of experience in nursing", 4),
        ("3+ years experience with Django", 3),
        ("Débutants acceptés.", None),
        ("Poste de 35 heures, 2 jours de télétravail", None),
    ],
)
def test_the_years_asked_are_read_in_french_and_english(text, years):
    from vivier.talent.ranking import years_asked

    assert years_asked(text) == years


def test_the_offers_page_shows_distance_and_years(client, bob, offer, gazetteer):
    offer.profile = "5 years of experience"
    offer.save()
    add(Person(first_name="Lou", last_name="A", headline="Développeuse Python", city="Vitré"), bob)
    client.force_login(bob)
    page = client.get(reverse("jobs:detail", kwargs={"pk": offer.pk})).content.decode()
    assert "35 km" in page
