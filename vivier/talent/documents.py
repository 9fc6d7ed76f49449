"""Files kept on a profile (CVs): private storage, one copy of each file, their text searchable.

Imported CVs arrive with their text already read (imports/batch.py reads it in a child process);
a CV a recruiter adds by hand is read the same way by the worker (`read_document_text`), so a
hostile PDF never holds a web process. Files live in the `private` storage, under random names,
and are served only by `talent:document` to the staff who may see the pool.
"""

import hashlib

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.db.models.signals import post_delete
from django.dispatch import receiver
from django.utils import timezone
from django.utils.translation import gettext as _

from vivier.core.time_limit import TookTooLong, call_with_time_limit
from vivier.core.uploads import check_cv
from vivier.talent.models import LegalBasis, ProfileDocument, Source, SourceKind
from vivier.talent.search import index_profile

READ_TIMEOUT_S = 20  # seconds to read one file's text, as for imports


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def find_copy(data: bytes) -> ProfileDocument | None:
    """The document, on any profile, that is this very file."""
    return ProfileDocument.objects.filter(sha256=sha256_of(data)).select_related("profile").first()


@transaction.atomic
def store_document(*, profile, source, data: bytes, name: str, by=None, text: str | None = None,
                   text_error: str = "", description: str = ""):  # fmt: skip
    """Keep a CV on a profile -> (the document, whether it is new). The same file is kept once.

    `text`: what was read of it; None to have the worker read it after the commit.
    Raises ValidationError when the file is not a CV (type by content, size).
    """
    digest = sha256_of(data)
    existing = profile.documents.filter(sha256=digest).first()
    if existing is not None:
        return existing, False
    upload = SimpleUploadedFile(name or "cv", data)
    kind = check_cv(upload)  # also gives a PDF named .docx its right extension
    document = ProfileDocument(
        profile=profile, source=source, original_name=(name or upload.name)[:255],
        content_type=kind.content_type, size=len(data), sha256=digest, uploaded_by=by,
        uploaded_at=timezone.now(), text=text or "", text_error=text_error[:300],
        description=description[:200],
    )  # fmt: skip
    document.file.save(upload.name, ContentFile(data), save=False)
    try:
        with transaction.atomic():
            document.save()
    except IntegrityError:  # the same file, stored by a concurrent import a moment ago
        document.file.delete(save=False)
        return profile.documents.get(sha256=digest), False
    if text is None:
        from vivier.talent.tasks import read_document_text  # the tasks module imports this one

        transaction.on_commit(lambda: read_document_text(document.pk))
    else:
        index_profile(profile)
    return document, True


@transaction.atomic
def add_document(*, profile, upload, sent_by_the_person: bool, by, description: str = ""):
    """A CV a recruiter adds to a profile by hand: (the document, whether it is new)."""
    upload.seek(0)
    data = upload.read()
    if profile.documents.filter(sha256=sha256_of(data)).exists():
        return profile.documents.get(sha256=sha256_of(data)), False
    source = Source.objects.create(
        profile=profile, kind=SourceKind.CV, detail=(upload.name or "")[:300], by=by,
        supplied_by_candidate=sent_by_the_person,
        legal_basis=LegalBasis.CONSENT if sent_by_the_person else LegalBasis.LEGITIMATE_INTEREST,
    )  # fmt: skip
    return store_document(
        profile=profile, source=source, data=data, name=upload.name, by=by,
        description=description,
    )  # fmt: skip


def _text(data: bytes, name: str) -> str:
    from vivier.talent.imports.cv import cv_text

    return cv_text(data, name)


def text_with_time_limit(data: bytes, name: str) -> str:
    """The text of a CV, read in a child process stopped after READ_TIMEOUT_S seconds."""
    from vivier.talent.imports.people import UnreadableFile

    try:
        return call_with_time_limit(_text, (data, name), READ_TIMEOUT_S)
    except TookTooLong as error:
        raise UnreadableFile(_("Reading this file took too long; it was stopped.")) from error


def read_text(document_id: int) -> ProfileDocument | None:
    """Read a kept document's text (the worker does, after an upload) and index the profile."""
    from vivier.talent.imports.people import UnreadableFile

    document = ProfileDocument.objects.select_related("profile").filter(pk=document_id).first()
    if document is None:
        return None
    with document.file.open("rb") as handle:
        data = handle.read()
    try:
        document.text, document.text_error = text_with_time_limit(data, document.original_name), ""
    except (UnreadableFile, ValidationError) as error:
        document.text, document.text_error = "", str(error)[:300]
    document.save(update_fields=["text", "text_error"])
    index_profile(document.profile)
    return document


@receiver(post_delete, sender=ProfileDocument, dispatch_uid="talent-document-file")
def delete_file(sender, instance, **kwargs):
    """A deleted document (or profile) takes its file along, once the deletion is committed.

    A signal rather than a service: every way a profile goes (erasure, retention, the admin, a
    cascade) must remove the CV from the disk, and only the deletion itself sees them all.
    """
    name, storage = instance.file.name, instance.file.storage
    if name:
        transaction.on_commit(lambda: storage.delete(name))
