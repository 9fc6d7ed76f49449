"""allauth's sign-in, second-factor and password-reset pages, behind Vivier's request limits.

Only submissions (POST) count: showing a form costs nothing to anyone. The address is counted
first, so a visitor already over their limit does not also use up the account's allowance.
"""

from functools import wraps

from allauth.account import views as account_views
from allauth.mfa.base import views as mfa_views

from vivier.core import throttle


def limited(*scopes: tuple[str, str | None]):
    """Count each POST against (scope, form field or None for the address); 429 when over."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if request.method == "POST":
                try:
                    for scope, field in scopes:
                        if field is None:
                            throttle.check(scope, throttle.client_address(request))
                        elif identity := request.POST.get(field, "").strip().lower():
                            throttle.check(scope, identity)
                except throttle.Throttled as error:
                    return throttle.too_many_requests(request, error)
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


login = limited(("login-address", None), ("login-email", "login"))(account_views.login)
# The code step of the sign-in shares the address's allowance; allauth counts wrong codes per
# account as well (5 in 5 minutes), and a code is good for one use only.
second_factor = limited(("login-address", None))(mfa_views.authenticate)
password_reset = limited(("password-reset-address", None), ("password-reset-email", "email"))(
    account_views.password_reset
)
