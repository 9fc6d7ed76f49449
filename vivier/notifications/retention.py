"""How long notifications are kept: rules of privacy's nightly retention run, listed in its dry
run (vivier/privacy/retention.py; registered from NotificationsConfig.ready()).

A read notification has served: it goes NOTIFICATION_RETENTION_DAYS after it was read; one the
person chose not to see in Vivier (e-mailed only) goes that long after it was made. Unread ones
stay until read. Digests go that long after they were sent (or given up).
"""

from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from vivier.notifications.models import Digest, Notification
from vivier.privacy.retention import RetentionRule, short_date


def read_notifications(cutoff):
    return Notification.objects.filter(
        Q(read_at__lt=cutoff) | Q(is_shown=False, created_at__lt=cutoff)
    ).order_by("pk")


def old_digests(cutoff):
    return Digest.objects.filter(
        Q(sent_at__lt=cutoff) | Q(sent_at__isnull=True, created_at__lt=cutoff)
    ).order_by("pk")


RULES = [
    RetentionRule(
        key="notifications.read",
        title=gettext_lazy("Notifications read, or only e-mailed"),
        setting="NOTIFICATION_RETENTION_DAYS",
        due=read_notifications,
        describe=lambda notification: (
            _("Notification #%(id)s of %(date)s")
            % {"id": notification.pk, "date": short_date(notification.created_at)}
        ),
        # A person's own reminders of what is recorded elsewhere (the note, the post), gone by
        # the thousand: a line of audit for each would outweigh them.
        is_audited=False,
    ),
    RetentionRule(
        key="notifications.digests",
        title=gettext_lazy("Notification digests sent"),
        setting="NOTIFICATION_RETENTION_DAYS",
        due=old_digests,
        describe=lambda digest: (
            _("Digest #%(id)s of %(date)s")
            % {"id": digest.pk, "date": short_date(digest.created_at)}
        ),
        is_audited=False,  # the digests are themselves the record of what was sent
    ),
]
