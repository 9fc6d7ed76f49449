"""What hubs hold about a person, for privacy's data export and erasure (RGPD art. 15 and 17).

Registered from HubsConfig.ready() with vivier.privacy.personal_data.register_email_records:
`records_of_address` lists it for the export, `erase_address` erases it.

The erasure, as the CNIL would expect of a forum:
- the person's **posts** keep their place in the discussions (the replies of others still read)
  but lose their author ("a former member"); their **text is erased**, and the titles of the
  threads they started, unless the hub's rules say that posts stay (Hub.keeps_posts_after_erasure,
  which the hub's page tells its members);
- their memberships, reading and following of threads, reactions, mentions, join requests,
  invitations and places in partner organisations are deleted; a ban stays as long as the
  account it bars does (deleting it would let them post again);
- their reports still open stay in the moderation queue without their name (the post may still
  need looking at); resolved ones are deleted;
- their members' offers waiting or declined are deleted; approved ones became the employer's
  offers or hub posts and stay, no longer credited to them (a job offer's summary that names
  them says "a former member" instead);
- the moderation audit keeps what moderators did, with the person's name taken out; others'
  notifications of what the person did stay, from "someone", and no longer name their threads.

What a person did as a recruiter or a moderator (deciding a join request, reviewing an offer,
moderating) stays with their account: staff and community accounts are managed by the
administrators (vivier/accounts/candidates.py erases candidates' accounts only).
"""

from django.db import transaction
from django.db.models import Value
from django.db.models.functions import Coalesce, Replace
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from vivier.accounts.models import Role
from vivier.community.hubs.models import (
    HubInvitation,
    JoinRequest,
    MemberOffer,
    Membership,
    ModerationAction,
    PartnerOrganisation,
    Post,
    PostReport,
    Reaction,
    Thread,
    ThreadState,
)
from vivier.privacy.personal_data import Excerpt, accounts_of

HUB = gettext_lazy("hub")
THREAD = gettext_lazy("thread")
# What a moderation audit line says in place of an erased person, or an erased title.
ERASED_MARK = "—"
# The columns each export shows: the person's own; not who else acted on the row, nor secrets.
ACCOUNT_FIELDS = ("email", "first_name", "last_name", "role", "date_joined", "last_login")
INVITATION_FIELDS = ("email", "account_role", "membership_role", "created_at", "expires_at",
                     "used_at", "revoked_at")  # fmt: skip
THREAD_FIELDS = ("title", "created_at", "last_post_at", "reply_count", "is_hidden")
POST_FIELDS = ("body", "created_at", "edited_at", "deleted_at", "is_hidden")
MEMBER_OFFER_FIELDS = ("title", "contract_type", "source", "organisation_name", "city",
                       "description", "external_url", "status", "outcome", "review_note",
                       "created_at", "reviewed_at")  # fmt: skip


def _in_hub(hub) -> dict:
    return {"hub": (HUB, hub.name if hub else "")}


def _in_thread(thread) -> dict:
    return {"hub": (HUB, thread.hub.name), "thread": (THREAD, thread.title)}


def records_of_address(email: str) -> list:
    """Every hub record about the person, as Excerpts: the rows hold others' data too (who
    invited them, who decided), and what is erased is decided by `erase_address`, not deleted
    row by row."""
    email = email.strip()
    # An organisation the person is the contact of, first: the export keeps the first excerpt
    # of a row, and this one says more than their membership's.
    items: list = [
        Excerpt(organisation, fields=("name", "kind", "contact_name", "contact_email"))
        for organisation in PartnerOrganisation.objects.filter(contact_email__iexact=email)
    ]
    for user in accounts_of(email):
        items += _records_of_user(user)
    invitations = HubInvitation.objects.filter(email__iexact=email).select_related("hub")
    items += [_invitation(invitation) for invitation in invitations.order_by("pk")]
    return items


def _invitation(invitation) -> Excerpt:
    return Excerpt(invitation, fields=INVITATION_FIELDS, extra=_in_hub(invitation.hub))


def _records_of_user(user) -> list:
    items: list = []
    if user.role != Role.CANDIDATE:
        # A candidate's account is exported whole by vivier.accounts; a community or staff
        # account is shown here, the account itself being kept (see the module's docstring).
        items.append(Excerpt(user, fields=ACCOUNT_FIELDS))
    for organisation in user.partner_organisations.order_by("pk"):
        items.append(Excerpt(organisation, fields=("name", "kind")))
    memberships = Membership.objects.filter(user=user).select_related("hub").order_by("pk")
    items += [
        Excerpt(m, fields=("role", "is_banned", "banned_at", "joined_at"), extra=_in_hub(m.hub))
        for m in memberships
    ]
    requests = JoinRequest.objects.filter(user=user).select_related("hub").order_by("pk")
    items += [
        Excerpt(r, fields=("message", "status", "created_at", "decided_at"), extra=_in_hub(r.hub))
        for r in requests
    ]
    items += [
        _invitation(invitation)
        for invitation in HubInvitation.objects.filter(used_by=user).select_related("hub")
    ]
    threads = Thread.objects.filter(author=user).select_related("hub").order_by("pk")
    items += [
        Excerpt(thread, fields=THREAD_FIELDS, extra=_in_hub(thread.hub)) for thread in threads
    ]
    posts = Post.objects.filter(author=user).select_related("thread__hub").order_by("pk")
    items += [Excerpt(post, fields=POST_FIELDS, extra=_in_thread(post.thread)) for post in posts]
    reactions = Reaction.objects.filter(user=user).select_related("post__thread__hub")
    items += [
        Excerpt(r, fields=("kind", "created_at"), extra=_in_thread(r.post.thread))
        for r in reactions.order_by("pk")
    ]
    states = ThreadState.objects.filter(user=user).select_related("thread__hub").order_by("pk")
    items += [
        Excerpt(s, fields=("last_read_at", "is_following"), extra=_in_thread(s.thread))
        for s in states
    ]
    reports = PostReport.objects.filter(reporter=user).select_related("post__thread__hub")
    items += [
        Excerpt(r, fields=("reason", "created_at", "resolved_at"), extra=_in_thread(r.post.thread))
        for r in reports.order_by("pk")
    ]
    offers = MemberOffer.objects.filter(proposed_by=user).select_related("hub").order_by("pk")
    items += [
        Excerpt(offer, fields=MEMBER_OFFER_FIELDS, extra=_in_hub(offer.hub)) for offer in offers
    ]
    actions = ModerationAction.objects.filter(member=user).select_related("hub").order_by("pk")
    items += [
        Excerpt(a, fields=("action", "target", "reason", "created_at"), extra=_in_hub(a.hub))
        for a in actions
    ]
    return items


