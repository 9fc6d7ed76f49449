from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConversationsConfig(AppConfig):
    """Part of hiring with its own models and migrations (docs/decisions/0004-hiring-sub-apps.md)."""

    name = "vivier.hiring.conversations"
    label = "conversations"
    verbose_name = _("Conversations")
