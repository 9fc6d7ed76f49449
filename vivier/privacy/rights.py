"""A person's rights (RGPD art. 15 and 17): asked from their mailbox, handled within a month."""

import datetime as dt
import hashlib
import io
import json
import zipfile

from django.conf import settings
from django.core import signing
from django.core.files.base import ContentFile
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from vivier.brand.models import Employer
from vivier.privacy import audit
from vivier.privacy.models import (
    AuditAction,
    ConsentRecord,
    RequestKind,
    RequestStatus,
    RightsRequest,
)
from vivier.privacy.notices import absolute, footer
from vivier.privacy.personal_data import (
    Excerpt,
    anonymise_candidate,
    delete_profile,
    email_records,
    erase_email_lists,
    files_of,
    find_person,
    record_of,
    related_records,
    serialise_item,
)

VERIFY_SALT = "vivier.privacy.verify"
VERIFY_LINK_DAYS = 7
DOWNLOAD_SALT = "vivier.privacy.download"
DOWNLOAD_LINK_DAYS = 14


class RequestNotAllowed(Exception):
    """The request cannot be handled that way; the message says why, for the staff."""


def email_hash(email: str) -> str:
    return hashlib.sha256(email.strip().lower().encode()).hexdigest()


# --- Asking -------------------------------------------------------------------------------------


@transaction.atomic
def ask(*, email: str, kind: str, language: str) -> RightsRequest:
    """Record the request and send the confirmation link: only the mailbox's owner can confirm.

    The same answer whether or not Vivier knows the address, so nobody learns who applied.
    """
    request = RightsRequest.objects.create(
        kind=kind, email=email.strip().lower(), email_hash=email_hash(email), language=language
    )
    token = signing.dumps({"request": request.pk}, salt=VERIFY_SALT)
    with translation.override(language):
        url = absolute(reverse("privacy:confirm", kwargs={"token": token}))
        subject = _("Confirm your request about your personal data")
        body = _(
            "Hello,\n\nWe received a request about the personal data %(employer)s holds for this "
            "address: %(kind)s.\n\nTo confirm it comes from you, follow this link within "
            "%(days)s days:\n%(url)s\n\nIf you did not ask, ignore this message: nothing will "
            "happen."
        ) % {
            "employer": Employer.current().name,
            "kind": RequestKind(kind).label,
            "days": VERIFY_LINK_DAYS,
            "url": url,
        }
    transaction.on_commit(lambda: send_mail(subject, body, None, [request.email]))
    return request


@transaction.atomic
def confirm(token: str) -> RightsRequest | None:
    """The person followed the link: the month to answer starts now."""
    try:
        data = signing.loads(token, salt=VERIFY_SALT, max_age=VERIFY_LINK_DAYS * 86400)
    except signing.BadSignature:
        return None
    request = RightsRequest.objects.select_for_update().filter(pk=data.get("request")).first()
    if request is None:
        return None
    if request.status == RequestStatus.UNVERIFIED:
        request.status = RequestStatus.OPEN
        request.verified_at = timezone.now()
        request.due_by = timezone.localdate() + dt.timedelta(days=settings.RIGHTS_REQUEST_DAYS)
        request.save(update_fields=["status", "verified_at", "due_by"])
    return request


# --- The export ---------------------------------------------------------------------------------


def collect(email: str) -> dict:
    """Everything held for an address, table by table, with labels a person can read."""
    from vivier.distribution.models import EmailDelivery, EmailUnsubscription

    person = find_person(email)
    records = []
    for root in person.roots:
        records += related_records(root)
    records += list(ConsentRecord.objects.filter(email__iexact=email))
    records += list(EmailDelivery.objects.filter(address__iexact=email))
    records += list(EmailUnsubscription.objects.filter(address__iexact=email))
    records += email_records(email)  # records, and Excerpts of records shared with others
    records += list(RightsRequest.objects.filter(email_hash=email_hash(email)))
    tables: dict[str, dict] = {}
    seen = set()
    for item in records:
        record = record_of(item)
        key = (record._meta.label, record.pk)
        if key in seen:
            continue
        seen.add(key)
        table = tables.setdefault(
            record._meta.label_lower,
            {"label": str(record._meta.verbose_name_plural).capitalize(), "rows": []},
        )
        table["rows"].append(serialise_item(item))
    # The files only of whole records: an Excerpt's record is someone else's too.
    whole = [item for item in records if not isinstance(item, Excerpt)]
    return {"person": person, "records": whole, "tables": tables}


def build_export(email: str, language: str) -> bytes:
    """A ZIP: data.json (machine-readable), data.html (to read) and every document as it was."""
    found = collect(email)
    with translation.override(language):
        generated_at = timezone.now()
        payload = {
            "email": email,
            "generated_at": generated_at.isoformat(),
            "employer": Employer.current().name,
            "tables": found["tables"],
        }
        html = render_to_string(
            "privacy/export.html",
            {"email": email, "generated_at": generated_at, "tables": found["tables"].values()},
        )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("data.json", json.dumps(payload, ensure_ascii=False, indent=2))
        archive.writestr("data.html", html)
        written = set()  # a record reached by two relations is written once
        for record in found["records"]:
            # The table's name in the path: a CV sent with an application and its copy on the
            # pool profile may have the same id in their tables.
            key = f"{record._meta.model_name}-{record.pk}"
            if key in written:
                continue
            written.add(key)
            for file in files_of(record):
                name = getattr(record, "original_name", "") or file.name.rsplit("/", 1)[-1]
                try:
                    with file.open("rb") as handle:
                        archive.writestr(f"documents/{key}-{name}", handle.read())
                except OSError:
                    continue  # a file already gone: the row in data.json still says it existed
    return buffer.getvalue()


