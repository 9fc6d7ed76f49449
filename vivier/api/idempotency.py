"""Idempotency-Key on creates: the same key and request get the same answer, and one effect."""

import hashlib
import json

from django.core.serializers.json import DjangoJSONEncoder
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from vivier.api.models import IdempotentRequest
from vivier.api.problems import Problem

MAX_KEY_LENGTH = 255


def _fingerprint(request) -> str:
    digest = hashlib.sha256()
    for part in (request.method.encode(), request.path.encode(), request.body):
        digest.update(part + b"\0")
    return digest.hexdigest()


def idempotent(request, perform) -> tuple[int, dict]:
    """Run perform() -> (status, body) once per Idempotency-Key of this token."""
    key = request.headers.get("Idempotency-Key", "").strip()
    if not key:
        return perform()
    if len(key) > MAX_KEY_LENGTH:
        raise Problem(400, _("Invalid Idempotency-Key"), _("Use at most 255 characters."))
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
