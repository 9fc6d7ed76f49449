"""Every change to notifications and preferences goes through these functions."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.utils import timezone

from vivier.notifications.models import Digest, Notification, NotificationPreference
from vivier.notifications.registry import EmailChoice, get_verb, verbs_for


def choices_for(users, verb) -> dict[int, tuple[bool, str]]:
    """{user id: (in Vivier, e-mail)} for one verb: each user's choice, else the verb's
    defaults. One query."""
    saved = {
        preference.user_id: (preference.in_app, preference.email)
        for preference in NotificationPreference.objects.filter(
            user__in=[user.pk for user in users], verb=verb.code
        )
    }
    return {user.pk: saved.get(user.pk, (verb.in_app, verb.email)) for user in users}


def notify(
    recipients, verb: str, *, actor=None, target_url: str, target=None, text: str = "",
    variant: str = "",
) -> list[Notification]:  # fmt: skip
    """Tell each recipient (one user or several), as each of them chose for this verb.

    Called inside the caller's transaction: the rows are written with the change they tell
    of, and the immediate e-mails are queued once it commits. The actor is never told of their
    own action; inactive accounts are told nothing. `text` says what it is about in a few words
    (a thread's or an offer's title) and must never hold a candidate's details.
    """
    entry = get_verb(verb)
    if recipients is None:
        return []
    if isinstance(recipients, models.Model):
        recipients = [recipients]
    people = {}
    for user in recipients:
        if user is None or not user.is_active or (actor is not None and user.pk == actor.pk):
            continue
        if entry.audience(user):
            people[user.pk] = user
    if not people:
        return []
    choices = choices_for(list(people.values()), entry)
    target_type = ContentType.objects.get_for_model(target) if target is not None else None
    now = timezone.now()
    rows = []
    for pk, user in people.items():
        in_app, email = choices[pk]
        if not in_app and email == EmailChoice.NEVER:
            continue
        rows.append(
            Notification(
                recipient=user,
                actor=actor,
                verb=entry.code,
                variant=variant,
                text=text[:300],
                target_url=target_url[:500],
                target_type=target_type,
                target_id=target.pk if target is not None else None,
                created_at=now,
                is_shown=in_app,
                email=email,
            )  # fmt: skip
        )
    if not rows:
        return []
    Notification.objects.bulk_create(rows)
    immediate = [row.pk for row in rows if row.email == EmailChoice.IMMEDIATELY]
    if immediate:
        from vivier.notifications.tasks import send_notification_emails  # it imports this module

        transaction.on_commit(lambda: send_notification_emails(immediate))
    return rows


def shown_to(user):
    """The notifications in the user's list (newest first)."""
    return Notification.objects.filter(recipient=user, is_shown=True).order_by("-created_at", "-pk")


def unread_count(user) -> int:
    return Notification.objects.filter(recipient=user, is_shown=True, read_at__isnull=True).count()


def mark_read(*, notification: Notification) -> bool:
    """True when it was unread (one conditional UPDATE: two clicks mark it once)."""
    now = timezone.now()
    changed = Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(
        read_at=now
    )
    if changed:
        notification.read_at = now
    return bool(changed)


def mark_all_read(*, user) -> int:
    return Notification.objects.filter(recipient=user, is_shown=True, read_at__isnull=True).update(
        read_at=timezone.now()
    )


# --- Preferences -----------------------------------------------------------------------------


def preferences_of(user) -> dict[str, tuple[bool, str]]:
    """{verb code: (in Vivier, e-mail)} for every verb the user may receive."""
    saved = {
        preference.verb: (preference.in_app, preference.email)
        for preference in NotificationPreference.objects.filter(user=user)
    }
    return {verb.code: saved.get(verb.code, (verb.in_app, verb.email)) for verb in verbs_for(user)}


@transaction.atomic
def save_preferences(*, user, choices: dict, language: str | None = None) -> None:
    """choices: {verb code: (in Vivier, e-mail)}, for verbs the user may receive (others are
    ignored). The choices apply to what is notified from then on. `language` is the language
    of the user's e-mails."""
    allowed = {verb.code for verb in verbs_for(user)}
    for code, (in_app, email) in choices.items():
        if code not in allowed or email not in EmailChoice.values:
            continue
        NotificationPreference.objects.update_or_create(
            user=user, verb=code, defaults={"in_app": bool(in_app), "email": email}
        )
    if language and language != user.language and language in dict(settings.LANGUAGES):
        user.language = language
        user.save(update_fields=["language"])


# --- Personal data ----------------------------------------------------------------------------


def records_of_address(email: str) -> list:
    """The notifications, digests and choices of the accounts of this address, for privacy's
    export and erasure (which deletes them, children first)."""
    from vivier.privacy.personal_data import accounts_of

    accounts = accounts_of(email)
    return [
        *NotificationPreference.objects.filter(user__in=accounts).order_by("pk"),
        *Digest.objects.filter(recipient__in=accounts).order_by("pk"),
        *Notification.objects.filter(recipient__in=accounts).order_by("pk"),
    ]
