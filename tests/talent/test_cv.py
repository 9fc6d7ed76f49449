"""CVs read from generated PDF and DOCX files, French and English; hostile files refused."""

import datetime as dt
import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from vivier.core.documents import make_docx, make_pdf
from vivier.talent.imports.batch import expand
from vivier.talent.imports.cv import cv_text, read_cv
from vivier.talent.imports.people import UnreadableFile
from vivier.talent.models import Profile, SourceKind

FRENCH = [
    "Camille EXEMPLE", "Développeuse Python",
    "camille.exemple@example.test - 06 12 34 56 78", "linkedin.com/in/camille-exemple",
    "Profil", "Six ans de services publics numériques.",
    "Expérience professionnelle", "03/2020 - aujourd'hui Développeuse - Région Exemple",
    "Django, PostgreSQL, htmx.", "Janvier 2018 - Février 2020 : Stagiaire, Agence Exemple",
    "Formation", "2015 - 2017 Master Informatique - Université Exemple",
    "Compétences", "Python, Django, PostgreSQL", "Langues", "Anglais (C1), Espagnol (B1)",
]  # fmt: skip
ENGLISH = [
    "Alex Sample", "Data engineer", "Email: alex.sample@example.test",
    "Phone: +44 20 7946 0958", "github.com/alex-sample",
    "Work experience", "Jan 2021 - Present Data engineer at Example Ltd",
    "Mar 2018 - Dec 2020 Analyst, Sample Corp",
    "Education", "2014 - 2017 BSc Computer Science, Example University",
    "Skills", "SQL; Python; Airflow", "Languages", "French: fluent",
]  # fmt: skip


@pytest.mark.parametrize("make", [make_pdf, make_docx])
def test_a_french_cv_is_read(make):
    person = read_cv(cv_text(make(FRENCH)))
    assert (person.first_name, person.last_name) == ("Camille", "Exemple")
    assert person.email == "camille.exemple@example.test"
    assert person.phone == "06 12 34 56 78"
    assert person.links == ["https://linkedin.com/in/camille-exemple"]
    assert person.headline == "Développeuse Python"
    assert person.summary == "Six ans de services publics numériques."
    first, second = person.experiences
    assert (first.title, first.place, first.starts_on, first.ends_on) == (
        "Développeuse", "Région Exemple", dt.date(2020, 3, 1), None
    )  # fmt: skip
    assert first.description == "Django, PostgreSQL, htmx."
    assert (second.title, second.place, second.starts_on) == (
        "Stagiaire", "Agence Exemple", dt.date(2018, 1, 1)
    )  # fmt: skip
    assert person.education[0].title == "Master Informatique"
    assert [skill for skill, _level in person.skills] == ["Python", "Django", "PostgreSQL"]
    assert person.languages == [("Anglais", "C1"), ("Espagnol", "B1")]


@pytest.mark.parametrize("make", [make_pdf, make_docx])
def test_an_english_cv_is_read(make):
    person = read_cv(cv_text(make(ENGLISH)))
    assert (person.first_name, person.last_name, person.email) == (
        "Alex", "Sample", "alex.sample@example.test"
    )  # fmt: skip
    assert person.phone.startswith("+44")
    assert person.links == ["https://github.com/alex-sample"]
    assert [(e.title, e.place) for e in person.experiences] == [
        ("Data engineer", "Example Ltd"), ("Analyst", "Sample Corp")
    ]  # fmt: skip
    assert person.experiences[0].ends_on is None
    assert [skill for skill, _level in person.skills] == ["SQL", "Python", "Airflow"]
    assert person.languages == [("French", "fluent")]


def encrypted_pdf() -> bytes:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    for page in PdfReader(io.BytesIO(make_pdf(["Secret"]))).pages:
        writer.add_page(page)
    writer.encrypt("password")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def image_only_pdf() -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def zip_bomb_docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document>" + " " * 50_000_000 + "</w:document>")
    return buffer.getvalue()


@pytest.fixture
def in_english():
    from django.utils import translation

    with translation.override("en"):
        yield


@pytest.mark.usefixtures("in_english")
@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty"),
        (b"%PDF-1.4 garbage that is not a PDF", "damaged"),
        (encrypted_pdf(), "password"),
        (image_only_pdf(), "no text"),
        (zip_bomb_docx(), "unsafe"),
        (b"GIF89a not a CV", "not a PDF"),
    ],
)
def test_hostile_and_broken_files_get_a_clear_error(data, message):
    with pytest.raises(UnreadableFile, match=message):
        cv_text(data, "cv.pdf")


def test_a_zip_of_cvs_becomes_its_files():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("cvs/camille.pdf", make_pdf(FRENCH))
        archive.writestr("cvs/alex.docx", make_docx(ENGLISH))
        archive.writestr("__MACOSX/._alex.docx", b"junk")
    files = expand("cvs.zip", buffer.getvalue())
    assert sorted(name for name, _data in files) == ["alex.docx", "camille.pdf"]


@pytest.mark.django_db
def test_a_folder_of_cvs_is_imported_with_a_report(client, bob, django_capture_on_commit_callbacks):
    client.force_login(bob)
    uploads = [
        SimpleUploadedFile("camille.pdf", make_pdf(FRENCH)),
        SimpleUploadedFile("alex.docx", make_docx(ENGLISH)),
        SimpleUploadedFile("scan.pdf", image_only_pdf()),
    ]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("talent:import"), {"files": uploads})
    batch = client.get(response["Location"]).context["batch"]
    assert [entry["action"] for entry in batch.report] == ["created", "created", "refused"]
    camille = Profile.objects.get(email="camille.exemple@example.test")
    assert camille.sources.get().kind == SourceKind.CV
    assert camille.experiences.count() == 2
    assert camille.must_be_informed_by is not None  # the recruiter, not the person, sent it
    assert not batch.files.exists()  # the files are not kept once read
