"""API tokens: created, checked and revoked here only."""

import datetime as dt
import hmac
import secrets

from django.db import transaction
from django.utils import timezone

from vivier.api.models import ApiToken, Scope
from vivier.core.tokens import token_digest

TOKEN_PREFIX = "viv"
LAST_USED_PRECISION = dt.timedelta(minutes=1)  # at most one write a minute for a busy token


@transaction.atomic
def create_token(*, user, name: str, scopes: list[str], expires_at=None) -> tuple[ApiToken, str]:
    """The new token and its plaintext, which is shown once and never stored."""
    unknown = set(scopes) - set(Scope.values)
    if unknown:
        raise ValueError(f"unknown scopes: {sorted(unknown)}")
    prefix = secrets.token_hex(4)
    secret = secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user,
        name=name,
        prefix=prefix,
        secret_hash=token_digest(secret),
        scopes=sorted(set(scopes)),
        expires_at=expires_at,
    )
    return token, f"{TOKEN_PREFIX}_{prefix}_{secret}"


def revoke_token(*, token: ApiToken, by) -> ApiToken:
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return token


def authenticate(raw: str) -> ApiToken | None:
    """The usable token that the raw value names, or None; constant-time on the secret."""
    parts = (raw or "").split("_", 2)
    if len(parts) != 3 or parts[0] != TOKEN_PREFIX:
        return None
    _kind, prefix, secret = parts
    token = ApiToken.objects.select_related("user").filter(prefix=prefix).first()
    if token is None or not hmac.compare_digest(token.secret_hash, token_digest(secret)):
        return None
    if not token.is_usable:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > LAST_USED_PRECISION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token
