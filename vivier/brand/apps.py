from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BrandConfig(AppConfig):
    name = "vivier.brand"
    label = "brand"
    verbose_name = _("Employer brand")
