"""suggest_occupations and recognise_skills (vivier/taxonomy/matching.py) on a loaded fixture."""

import pytest

from tests.taxonomy.esco_fixture import OCCUPATION, SKILL, write_esco
from vivier.taxonomy.matching import recognise_skills, suggest_occupations
from vivier.taxonomy.services import load_esco

pytestmark = pytest.mark.django_db


@pytest.fixture
def esco(tmp_path):
    return load_esco(directory=write_esco(tmp_path))


def best_uri(title, **options):
    return suggest_occupations(title, **options)[0].occupation.uri


@pytest.mark.parametrize(
    ("title", "suffix"),
    [
        ("Technicien de maintenance", "maintenance"),
        ("Technicienne de maintenance H/F", "maintenance"),
        ("TECHNICIENNE DE MAINTENANCE (F/H)", "maintenance"),
        ("Infirmière", "nurse"),
        ("Infirmier / Infirmière diplômé(e) d'Etat", "nurse"),
        ("Vendeuse en boulangerie", "bakery"),
        ("vendeur(se) boulangerie", "bakery"),
    ],
)
def test_it_suggests_the_right_occupation_for_french_titles(esco, title, suffix):
    assert best_uri(title, language="fr") == OCCUPATION + suffix


@pytest.mark.parametrize(
    ("title", "suffix"),
    [("Registered nurse", "nurse"), ("Maintenance technicians", "maintenance")],
)
def test_it_suggests_the_right_occupation_for_english_titles(esco, title, suffix):
    assert best_uri(title, language="en") == OCCUPATION + suffix


def test_suggestions_are_ranked_with_scores_and_limited(esco):
    suggestions = suggest_occupations("technicienne de maintenance", limit=2)

    assert len(suggestions) == 1  # nothing else shares a word with the title
    assert suggestions[0].score > 0.9
    assert suggestions[0].label == "technicien de maintenance/technicienne de maintenance"


def test_a_title_with_no_known_word_gets_no_suggestion(esco):
    assert suggest_occupations("astronaute", language="fr") == []
    assert suggest_occupations("H/F", language="fr") == []


def test_a_new_load_is_seen_at_once_by_the_process_that_ran_it(
    tmp_path, esco, django_capture_on_commit_callbacks
):
    suggest_occupations("infirmière")
    with django_capture_on_commit_callbacks(execute=True):
        load_esco(directory=write_esco(tmp_path / "again"))

    assert best_uri("infirmière") == OCCUPATION + "nurse"


def test_it_recognises_english_skills_in_a_text(esco):
    found = recognise_skills(
        "Five years fixing machines and writing Python; I also sold bread.", language="en"
    )

    assert [skill.skill.uri for skill in found] == [SKILL + "python", SKILL + "bread"]
    assert found[0].label == "Python"


def test_french_skills_are_recognised_once_french_labels_are_loaded(
    tmp_path, esco, django_capture_on_commit_callbacks
):
    assert recognise_skills("Vente de pain et de viennoiseries", language="fr") == []

    with django_capture_on_commit_callbacks(execute=True):
        load_esco(directory=write_esco(tmp_path / "with-french", french_skills=True))

    found = recognise_skills("Vente de pain et de viennoiseries", language="fr")
    assert [skill.skill.uri for skill in found] == [SKILL + "bread"]
