"""Reply addresses: reply+<application>-<token>@REPLY_DOMAIN.

The token is an HMAC of the application's id under the site's secret key, so nothing is stored
and nobody can make the address of another application. Local parts are compared in lower case
(some mail servers change the case), hence a hexadecimal token.
"""

import re

from django.conf import settings
from django.utils.crypto import constant_time_compare, salted_hmac

SALT = "vivier.conversations.reply-address"
TOKEN_LENGTH = 32  # hexadecimal characters: 128 bits
ADDRESS = re.compile(r"^reply\+(?P<id>\d{1,18})-(?P<token>[0-9a-f]+)@(?P<domain>[^@\s]+)$")


def reply_token(application_id: int, *, secret=None) -> str:
    digest = salted_hmac(SALT, str(application_id), secret=secret, algorithm="sha256")
    return digest.hexdigest()[:TOKEN_LENGTH]


def reply_address(application) -> str | None:
    """The address a candidate's reply should go to, or None when REPLY_DOMAIN is not set."""
    domain = settings.REPLY_DOMAIN
    if not domain:
        return None
    return f"reply+{application.pk}-{reply_token(application.pk)}@{domain}"


def read_address(address: str) -> tuple[bool, int | None]:
    """(whether it looks like one of our reply addresses, the application id if its token is
    good). Tokens made under a previous SECRET_KEY (SECRET_KEY_FALLBACKS) still count."""
    match = ADDRESS.match(address.strip().lower())
    domain = (settings.REPLY_DOMAIN or "").lower()
    if not match or not domain or match["domain"] != domain:
        return False, None
    application_id = int(match["id"])
    for secret in [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]:
        if constant_time_compare(match["token"], reply_token(application_id, secret=secret)):
            return True, application_id
    return True, None
