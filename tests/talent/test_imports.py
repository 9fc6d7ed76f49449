"""Imports: JSON Resume and LinkedIn's data export, with duplicates merged and provenance kept."""

import datetime as dt
import io
import json
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from vivier.talent.imports.json_resume import read_json_resume
from vivier.talent.imports.linkedin_export import read_linkedin_export
from vivier.talent.imports.people import UnreadableFile, save_person
from vivier.talent.models import LegalBasis, Profile, SourceKind

pytestmark = pytest.mark.django_db

RESUME = {
    "basics": {
        "name": "Camille Exemple",
        "label": "Développeuse Python",
        "email": "Camille@Example.test",
        "phone": "+33 6 12 34 56 78",
        "summary": "Six ans de services publics numériques.",
        "location": {"city": "Rennes", "region": "Bretagne", "countryCode": "fr"},
        "profiles": [
            {"network": "GitHub", "url": "https://github.com/camille-exemple"},
            {"network": "Instagram", "url": "https://instagram.com/camille.photos"},
        ],
    },
    "work": [
        {"name": "Région Exemple", "position": "Développeuse", "startDate": "2020-03",
         "endDate": "2024-06-30", "summary": "Django, PostgreSQL."},
    ],
    "education": [{"institution": "Université Exemple", "studyType": "Master",
                   "area": "Informatique", "startDate": "2015", "endDate": "2017"}],
    "skills": [{"name": "Python", "level": "Master"}, {"name": "Django", "level": "Advanced"}],
    "languages": [{"language": "Anglais", "fluency": "C1"}],
}  # fmt: skip


def resume_bytes(**changes):
    return json.dumps({**RESUME, **changes}).encode()


def linkedin_zip(files: dict[str, str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, text in files.items():
            archive.writestr(f"Basic_LinkedInDataExport_11-23-2026/{name}", text)
    return buffer.getvalue()


LINKEDIN = {
    "Profile.csv": "First Name,Last Name,Maiden Name,Headline,Summary,Geo Location\n"
    "Camille,Exemple,,Développeuse Python,"
    '"Services publics, numérique","Rennes, Bretagne, France"\n',
    "Email Addresses.csv": "Email Address,Confirmed,Primary,Updated On\n"
    "old@example.test,Yes,No,1/1/20\ncamille@example.test,Yes,Yes,1/1/24\n",
    "Positions.csv": "Company Name,Title,Description,Location,Started On,Finished On\n"
    "Région Exemple,Développeuse,Django,Rennes,Mar 2020,Jun 2024\n"
    "Agence Exemple,Stagiaire,,Brest,Jan 2019,\n",
    "Education.csv": "School Name,Start Date,End Date,Notes,Degree Name,Activities\n"
    "Université Exemple,2015,2017,,Master Informatique,\n",
    "Skills.csv": "Name\nPython\nDjango\n",
}


def test_a_json_resume_is_read_whole():
    person = read_json_resume(resume_bytes())
    assert (person.first_name, person.last_name, person.email) == (
        "Camille",
        "Exemple",
        "camille@example.test",
    )
    assert (person.city, person.country, person.headline) == ("Rennes", "FR", "Développeuse Python")
    (work,) = person.experiences
    assert (work.title, work.place, work.starts_on, work.ends_on) == (
        "Développeuse", "Région Exemple", dt.date(2020, 3, 1), dt.date(2024, 6, 30)
    )  # fmt: skip
    assert person.education[0].title == "Master — Informatique"
    assert person.skills == [("Python", "expert"), ("Django", "advanced")]
    assert person.languages == [("Anglais", "C1")]


def test_a_linkedin_export_is_read_whole():
    person = read_linkedin_export(linkedin_zip(LINKEDIN))
    assert (person.first_name, person.email, person.city) == (
        "Camille",
        "camille@example.test",
        "Rennes",
    )
    assert [e.title for e in person.experiences] == ["Développeuse", "Stagiaire"]
    assert person.experiences[0].starts_on == dt.date(2020, 3, 1)
    assert person.experiences[1].ends_on is None
    assert person.education[0].title == "Master Informatique"
    assert [skill for skill, _level in person.skills] == ["Python", "Django"]


@pytest.mark.parametrize(
    ("reader", "data", "message"),
    [
        (read_json_resume, b"", "JSON"),
        (read_json_resume, b"\x00\xff\xfe", "JSON"),
        (read_json_resume, b'{"name": "x"}', "basics"),
        (read_json_resume, b"[1, 2]", "basics"),
        (read_linkedin_export, b"not a zip", "ZIP"),
        (read_linkedin_export, linkedin_zip({"Skills.csv": "Name\nPython\n"}), "Profile.csv"),
    ],
)
def test_a_wrong_file_gets_a_clear_error(reader, data, message):
    with pytest.raises(UnreadableFile, match=message):
        reader(data)


def test_the_same_person_twice_is_merged_with_both_sources(bob):
    first = save_person(
        person=read_json_resume(resume_bytes()), source_kind=SourceKind.JSON_RESUME,
        legal_basis=LegalBasis.CONSENT, by=bob, supplied_by_candidate=True,
    )  # fmt: skip
    second = save_person(
        person=read_linkedin_export(linkedin_zip(LINKEDIN)), source_kind=SourceKind.LINKEDIN_EXPORT,
        legal_basis=LegalBasis.CONSENT, by=bob, supplied_by_candidate=True,
    )  # fmt: skip
    assert (first.action, second.action) == ("created", "merged")
    profile = Profile.objects.get()
    assert {source.kind for source in profile.sources.all()} == {"json_resume", "linkedin_export"}
    assert profile.experiences.count() == 3
    assert {item.source.kind for item in profile.experiences.all()} == {
        "json_resume",
        "linkedin_export",
    }
    assert profile.summary == "Six ans de services publics numériques."  # not overwritten


def test_a_personal_link_in_a_file_from_a_recruiter_is_refused(bob):
    outcome = save_person(
        person=read_json_resume(resume_bytes()), source_kind=SourceKind.JSON_RESUME,
        legal_basis=LegalBasis.LEGITIMATE_INTEREST, by=bob, supplied_by_candidate=False,
    )  # fmt: skip
    assert [link.network.name for link in outcome.profile.links.all()] == ["GitHub"]
    assert any("Instagram" in note for note in outcome.notes)
    assert outcome.profile.must_be_informed_by is not None


def test_a_file_without_a_name_is_refused(bob):
    resume = resume_bytes(basics={"email": "x@example.test"})
    outcome = save_person(
        person=read_json_resume(resume), source_kind=SourceKind.JSON_RESUME,
        legal_basis=LegalBasis.CONSENT, by=bob, supplied_by_candidate=True,
    )  # fmt: skip
    assert outcome.action == "refused" and Profile.objects.count() == 0


def test_importing_through_the_screen(client, bob, django_capture_on_commit_callbacks):
    client.force_login(bob)
    upload = SimpleUploadedFile("export.zip", linkedin_zip(LINKEDIN), "application/zip")
    bad = SimpleUploadedFile("cv.json", b"{oops", "application/json")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("talent:import"), {"files": [upload, bad], "sent_by_the_person": "on"}
        )
    page = client.get(response["Location"])
    batch = page.context["batch"]
    assert (batch.done, batch.total) == (2, 2) and batch.finished_at
    actions = {entry["file"]: entry["action"] for entry in batch.report}
    assert actions == {"export.zip": "created", "cv.json": "refused"}
    assert Profile.objects.count() == 1
