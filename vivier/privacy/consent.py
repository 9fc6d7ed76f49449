"""Consent records: what the person agreed to, when, where, and the exact words they saw."""

import hashlib

from vivier.privacy.models import ConsentRecord


def text_version(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def record_consent(*, email: str, purpose: str, text: str, collected_at: str = "",
                   is_given: bool = True) -> ConsentRecord:  # fmt: skip
    return ConsentRecord.objects.create(
        email=email.strip().lower(),
        purpose=purpose,
        is_given=is_given,
        text=text,
        text_version=text_version(text),
        collected_at=collected_at[:120],
    )


def has_consent(email: str, purpose: str) -> bool:
    """The latest record decides: a withdrawal after a consent ends it."""
    latest = (
        ConsentRecord.objects.filter(email__iexact=email.strip(), purpose=purpose)
        .order_by("-at", "-pk")
        .first()
    )
    return bool(latest and latest.is_given)
