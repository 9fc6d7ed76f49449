"""The e-mails of hubs: invitations, mentions, replies in followed threads, reviewed offers.

Built and sent by the worker (tasks.py), in the site's default language. Each recipient is
checked again at sending time: someone who lost access to the hub since is not written to.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from vivier.community.hubs.access import hubs_for
from vivier.community.hubs.models import HubInvitation, MemberOffer, Post
from vivier.core.markdown import markdown_to_text

EXCERPT_CHARS = 600


def _absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def send_invitation(invitation_id: int, token: str) -> bool:
    invitation = (
        HubInvitation.objects.select_related("hub", "invited_by")
        .filter(pk=invitation_id, used_at__isnull=True, revoked_at__isnull=True)
        .first()
    )
    if invitation is None:
        return False
    with translation.override(settings.LANGUAGE_CODE):
        inviter = str(invitation.invited_by) if invitation.invited_by else _("The moderators")
        subject = _("%(name)s invites you to the hub %(hub)s") % {
            "name": inviter,
            "hub": invitation.hub.name,
        }
        body = "\n".join(
            [
                subject + ".",
                "",
                markdown_to_text(invitation.hub.description)[:EXCERPT_CHARS],
                "",
                _("Open this link to join (it works once, until %(date)s):")
                % {"date": invitation.expires_at.strftime("%d/%m/%Y")},
                _absolute(reverse("hubs:invitation", kwargs={"token": token})),
                "",
                _("If you do not know this hub, ignore this e-mail: nothing happens without you."),
            ]
        )
    send_mail(subject, body, None, [invitation.email])
    return True


def send_post_emails(post_id: int, reason: str, user_ids: list[int]) -> int:
    post = (
        Post.objects.select_related("thread__hub", "author")
        .filter(pk=post_id, is_hidden=False, deleted_at__isnull=True, thread__is_hidden=False)
        .first()
    )
    if post is None:
        return 0
    hub = post.thread.hub
    sent = 0
    for user in get_user_model().objects.filter(pk__in=user_ids, is_active=True):
        if not hubs_for(user).filter(pk=hub.pk).exists():
            continue
        with translation.override(settings.LANGUAGE_CODE):
            author = str(post.author) if post.author else _("A former member")
            if reason == "mention":
                subject = _("%(name)s mentioned you in %(thread)s") % {
                    "name": author,
                    "thread": post.thread.title,
                }
            else:
                subject = _("New reply from %(name)s in %(thread)s") % {
                    "name": author,
                    "thread": post.thread.title,
                }
            url = reverse("hubs:thread", kwargs={"pk": post.thread_id}) + f"#post-{post.pk}"
            lines = [
                subject,
                "",
                markdown_to_text(post.body)[:EXCERPT_CHARS],
                "",
                _("Read it and answer in the hub %(hub)s:") % {"hub": hub.name},
                _absolute(url),
            ]
            if reason == "reply":
                lines += ["", _("You follow this thread; stop following it from its page.")]
        send_mail(subject, "\n".join(lines), None, [user.email])
        sent += 1
    return sent


def send_member_offer_review(member_offer_id: int) -> bool:
    member_offer = (
        MemberOffer.objects.select_related("proposed_by", "hub", "job_offer")
        .filter(pk=member_offer_id)
        .first()
    )
    if member_offer is None or member_offer.proposed_by is None:
        return False
    with translation.override(settings.LANGUAGE_CODE):
        if member_offer.status == MemberOffer.Status.APPROVED:
            subject = _("Your offer %(title)s was approved") % {"title": member_offer.title}
        else:
            subject = _("Your offer %(title)s was not accepted") % {"title": member_offer.title}
        lines = [subject + "."]
        if member_offer.review_note:
            lines += ["", member_offer.review_note]
        lines += [
            "",
            _absolute(reverse("hubs:member_offers", kwargs={"slug": member_offer.hub.slug})),
        ]
    send_mail(subject, "\n".join(lines), None, [member_offer.proposed_by.email])
    return True
