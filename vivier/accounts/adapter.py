import time

from allauth.account import app_settings as account_settings
from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.authentication import get_authentication_records
from allauth.core import context
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from vivier.accounts.models import STAFF_ROLES


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request):
        # Staff accounts are created by an administrator; candidates apply without an account.
        return False

    def is_reauthentication_required(self, *, app: str, **kwargs) -> bool:
        """A password typed moments ago counts as a fresh one for the two-factor pages.

        A team member sent to set up an authenticator app right after signing in is not asked
        for the same password again; later (past ACCOUNT_REAUTHENTICATION_TIMEOUT) they are.
        """
        required = super().is_reauthentication_required(app=app, **kwargs)
        if not required or app != "allauth.mfa" or context.request is None:
            return required
        request = context.request
        records = get_authentication_records(request, request.user)
        signed_in = [record["at"] for record in records if record.get("method") == "password"]
        timeout_s = account_settings.REAUTHENTICATION_TIMEOUT
        return not (signed_in and time.time() - signed_in[-1] < timeout_s)


class MFAAdapter(DefaultMFAAdapter):
    """Authenticator secrets encrypted at rest; staff cannot switch their second factor off."""

    def get_totp_issuer(self) -> str:
        from vivier.brand.models import Employer

        name = Employer.current().name
        return f"{name} (Vivier)" if name else "Vivier"

    def encrypt(self, text: str) -> str:
        # The keys of the channel credentials (CREDENTIALS_KEYS): a database dump alone
        # reveals no TOTP secret, and `manage.py rotate_credentials` re-encrypts both.
        from vivier.distribution import crypto

        return crypto.encrypt(text)

    def decrypt(self, encrypted_text: str) -> str:
        from vivier.distribution import crypto

        try:
            return crypto.decrypt(encrypted_text)
        except ImproperlyConfigured as error:
            raise ImproperlyConfigured(
                "A two-factor secret cannot be decrypted: is the key that encrypted it still in "
                "CREDENTIALS_KEYS?"
            ) from error

    def can_delete_authenticator(self, authenticator: Authenticator) -> bool:
        # A lost phone: sign in with a recovery code, or an administrator deletes the
        # authenticator in /admin/ and the person sets up a new one at the next sign-in.
        user = authenticator.user
        return not (settings.STAFF_MFA_REQUIRED and user.role in STAFF_ROLES)
