"""Reading notifications for the list: what each one is about, in as few queries as kinds."""

from collections import defaultdict

from django.contrib.contenttypes.models import ContentType

from vivier.notifications.registry import TARGETS


def describe(notifications, user, *, for_email: bool = False) -> list:
    """Set `about` on each notification: its stored text, or, for a kind of object registered
    with a live description (an application, a post), that description read now, when the user
    may still see the object (for an e-mail, only the kinds whose description may be e-mailed).
    One query per such kind among these notifications."""
    by_type = defaultdict(list)
    for notification in notifications:
        notification.about = notification.text
        if notification.target_type_id and notification.target_id:
            by_type[notification.target_type_id].append(notification)
    for type_id, items in by_type.items():
        content_type = ContentType.objects.get_for_id(type_id)
        target = TARGETS.get(f"{content_type.app_label}.{content_type.model}")
        if target is None or (for_email and not target.in_emails):
            continue
        found = target.queryset(user).in_bulk({item.target_id for item in items})
        for item in items:
            if (obj := found.get(item.target_id)) is not None:
                item.about = target.describe(obj)
    return notifications
