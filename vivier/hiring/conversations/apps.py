from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConversationsConfig(AppConfig):
    """Part of hiring with its own models and migrations (decisions/0004-hiring-sub-apps.md)."""

    name = "vivier.hiring.conversations"
    label = "conversations"
    verbose_name = _("Conversations")

    def ready(self):
        from vivier.hiring.conversations.services import set_reply_to
        from vivier.hiring.services import register_outgoing_email_hook

        register_outgoing_email_hook(set_reply_to)
