from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InterviewsConfig(AppConfig):
    """Part of hiring with its own models and migrations (docs/decisions/0004)."""

    name = "vivier.hiring.interviews"
    label = "interviews"
    verbose_name = _("Interviews")
