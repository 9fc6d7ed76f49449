from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CareersConfig(AppConfig):
    name = "vivier.careers"
    label = "careers"
    verbose_name = _("Careers site")

    def ready(self):
        # Cache invalidation, not business logic: it must follow every write, admin included.
        from vivier.careers import signals

        signals.connect()
