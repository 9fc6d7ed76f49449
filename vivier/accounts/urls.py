"""/accounts/: allauth's pages, the sign-in and password reset behind Vivier's request limits."""

from django.urls import include, path

from vivier.accounts import views

urlpatterns = [
    # Same names as allauth's, listed first: these take precedence over allauth's own.
    path("login/", views.login, name="account_login"),
    path("password/reset/", views.password_reset, name="account_reset_password"),
    path("2fa/authenticate/", views.second_factor, name="mfa_authenticate"),
    path("", include("allauth.urls")),
]
