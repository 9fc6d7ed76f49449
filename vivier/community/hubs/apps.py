from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HubsConfig(AppConfig):
    """Part of community with its own models and migrations (docs/decisions/0005)."""

    name = "vivier.community.hubs"
    label = "hubs"
    verbose_name = _("Hubs")
