import time

from allauth.account import app_settings as account_settings
from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.authentication import get_authentication_records
from allauth.core import context
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.mfa.models import Authenticator
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ImproperlyConfigured
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from vivier.accounts import candidates
from vivier.accounts.models import COMMUNITY_ROLES, STAFF_ROLES, Role


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request):
        # Staff accounts are created by an administrator; candidates apply without an account.
        return False

    def get_login_redirect_url(self, request):
        # Candidates land in their space; the back office would answer them 404.
        if candidates.is_candidate(request.user):
            return reverse("space:home")
        if request.user.role in COMMUNITY_ROLES:  # employees, alumni, partners: their hubs
            return reverse("hubs:my_hubs")
        return super().get_login_redirect_url(request)

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


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    """LinkedIn and Google (OpenID Connect) open candidates' spaces, and nothing else.

    A provider account signs in only with an e-mail address the provider says it verified. It
    becomes, or joins, a candidate's account with that address; an address that belongs to a
    staff or community account is refused (those sign in with their password and second
    factor), and so is a provider account already tied to one.
    """

    def is_open_for_signup(self, request, sociallogin) -> bool:
        return True  # a candidate's account, made by pre_social_login's checks and save_user

    def pre_social_login(self, request, sociallogin) -> None:
        if sociallogin.state.get("process") == "connect":
            # /accounts/3rdparty/: a signed-in candidate adds a provider to their own account;
            # not for the team, whose accounts open with their password and second factor.
            if not candidates.is_candidate(request.user):
                self._refuse(request, _staff_message())
            return
        if sociallogin.is_existing:
            if not candidates.is_candidate(sociallogin.user):
                self._refuse(request, _staff_message())
            return
        email = _verified_email(sociallogin)
        if not email:
            self._refuse(
                request,
                _(
                    "Your %(provider)s account gave no verified e-mail address. Please sign in "
                    "with a link sent by e-mail instead."
                )
                % {"provider": sociallogin.provider.name},
            )
        if not candidates.may_open_a_candidate_space(email) and _has_account(email):
            self._refuse(request, _staff_message())
        existing = _account(email)
        if existing is not None:
            sociallogin.connect(request, existing)
            candidates.mark_email_verified(existing, email)
            return
        sociallogin.user.email = email
        sociallogin.user.role = Role.CANDIDATE

    def populate_user(self, request, sociallogin, data):
        user = super().populate_user(request, sociallogin, data)
        user.role = Role.CANDIDATE
        return user

    def save_user(self, request, sociallogin, form=None):
        sociallogin.user.role = Role.CANDIDATE
        user = super().save_user(request, sociallogin, form)
        email = _verified_email(sociallogin)
        if email:
            candidates.mark_email_verified(user, email)
        return user

    def _refuse(self, request, message: str):
        messages.error(request, message)
        raise ImmediateHttpResponse(redirect("space:login"))


def _staff_message() -> str:
    return _(
        "This address belongs to a team account, which signs in with its password on the "
        "recruiter space. The candidate space opens only for candidates."
    )


def _verified_email(sociallogin) -> str:
    for address in sociallogin.email_addresses:
        if address.verified and address.email:
            return candidates.normalise(address.email)
    return ""


def _account(email: str):
    from vivier.accounts.models import User

    return User.objects.filter(email__iexact=email).first()


def _has_account(email: str) -> bool:
    return _account(email) is not None
