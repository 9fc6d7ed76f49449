from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReferralsConfig(AppConfig):
    """Part of community with its own models and migrations (docs/decisions/0005)."""

    name = "vivier.community.referrals"
    label = "referrals"
    verbose_name = _("Referrals")
