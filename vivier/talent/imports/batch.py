"""Many files at once (CVs, ZIPs of CVs, JSON Resumes, LinkedIn exports), read by the worker.

Each file is read in a child process with a time limit, so a pathological PDF cannot hold the
worker; the batch counts what is done for the progress bar and reports every file's fate.
"""

import io
import zipfile

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from vivier.core.time_limit import TookTooLong, call_with_time_limit
from vivier.talent.documents import find_copy, store_document
from vivier.talent.duplicates import possible_duplicates
from vivier.talent.imports.cv import cv_text, read_cv
from vivier.talent.imports.json_resume import read_json_resume
from vivier.talent.imports.linkedin_export import read_linkedin_export
from vivier.talent.imports.people import UnreadableFile, save_person
from vivier.talent.models import ImportBatch, ImportFile, LegalBasis, SourceKind

PARSE_TIMEOUT_S = 20  # seconds to read one file
MAX_FILES = 500  # per batch, ZIP contents included
MAX_ZIP_ENTRY_BYTES = 10 * 1024 * 1024
MAX_ZIP_TOTAL_BYTES = 200 * 1024 * 1024


def _is_linkedin_export(archive: zipfile.ZipFile) -> bool:
    return any(info.filename.rsplit("/", 1)[-1] == "Profile.csv" for info in archive.infolist())


def expand(name: str, data: bytes) -> list[tuple[str, bytes]]:
    """A ZIP of CVs becomes its files; anything else stays as it is. Unsafe archives refused."""
    if data[:2] != b"PK" or name.lower().endswith(".docx"):
        return [(name, data)]
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        return [(name, data)]
    with archive:
        if _is_linkedin_export(archive) or "word/document.xml" in archive.namelist():
            return [(name, data)]
        entries = [info for info in archive.infolist() if not info.is_dir()]
        total = sum(info.file_size for info in entries)
        if len(entries) > MAX_FILES or total > MAX_ZIP_TOTAL_BYTES:
            raise UnreadableFile(_("The archive holds too many files or too much data."))
        files = []
        for info in entries:
            base = info.filename.rsplit("/", 1)[-1]
            if base.startswith(".") or info.file_size > MAX_ZIP_ENTRY_BYTES:
                continue
            files.append((base, archive.read(info)))
        return files


def _read(name: str, data: bytes):
    """(person, source kind) of one file; runs in the child process."""
    if data[:2] == b"PK" and _is_linkedin_export(zipfile.ZipFile(io.BytesIO(data))):
        return read_linkedin_export(data), SourceKind.LINKEDIN_EXPORT
    if name.lower().endswith(".json") or data.lstrip()[:1] == b"{":
        return read_json_resume(data), SourceKind.JSON_RESUME
    return read_cv(cv_text(data, name)), SourceKind.CV


def _read_with_time_limit(name: str, data: bytes):
    try:
        return call_with_time_limit(_read, (name, data), PARSE_TIMEOUT_S)
    except TookTooLong as error:
        raise UnreadableFile(_("Reading this file took too long; it was stopped.")) from error


@transaction.atomic
def create_batch(*, uploads, sent_by_the_person: bool, by) -> ImportBatch:
    """Keep the uploaded files in private storage; the worker reads them after the commit."""
    from vivier.talent.tasks import run_import  # the task module imports this one

    batch = ImportBatch.objects.create(created_by=by, sent_by_the_person=sent_by_the_person)
    files, refused = [], []
    for upload in uploads:
        data = upload.read()
        try:
            files += expand(upload.name, data)
        except UnreadableFile as error:
            refused.append({"file": upload.name, "action": "refused", "profile": None,
                            "notes": [str(error)]})  # fmt: skip
    for name, data in files[:MAX_FILES]:
        ImportFile.objects.create(batch=batch, name=name[:255], file=ContentFile(data, name=name))
    batch.total = len(files[:MAX_FILES]) + len(refused)
    batch.done = len(refused)
    batch.report = refused
    batch.save(update_fields=["total", "done", "report"])
    transaction.on_commit(lambda: run_import(batch.pk))
    return batch


def _import(batch, name: str, data: bytes, legal_basis: str) -> dict:
    """Read one file, save the person; a CV is kept on the profile, its text searchable."""
    person, kind = _read_with_time_limit(name, data)
    with transaction.atomic():
        outcome = save_person(
            person=person, source_kind=kind, legal_basis=legal_basis, by=batch.created_by,
            supplied_by_candidate=batch.sent_by_the_person, detail=name,
        )  # fmt: skip
        if kind == SourceKind.CV and outcome.profile is not None:
            store_document(profile=outcome.profile, source=outcome.source, data=data, name=name,
                           by=batch.created_by, text=person.text)  # fmt: skip
    return {"file": name, "action": outcome.action, "notes": outcome.notes,
            "profile": outcome.profile.pk if outcome.profile else None}  # fmt: skip


def run_batch(batch_id: int) -> ImportBatch:
    batch = ImportBatch.objects.get(pk=batch_id)
    legal_basis = LegalBasis.CONSENT if batch.sent_by_the_person else LegalBasis.LEGITIMATE_INTEREST
    for item in batch.files.all():
        with item.file.open("rb") as handle:
            data = handle.read()
        try:
            if copy := find_copy(data):  # this very CV was imported before: nothing new in it
                entry = {"file": item.name, "action": "unchanged", "profile": copy.profile_id,
                         "notes": [_("This very file is already on the profile.")]}  # fmt: skip
            else:
                entry = _import(batch, item.name, data, legal_basis)
                if entry["profile"]:
                    entry["duplicates"] = possible_duplicates(entry["profile"])
        except UnreadableFile as error:
            entry = {"file": item.name, "action": "refused", "profile": None, "notes": [str(error)]}
        batch.report.append(entry)
        ImportBatch.objects.filter(pk=batch.pk).update(done=F("done") + 1, report=batch.report)
        item.file.delete(save=False)  # a CV is kept on its profile (documents.py), not here
        item.delete()
    ImportBatch.objects.filter(pk=batch.pk).update(finished_at=timezone.now())
    batch.refresh_from_db()
    return batch
