from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "vivier.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self):
        from allauth.mfa.signals import authenticator_added

        from vivier.accounts import checks  # noqa: F401 - registers the deployment checks
        from vivier.accounts.two_factor import record_enrolment

        authenticator_added.connect(record_enrolment, dispatch_uid="vivier-mfa-enrolment")

        # A candidate's account (their space) is exported and erased with the rest of their data.
        from vivier.accounts.candidates import records_of_address
        from vivier.privacy.personal_data import register_email_records

        register_email_records(records_of_address)
