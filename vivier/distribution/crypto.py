"""Channel credentials at rest: Fernet (AES-128-CBC + HMAC-SHA256) with keys from the environment.

A database dump alone reveals no token. `CREDENTIALS_KEYS` holds one or more keys: the first
encrypts, any of them decrypts, so keys can be rotated without downtime.
"""

from functools import cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


@cache
def _fernet() -> MultiFernet:
    try:
        return MultiFernet([Fernet(key) for key in settings.CREDENTIALS_KEYS])
    except ValueError as error:
        raise ImproperlyConfigured(
            "CREDENTIALS_KEYS must be Fernet keys (32 bytes, URL-safe base64)."
        ) from error


def encrypt(text: str) -> str:
    return _fernet().encrypt(text.encode()).decode()


def decrypt(token: str) -> str:
    try:
        return _fernet().decrypt(token.encode()).decode()
    except InvalidToken as error:
        raise ImproperlyConfigured(
            "Channel credentials cannot be decrypted: is the key that encrypted them still "
            "in CREDENTIALS_KEYS?"
        ) from error


def rotate(token: str) -> str:
    """The same secret encrypted with the first key."""
    return _fernet().rotate(token.encode()).decode()


def new_key() -> str:
    return Fernet.generate_key().decode()
