"""What makes a large pool's search fast, and must not change who is found: ranking bounded to
the most recently updated matches, filters and facets read from the search table, the filters
and the map's cells inside the full-text index, words every other one would follow.

Runs on SQLite and on PostgreSQL: the same people on both.
"""
# ruff: noqa: F811 - the pool fixture of test_search_filters, taken by name

import datetime as dt

import pytest
from django.urls import reverse

from tests.talent.test_search_filters import TODAY, names, near, pool  # noqa: F401 - fixture
from vivier.talent import search, services
from vivier.talent.facts import decide_occupation
from vivier.talent.models import LegalBasis, OccupationStatus, Profile, Source, SourceKind
from vivier.talent.search import Criteria, find
from vivier.taxonomy.models import Occupation

pytestmark = pytest.mark.django_db

NURSES = {"Kerbrat", "Morvan", "Le Goff"}  # the pool's "infirmier" (test_search_filters)


def _updated(pool, order: list[str]) -> None:
    """Update the profiles in this order (the last one the most recently), through the
    services, as a recruiter would."""
    for number, name in enumerate(order):
        profile = Profile.objects.get(pk=pool[name].pk)
        services.update_profile(profile=profile, fields={"phone": f"02990000{number:02d}"},
                                by=None)  # fmt: skip


def test_more_matches_than_ranked_the_most_recent_are_ranked_and_the_others_follow(
    pool, monkeypatch, time_machine
):
    for minute, name in enumerate(["Morvan", "Kerbrat", "Le Goff"]):
        time_machine.move_to(dt.datetime(2026, 11, 30, 13, minute, tzinfo=dt.UTC))
        _updated(pool, [name])
    monkeypatch.setattr(search, "RANKED", 2)
    found = find(Criteria(today=TODAY, words="infirmier"), limit=10)
    assert found.total == 3 and found.ranked_among == 2 and found.facets_among == 2
    last_name = dict(Profile.objects.values_list("pk", "last_name"))
    ranked, rest = [last_name[pk] for pk in found.ids[:2]], [last_name[pk] for pk in found.ids[2:]]
    assert set(ranked) == {"Kerbrat", "Le Goff"}  # the two updated last, by relevance
    assert rest == ["Morvan"]  # then the others, the most recently updated first
    pages = [
        find(Criteria(today=TODAY, words="infirmier"), limit=1, offset=n).ids for n in (0, 1, 2)
    ]
    assert [ids[0] for ids in pages] == found.ids  # every page, nobody twice or lost
    assert sum(count for _v, _l, count in found.facets["city"]) == 2  # among the ranked two


def test_no_notice_when_every_match_is_ranked(pool):
    found = find(Criteria(today=TODAY, words="infirmier"), limit=10)
    assert found.total == 3 and found.ranked_among is None and found.facets_among is None


def test_the_screen_says_how_the_results_are_ordered(client, bob, pool, monkeypatch):
    monkeypatch.setattr(search, "RANKED", 2)
    client.force_login(bob)
    page = client.get(reverse("talent:list"), {"q": "infirmier"}, HTTP_HX_REQUEST="true")
    assert page.context["results"].ranked_among == 2
    assert 'id="ranked-among"' in page.content.decode()  # the notice, in any language
    page = client.get(reverse("talent:list"), {"q": "vendeuse"}, HTTP_HX_REQUEST="true")
    assert 'id="ranked-among"' not in page.content.decode()


def test_articles_and_single_letters_are_left_out_unless_nothing_else_is_asked(pool):
    assert names(words="infirmier de nuit") == names(words="infirmier nuit") == {"Kerbrat"}
    assert names(words="technicien d'maintenance") == {"Sample"}
    assert names(words="aux") == set()  # asked alone, a word is searched
    assert search._words("chef de projet") == ["chef", "projet"]
    assert search._words("de la") == ["de", "la"]


def test_the_copied_filters_follow_the_profile(pool, bob):
    kerbrat, morvan = pool["Kerbrat"], pool["Morvan"]
    assert names(words="infirmier", min_rating=4) == {"Kerbrat"}  # rated 5 and 3
    services.qualify(profile=morvan, tags=["urgences"], rating=4, by=bob)
    assert names(words="infirmier", min_rating=4) == {"Kerbrat", "Morvan"}
    assert names(words="infirmier", consent="yes") == set()
    Source.objects.create(profile=kerbrat, kind=SourceKind.CV, legal_basis=LegalBasis.CONSENT,
                          supplied_by_candidate=True)  # fmt: skip
    search.index_profile(Profile.objects.get(pk=kerbrat.pk))
    assert names(words="infirmier", consent="yes") == {"Kerbrat"}
    assert names(words="infirmier", consent="no") == {"Morvan", "Le Goff"}
    assert names(words="infirmier", language="en", language_level=5) == {"Kerbrat"}  # C1
    assert names(words="infirmier", language="en") == {"Kerbrat", "Morvan"}
    assert names(words="infirmier", language="br") == {"Kerbrat"}  # a level not known
    assert names(words="infirmier", city="VITRÉ") == {"Morvan"}
    assert names(words="infirmier", tag="nuit") == {"Kerbrat"}


def test_filters_with_words_and_without_find_the_same_people(pool):
    """Without words the filters read the profile's tables; with, the search table's copies."""
    everyone = {"Kerbrat", "Sample", "Morvan", "Durand", "Le Goff", "Consent"}
    assert names(words="exemple") | {"Durand", "Consent"} == everyone  # their positions' words
    for criteria in [{"min_rating": 3}, {"consent": "no"}, {"language": "en", "language_level": 5},
                     {"language": "de"}, {"city": "rennes"}, {"tag": "urgences"},
                     {"circle": near("Rennes", 35)}, {"min_years": 4},
                     {"available_by": dt.date(2026, 12, 31)}]:  # fmt: skip
        without = names(**criteria) - {"Durand", "Consent"}
        assert names(words="exemple", **criteria) == without, criteria


