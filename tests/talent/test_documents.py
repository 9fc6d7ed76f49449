"""CVs kept on profiles: stored privately once, served to recruiters only, searchable, deleted."""

import hashlib
import io
import zipfile
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from vivier.core.documents import make_docx, make_pdf
from vivier.core.uploads import check_cv
from vivier.talent import documents
from vivier.talent.imports.cv import cv_text
from vivier.talent.imports.people import UnreadableFile
from vivier.talent.models import LegalBasis, Profile, ProfileDocument, Source, SourceKind
from vivier.talent.search import search_ids

pytestmark = pytest.mark.django_db

CV = [
    "Camille EXEMPLE", "Développeuse Python", "camille.exemple@example.test",
    "Mobilité Finistère, permis côtier",  # read by no field: only the CV's text holds it
    "Compétences", "Python, Django",
]  # fmt: skip


def import_files(client, user, files, captured):
    client.force_login(user)
    with captured(execute=True):
        response = client.post(reverse("talent:import"), {"files": files})
    return client.get(response["Location"]).context["batch"]


def document_url(document, **query):
    url = reverse("talent:document", kwargs={"pk": document.profile_id, "document_id": document.pk})
    return url + ("?download=1" if query.get("download") else "")


def test_an_imported_cv_is_kept_on_the_profile_privately_and_searchable(
    client, bob, django_capture_on_commit_callbacks
):
    data = make_pdf(CV)
    import_files(client, bob, [SimpleUploadedFile("camille.pdf", data)],
                 django_capture_on_commit_callbacks)  # fmt: skip

    profile = Profile.objects.get(email="camille.exemple@example.test")
    document = profile.documents.get()
    assert (document.original_name, document.content_type, document.size) == (
        "camille.pdf", "application/pdf", len(data)
    )  # fmt: skip
    assert document.sha256 == hashlib.sha256(data).hexdigest()
    assert document.uploaded_by == bob
    assert document.source == profile.sources.get(kind=SourceKind.CV)
    path = Path(document.file.path).resolve()
    assert path.is_relative_to(Path(settings.PRIVATE_MEDIA_ROOT).resolve())
    assert not path.is_relative_to(Path(settings.MEDIA_ROOT).resolve())
    assert path.read_bytes() == data
    assert "camille" not in document.file.name.lower()  # nothing of the person in the path
    assert search_ids("finistere") == [profile.pk]  # the CV's own words are searched


def test_the_same_cv_is_stored_once_whether_alone_or_in_a_zip(
    client, bob, django_capture_on_commit_callbacks
):
    data = make_docx(CV)
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as folder:
        folder.writestr("cvs/camille.docx", data)
    batch = import_files(client, bob, [SimpleUploadedFile("camille.docx", data),
                                       SimpleUploadedFile("cvs.zip", archive.getvalue())],
                         django_capture_on_commit_callbacks)  # fmt: skip
    again = import_files(client, bob, [SimpleUploadedFile("copy.docx", data)],
                         django_capture_on_commit_callbacks)  # fmt: skip

    profile = Profile.objects.get()
    assert [entry["action"] for entry in batch.report + again.report] == [
        "created", "unchanged", "unchanged"
    ]  # fmt: skip
    assert {entry["profile"] for entry in batch.report + again.report} == {profile.pk}
    assert ProfileDocument.objects.count() == 1
    assert profile.documents.get().content_type.endswith("wordprocessingml.document")
    assert profile.experiences.count() == 0 and profile.skills.count() == 2  # nothing twice


def test_a_json_resume_is_read_but_not_kept_as_a_document(
    client, bob, django_capture_on_commit_callbacks
):
    resume = b'{"basics": {"name": "Lou Test", "email": "lou@example.test"}}'
    import_files(client, bob, [SimpleUploadedFile("lou.json", resume)],
                 django_capture_on_commit_callbacks)  # fmt: skip

    assert Profile.objects.get().documents.count() == 0


@pytest.fixture
def document(bob):
    profile = Profile.objects.create(first_name="Camille", last_name="Exemple")
    source = Source.objects.create(profile=profile, kind=SourceKind.CV,
                                   legal_basis=LegalBasis.CONSENT, by=bob)  # fmt: skip
    kept, _is_new = documents.store_document(
        profile=profile, source=source, data=make_pdf(CV), name="camille.pdf", by=bob, text=""
    )
    return kept


def test_a_recruiter_reads_a_cv_inline_or_downloads_it(client, bob, alice, document):
    for user in (bob, alice):
        client.force_login(user)
        inline = client.get(document_url(document))
        assert inline.status_code == 200
        assert b"".join(inline.streaming_content) == make_pdf(CV)
        assert inline["Content-Type"] == "application/pdf"
        assert inline["Content-Disposition"].startswith("inline")
        assert inline["Cache-Control"] == "private, no-store"
        download = client.get(document_url(document, download=True))
        assert download["Content-Disposition"].startswith("attachment")
        assert 'filename="camille.pdf"' in download["Content-Disposition"]


def test_each_reading_of_a_cv_is_in_the_audit_log(client, bob, document):
    from vivier.privacy.models import AuditAction, AuditEntry

    client.force_login(bob)
    client.get(document_url(document))
    client.get(document_url(document, download=True))

    entries = AuditEntry.objects.filter(action=AuditAction.DOWNLOAD).order_by("pk")
    assert [(entry.actor, entry.detail) for entry in entries] == [
        (bob, "inline"), (bob, "download")
    ]  # fmt: skip
    assert {entry.person for entry in entries} == {f"profile:{document.profile_id}"}


