"""suggest_occupations and recognise_skills (vivier/taxonomy/matching.py) on a loaded fixture."""

import pytest

from tests.taxonomy.esco_fixture import OCCUPATION, SKILL, write_esco
from vivier.taxonomy.matching import has_skill_labels, recognise_skills, suggest_occupations
from vivier.taxonomy.models import Skill
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


def test_whether_skills_have_labels_in_a_language_is_known(
    tmp_path, esco, django_capture_on_commit_callbacks
):
    assert (has_skill_labels("en"), has_skill_labels("fr")) == (True, False)

    with django_capture_on_commit_callbacks(execute=True):
        load_esco(directory=write_esco(tmp_path / "with-french", french_skills=True))

    assert has_skill_labels("fr")


def test_a_recognised_skill_keeps_the_words_the_text_used(esco):
    [found] = recognise_skills("Worked with PYTHON daily", language="en")

    assert (found.label, found.text) == ("Python", "PYTHON")


SHARED = {  # uri suffix: type, English label, alternatives, French label, alternatives
    "cpp": ("knowledge", "C++", [], "C++", []),
    "csharp": ("knowledge", "C#", [], "C#", []),
    "photoshop": ("knowledge", "Adobe Photoshop", ["Photoshop"], "Adobe Photoshop", []),
    "graphics": ("knowledge", "graphics editor software", ["Photoshop", "GIMP", "Paint"],
                 "logiciel de retouche d'images", []),
    "reporting": ("skill/competence", "write reports", ["reporting"], "rédiger des rapports", []),
    "journalism": ("knowledge", "journalism", ["report"], "journalisme", []),
}  # fmt: skip


def test_a_name_several_skills_share_goes_to_the_likeliest(tmp_path):
    load_esco(directory=write_esco(tmp_path, skills=SHARED))

    found = recognise_skills("C++, C#; Photoshop; journalism", language="en")

    # C++ and C# are not one letter; the narrowest skill named "Photoshop" wins; a preferred
    # label beats another skill's alternative one.
    assert [skill.skill.uri.removeprefix(SKILL) for skill in found] == [
        "cpp", "csharp", "photoshop", "journalism"
    ]  # fmt: skip


def test_in_prose_a_common_word_is_not_a_claim_but_a_name_is(tmp_path):
    load_esco(directory=write_esco(tmp_path, skills=SHARED))
    text = "Reporting to the director, I handled reporting and used GIMP."

    in_list = recognise_skills(text, language="en")
    in_prose = recognise_skills(text, language="en", in_prose=True)

    assert [skill.text for skill in in_list] == ["Reporting", "GIMP"]
    assert [skill.text for skill in in_prose] == ["GIMP"]  # ESCO writes it as a name


def test_a_recognised_skill_is_the_skill_as_the_table_has_it(esco):
    [found] = recognise_skills("Python", language="en")

    stored = Skill.objects.get(uri=SKILL + "python")
    assert found.skill == stored
    assert (found.skill.uri, found.skill.skill_type, found.skill.label("en")) == (
        stored.uri, "knowledge", "Python (computer programming)"
    )  # fmt: skip
    assert found.skill.description_en == stored.description_en  # the rest, read when asked
