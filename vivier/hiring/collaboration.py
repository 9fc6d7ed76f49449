"""Working together on applications: mentions in notes, notifications, review requests, and
each person's task list."""

import re
import unicodedata

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from vivier.accounts.models import RECRUITING_ROLES, STAFF_ROLES, Role, User
from vivier.hiring.models import (
    CLOSED_KINDS,
    Application,
    Note,
    Notification,
    NotificationVerb,
    ReviewItem,
    ReviewRequest,
    Verdict,
)

# "@" then a handle: an e-mail's local part (letters, digits, . _ - +) or a name. Not after a
# letter or digit, so that an e-mail address written in a note is not a mention.
MENTION = re.compile(r"(?<![\w.])@([\w][\w.+-]*)")


class ReviewRefused(Exception):
    """The review request cannot be made or answered; the message is for the team."""


# --- Notifications ----------------------------------------------------------------------------


def notify(*, recipient: User, verb: str, actor=None, target_url: str, application=None):
    """One notification in the recipient's list, and its copy by e-mail, sent by the worker."""
    from vivier.hiring.tasks import send_notification_email  # the task module imports this one

    notification = Notification.objects.create(
        recipient=recipient, actor=actor, verb=verb, target_url=target_url,
        application=application,
    )  # fmt: skip
    transaction.on_commit(lambda: send_notification_email(notification.pk))
    return notification


def deliver_notification_email(notification: Notification) -> bool:
    """Send the e-mail copy once: the row is claimed first, and released if sending fails."""
    now = timezone.now()
    claimed = Notification.objects.filter(pk=notification.pk, emailed_at__isnull=True).update(
        emailed_at=now
    )
    if not claimed or not notification.recipient.is_active:
        return False
    with translation.override(settings.LANGUAGE_CODE):
        actor = str(notification.actor) if notification.actor else _("Vivier")
        subject = f"{actor} {notification.get_verb_display()}"
        lines = [subject + "."]
        if notification.application_id:
            lines.append(_("Offer: %(title)s") % {"title": notification.application.offer.title})
        lines += [
            "",
            _("Open it in Vivier:"),
            settings.SITE_URL.rstrip("/") + notification.target_url,
        ]
        body = "\n".join(lines)
    try:
        send_mail(subject, body, None, [notification.recipient.email])
    except Exception:
        Notification.objects.filter(pk=notification.pk, emailed_at=now).update(emailed_at=None)
        raise
    return True


@transaction.atomic
def mark_read(*, notification: Notification) -> None:
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])


def mark_all_read(*, user: User) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )


# --- Mentions ---------------------------------------------------------------------------------


