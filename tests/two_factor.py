"""Two-factor authentication in tests: codes computed from the secret, and a signed-in client.

`totp_code` is written from RFC 6238 (and RFC 4226 for the truncation), not taken from allauth,
so tests check allauth's verification against the standard rather than against itself.

`SignedInClient.force_login` (the `client` fixture) stands for what a complete sign-in leaves
in a session: the password, then, for a team member, the second factor, as allauth records it.
The enforcement itself is tested with Django's plain Client, whose force_login leaves a session
that proved no second factor (tests/accounts/test_two_factor.py).
"""

import base64
import hashlib
import hmac
import struct
import time

from allauth.account.internal.flows.login import record_authentication
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.http import HttpRequest
from django.test import Client

from vivier.accounts.models import STAFF_ROLES


def totp_code(secret: str, *, at: float | None = None, digits: int = 6, step_s: int = 30) -> str:
    """RFC 6238: HOTP (HMAC-SHA1, dynamic truncation) of the number of steps since the epoch."""
    key = base64.b32decode(secret.upper() + "=" * (-len(secret) % 8))
    counter = int((time.time() if at is None else at) // step_s)
    digest = hmac.new(key, struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    value = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return str(value % 10**digits).zfill(digits)


def give_authenticator_app(user) -> str:
    """Set up an authenticator app for the user, as the activation page does; its secret."""
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return secret


def authenticator_secret(user) -> str:
    from allauth.mfa.utils import decrypt

    authenticator = Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP)
    return decrypt(authenticator.data["secret"])


class SignedInClient(Client):
    def force_login(self, user, backend=None):
        super().force_login(user, backend)
        if user.role not in STAFF_ROLES:
            return
        authenticator = Authenticator.objects.filter(
            user=user, type=Authenticator.Type.TOTP
        ).first()
        if authenticator is None:
            TOTP.activate(user, generate_totp_secret())
            authenticator = Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP)
        request = HttpRequest()
        request.session = self.session
        request.user = user
        record_authentication(request, user, method="mfa", type="totp", id=authenticator.pk)
        request.session.save()
