"""Threads, posts, mentions, reactions, following and reading: the writes of discussions.

Access (who may read or post where) is checked by the callers through access.py; these
functions check what is about the row itself (a ban, an author's own post, a deleted post).
"""

import re

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from vivier.community.hubs import notify
from vivier.community.hubs.access import can_post
from vivier.community.hubs.models import Hub, Membership, Post, Reaction, Thread, ThreadState
from vivier.community.hubs.services import HubError, join_hub

MAX_POST_CHARS = 10_000
MAX_TITLE_CHARS = 200
# @marie-dupont: the handle of a member is their full name, slugified (see mention_handle).
MENTION_PATTERN = re.compile(r"(?<![\w@])@([\w][\w.-]{1,80})")


def mention_handle(user) -> str:
    return slugify(user.get_full_name() or user.email.split("@")[0])


def _mentioned_members(hub: Hub, body: str) -> list:
    handles = {match.rstrip(".-").lower() for match in MENTION_PATTERN.findall(body)}
    if not handles:
        return []
    members = (
        Membership.objects.filter(hub=hub, is_banned=False)
        .select_related("user")
        .only("user__first_name", "user__last_name", "user__email", "user__is_active")
    )
    return [m.user for m in members if m.user.is_active and mention_handle(m.user) in handles]


def _check_can_write(hub: Hub, user) -> None:
    if not can_post(user, hub):
        raise HubError(_("You cannot post in this hub."))


def _record_mentions(post: Post) -> None:
    already = set(post.mentions.values_list("pk", flat=True))
    mentioned = [
        user for user in _mentioned_members(post.thread.hub, post.body) if user.pk not in already
    ]
    if mentioned:
        post.mentions.add(*mentioned)
        notify.members_mentioned(post, mentioned)


@transaction.atomic
def start_thread(*, hub: Hub, author, title: str, body: str) -> Thread:
    _check_can_write(hub, author)
    join_hub(hub=hub, user=author)
    now = timezone.now()
    thread = Thread.objects.create(
        hub=hub, title=title.strip(), author=author, created_at=now, last_post_at=now
    )
    post = Post.objects.create(
        thread=thread, author=author, body=body, is_first=True, created_at=now
    )
    ThreadState.objects.create(thread=thread, user=author, last_read_at=now, is_following=True)
    _record_mentions(post)
    return thread


@transaction.atomic
def reply(*, thread: Thread, author, body: str) -> Post:
    _check_can_write(thread.hub, author)
    join_hub(hub=thread.hub, user=author)
    now = timezone.now()
    post = Post.objects.create(thread=thread, author=author, body=body, created_at=now)
    Thread.objects.filter(pk=thread.pk).update(last_post_at=now, reply_count=F("reply_count") + 1)
    ThreadState.objects.update_or_create(thread=thread, user=author, defaults={"last_read_at": now})
    _record_mentions(post)
    followers = ThreadState.objects.filter(thread=thread, is_following=True).values_list(
        "user_id", flat=True
    )
    already_told = set(post.mentions.values_list("pk", flat=True))
    notify.thread_replied(post, [pk for pk in followers if pk not in already_told])
    return post


@transaction.atomic
def edit_post(*, post: Post, by, body: str, title: str | None = None) -> Post:
    if post.author_id != by.pk:
        raise HubError(_("Only its author can change a post."))
    if post.is_deleted:
        raise HubError(_("This post was deleted."))
    _check_can_write(post.thread.hub, by)
    post.body = body
    post.edited_at = timezone.now()
    post.save(update_fields=["body", "edited_at"])
    if title is not None and post.is_first:
        Thread.objects.filter(pk=post.thread_id).update(title=title.strip())
    _record_mentions(post)
    return post


@transaction.atomic
def delete_post(*, post: Post, by) -> Post:
    """The author removes their words; the post keeps its place so that replies still read."""
    if post.author_id != by.pk:
        raise HubError(_("Only its author can delete a post."))
    post.body = ""
    post.deleted_at = timezone.now()
    post.save(update_fields=["body", "deleted_at"])
    post.reactions.all().delete()
    return post


@transaction.atomic
def toggle_reaction(*, post: Post, user, kind: str) -> bool:
    """Add the reaction, or take it back if it is there; True when it is now on."""
    if kind not in Reaction.Kind.values:
        raise HubError(_("Unknown reaction."))
    _check_can_write(post.thread.hub, user)
    if post.is_deleted:
        raise HubError(_("This post was deleted."))
    removed, _rows = Reaction.objects.filter(post=post, user=user, kind=kind).delete()
    if removed:
        return False
    Reaction.objects.get_or_create(post=post, user=user, kind=kind)
    return True


def set_following(*, thread: Thread, user, following: bool) -> None:
    ThreadState.objects.update_or_create(
        thread=thread, user=user, defaults={"is_following": following}
    )


def mark_read(*, thread: Thread, user, at=None) -> None:
    ThreadState.objects.update_or_create(
        thread=thread, user=user, defaults={"last_read_at": at or timezone.now()}
    )


def with_unread(threads, user):
    """Each thread with `is_unread` for this user (one extra query for the whole page)."""
    threads = list(threads)
    states = dict(
        ThreadState.objects.filter(user=user, thread__in=threads).values_list(
            "thread_id", "last_read_at"
        )
    )
    for thread in threads:
        read_at = states.get(thread.pk)
        thread.is_unread = read_at is None or read_at < thread.last_post_at
    return threads
