from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    """What a user is told of (mentions, replies, reviews, moderation, referrals), and how."""

    name = "vivier.notifications"
    label = "notifications"
    verbose_name = _("Notifications")
