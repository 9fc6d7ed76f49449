"""How long alerts keep what they keep: rules of privacy's nightly retention run, listed in its dry
run (vivier/privacy/retention.py; registered from AlertsConfig.ready())."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from vivier.community.alerts.models import Alert, Digest, Subscriber
from vivier.privacy.retention import RetentionRule, short_date


def unconfirmed_alerts(cutoff):
    return Alert.objects.filter(confirmed_at__isnull=True, created_at__lt=cutoff).order_by("pk")


def delete_unconfirmed_alerts(alerts: list) -> None:
    """The alerts, then their addresses left with none that never confirmed one."""
    Alert.objects.filter(pk__in=[alert.pk for alert in alerts]).delete()
    Subscriber.objects.filter(
        pk__in={alert.subscriber_id for alert in alerts},
        confirmed_at__isnull=True,
        alerts__isnull=True,
    ).delete()


def addresses_without_alert(cutoff):
    """Addresses that never confirmed an alert and have none left (removed from their page)."""
    return Subscriber.objects.filter(
        confirmed_at__isnull=True, created_at__lt=cutoff, alerts__isnull=True
    ).order_by("pk")


def sent_digests(cutoff):
    return Digest.objects.filter(sent_at__lt=cutoff).order_by("pk")


RULES = [
    RetentionRule(
        key="alerts.unconfirmed",
        title=gettext_lazy("Job alerts never confirmed"),
        setting="RETENTION_UNCONFIRMED_ALERTS_DAYS",
        due=unconfirmed_alerts,
        describe=lambda alert: (
            _("Alert #%(id)s, saved on %(date)s")
            % {"id": alert.pk, "date": short_date(alert.created_at)}
        ),
        delete=delete_unconfirmed_alerts,
    ),
    RetentionRule(
        key="alerts.addresses_without_alert",
        title=gettext_lazy("Addresses left with no job alert, never confirmed"),
        setting="RETENTION_UNCONFIRMED_ALERTS_DAYS",
        due=addresses_without_alert,
        describe=lambda subscriber: (
            _("Subscriber #%(id)s, since %(date)s")
            % {"id": subscriber.pk, "date": short_date(subscriber.created_at)}
        ),
    ),
    RetentionRule(
        key="alerts.sent_digests",
        title=gettext_lazy("Job alert digests sent"),
        setting="RETENTION_SENT_DIGESTS_DAYS",
        due=sent_digests,
        describe=lambda digest: (
            _("Digest #%(id)s, sent on %(date)s")
            % {"id": digest.pk, "date": short_date(digest.sent_at)}
        ),
        # The digests are themselves the record of what was sent to whom.
        is_audited=False,
    ),
]
