"""In-app notifications and their e-mail digests, for every part of Vivier (issue 7 part 8)."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    """What a user is told of (mentions, replies, reviews, moderation, referrals), and how.

    The parts that notify register their verbs (registry.py) from their own ready(); this app
    knows none of them.
    """

    name = "vivier.notifications"
    label = "notifications"
    verbose_name = _("Notifications")

    def ready(self):
        # A person's notifications and choices are theirs: in their data export, gone with an
        # erasure of their address.
        from vivier.notifications.services import records_of_address
        from vivier.privacy.personal_data import register_email_records

        register_email_records(records_of_address)
        # How long they are kept: rules of privacy's nightly retention run.
        from vivier.notifications.retention import RULES
        from vivier.privacy.retention import register_rule

        for rule in RULES:
            register_rule(rule)