@transaction.atomic
def erase_address(*, email: str, by=None) -> None:
    """Erase what hubs hold about the person (the module's docstring says what and why)."""
    from vivier.privacy import audit
    from vivier.privacy.models import AuditAction

    for user in accounts_of(email):
        erase_member(user)
        audit.record(
            actor=by, action=AuditAction.ERASE, obj=user, person=f"user:{user.pk}",
            detail="RGPD art. 17: hubs",
        )  # fmt: skip
    HubInvitation.objects.filter(email__iexact=email.strip()).delete()
    PartnerOrganisation.objects.filter(contact_email__iexact=email.strip()).update(
        contact_name="", contact_email=""
    )


def erase_member(user) -> None:
    now = timezone.now()
    # Words that name the person, to take out of texts others keep; a very short name would
    # match inside other words, and stays.
    names = {name for name in (str(user), user.get_full_name(), user.email) if len(name) >= 3}
    posts = Post.objects.filter(author=user)
    erased = posts.filter(thread__hub__keeps_posts_after_erasure=False)
    erased_ids = list(erased.values_list("pk", flat=True))
    # Others' reactions to words that are gone go too, as when an author deletes a post; the
    # reports still open on them have nothing left to look at.
    Reaction.objects.filter(post__in=erased_ids).delete()
    PostReport.objects.filter(post__in=erased_ids, resolved_at__isnull=True).update(resolved_at=now)
    Post.objects.filter(pk__in=erased_ids).update(
        author=None, body="", deleted_at=Coalesce("deleted_at", Value(now))
    )
    posts.update(author=None)  # the posts of hubs whose rules keep them
    threads = Thread.objects.filter(author=user)
    titles = set(
        threads.filter(hub__keeps_posts_after_erasure=False)
        .exclude(title="")
        .values_list("title", flat=True)
    )
    threads.filter(hub__keeps_posts_after_erasure=False).update(author=None, title="")
    threads.update(author=None)
    Post.mentions.through.objects.filter(user=user).delete()
    Reaction.objects.filter(user=user).delete()
    ThreadState.objects.filter(user=user).delete()
    JoinRequest.objects.filter(user=user).delete()
    HubInvitation.objects.filter(used_by=user).delete()
    Membership.objects.filter(user=user, is_banned=False).delete()
    user.partner_organisations.clear()
    PostReport.objects.filter(reporter=user, resolved_at__isnull=False).delete()
    PostReport.objects.filter(reporter=user).update(reporter=None)
    _erase_member_offers(user, names)
    ModerationAction.objects.filter(member=user).update(member=None)
    _take_out_of_the_moderation_audit(names | titles)
    _take_out_of_others_notifications(user, titles)


def _erase_member_offers(user, names: set) -> None:
    from vivier.jobs import services as offer_services

    offers = MemberOffer.objects.filter(proposed_by=user)
    offers.exclude(status=MemberOffer.Status.APPROVED).delete()
    for offer in offers.filter(job_offer__isnull=False).select_related("job_offer"):
        job_offer = offer.job_offer
        summary = job_offer.summary
        for name in names:
            summary = summary.replace(name, _("a former member"))
        if summary != job_offer.summary:
            job_offer.summary = summary[:300]
            offer_services.update_offer(offer=job_offer, by=None)
    offers.update(proposed_by=None)


def _take_out_of_others_notifications(user, titles: set) -> None:
    """Others were told "<the person> replied in <their thread>": the notifications stay, told by
    "someone", about "—" (the person's own notifications go with vivier.notifications' records)."""
    from vivier.notifications.models import Notification

    Notification.objects.filter(actor=user).update(actor=None)
    for title in titles:
        Notification.objects.filter(text=title[:300]).update(text=ERASED_MARK)


def _take_out_of_the_moderation_audit(texts: set) -> None:
    """The audit is append-only (ModerationAction.save refuses changes): an erasure is the one
    change it ever gets, through the queryset, and only the erased words go."""
    for text in sorted(texts, key=len, reverse=True):  # a full name before a part of it
        ModerationAction.objects.filter(target__contains=text).update(
            target=Replace("target", Value(text), Value(ERASED_MARK))
        )
