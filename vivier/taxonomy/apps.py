from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TaxonomyConfig(AppConfig):
    name = "vivier.taxonomy"
    verbose_name = _("Occupations and skills")