def test_distances_with_words_whatever_the_size_of_the_circle(pool):
    assert names(words="infirmier", circle=near("Rennes", 5)) == {"Kerbrat"}  # fine cells
    assert names(words="infirmier", circle=near("Rennes", 200)) == {"Kerbrat", "Morvan"}
    # so wide that no cells are asked of the index: the distance alone decides
    assert names(words="infirmier", circle=near("Rennes", 2000)) == {"Kerbrat", "Morvan"}
    assert not search._cells((10.0, 80.0, -170.0, 170.0))


def test_the_occupation_facet_follows_a_recruiters_decision(pool, bob):
    nurse = Occupation.objects.get(uri__endswith="/nurse")
    before = find(Criteria(today=TODAY, words="infirmier"), limit=10).facets["occupation"]
    assert before == [(str(nurse.pk), "", 3)]
    decide_occupation(profile=pool["Morvan"], occupation=nurse, status=OccupationStatus.REJECTED,
                      by=bob)  # fmt: skip
    after = find(Criteria(today=TODAY, words="infirmier"), limit=10).facets["occupation"]
    assert after == [(str(nurse.pk), "", 2)]


def test_occupations_and_isco_groups_meet_the_other_filters_in_the_index(pool, bob):
    """With words or without, an occupation or ISCO group is a word of the filters' index."""
    nurse = Occupation.objects.get(uri__endswith="/nurse")
    assert names(isco="22", language="en") == {"Kerbrat", "Morvan"}  # Le Goff: no English
    assert names(words="exemple", isco="22", language="en") == {"Kerbrat", "Morvan"}
    assert names(isco="2221", circle=near("Rennes", 50)) == {"Kerbrat", "Morvan"}
    assert names(occupation_id=nurse.pk, min_rating=4) == {"Kerbrat"}
    assert names(occupation_id=nurse.pk, consent="no", tag="urgences") == {"Kerbrat", "Morvan"}
    assert names(occupation_id=nurse.pk, city="vitré", min_years=4) == {"Morvan"}
    assert names(skill="python", isco="2") == {"Kerbrat"}  # Sample's Python is in group 3
    assert names(isco="3115", words="infirmier") == set()
    # a recruiter's decision reaches the index at once, with no other save
    decide_occupation(profile=pool["Morvan"], occupation=nurse, status=OccupationStatus.REJECTED,
                      by=bob)  # fmt: skip
    assert names(isco="2221") == names(words="infirmier", isco="2221") == {"Kerbrat", "Le Goff"}
    assert names(occupation_id=nurse.pk, language="en") == {"Kerbrat"}


def test_a_search_the_index_narrows_without_words_is_in_order_of_name(pool, bob, monkeypatch):
    """It reads the search table alone, in the order of the name copied there; the count is
    exact and the facets say when they were counted among the first ones only."""
    ordered = [Profile.objects.get(pk=pk).last_name for pk in find(Criteria(isco="22")).ids]
    assert ordered == ["Kerbrat", "Le Goff", "Morvan"]
    services.update_profile(profile=pool["Morvan"], fields={"last_name": "Abgrall"}, by=bob)
    found = find(Criteria(isco="22"), limit=2)
    assert [Profile.objects.get(pk=pk).last_name for pk in found.ids] == ["Abgrall", "Kerbrat"]
    assert found.total == 3 and found.facets_among is None
    monkeypatch.setattr(search, "FACET_SAMPLE", 2)
    found = find(Criteria(isco="22"), limit=1, offset=2)
    assert found.total == 3 and found.facets_among == 2
    assert [Profile.objects.get(pk=pk).last_name for pk in found.ids] == ["Le Goff"]


def test_the_cells_asked_of_the_index_are_those_the_circle_reaches():
    from vivier.talent.places import Circle

    for latitude, longitude, km in [(50.63, 3.06, 50), (48.11, -1.68, 10), (43.3, 5.4, 120),
                                    (64.1, -21.9, 30), (-33.9, 18.4, 45)]:  # fmt: skip
        circle = Circle(latitude, longitude, km)
        box = circle.bounding_box()
        reached = set(search._cells(box, circle))
        assert reached
        # every point within the circle lies in one of the cells asked, near its edge too
        for bearing in range(0, 360, 3):
            for share in (0.5, 0.99, 0.9999):
                point = _destination(latitude, longitude, bearing, km * share)
                assert reached & _cells_of(*point), (latitude, longitude, km, bearing, share)
    lille = Circle(50.63, 3.06, 50)
    assert len(search._cells(lille.bounding_box(), lille)) < len(
        search._cells(lille.bounding_box())
    )  # the box's corners are left out


def _cells_of(latitude: float, longitude: float, *sizes: str) -> set[str]:
    return {search._cell(size, latitude, longitude) for size in sizes or search.PLACE_CELLS}


def _destination(latitude, longitude, bearing_degrees, km):
    """The point `km` away on that bearing (great circle)."""
    import math

    from vivier.talent.places import EARTH_RADIUS_KM

    angle, bearing = km / EARTH_RADIUS_KM, math.radians(bearing_degrees)
    phi, lam = math.radians(latitude), math.radians(longitude)
    phi2 = math.asin(math.sin(phi) * math.cos(angle)
                     + math.cos(phi) * math.sin(angle) * math.cos(bearing))  # fmt: skip
    lam2 = lam + math.atan2(math.sin(bearing) * math.sin(angle) * math.cos(phi),
                            math.cos(angle) - math.sin(phi) * math.sin(phi2))  # fmt: skip
    return math.degrees(phi2), math.degrees(lam2)
