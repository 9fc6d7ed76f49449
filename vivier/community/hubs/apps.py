from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HubsConfig(AppConfig):
    """Part of community with its own models and migrations (docs/decisions/0005)."""

    name = "vivier.community.hubs"
    label = "hubs"
    verbose_name = _("Hubs")

    def ready(self):
        from vivier.community.hubs import notify

        notify.register()  # what hubs notify (vivier.notifications)

        # A member's posts, memberships, reactions... are in their data export and go with an
        # erasure, the posts anonymised rather than deleted (see personal_data.py).
        from vivier.community.hubs import personal_data
        from vivier.privacy.personal_data import register_email_records

        register_email_records(personal_data.records_of_address, eraser=personal_data.erase_address)
        # What hubs keep, and for how long: rules of privacy's nightly retention run.
        from vivier.community.hubs.retention import RULES
        from vivier.privacy.retention import register_rule

        for rule in RULES:
            register_rule(rule)
