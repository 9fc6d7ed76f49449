"""allauth's OpenID Connect callback, with the ID token's signature always checked.

allauth checks the ID token's issuer, audience and expiry, but skips its signature when it got
the token straight from the provider's token endpoint, as OpenID Connect Core (3.1.3.7) allows
over TLS. Vivier checks the signature against the provider's published keys (JWKS) all the
same: a token endpoint reached through a misconfigured proxy, or plain HTTP in a test set-up,
cannot slip in a forged identity. The rest of the flow is allauth's own.
"""

from allauth.account.internal.decorators import login_not_required
from allauth.socialaccount.internal import jwtkit
from allauth.socialaccount.models import SocialApp
from allauth.socialaccount.providers.oauth2.views import OAuth2CallbackView
from allauth.socialaccount.providers.openid_connect.views import OpenIDConnectOAuth2Adapter
from django.http import Http404


class SignatureCheckingAdapter(OpenIDConnectOAuth2Adapter):
    def _decode_id_token(self, app: SocialApp, id_token: str) -> dict:
        return jwtkit.verify_and_decode(
            credential=id_token,
            keys_url=self.openid_config["jwks_uri"],
            issuer=self.openid_config["issuer"],
            audience=app.client_id,
            lookup_kid=jwtkit.lookup_kid_jwk,
            verify_signature=True,
        )


@login_not_required
def callback(request, provider_id):
    try:
        view = OAuth2CallbackView.adapter_view(SignatureCheckingAdapter(request, provider_id))
        return view(request)
    except SocialApp.DoesNotExist as error:
        raise Http404 from error
