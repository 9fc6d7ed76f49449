"""/accounts/: allauth's pages, the sign-in and password reset behind Vivier's request limits."""

from django.urls import include, path

from vivier.accounts import oidc, views

urlpatterns = [
    # Same names as allauth's, listed first: these take precedence over allauth's own.
    path("login/", views.login, name="account_login"),
    path("password/reset/", views.password_reset, name="account_reset_password"),
    path("2fa/authenticate/", views.second_factor, name="mfa_authenticate"),
    # LinkedIn's and Google's answer: allauth's callback, with the ID token's signature checked.
    path("oidc/<str:provider_id>/login/callback/", oidc.callback, name="openid_connect_callback"),
    path("", include("allauth.urls")),
]