def _folded(text: str) -> str:
    """Lower case, without accents: "@Helene" finds Hélène."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def team_who_can_see(application: Application) -> QuerySet:
    """The active team members allowed to open the application (accounts.access's rule)."""
    return (
        User.objects.filter(is_active=True, role__in=STAFF_ROLES)
        .filter(Q(role__in=RECRUITING_ROLES) | Q(managed_offers=application.offer_id))
        .distinct()
    )


def resolve_mentions(application: Application, body: str) -> list[User]:
    """The people a note mentions, among those allowed to see the application only.

    A handle matches an e-mail's local part ("@hana" for hana@…), else a first name, or first and
    last names joined by a dot, an underscore or nothing ("@hana.dupont"). A first name shared by
    two people matches neither: nobody is notified by guesswork.
    """
    handles = {_folded(match.rstrip(".")) for match in MENTION.findall(body)}
    handles.discard("")
    if not handles:
        return []
    people = list(team_who_can_see(application))
    found = {}
    for handle in handles:
        by_email = [p for p in people if _folded(p.email.split("@", 1)[0]) == handle]
        if len(by_email) == 1:
            found[by_email[0].pk] = by_email[0]
            continue
        by_name = [p for p in people if handle in _name_handles(p)]
        if len(by_name) == 1:
            found[by_name[0].pk] = by_name[0]
    return sorted(found.values(), key=lambda person: person.pk)


def _name_handles(person: User) -> set[str]:
    first = _folded(person.first_name).replace(" ", "-")
    last = _folded(person.last_name).replace(" ", "-")
    handles = {first} if first else set()
    if first and last:
        handles |= {f"{first}.{last}", f"{first}_{last}", f"{first}{last}"}
    return handles


def notify_mentions(note: Note) -> list[Notification]:
    url = reverse("hiring:application", kwargs={"pk": note.application_id}) + f"#note-{note.pk}"
    return [
        notify(
            recipient=person,
            verb=NotificationVerb.MENTION,
            actor=note.author,
            target_url=url,
            application=note.application,
        )  # fmt: skip
        for person in resolve_mentions(note.application, note.body)
        if person.pk != note.author_id
    ]


# --- Review requests --------------------------------------------------------------------------


def reviewers_for(offer) -> QuerySet:
    """Who may be asked: the offer's hiring managers still active."""
    return offer.hiring_managers.filter(is_active=True, role=Role.HIRING_MANAGER)


@transaction.atomic
def request_review(
    *, by: User, offer, application_ids, reviewer: User, message: str = "", due_on=None
) -> ReviewRequest:
    from vivier.hiring.pipelines import selected_applications

    if not by.sees_all_offers:
        raise ReviewRefused(_("Only recruiters ask for reviews."))
    if not reviewers_for(offer).filter(pk=reviewer.pk).exists():
        raise ReviewRefused(_("The reviewer must be a hiring manager of this offer."))
    applications = list(selected_applications(by=by, offer=offer, application_ids=application_ids))
    if not applications:
        raise ReviewRefused(_("Choose at least one application."))
    review = ReviewRequest.objects.create(
        offer=offer, requested_by=by, reviewer=reviewer, message=message.strip(), due_on=due_on
    )
    ReviewItem.objects.bulk_create(
        ReviewItem(request=review, application=application) for application in applications
    )
    notify(
        recipient=reviewer, verb=NotificationVerb.REVIEW_REQUESTED, actor=by,
        target_url=reverse("hiring:review", kwargs={"pk": review.pk}),
    )  # fmt: skip
    return review


@transaction.atomic
def give_verdicts(*, review: ReviewRequest, by: User, answers: dict) -> ReviewRequest:
    """answers: {item id: (verdict, comment)}. The requester is told once every item has one."""
    review = ReviewRequest.objects.select_for_update().get(pk=review.pk)
    if by.pk != review.reviewer_id:
        raise ReviewRefused(_("Only the person asked can give this review."))
    now = timezone.now()
    for item in review.items.all():
        if item.pk not in answers:
            continue
        verdict, comment = answers[item.pk]
        if verdict not in Verdict.values:
            continue
        item.verdict, item.comment, item.answered_at = verdict, comment.strip(), now
        item.save(update_fields=["verdict", "comment", "answered_at"])
    if review.completed_at is None and not review.items.filter(verdict="").exists():
        review.completed_at = now
        review.save(update_fields=["completed_at"])
        if review.requested_by_id:
            notify(
                recipient=review.requested_by, verb=NotificationVerb.REVIEW_GIVEN, actor=by,
                target_url=reverse("hiring:review", kwargs={"pk": review.pk}),
            )  # fmt: skip
    return review


def reviews_for_user(user: User) -> QuerySet:
    """Review requests the user may open: made by them, asked of them, or any for recruiters;
    a hiring manager no longer on the offer loses them, as they lose its applications."""
    if not user.is_authenticated or not user.is_team_member:
        return ReviewRequest.objects.none()
    if user.sees_all_offers:
        return ReviewRequest.objects.all()
    return ReviewRequest.objects.filter(reviewer=user, offer__hiring_managers=user).distinct()


# --- My tasks ---------------------------------------------------------------------------------


def reviews_to_give(user: User) -> QuerySet:
    return (
        reviews_for_user(user)
        .filter(reviewer=user, completed_at__isnull=True)
        .select_related("offer", "requested_by")
        .order_by("due_on", "created_at")
    )


def waiting_too_long(user: User) -> QuerySet:
    """Applications past their stage's time limit, on the offers the user handles (as their
    recruiter or one of their hiring managers)."""
    from vivier.accounts.access import applications_for_user
    from vivier.hiring.pipelines import stuck_q

    handled = Q(offer__recruiter=user) | Q(offer__hiring_managers=user)
    return (
        applications_for_user(user)
        .filter(handled)
        .exclude(stage__kind__in=CLOSED_KINDS)
        .filter(stuck_q())
        .select_related("candidate", "offer", "stage")
        .distinct()
        .order_by("stage_changed_at")
    )


def unread_mentions(user: User) -> QuerySet:
    from vivier.accounts.access import applications_for_user

    return (
        Notification.objects.filter(
            recipient=user,
            verb=NotificationVerb.MENTION,
            read_at__isnull=True,
            application__in=applications_for_user(user),
        )  # fmt: skip
        .select_related("actor", "application__candidate", "application__offer")
        .order_by("-created_at")
    )


def task_count(user: User) -> int:
    return (
        reviews_to_give(user).count()
        + waiting_too_long(user).count()
        + unread_mentions(user).count()
    )
