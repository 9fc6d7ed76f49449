"""Checks on uploaded documents: the type is read from the content, never from the name.

A CV is a PDF or a DOCX of at most CV_MAX_BYTES. A DOCX is a ZIP archive, so it is also checked
against the ways a ZIP can hurt whoever opens it later: too many entries, a huge uncompressed
size (zip bomb), absurd compression ratios, encryption, or paths that leave the archive.
When clamd is configured, the file is also scanned for viruses (clamav.py).
"""

import zipfile
import zlib
from dataclasses import dataclass
from xml.etree import ElementTree

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from vivier.core.clamav import check_for_viruses

PDF_MAGIC = b"%PDF-"
ZIP_MAGIC = b"PK\x03\x04"
DOCX_MAX_ENTRIES = 1000
DOCX_MAX_UNCOMPRESSED_BYTES = 100 * 1024 * 1024
DOCX_MAX_RATIO = 200  # uncompressed / compressed size of one entry; text XML stays far below
DOCX_MAX_DOCUMENT_BYTES = 20 * 1024 * 1024  # word/document.xml itself: text and markup only
# What reading a damaged archive's entry raises: a bad header or offset, a bad CRC, bad deflate
# data, an unknown compression, broken XML. (Found by fuzzing: tests/core/test_fuzzing.py.)
DOCX_READ_ERRORS = (
    zipfile.BadZipFile, zlib.error, EOFError, ValueError, KeyError, NotImplementedError, OSError,
    ElementTree.ParseError,
)  # fmt: skip


@dataclass(frozen=True)
class DocumentKind:
    extension: str
    content_type: str


PDF = DocumentKind("pdf", "application/pdf")
DOCX = DocumentKind(
    "docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
)


def check_cv(upload) -> DocumentKind:
    """Return the kind of an uploaded CV or raise a ValidationError that says what is wrong."""
    size = upload.size or 0
    if size == 0:
        raise ValidationError(_("The file is empty."), code="empty")
    if size > settings.CV_MAX_BYTES:
        raise ValidationError(
            _("The file is too large (%(size)s); the limit is %(limit)s.")
            % {"size": filesizeformat(size), "limit": filesizeformat(settings.CV_MAX_BYTES)},
            code="too_large",
        )
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if head.startswith(PDF_MAGIC):
        kind = PDF
    elif head.startswith(ZIP_MAGIC):
        _check_docx(upload)
        kind = DOCX
    else:
        raise ValidationError(
            _("This file is not a PDF or a Word (DOCX) document, whatever its name says."),
            code="wrong_type",
        )
    name = upload.name or ""
    if not name.lower().endswith("." + kind.extension):
        # Accept it, but store it under the extension that matches what it really is.
        upload.name = (name.rsplit(".", 1)[0] or "cv") + "." + kind.extension
    check_for_viruses(upload)
    upload.seek(0)
    return kind


def _check_docx(upload) -> None:
    invalid = ValidationError(
        _("This file is not a valid Word (DOCX) document."), code="invalid_docx"
    )
    try:
        with zipfile.ZipFile(upload) as archive:
            entries = archive.infolist()
            names = {entry.filename for entry in entries}
            if len(entries) > DOCX_MAX_ENTRIES:
                raise _unsafe_archive()
            if "[Content_Types].xml" not in names or "word/document.xml" not in names:
                raise invalid
            total = 0
            for entry in entries:
                if entry.flag_bits & 0x1:
                    raise ValidationError(
                        _("Encrypted documents cannot be read; please send an unprotected copy."),
                        code="encrypted",
                    )
                if entry.filename.startswith("/") or ".." in entry.filename.split("/"):
                    raise _unsafe_archive()
                total += entry.file_size
                ratio = entry.file_size / max(entry.compress_size, 1)
                if total > DOCX_MAX_UNCOMPRESSED_BYTES or ratio > DOCX_MAX_RATIO:
                    raise _unsafe_archive()
            document = archive.getinfo("word/document.xml")
            if document.file_size > DOCX_MAX_DOCUMENT_BYTES:
                raise _unsafe_archive()
            # Read and parse the text as the preview and the CV reader will: a file damaged
            # inside is refused now, with a clear message, rather than failing them later.
            ElementTree.fromstring(archive.read(document))
    except DOCX_READ_ERRORS as error:
        raise invalid from error
    finally:
        upload.seek(0)


