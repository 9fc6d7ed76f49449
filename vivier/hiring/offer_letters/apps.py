from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OfferLettersConfig(AppConfig):
    """Part of hiring with its own models and migrations (decisions/0004-hiring-sub-apps.md)."""

    name = "vivier.hiring.offer_letters"
    label = "offer_letters"
    verbose_name = _("Offer letters")

    def ready(self):
        from vivier.hiring.offer_letters.services import attach_letter_pdf
        from vivier.hiring.services import register_outgoing_email_hook

        register_outgoing_email_hook(attach_letter_pdf)