def download_token(request: RightsRequest) -> str:
    return signing.dumps({"request": request.pk}, salt=DOWNLOAD_SALT)


def request_for_download(token: str) -> RightsRequest | None:
    try:
        data = signing.loads(token, salt=DOWNLOAD_SALT, max_age=DOWNLOAD_LINK_DAYS * 86400)
    except signing.BadSignature:
        return None
    return RightsRequest.objects.filter(
        pk=data.get("request"), status=RequestStatus.DONE, kind=RequestKind.ACCESS
    ).first()


def _open_request(request: RightsRequest, kind: str) -> RightsRequest:
    request = RightsRequest.objects.select_for_update().get(pk=request.pk)
    if request.status != RequestStatus.OPEN or request.kind != kind:
        raise RequestNotAllowed(_("This request is not open for that."))
    return request


@transaction.atomic
def answer_access(*, request: RightsRequest, by) -> RightsRequest:
    """Build the export, keep it in private storage and send the person a download link."""
    request = _open_request(request, RequestKind.ACCESS)
    data = build_export(request.email, request.language)
    request.export.save("export.zip", ContentFile(data), save=False)
    request.status = RequestStatus.DONE
    request.handled_by = by
    request.handled_at = timezone.now()
    request.save(update_fields=["export", "status", "handled_by", "handled_at"])
    for root in find_person(request.email).roots:
        audit.record(actor=by, action=AuditAction.EXPORT, obj=root, detail="RGPD art. 15")
    with translation.override(request.language):
        url = absolute(reverse("privacy:download", kwargs={"token": download_token(request)}))
        subject = _("A copy of your personal data")
        body = _(
            "Hello,\n\nHere is the copy of the personal data %(employer)s holds for this address, "
            "as you asked: a file to read (data.html), the same in a machine-readable form "
            "(data.json) and your documents.\n\nDownload it within %(days)s days:\n%(url)s"
        ) % {"employer": Employer.current().name, "days": DOWNLOAD_LINK_DAYS, "url": url}
        body += footer(request.language)
    email = request.email
    transaction.on_commit(lambda: send_mail(subject, body, None, [email]))
    return request


@transaction.atomic
def answer_erasure(*, request: RightsRequest, by) -> RightsRequest:
    """Erase the person; keep only anonymised statistics and the proof the request was met."""
    request = _open_request(request, RequestKind.ERASURE)
    email = request.email
    erase_person(email=email, by=by)
    for earlier in RightsRequest.objects.filter(email_hash=request.email_hash):
        if earlier.export:
            earlier.export.delete(save=False)
    RightsRequest.objects.filter(email_hash=request.email_hash).update(email="", export="")
    request.refresh_from_db()
    request.status = RequestStatus.DONE
    request.handled_by = by
    request.handled_at = timezone.now()
    request.save(update_fields=["status", "handled_by", "handled_at"])
    with translation.override(request.language):
        subject = _("Your personal data has been erased")
        body = _(
            "Hello,\n\nAs you asked, %(employer)s has erased the personal data it held for this "
            "address. Only figures that no longer name you (how many people applied through "
            "which channel) are kept."
        ) % {"employer": Employer.current().name}
    transaction.on_commit(lambda: send_mail(subject, body, None, [email]))
    return request


def erase_person(*, email: str, by) -> None:
    person = find_person(email)
    for candidate in person.candidates:
        anonymise_candidate(candidate)
        audit.record(actor=by, action=AuditAction.ERASE, obj=candidate, detail="RGPD art. 17")
    for profile in person.profiles:
        if profile.candidate_id and profile.candidate_id in {c.pk for c in person.candidates}:
            continue  # gone with the applicant
        key = audit.person_key(profile)
        delete_profile(profile)
        audit.record(
            actor=by, action=AuditAction.ERASE, obj=profile, person=key, detail="RGPD art. 17"
        )
    ConsentRecord.objects.filter(email__iexact=email).delete()
    erase_email_lists(email, by=by)


@transaction.atomic
def refuse(*, request: RightsRequest, by, answer: str) -> RightsRequest:
    """Refuse with a reason the person receives (e.g. data that must legally be kept)."""
    request = RightsRequest.objects.select_for_update().get(pk=request.pk)
    if request.status != RequestStatus.OPEN:
        raise RequestNotAllowed(_("This request is not open for that."))
    request.status = RequestStatus.REFUSED
    request.answer = answer
    request.handled_by = by
    request.handled_at = timezone.now()
    request.save(update_fields=["status", "answer", "handled_by", "handled_at"])
    with translation.override(request.language):
        subject = _("Your request about your personal data")
        body = (
            _("Hello,\n\nWe cannot grant your request, for this reason:")
            + f"\n\n{answer}\n\n"
            + _("You may complain to the CNIL (www.cnil.fr).")
        )
    email = request.email
    transaction.on_commit(lambda: send_mail(subject, body, None, [email]))
    return request
