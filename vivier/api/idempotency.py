"""Idempotency-Key on creates: the same key and request get the same answer, and one effect."""

import hashlib
import json

from django.core.serializers.json import DjangoJSONEncoder
from django.db import IntegrityError, transaction
from django.http.request import RawPostDataException
from django.utils.translation import gettext as _

from vivier.api.models import IdempotentRequest
from vivier.api.problems import Problem

MAX_KEY_LENGTH = 255


def _fingerprint(request) -> str:
    digest = hashlib.sha256()
    for part in (request.method.encode(), request.path.encode(), *_body_parts(request)):
        digest.update(part + b"\0")
    return digest.hexdigest()


def _body_parts(request) -> list[bytes]:
    try:
        return [request.body]
    except RawPostDataException:
        # A multipart body was streamed into fields and files: fingerprint those instead.
        parts = [f"{key}={value}".encode() for key, value in sorted(request.POST.lists())]
        for name, upload in sorted(request.FILES.items()):
            upload.seek(0)
            parts.append(name.encode() + hashlib.sha256(upload.read()).digest())
            upload.seek(0)
        return parts


def idempotent(request, perform) -> tuple[int, dict]:
    """Run perform() -> (status, body) once per Idempotency-Key of this token."""
    key = request.headers.get("Idempotency-Key", "").strip()
    if not key:
        return perform()
    if len(key) > MAX_KEY_LENGTH or not key.isprintable():  # a NUL would fail PostgreSQL
        raise Problem(400, _("Invalid Idempotency-Key"), _("Use at most 255 printable characters."))
    fingerprint = _fingerprint(request)
    previous = IdempotentRequest.objects.filter(token=request.api_token, key=key).first()
    if previous is None:
        try:
            with transaction.atomic():
                status, body = perform()
                body = json.loads(json.dumps(body, cls=DjangoJSONEncoder))
                IdempotentRequest.objects.create(
                    token=request.api_token,
                    key=key,
                    fingerprint=fingerprint,
                    status=status,
                    body=body,
                )
                return status, body
        except IntegrityError:
            # The same key arrived twice at once; the other request's effect stands.
            previous = IdempotentRequest.objects.get(token=request.api_token, key=key)
    if previous.fingerprint != fingerprint:
        raise Problem(
            422,
            _("Idempotency-Key already used"),
            _("This key was used for a different request; use a new key."),
        )
    return previous.status, previous.body
