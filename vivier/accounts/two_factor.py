"""Staff accounts sign in with a second factor: an authenticator app (TOTP) or a recovery code.

allauth.mfa does the work: after the password, it asks for a code whenever the account has an
authenticator. What it does not do is *require* one, so this middleware does, for the back office
(`/app/`, with the API token screens, and `/admin/`): a team member whose session has not proved
a second factor is sent to set up an authenticator app (none yet) or to type a code (one exists:
a session signed in before the app was added elsewhere). Everything else (the careers site, the
sign-in and 2FA pages themselves) stays open, so the person can always finish the setup or sign
out. Community roles (employees, alumni, partners) and candidates are not concerned.

A session "proved a second factor" when allauth recorded an "mfa" authentication in it: at sign
in with a code, at re-authentication, or (see record_enrolment) when the person set up the app
in that session by typing a valid code from it.
"""

import re
from urllib.parse import urlencode

from allauth.account.authentication import get_authentication_records
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django_htmx.http import HttpResponseClientRedirect

from vivier.accounts.models import STAFF_ROLES


def back_office_pattern() -> re.Pattern:
    languages = "|".join(re.escape(code) for code, _name in settings.LANGUAGES)
    return re.compile(rf"^/(?:(?:{languages})/)?(?:app|admin)/")


def requires_second_factor(user) -> bool:
    return bool(
        settings.STAFF_MFA_REQUIRED
        and user.is_authenticated
        and user.is_active
        and user.role in STAFF_ROLES
    )


def has_authenticator_app(user) -> bool:
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


def session_proved_second_factor(request) -> bool:
    records = get_authentication_records(request, request.user)
    return any(record.get("method") == "mfa" for record in records)


class StaffTwoFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.back_office = back_office_pattern()

    def __call__(self, request):
        if (
            self.back_office.match(request.path_info)
            and requires_second_factor(request.user)
            and not session_proved_second_factor(request)
        ):
            return self.second_factor_step(request)
        return self.get_response(request)

    def second_factor_step(self, request):
        if has_authenticator_app(request.user):
            url = reverse("mfa_reauthenticate")
        else:
            url = reverse("mfa_activate_totp")
            messages.info(
                request,
                _(
                    "Your role gives access to candidates' data: your account must be protected "
                    "by two-factor authentication. Set up an authenticator app to continue."
                ),
                fail_silently=True,
            )
        url += "?" + urlencode({"next": request.get_full_path()})
        if getattr(request, "htmx", False):
            return HttpResponseClientRedirect(url)
        return redirect(url)


def record_enrolment(sender, request, user, authenticator, **kwargs) -> None:
    """Receiver of allauth's authenticator_added: setting up the app proved the second factor.

    The activation form only succeeds with a valid code from the new app, so the session that
    did it has shown both factors; recording it spares a second code at once. Only that session
    benefits: another session of the same account (signed in with the password alone before the
    app existed) is still asked for a code.
    """
    if authenticator.type != Authenticator.Type.TOTP or request is None:
        return
    # allauth's own bookkeeping of the steps a session went through (internal API, pinned <66).
    from allauth.account.internal.flows.login import record_authentication

    record_authentication(request, user, method="mfa", type="totp", id=authenticator.pk)
