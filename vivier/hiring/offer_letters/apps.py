from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OfferLettersConfig(AppConfig):
    """Part of hiring with its own models and migrations (docs/decisions/0004-hiring-sub-apps.md)."""

    name = "vivier.hiring.offer_letters"
    label = "offer_letters"
    verbose_name = _("Offer letters")
