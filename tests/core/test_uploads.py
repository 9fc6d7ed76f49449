"""Unit tests for uploaded documents, Markdown rendering and uploads kept across a failed form."""

import datetime as dt
import io
import os
import struct
import zipfile

import pytest
import time_machine
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from django.utils.safestring import SafeString

from tests.factories import docx_upload, pdf_upload
from vivier.core import pending_uploads
from vivier.core.documents import make_docx
from vivier.core.markdown import markdown_to_text, render_markdown
from vivier.core.uploads import DOCX, PDF, check_cv, check_image, docx_paragraphs

PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + bytes(32)
JPEG_BYTES = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(32)
WEBP_BYTES = b"RIFF\x24\x00\x00\x00WEBPVP8 " + bytes(32)
DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
CONTENT_TYPES_XML = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'
)
DOCUMENT_XML = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
    "<w:body><w:p><w:r><w:t>Camille Exemple</w:t></w:r></w:p></w:body></w:document>"
)


def upload(name, content, content_type="application/octet-stream"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def zip_bytes(entries: dict[str, bytes | str]) -> bytes:
    """A ZIP archive holding the given entries, deflated."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in entries.items():
            archive.writestr(name, content)
    return out.getvalue()


def with_encryption_flag(archive: bytes) -> bytes:
    """The same archive with the "encrypted" bit set on every entry.

    zipfile clears that bit when writing, so it is set afterwards in the local file headers
    (general purpose flag at offset 6) and the central directory (offset 8).
    """
    data = bytearray(archive)
    for signature, offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        start = data.find(signature)
        while start != -1:
            (flags,) = struct.unpack_from("<H", data, start + offset)
            struct.pack_into("<H", data, start + offset, flags | 0x1)
            start = data.find(signature, start + 4)
    return bytes(data)


def error_code(excinfo) -> str:
    return excinfo.value.code


# --- check_cv -------------------------------------------------------------------------------


def test_a_real_pdf_is_accepted_as_a_pdf():
    cv = pdf_upload()

    assert check_cv(cv) is PDF
    assert cv.name == "cv.pdf"


def test_a_docx_built_by_make_docx_is_accepted_as_a_docx():
    cv = docx_upload()

    assert check_cv(cv) is DOCX
    assert cv.name == "cv.docx"


def test_check_cv_leaves_the_file_rewound_for_whoever_stores_it():
    cv = pdf_upload()
    cv.read(3)

    check_cv(cv)

    assert cv.tell() == 0
    assert cv.read(5) == b"%PDF-"


def test_a_text_file_renamed_to_pdf_is_refused_as_the_wrong_type():
    cv = upload("cv.pdf", b"Camille Exemple\nDeveloppeuse\n", "application/pdf")

    with pytest.raises(ValidationError) as excinfo:
        check_cv(cv)

    assert error_code(excinfo) == "wrong_type"


def test_a_png_renamed_to_pdf_is_refused_as_the_wrong_type():
    cv = upload("cv.pdf", PNG_BYTES, "application/pdf")

    with pytest.raises(ValidationError) as excinfo:
        check_cv(cv)

    assert error_code(excinfo) == "wrong_type"


def test_an_empty_file_is_refused():
    with pytest.raises(ValidationError) as excinfo:
        check_cv(upload("cv.pdf", b"", "application/pdf"))

    assert error_code(excinfo) == "empty"


def test_a_file_over_the_size_limit_is_refused(settings):
    cv = pdf_upload()
    settings.CV_MAX_BYTES = cv.size - 1

    with pytest.raises(ValidationError) as excinfo:
        check_cv(cv)

    assert error_code(excinfo) == "too_large"


def test_a_file_exactly_at_the_size_limit_is_accepted(settings):
    cv = pdf_upload()
    settings.CV_MAX_BYTES = cv.size

    assert check_cv(cv) is PDF


def test_a_zip_without_a_word_document_is_refused_as_an_invalid_docx():
    archive = zip_bytes({"[Content_Types].xml": CONTENT_TYPES_XML, "notes.txt": "hello"})

    with pytest.raises(ValidationError) as excinfo:
        check_cv(upload("cv.docx", archive, DOCX_CONTENT_TYPE))

    assert error_code(excinfo) == "invalid_docx"


def test_a_truncated_zip_is_refused_as_an_invalid_docx():
    archive = make_docx(["Camille Exemple"])

    with pytest.raises(ValidationError) as excinfo:
        check_cv(upload("cv.docx", archive[: len(archive) // 2], DOCX_CONTENT_TYPE))

    assert error_code(excinfo) == "invalid_docx"


def test_a_docx_zip_bomb_is_refused_as_an_unsafe_archive():
    # 50 MB of zeros deflate to about 50 kB: far beyond any ratio a real document reaches.
    archive = zip_bytes(
        {"[Content_Types].xml": CONTENT_TYPES_XML, "word/document.xml": bytes(50 * 1024 * 1024)}
    )
    cv = upload("cv.docx", archive, DOCX_CONTENT_TYPE)
    assert cv.size < 1024 * 1024

    with pytest.raises(ValidationError) as excinfo:
        check_cv(cv)

    assert error_code(excinfo) == "unsafe_archive"


def test_a_docx_with_an_encrypted_entry_is_refused():
    archive = with_encryption_flag(
        zip_bytes({"[Content_Types].xml": CONTENT_TYPES_XML, "word/document.xml": DOCUMENT_XML})
    )

    with pytest.raises(ValidationError) as excinfo:
        check_cv(upload("cv.docx", archive, DOCX_CONTENT_TYPE))

    assert error_code(excinfo) == "encrypted"


def test_the_encryption_helper_only_changes_the_flag():
    plain = zip_bytes({"[Content_Types].xml": CONTENT_TYPES_XML, "word/document.xml": DOCUMENT_XML})

    with zipfile.ZipFile(io.BytesIO(with_encryption_flag(plain))) as archive:
        assert all(entry.flag_bits & 0x1 for entry in archive.infolist())
    assert check_cv(upload("cv.docx", plain, DOCX_CONTENT_TYPE)) is DOCX


@pytest.mark.parametrize("entry_name", ["../../etc/cron.d/evil", "word/../../evil.xml", "/evil"])
def test_a_docx_with_an_entry_leaving_the_archive_is_refused(entry_name):
    archive = zip_bytes(
        {
            "[Content_Types].xml": CONTENT_TYPES_XML,
            "word/document.xml": DOCUMENT_XML,
            entry_name: "x",
        }
    )
    with zipfile.ZipFile(io.BytesIO(archive)) as check:
        assert entry_name in check.namelist()

    with pytest.raises(ValidationError) as excinfo:
        check_cv(upload("cv.docx", archive, DOCX_CONTENT_TYPE))

    assert error_code(excinfo) == "unsafe_archive"


def test_a_docx_with_too_many_entries_is_refused():
    entries = {"[Content_Types].xml": CONTENT_TYPES_XML, "word/document.xml": DOCUMENT_XML}
    entries.update({f"word/media/{n}.txt": "" for n in range(1000)})

    with pytest.raises(ValidationError) as excinfo:
        check_cv(upload("cv.docx", zip_bytes(entries), DOCX_CONTENT_TYPE))

    assert error_code(excinfo) == "unsafe_archive"


def test_a_pdf_named_docx_is_accepted_and_renamed_to_pdf():
    cv = pdf_upload(name="cv.docx")

    assert check_cv(cv) is PDF
    assert cv.name == "cv.pdf"


def test_a_docx_named_pdf_is_accepted_and_renamed_to_docx():
    cv = docx_upload(name="Camille_CV.pdf")

    assert check_cv(cv) is DOCX
    assert cv.name == "Camille_CV.docx"


def test_a_file_without_extension_gets_the_extension_of_its_content():
    cv = pdf_upload(name="curriculum")

    check_cv(cv)

    assert cv.name == "curriculum.pdf"


def test_an_upper_case_extension_that_matches_the_content_is_kept():
    cv = pdf_upload(name="CV-Camille.PDF")

    check_cv(cv)

    assert cv.name == "CV-Camille.PDF"


# --- check_image ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "kind"), [(PNG_BYTES, "png"), (JPEG_BYTES, "jpeg"), (WEBP_BYTES, "webp")]
)
def test_check_image_recognises_pictures_by_their_content(content, kind):
    assert check_image(upload("logo.bin", content)) == kind


@pytest.mark.parametrize(
    "content",
    [
        b"GIF89a" + bytes(32),
        b"<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>",
        b"RIFF\x24\x00\x00\x00WAVEfmt " + bytes(32),
        b"%PDF-1.4\n",
    ],
    ids=["gif", "svg", "riff-wave", "pdf"],
)
def test_check_image_refuses_anything_else_even_named_png(content):
    with pytest.raises(ValidationError) as excinfo:
        check_image(upload("logo.png", content, "image/png"))

    assert error_code(excinfo) == "wrong_type"


def test_check_image_refuses_an_image_over_two_megabytes():
    big = upload("logo.png", PNG_BYTES + bytes(2 * 1024 * 1024), "image/png")

    with pytest.raises(ValidationError) as excinfo:
        check_image(big)

    assert error_code(excinfo) == "too_large"


# --- docx_paragraphs ------------------------------------------------------------------------


def test_docx_paragraphs_returns_the_text_of_each_paragraph():
    paragraphs = ["Camille Exemple", "Développeuse <web> & data", "Rennes"]

    assert docx_paragraphs(io.BytesIO(make_docx(paragraphs))) == paragraphs


def test_docx_paragraphs_skips_empty_paragraphs():
    document = make_docx(["Camille Exemple", "", "   ", "Rennes"])

    assert docx_paragraphs(io.BytesIO(document)) == ["Camille Exemple", "Rennes"]


def test_docx_paragraphs_gives_nothing_for_a_document_over_the_limit():
    document = make_docx(["Camille Exemple"])

    assert docx_paragraphs(io.BytesIO(document), max_bytes=10) == []


# --- render_markdown and markdown_to_text ---------------------------------------------------


def test_render_markdown_removes_script_tags_and_their_content():
    html = render_markdown("Bonjour\n\n<script>alert('x')</script>\n\nFin")

    assert "<script" not in html
    assert "alert" not in html
    assert "Bonjour" in html and "Fin" in html


def test_render_markdown_removes_event_handler_attributes():
    html = render_markdown('Photo <img src="x" onerror="alert(1)"> <a href="#" onclick="x()">a</a>')

    assert "onerror" not in html
    assert "onclick" not in html
    assert "<img" not in html


def test_render_markdown_removes_javascript_links():
    html = render_markdown("[Cliquez](javascript:alert(1)) et [là](JaVaScRiPt:alert(2))")

    assert "javascript" not in html.lower()
    assert "Cliquez" in html


def test_render_markdown_keeps_bold_lists_and_safe_links():
    html = render_markdown("**Important**\n\n- un\n- deux\n\n[Site](https://www.example.org/)")

    assert "<strong>Important</strong>" in html
    assert "<ul>" in html and "<li>un</li>" in html and "<li>deux</li>" in html
    assert 'href="https://www.example.org/"' in html


def test_render_markdown_puts_tables_and_code_in_a_box_that_scrolls_not_the_page():
    html = render_markdown("| a | b |\n| --- | --- |\n| 1 | 2 |\n\n    code\n\nFin")

    box = '<div class="scroll-box" tabindex="0">'
    assert html.count(box) == 2
    assert f"{box}<table>" in html and "</table></div>" in html
    assert f"{box}<pre>" in html and "</pre></div>" in html
    assert "<p>Fin</p>" in html


def test_render_markdown_drops_a_typed_scroll_box():
    html = render_markdown('<div class="scroll-box" tabindex="0">Texte</div>')

    assert "scroll-box" not in html and "tabindex" not in html and "Texte" in html


def test_render_markdown_gives_links_a_noopener_rel():
    html = render_markdown("[Site](https://www.example.org/)")

    assert 'rel="noopener noreferrer nofollow"' in html


def test_render_markdown_turns_a_first_level_heading_into_h2():
    html = render_markdown("# Contexte\n\n## Missions")

    assert "<h1" not in html
    assert "<h2>Contexte</h2>" in html
    assert "<h2>Missions</h2>" in html


def test_render_markdown_returns_safe_html_and_handles_empty_text():
    assert isinstance(render_markdown("*x*"), SafeString)
    assert render_markdown("") == ""


def test_markdown_to_text_strips_every_tag():
    text = markdown_to_text("## Contexte\n\nLa **direction** recrute.\n\n<script>alert(1)</script>")

    assert "<" not in text
    assert "alert" not in text
    assert "Contexte" in text and "La direction recrute." in text


def test_markdown_to_text_returns_plain_characters_not_html_entities():
    # The result is escaped again by templates and feeds, so it must not be escaped already.
    assert markdown_to_text('Santé & social, l\'équipe "projets"') == (
        'Santé & social, l\'équipe "projets"'
    )


def test_markdown_to_text_of_nothing_is_empty():
    assert markdown_to_text("") == ""
    assert markdown_to_text(None) == ""


# --- pending uploads ------------------------------------------------------------------------


@pytest.fixture
def private_storage(settings, tmp_path):
    """Private storage in a folder of this test's own, so other tests' files do not count."""
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path, "base_url": None},
        },
    }
    storage = storages["private"]
    assert storage.location == str(tmp_path)
    return storage


def test_a_kept_upload_can_be_claimed_with_its_token(private_storage):
    cv = pdf_upload(name="Camille_CV.pdf")
    content = cv.read()

    token = pending_uploads.keep(cv)
    claimed = pending_uploads.claim(token)

    assert claimed is not None
    assert claimed.read() == content
    assert claimed.name == "Camille_CV.pdf"
    assert pending_uploads.original_name(token) == "Camille_CV.pdf"
    assert cv.tell() == 0


def test_a_kept_upload_is_stored_in_private_storage_under_a_random_name(private_storage):
    token = pending_uploads.keep(pdf_upload(name="Camille_CV.pdf"))

    stored = private_storage.listdir(pending_uploads.FOLDER)[1]
    assert len(stored) == 1
    assert "Camille" not in stored[0]
    assert "Camille" not in signing.loads(token, salt=pending_uploads.SALT)["path"]


def test_a_tampered_token_gives_nothing(private_storage):
    token = pending_uploads.keep(pdf_upload())
    tampered = token[:-1] + ("A" if token[-1] != "A" else "B")

    assert pending_uploads.claim(tampered) is None
    assert pending_uploads.claim("not-a-token") is None
    assert pending_uploads.original_name(tampered) == ""


def test_a_token_signed_for_a_file_outside_the_pending_folder_gives_nothing(private_storage):
    private_storage.save("cv/secret.pdf", pdf_upload())
    token = signing.dumps({"path": "cv/secret.pdf", "name": "x.pdf"}, salt=pending_uploads.SALT)

    assert private_storage.exists("cv/secret.pdf")
    assert pending_uploads.claim(token) is None


def test_a_token_for_a_removed_file_gives_nothing(private_storage):
    token = pending_uploads.keep(pdf_upload())
    path = signing.loads(token, salt=pending_uploads.SALT)["path"]
    private_storage.delete(path)

    assert pending_uploads.claim(token) is None


def test_a_token_older_than_a_day_gives_nothing(private_storage):
    token = pending_uploads.keep(pdf_upload())

    with time_machine.travel(timezone.now() + dt.timedelta(hours=25)):
        assert pending_uploads.claim(token) is None
    assert pending_uploads.claim(token) is not None


def test_remove_expired_removes_old_files_and_keeps_recent_ones(private_storage):
    old_token = pending_uploads.keep(pdf_upload(name="old.pdf"))
    recent_token = pending_uploads.keep(pdf_upload(name="recent.pdf"))
    old_path = signing.loads(old_token, salt=pending_uploads.SALT)["path"]
    recent_path = signing.loads(recent_token, salt=pending_uploads.SALT)["path"]
    two_days_ago = (timezone.now() - dt.timedelta(days=2)).timestamp()
    os.utime(private_storage.path(old_path), (two_days_ago, two_days_ago))

    removed = pending_uploads.remove_expired()

    assert removed == 1
    assert not private_storage.exists(old_path)
    assert private_storage.exists(recent_path)


def test_remove_expired_does_nothing_when_no_upload_was_ever_kept(private_storage):
    assert pending_uploads.remove_expired() == 0