def test_a_cv_gone_from_the_store_answers_404_and_is_not_logged_as_read(client, bob, document):
    from vivier.privacy.models import AuditAction, AuditEntry

    document.file.storage.delete(document.file.name)
    client.force_login(bob)

    assert client.get(document_url(document)).status_code == 404
    assert not AuditEntry.objects.filter(action=AuditAction.DOWNLOAD).exists()


def test_hiring_managers_employees_and_strangers_get_no_cv(client, hana, hugo, carla, document):
    url = document_url(document)
    assert client.get(url).status_code == 302  # to the login page
    for user in (hana, hugo, carla):
        client.force_login(user)
        assert client.get(url).status_code == 404


def test_a_document_is_only_found_under_its_own_profile(client, bob, document):
    other = Profile.objects.create(first_name="Lou", last_name="Test")
    client.force_login(bob)
    url = reverse("talent:document", kwargs={"pk": other.pk, "document_id": document.pk})
    assert client.get(url).status_code == 404


def test_the_profile_page_lists_its_documents(client, bob, document):
    client.force_login(bob)
    page = client.get(reverse("talent:detail", kwargs={"pk": document.profile_id}))

    assert list(page.context["documents"]) == [document]
    assert document_url(document).encode() in page.content
    assert b"camille.pdf" in page.content


def upload(client, profile, **fields):
    url = reverse("talent:add_document", kwargs={"pk": profile.pk})
    return client.post(url, fields)


def test_a_recruiter_adds_a_cv_by_hand_and_its_text_is_read_by_the_worker(
    client, bob, django_capture_on_commit_callbacks
):
    profile = Profile.objects.create(first_name="Camille", last_name="Exemple")
    client.force_login(bob)
    with django_capture_on_commit_callbacks(execute=True):
        response = upload(client, profile, file=SimpleUploadedFile("cv.docx", make_docx(CV)),
                          description="Given at the job fair", sent_by_the_person="on")  # fmt: skip

    assert response.status_code == 302
    document = profile.documents.get()
    assert (document.description, document.uploaded_by) == ("Given at the job fair", bob)
    assert "Finistère" in document.text and document.text_error == ""
    source = document.source
    assert (source.kind, source.legal_basis, source.by, source.supplied_by_candidate) == (
        SourceKind.CV, LegalBasis.CONSENT, bob, True
    )  # fmt: skip
    assert search_ids("finistere") == [profile.pk]


def test_the_same_file_added_twice_is_kept_once(client, bob, document):
    client.force_login(bob)
    response = upload(client, document.profile,
                      file=SimpleUploadedFile("again.pdf", make_pdf(CV)))  # fmt: skip

    assert response.status_code == 302
    assert document.profile.documents.count() == 1
    assert Source.objects.filter(profile=document.profile).count() == 1  # no source for nothing


def test_a_refused_file_keeps_what_else_was_typed(client, bob):
    profile = Profile.objects.create(first_name="Camille", last_name="Exemple")
    client.force_login(bob)
    response = upload(client, profile, file=SimpleUploadedFile("cv.pdf", b"GIF89a not a CV"),
                      description="Updated in March", sent_by_the_person="on")  # fmt: skip

    assert response.status_code == 200
    form = response.context["form"]
    with pytest.raises(ValidationError) as refusal:
        check_cv(SimpleUploadedFile("cv.pdf", b"GIF89a not a CV"))
    assert form.errors["file"] == refusal.value.messages  # what is wrong with it, translated
    assert b'value="Updated in March"' in response.content
    assert form["sent_by_the_person"].value() is True
    assert profile.documents.count() == 0 and profile.sources.count() == 0


def test_a_valid_file_survives_another_fields_error(
    client, bob, django_capture_on_commit_callbacks
):
    profile = Profile.objects.create(first_name="Camille", last_name="Exemple")
    client.force_login(bob)
    failed = upload(client, profile, file=SimpleUploadedFile("cv.pdf", make_pdf(CV)),
                    description="x" * 201)  # fmt: skip
    token = failed.context["form"]["file_token"].value()
    assert token and failed.context["form"].kept_file_name == "cv.pdf"
    assert profile.documents.count() == 0

    with django_capture_on_commit_callbacks(execute=True):
        upload(client, profile, file_token=token, description="Short")

    assert profile.documents.get().description == "Short"


def test_a_scanned_cv_is_kept_and_says_its_text_could_not_be_read(
    client, bob, django_capture_on_commit_callbacks
):
    from tests.talent.test_cv import image_only_pdf

    profile = Profile.objects.create(first_name="Camille", last_name="Exemple")
    client.force_login(bob)
    with django_capture_on_commit_callbacks(execute=True):
        upload(client, profile, file=SimpleUploadedFile("scan.pdf", image_only_pdf()))

    with pytest.raises(UnreadableFile) as reading:
        cv_text(image_only_pdf())
    document = profile.documents.get()
    assert (document.text, document.text_error) == ("", str(reading.value))
    page = client.get(reverse("talent:detail", kwargs={"pk": profile.pk}))
    assert document.text_error.encode() in page.content


def test_only_recruiters_can_add_a_cv(client, hana, carla):
    profile = Profile.objects.create(first_name="Camille", last_name="Exemple")
    for user in (hana, carla):
        client.force_login(user)
        response = upload(client, profile, file=SimpleUploadedFile("cv.pdf", make_pdf(CV)))
        assert response.status_code == 404
    assert profile.documents.count() == 0


def test_deleting_a_profile_deletes_its_files(document, django_capture_on_commit_callbacks):
    storage, name = document.file.storage, document.file.name
    assert storage.exists(name)

    with django_capture_on_commit_callbacks(execute=True):
        document.profile.delete()

    assert not storage.exists(name)
    assert not ProfileDocument.objects.exists()
