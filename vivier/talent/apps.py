from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TalentConfig(AppConfig):
    name = "vivier.talent"
    verbose_name = _("Talent pool")

    def ready(self):
        from vivier.talent import documents  # noqa: F401  (a deleted document takes its file)
