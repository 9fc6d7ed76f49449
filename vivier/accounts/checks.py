"""Deployment checks (`manage.py check --deploy`) for what Vivier adds to Django's."""

from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.security, deploy=True)
def check_staff_two_factor(app_configs, **kwargs):
    if settings.STAFF_MFA_REQUIRED:
        return []
    return [
        Warning(
            "STAFF_MFA_REQUIRED is off: staff accounts, which read candidates' data, can sign "
            "in with a password alone.",
            hint="Remove STAFF_MFA_REQUIRED=false from the environment.",
            id="vivier.W001",
        )
    ]
