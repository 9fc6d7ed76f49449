"""The folding that makes titles and labels comparable (vivier/taxonomy/text.py)."""

import pytest

from vivier.taxonomy.text import terms


@pytest.mark.parametrize(
    ("feminine", "masculine"),
    [
        ("Technicienne", "technicien"),
        ("Vendeuse", "vendeur"),
        ("Directrice", "directeur"),
        ("Conseillère", "conseiller"),
        ("Chargée", "chargé"),
        ("Avocate", "avocat"),
        ("Cheffe", "chef"),
        ("Professionnelle", "professionnel"),
        ("Employé(e)", "employé"),
    ],
)
def test_feminine_forms_fold_to_the_masculine(feminine, masculine):
    assert terms(feminine) == terms(masculine)


def test_gender_mentions_accents_elisions_and_filler_words_go():
    assert terms("Chargé(e) d’Accueil H/F") == terms("charge accueil")
    assert terms("Agent / Agente d'entretien (F/H)") == terms("agent entretien")


def test_plurals_fold_to_the_singular():
    assert terms("Techniciens de maintenance") == terms("technicien maintenance")
