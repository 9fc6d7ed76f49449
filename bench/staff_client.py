"""A Django test client for the benchmarks that time staff pages, signed in as a complete
sign-in leaves a session: the password, then the second factor.

Staff pages require two-factor authentication (vivier/accounts/two_factor.py): a client signed
in by force_login alone is sent to the setup. This records what allauth records after the app's
code, as tests/two_factor.py does for the tests.
"""


def signed_in_client(user, **defaults):
    from allauth.account.internal.flows.login import record_authentication
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
    from django.http import HttpRequest
    from django.test import Client

    client = Client(**defaults)
    client.force_login(user)
    app = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()
    app = app or TOTP.activate(user, generate_totp_secret()).instance
    request = HttpRequest()
    request.session, request.user = client.session, user
    record_authentication(request, user, method="mfa", type="totp", id=app.pk)
    request.session.save()
    return client
