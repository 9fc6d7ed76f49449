"""Skills of imported CVs, JSON Resumes and LinkedIn exports, recognised against ESCO."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.taxonomy.esco_fixture import SKILL, write_esco
from vivier.core.documents import make_docx, make_pdf
from vivier.talent.imports.cv import cv_text, read_cv
from vivier.talent.imports.json_resume import read_json_resume
from vivier.talent.imports.people import Item, Person, save_person
from vivier.talent.imports.skills import guess_language, recognise_person_skills
from vivier.talent.models import LegalBasis, Profile, SourceKind
from vivier.taxonomy.matching import forget_indexes
from vivier.taxonomy.services import load_esco

pytestmark = pytest.mark.django_db

# uri suffix: type, English label, alternatives, French label, alternatives (made up, ESCO-like)
SKILLS = {
    "project": ("skill/competence", "project management", ["manage projects"],
                "gestion de projet", ["gérer des projets"]),
    "accounting": ("knowledge", "accounting", ["accountancy"], "comptabilité", []),
    "nursing": ("skill/competence", "provide nursing care", ["nursing care"],
                "dispenser des soins infirmiers", ["soins infirmiers"]),
    "python": ("knowledge", "Python (computer programming)", ["Python"],
               "Python (programmation informatique)", ["Python"]),
    "sql": ("knowledge", "SQL", [], "SQL", []),
    "customer": ("skill/competence", "customer service", [], "service client", []),
    "statistics": ("knowledge", "statistics", ["data"], "statistiques", ["données"]),
}  # fmt: skip

FRENCH = [
    "Camille EXEMPLE", "Infirmière", "camille.exemple@example.test - 06 12 34 56 78",
    "Expérience professionnelle", "03/2020 - aujourd'hui Infirmière - Hôpital Exemple",
    "Soins infirmiers en chirurgie et suivi des patients.",
    "Formation", "2015 - 2018 Diplôme d'État infirmier - IFSI Exemple",
    "Compétences", "Gestion de projet, Comptabilité, Tricot, Customer service",
    "Langues", "Anglais (B2)",
]  # fmt: skip
ENGLISH = [
    "Alex Sample", "Data analyst", "alex.sample@example.test",
    "Work experience", "Jan 2021 - Present Data analyst at Example Ltd",
    "Analysed data and wrote SQL reports for the finance team.",
    "Skills", "Project management; accounting; knitting", "Languages", "French: fluent",
]  # fmt: skip


def load(tmp_path, *, french_skills: bool):
    forget_indexes()  # the matcher's indexes are per process; each test loads its own ESCO
    load_esco(directory=write_esco(tmp_path / "esco", french_skills=french_skills, skills=SKILLS))


@pytest.fixture(autouse=True)
def fresh_indexes():
    yield
    forget_indexes()


def save(person, by=None):
    return save_person(
        person=person, source_kind=SourceKind.CV, legal_basis=LegalBasis.LEGITIMATE_INTEREST,
        by=by, supplied_by_candidate=False, detail="cv.pdf",
    )  # fmt: skip


def skills_of(profile):
    return [
        (skill.esco_uri.removeprefix(SKILL), skill.label, skill.surface)
        for skill in profile.skills.order_by("pk")
    ]


@pytest.mark.parametrize("make", [make_pdf, make_docx])
def test_a_french_cvs_skills_get_esco_uris_and_french_labels(tmp_path, make):
    load(tmp_path, french_skills=True)
    outcome = save(read_cv(cv_text(make(FRENCH))))

    assert skills_of(outcome.profile) == [
        ("project", "gestion de projet", "Gestion de projet"),
        ("accounting", "comptabilité", "Comptabilité"),
        ("", "Tricot", "Tricot"),  # nothing in ESCO: kept as written
        ("customer", "service client", "Customer service"),  # English words in a French CV
        ("nursing", "dispenser des soins infirmiers", "Soins infirmiers"),  # from the position
    ]
    assert {skill.source for skill in outcome.profile.skills.all()} == {outcome.source}
    assert outcome.source.kind == SourceKind.CV
    assert outcome.notes == []


@pytest.mark.parametrize("make", [make_pdf, make_docx])
def test_an_english_cvs_skills_are_recognised_in_its_list_and_its_positions(tmp_path, make):
    load(tmp_path, french_skills=True)
    outcome = save(read_cv(cv_text(make(ENGLISH))))

    assert skills_of(outcome.profile) == [
        ("project", "project management", "Project management"),
        ("accounting", "accounting", "accounting"),
        ("", "knitting", "knitting"),
        ("sql", "SQL", "SQL"),  # "data", another name of statistics, is only a word in prose
    ]


def test_without_french_labels_a_french_cv_is_matched_on_english_ones_and_told(
    tmp_path, client, bob, django_capture_on_commit_callbacks
):
    load(tmp_path, french_skills=False)
    lines = FRENCH[:-3] + ["Python, SQL, Gestion de projet", "Langues", "Anglais (B2)"]
    client.force_login(bob)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("talent:import"), {"files": [SimpleUploadedFile("cv.pdf", make_pdf(lines))]}
        )
    batch = client.get(response["Location"]).context["batch"]

    profile = Profile.objects.get(email="camille.exemple@example.test")
    assert skills_of(profile) == [
        ("python", "Python (computer programming)", "Python"),  # no French label: English one
        ("sql", "SQL", "SQL"),
        ("", "Gestion de projet", "Gestion de projet"),
    ]
    [entry] = batch.report
    assert any("skills_fr.csv" in note for note in entry["notes"])


def test_an_import_says_when_esco_is_not_loaded_and_keeps_the_skills_as_written():
    outcome = save(Person(first_name="Lou", last_name="Test", skills=[("Python", "")]))

    assert skills_of(outcome.profile) == [("", "Python", "Python")]
    assert any("ESCO" in note for note in outcome.notes)


def test_a_skill_the_profile_has_is_not_added_twice(tmp_path):
    load(tmp_path, french_skills=True)
    person = Person(first_name="Lou", last_name="Test", email="lou@example.test", language="en",
                    skills=[("SQL", ""), ("Knitting", "")])  # fmt: skip
    save(person)
    again = Person(first_name="Lou", last_name="Test", email="lou@example.test", language="en",
                   skills=[("sql", ""), ("knitting", ""), ("Accountancy", "")])  # fmt: skip
    outcome = save(again)

    assert outcome.action == "merged"
    assert [label for _uri, label, _surface in skills_of(outcome.profile)] == [
        "SQL", "Knitting", "accounting"
    ]  # fmt: skip
    assert outcome.profile.skills.get(label="accounting").source == outcome.source


def test_json_resume_skills_keywords_and_highlights_are_recognised(tmp_path):
    load(tmp_path, french_skills=True)
    resume = {
        "basics": {"name": "Alex Sample", "email": "alex@example.test"},
        "work": [{"name": "Example Ltd", "position": "Analyst", "summary": "Reporting.",
                  "highlights": ["Moved the team's reports to SQL."]}],
        "skills": [{"name": "Finance", "level": "Advanced", "keywords": ["Accounting"]}],
    }  # fmt: skip
    outcome = save(read_json_resume(json.dumps(resume).encode()))

    assert [(uri, level) for uri, level in outcome.profile.skills.values_list(
        "esco_uri", "level").order_by("pk")] == [
        ("", "advanced"), (SKILL + "accounting", ""), (SKILL + "sql", "")
    ]  # fmt: skip


def test_a_linkedin_exports_skills_are_recognised(tmp_path):
    from tests.talent.test_imports import LINKEDIN, linkedin_zip
    from vivier.talent.imports.linkedin_export import read_linkedin_export

    load(tmp_path, french_skills=True)
    files = {**LINKEDIN, "Skills.csv": "Name\nGestion de projet\nComptabilité\n"}
    outcome = save(read_linkedin_export(linkedin_zip(files)))

    uris = set(outcome.profile.skills.values_list("esco_uri", flat=True))
    assert {SKILL + "project", SKILL + "accounting"} <= uris


def test_a_position_names_skills_but_common_words_are_not_claims(tmp_path):
    load(tmp_path, french_skills=True)
    person = Person(
        first_name="Alex", last_name="Sample", language="en",
        experiences=[Item(title="Analyst", description="Collected data.\nPython and SQL.")],
    )  # fmt: skip
    _language, found, _notes = recognise_person_skills(person)

    # "data" is another name of statistics, and a common word; ESCO writes "Python" as a name
    assert [skill.esco_uri.removeprefix(SKILL) for skill in found] == ["python", "sql"]
    person.experiences[0].description = "Cleaned the Data warehouse."  # written as a name
    assert [skill.surface for skill in recognise_person_skills(person)[1]] == ["Data"]


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Compétences\nGestion de projet et suivi des budgets", "fr"),
        ("Skills\nProject management and budgets", "en"),
        ("Python", "fr"),  # nothing says: the default language
    ],
)
def test_the_language_of_a_file_is_guessed_from_its_words(text, language):
    assert guess_language(text) == language
