"""Reports, the moderation queue and what moderators do: hide, restore, ban, pin.

Every moderator's action writes one ModerationAction row (who, when, what, why), in the same
transaction as the change, so the audit never misses one nor records one that did not happen.
The callers check that `by` may moderate the hub (access.can_moderate).
"""

from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from vivier.community.hubs import notify
from vivier.community.hubs.access import can_post
from vivier.community.hubs.models import (
    Hub,
    Membership,
    ModerationAction,
    Post,
    PostReport,
    Thread,
)
from vivier.community.hubs.services import HubError

MAX_REASON_CHARS = 1000


def _target(post: Post) -> str:
    author = str(post.author) if post.author else "—"
    return f"{post.thread.title} · #{post.pk} ({author})"[:300]


def report_post(*, post: Post, by, reason: str) -> PostReport:
    if not can_post(by, post.thread.hub):
        raise HubError(_("You cannot post in this hub."))
    reason = reason.strip()
    if not reason:
        raise HubError(_("Say what is wrong with this post."))
    if post.author_id == by.pk:
        raise HubError(_("You cannot report your own post."))
    try:
        with transaction.atomic():
            return PostReport.objects.create(post=post, reporter=by, reason=reason)
    except IntegrityError as error:
        raise HubError(_("You have already reported this post.")) from error


def queue_for(hubs):
    """Posts with open reports in these hubs, most reported first (one query)."""
    return (
        Post.objects.filter(
            thread__hub__in=hubs,
            pk__in=PostReport.objects.filter(resolved_at__isnull=True).values("post"),
        )
        .annotate(open_reports=Count("reports", filter=Q(reports__resolved_at__isnull=True)))
        .select_related("thread__hub", "author")
        .prefetch_related("reports__reporter")
        .order_by("-open_reports", "created_at")
    )


def _resolve_reports(post: Post, by) -> None:
    PostReport.objects.filter(post=post, resolved_at__isnull=True).update(
        resolved_at=timezone.now(), resolved_by=by
    )


@transaction.atomic
def hide_post(*, post: Post, by, reason: str = "") -> Post:
    post.is_hidden = True
    post.save(update_fields=["is_hidden"])
    if post.is_first:
        Thread.objects.filter(pk=post.thread_id).update(is_hidden=True)
    _resolve_reports(post, by)
    ModerationAction.objects.create(
        hub=post.thread.hub,
        actor=by,
        action=ModerationAction.Action.HIDE,
        post=post,
        member=post.author,
        target=_target(post),
        reason=reason.strip(),
    )
    notify.post_moderated(post, by=by, hidden=True)
    return post


@transaction.atomic
def restore_post(*, post: Post, by, reason: str = "") -> Post:
    post.is_hidden = False
    post.save(update_fields=["is_hidden"])
    if post.is_first:
        Thread.objects.filter(pk=post.thread_id).update(is_hidden=False)
    ModerationAction.objects.create(
        hub=post.thread.hub,
        actor=by,
        action=ModerationAction.Action.RESTORE,
        post=post,
        member=post.author,
        target=_target(post),
        reason=reason.strip(),
    )
    notify.post_moderated(post, by=by, hidden=False)
    return post


@transaction.atomic
def dismiss_reports(*, post: Post, by, reason: str = "") -> None:
    _resolve_reports(post, by)
    ModerationAction.objects.create(
        hub=post.thread.hub,
        actor=by,
        action=ModerationAction.Action.DISMISS,
        post=post,
        member=post.author,
        target=_target(post),
        reason=reason.strip(),
    )


@transaction.atomic
def ban_member(*, hub: Hub, user, by, reason: str = "") -> Membership:
    if user.pk == by.pk:
        raise HubError(_("You cannot ban yourself."))
    if user.is_authenticated and user.sees_all_offers:
        raise HubError(_("Recruiters and administrators cannot be banned from a hub."))
    membership, _created = Membership.objects.get_or_create(hub=hub, user=user)
    membership.is_banned = True
    membership.banned_at = timezone.now()
    membership.role = Membership.Role.MEMBER
    membership.save(update_fields=["is_banned", "banned_at", "role"])
    ModerationAction.objects.create(
        hub=hub,
        actor=by,
        action=ModerationAction.Action.BAN,
        member=user,
        target=str(user)[:300],
        reason=reason.strip(),
    )
    return membership


@transaction.atomic
def unban_member(*, hub: Hub, user, by, reason: str = "") -> None:
    Membership.objects.filter(hub=hub, user=user).update(is_banned=False, banned_at=None)
    ModerationAction.objects.create(
        hub=hub,
        actor=by,
        action=ModerationAction.Action.UNBAN,
        member=user,
        target=str(user)[:300],
        reason=reason.strip(),
    )


@transaction.atomic
def pin_thread(*, thread: Thread, by, pinned: bool) -> None:
    Thread.objects.filter(pk=thread.pk).update(is_pinned=pinned)
    ModerationAction.objects.create(
        hub=thread.hub,
        actor=by,
        action=ModerationAction.Action.PIN if pinned else ModerationAction.Action.UNPIN,
        target=thread.title[:300],
    )