def _unsafe_archive() -> ValidationError:
    return ValidationError(
        _("This document's internal structure looks unsafe (abnormally large or nested)."),
        code="unsafe_archive",
    )


def docx_paragraphs(file, *, max_bytes: int = 5 * 1024 * 1024) -> list[str]:
    """The text of a DOCX, one string per paragraph, for an inline preview.

    A damaged file raises ValueError (check_cv refuses those at upload; older files may be).
    """
    namespace = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    try:
        with zipfile.ZipFile(file) as archive:
            info = archive.getinfo("word/document.xml")
            if info.file_size > max_bytes:
                return []
            root = ElementTree.fromstring(archive.read(info))
    except DOCX_READ_ERRORS as error:
        raise ValueError(f"unreadable DOCX: {error}") from error
    paragraphs = []
    for paragraph in root.iter(f"{namespace}p"):
        text = "".join(node.text or "" for node in paragraph.iter(f"{namespace}t"))
        if text.strip():
            paragraphs.append(text)
    return paragraphs


IMAGE_MAX_BYTES = 2 * 1024 * 1024
IMAGE_MAGIC = {b"\x89PNG\r\n\x1a\n": "png", b"\xff\xd8\xff": "jpeg", b"RIFF": "webp"}


def check_image(upload) -> str:
    """A logo or picture: PNG, JPEG or WebP by content, at most IMAGE_MAX_BYTES."""
    if (upload.size or 0) > IMAGE_MAX_BYTES:
        raise ValidationError(
            _("The image is too large; the limit is %(limit)s.")
            % {"limit": filesizeformat(IMAGE_MAX_BYTES)},
            code="too_large",
        )
    upload.seek(0)
    head = upload.read(12)
    upload.seek(0)
    for magic, kind in IMAGE_MAGIC.items():
        if head.startswith(magic) and (kind != "webp" or head[8:12] == b"WEBP"):
            return kind
    raise ValidationError(_("Use a PNG, JPEG or WebP image."), code="wrong_type")


CSV_MAX_BYTES = 10 * 1024 * 1024
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # old Excel (.xls) and Word files
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


def check_csv(upload) -> None:
    """A table of people: text (not a workbook, PDF or other binary), at most CSV_MAX_BYTES."""
    size = upload.size or 0
    if size == 0:
        raise ValidationError(_("The file is empty."), code="empty")
    if size > CSV_MAX_BYTES:
        raise ValidationError(
            _("The file is too large (%(size)s); the limit is %(limit)s.")
            % {"size": filesizeformat(size), "limit": filesizeformat(CSV_MAX_BYTES)},
            code="too_large",
        )
    upload.seek(0)
    head = upload.read(64 * 1024)
    upload.seek(0)
    if head.startswith((ZIP_MAGIC, OLE2_MAGIC)):
        raise ValidationError(
            _("This is a spreadsheet workbook, not a CSV: in your spreadsheet, save it as "
              "“CSV UTF-8” (or “CSV”) and upload that file."),
            code="workbook",
        )  # fmt: skip
    if head.startswith(PDF_MAGIC):
        raise ValidationError(_("This is a PDF document, not a CSV table."), code="wrong_type")
    if head.startswith(UTF16_BOMS):
        return  # UTF-16 text: every other byte is zero
    controls = sum(1 for byte in head if byte < 32 and byte not in (9, 10, 13))
    if controls > len(head) // 100:
        raise ValidationError(
            _("This file is not text, whatever its name says: upload a CSV table."),
            code="wrong_type",
        )
