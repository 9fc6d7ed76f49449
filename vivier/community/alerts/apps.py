from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AlertsConfig(AppConfig):
    """Part of community with its own models and migrations (docs/decisions/0005)."""

    name = "vivier.community.alerts"
    label = "alerts"
    verbose_name = _("Job alerts")

    def ready(self):
        from vivier.privacy.personal_data import register_email_records

        register_email_records(records_of_address)
        # What alerts keep, and for how long: rules of privacy's nightly retention run.
        from vivier.community.alerts.retention import RULES
        from vivier.privacy.retention import register_rule

        for rule in RULES:
            register_rule(rule)


def records_of_address(email: str) -> list:
    """What alerts keep under an e-mail address: for the privacy export and the erasure."""
    from vivier.community.alerts.models import Alert, Digest, Question, Subscriber

    subscribers = list(Subscriber.objects.filter(email__iexact=email))
    return [
        *subscribers,
        *Alert.objects.filter(subscriber__in=subscribers).order_by("pk"),
        *Digest.objects.filter(subscriber__in=subscribers).order_by("pk"),
        *Question.objects.filter(author_email__iexact=email).order_by("pk"),
    ]
