from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HiringConfig(AppConfig):
    name = "vivier.hiring"
    label = "hiring"
    verbose_name = _("Hiring")

    def ready(self):
        from vivier.hiring import notification_verbs

        notification_verbs.register()
