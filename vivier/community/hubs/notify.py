"""How hub members are told of what concerns them: replies in the threads they follow, mentions,
and the moderators' decisions about them, through vivier.notifications (each member chooses,
per kind, in Vivier and by e-mail: at once, daily, never). One small module, so that the
services that call it know nothing of the channel.

Every function is called inside the service's transaction. Invitations stay e-mails of their
own: the person invited may have no account yet.
"""

from django.contrib.auth import get_user_model
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from vivier.core.markdown import markdown_to_text
from vivier.notifications.registry import (
    EmailChoice,
    Target,
    Verb,
    register_area,
    register_target,
    register_verb,
)
from vivier.notifications.services import notify

REPLY = "hubs.reply"
MENTION = "hubs.mention"
MODERATION = "hubs.moderation"
EXCERPT_CHARS = 600


# --- What is notified (registered from HubsConfig.ready()) ----------------------------------


def _readable_post(notification):
    """The post, if it is still shown and the recipient may still read its hub."""
    from vivier.community.hubs.access import hubs_for
    from vivier.community.hubs.models import Post

    post = (
        Post.objects.select_related("thread")
        .filter(
            pk=notification.target_id,
            is_hidden=False,
            deleted_at__isnull=True,
            thread__is_hidden=False,
        )  # fmt: skip
        .first()
    )
    if post is None or not hubs_for(notification.recipient).filter(pk=post.thread.hub_id).exists():
        return None
    return post


def _post_is_readable(notification) -> bool:
    return _readable_post(notification) is not None


def _excerpt(notification) -> list[str]:
    post = _readable_post(notification)
    if post is None:
        return []
    lines = [markdown_to_text(post.body)[:EXCERPT_CHARS]]
    if notification.verb == REPLY:
        lines += ["", _("You follow this thread; stop following it from its page.")]
    return lines


def _review_note(notification) -> list[str]:
    from vivier.community.hubs.models import MemberOffer

    if not notification.variant.startswith("offer_"):
        return []
    note = (
        MemberOffer.objects.filter(pk=notification.target_id)
        .values_list("review_note", flat=True)
        .first()
    )
    return [note] if note else []


def _posts_readable_by(user):
    from vivier.community.hubs.access import hubs_for
    from vivier.community.hubs.models import Post

    return Post.objects.filter(thread__hub__in=hubs_for(user)).select_related("thread")


def register() -> None:
    from vivier.community.hubs.models import Post

    register_area("community", gettext_lazy("Community"), order=20)
    register_verb(
        Verb(
            code=REPLY,
            area="community",
            label=gettext_lazy("Replies in threads you follow"),
            help_text=gettext_lazy(
                "Someone replies in a thread you follow (you follow the threads you start)."
            ),
            sentences={"": gettext_lazy("%(actor)s replied in a thread you follow")},
            email=EmailChoice.DAILY,
            is_current=_post_is_readable,
            email_details=_excerpt,
        )  # fmt: skip
    )
    register_verb(
        Verb(
            code=MENTION,
            area="community",
            label=gettext_lazy("Mentions in posts"),
            help_text=gettext_lazy("A member of a hub mentions you in a post (@your-handle)."),
            sentences={"": gettext_lazy("%(actor)s mentioned you in a post")},
            email=EmailChoice.IMMEDIATELY,
            is_current=_post_is_readable,
            email_details=_excerpt,
        )  # fmt: skip
    )
    register_verb(
        Verb(
            code=MODERATION,
            area="community",
            label=gettext_lazy("Moderation decisions"),
            help_text=gettext_lazy(
                "A moderator hides or restores one of your posts, an offer you proposed is "
                "reviewed, or your request to join a hub is answered."
            ),
            sentences={
                "post_hidden": gettext_lazy("A moderator hid your post"),
                "post_restored": gettext_lazy("A moderator restored your post"),
                "offer_approved": gettext_lazy("The offer you proposed was approved"),
                "offer_declined": gettext_lazy("The offer you proposed was not accepted"),
                "join_accepted": gettext_lazy("Your request to join the hub was accepted"),
                "join_declined": gettext_lazy("Your request to join the hub was declined"),
            },
            email=EmailChoice.IMMEDIATELY,
            email_details=_review_note,
        )  # fmt: skip
    )
    # A post's notifications show its thread's current title (an erasure may change it).
    register_target(
        Target(
            model=Post,
            queryset=_posts_readable_by,
            describe=lambda post: post.thread.title,
            in_emails=True,
        )  # fmt: skip
    )


# --- Telling ----------------------------------------------------------------------------------


def _queue(task, *args) -> None:
    from vivier.community.hubs import tasks

    transaction.on_commit(lambda: getattr(tasks, task)(*args))


def _post_url(post) -> str:
    return reverse("hubs:thread", kwargs={"pk": post.thread_id}) + f"#post-{post.pk}"


def invitation_sent(invitation, token: str) -> None:
    """The invitation's link goes by e-mail; the token travels only in the queued job."""
    _queue("send_invitation_email", invitation.pk, token)


def members_mentioned(post, users) -> None:
    notify(list(users), MENTION, actor=post.author, target=post, target_url=_post_url(post))


def thread_replied(post, follower_ids) -> None:
    followers = list(get_user_model().objects.filter(pk__in=list(follower_ids), is_active=True))
    notify(followers, REPLY, actor=post.author, target=post, target_url=_post_url(post))


def post_moderated(post, *, by, hidden: bool) -> None:
    """The author is told that a moderator hid or restored their post."""
    if post.author is None:
        return
    # A hidden post (and, for a first post, its thread) is out of the author's sight.
    url = reverse("hubs:hub", kwargs={"slug": post.thread.hub.slug}) if hidden else _post_url(post)
    notify(
        post.author, MODERATION, actor=by, target=post, target_url=url,
        variant="post_hidden" if hidden else "post_restored",
    )  # fmt: skip


def member_offer_reviewed(member_offer) -> None:
    from vivier.community.hubs.models import MemberOffer

    approved = member_offer.status == MemberOffer.Status.APPROVED
    notify(
        member_offer.proposed_by, MODERATION, actor=member_offer.reviewed_by,
        target=member_offer, text=member_offer.title,
        target_url=reverse("hubs:member_offers", kwargs={"slug": member_offer.hub.slug}),
        variant="offer_approved" if approved else "offer_declined",
    )  # fmt: skip


def join_request_decided(join_request) -> None:
    from vivier.community.hubs.models import JoinRequest

    accepted = join_request.status == JoinRequest.Status.ACCEPTED
    if accepted:
        url = reverse("hubs:hub", kwargs={"slug": join_request.hub.slug})
    else:
        url = reverse("hubs:my_hubs")
    notify(
        join_request.user, MODERATION, actor=join_request.decided_by, target=join_request,
        text=join_request.hub.name, target_url=url,
        variant="join_accepted" if accepted else "join_declined",
    )  # fmt: skip
