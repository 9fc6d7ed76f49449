"""How hub members are told of what concerns them: one small module, so that the channel can
change (e-mail through the worker today; in-app notifications and digests later, issue 7 part 8)
without touching the services that call it.

Every function is called inside the service's transaction and queues its work on commit.
"""

from django.db import transaction


def _queue(task, *args) -> None:
    from vivier.community.hubs import tasks

    transaction.on_commit(lambda: getattr(tasks, task)(*args))


def invitation_sent(invitation, token: str) -> None:
    """The invitation's link goes by e-mail; the token travels only in the queued job."""
    _queue("send_invitation_email", invitation.pk, token)


def members_mentioned(post, users) -> None:
    user_ids = [user.pk for user in users if user.pk != post.author_id]
    if user_ids:
        _queue("send_post_emails", post.pk, "mention", user_ids)


def thread_replied(post, follower_ids) -> None:
    user_ids = [pk for pk in follower_ids if pk != post.author_id]
    if user_ids:
        _queue("send_post_emails", post.pk, "reply", user_ids)


def member_offer_reviewed(member_offer) -> None:
    _queue("send_member_offer_email", member_offer.pk)
