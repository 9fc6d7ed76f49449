from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReferralsConfig(AppConfig):
    """Part of community with its own models and migrations (docs/decisions/0005)."""

    name = "vivier.community.referrals"
    label = "referrals"
    verbose_name = _("Referrals")

    def ready(self):
        from vivier.community.referrals import services
        from vivier.hiring import services as hiring

        hiring.register_application_hook(
            hiring.APPLICATION_CREATED_HOOKS, services.credit_application
        )
        hiring.register_application_hook(hiring.APPLICATION_HIRED_HOOKS, services.record_hire)
        # Referrers are told of their referrals' progress (vivier.notifications).
        from vivier.community.referrals import notify

        notify.register()
        hiring.register_application_hook(hiring.APPLICATION_MOVED_HOOKS, notify.application_moved)
        # A direct referral names a person before any application: the data export and the
        # erasure find it by address.
        from vivier.privacy.personal_data import register_email_records

        register_email_records(services.referrals_by_email)
        # The referrer's own side: their links, referrals and bonuses (personal_data.py).
        from vivier.community.referrals import personal_data

        register_email_records(personal_data.referrer_records, eraser=personal_data.erase_referrer)
        # Direct referrals nobody applied after: a rule of privacy's nightly retention run.
        from vivier.community.referrals.retention import RULES
        from vivier.privacy.retention import register_rule

        for rule in RULES:
            register_rule(rule)
