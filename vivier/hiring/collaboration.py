"""Working together on applications: mentions in notes, review requests, and each person's
task list. The people concerned are told through vivier.notifications (notification_verbs.py)."""

import re
import unicodedata

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from vivier.accounts.models import RECRUITING_ROLES, STAFF_ROLES, Role, User
from vivier.hiring.models import (
    CLOSED_KINDS,
    Application,
    Note,
    ReviewItem,
    ReviewRequest,
    Verdict,
)
from vivier.hiring.notification_verbs import MENTION as MENTION_VERB
from vivier.hiring.notification_verbs import REVIEW_GIVEN, REVIEW_REQUESTED
from vivier.notifications.models import Notification
from vivier.notifications.services import notify

# "@" then a handle: an e-mail's local part (letters, digits, . _ - +) or a name. Not after a
# letter or digit, so that an e-mail address written in a note is not a mention.
MENTION = re.compile(r"(?<![\w.])@([\w][\w.+-]*)")


class ReviewRefused(Exception):
    """The review request cannot be made or answered; the message is for the team."""


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


def notify_mentions(note: Note) -> list:
    """The people mentioned are told; the e-mail names the offer, never the candidate (the list
    in Vivier shows the application's current name, see notification_verbs)."""
    url = reverse("hiring:application", kwargs={"pk": note.application_id}) + f"#note-{note.pk}"
    people = [
        person
        for person in resolve_mentions(note.application, note.body)
        if person.pk != note.author_id
    ]
    if not people:
        return []
    return notify(
        people, MENTION_VERB, actor=note.author, target_url=url, target=note.application,
        text=note.application.offer.title,
    )  # fmt: skip


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
        reviewer, REVIEW_REQUESTED, actor=by, target=review, text=offer.title,
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
                review.requested_by, REVIEW_GIVEN, actor=by, target=review,
                text=review.offer.title,
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
    """The user's unread mentions about applications they may still open."""
    from vivier.accounts.access import applications_for_user

    return Notification.objects.filter(
        recipient=user,
        verb=MENTION_VERB,
        is_shown=True,
        read_at__isnull=True,
        target_type=ContentType.objects.get_for_model(Application),
        target_id__in=applications_for_user(user).values("pk"),
    ).order_by("-created_at")


def unread_mentions_listed(user: User) -> list:
    """unread_mentions with each one's application (`.application`), in two queries."""
    mentions = list(unread_mentions(user).select_related("actor"))
    applications = Application.objects.select_related("candidate", "offer").in_bulk(
        {mention.target_id for mention in mentions}
    )
    for mention in mentions:
        mention.application = applications.get(mention.target_id)
    return [mention for mention in mentions if mention.application is not None]


def task_count(user: User) -> int:
    return (
        reviews_to_give(user).count()
        + waiting_too_long(user).count()
        + unread_mentions(user).count()
    )
