"""Hubs (the employer's forums), their members, discussions, moderation, members' offers and
partner organisations.

Who may enter which hub is decided in one place, vivier/community/hubs/access.py.
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from vivier.jobs.models import ContractType


class PartnerOrganisation(models.Model):
    """A school, a client or a supplier whose people take part in the employer's network."""

    class Kind(models.TextChoices):
        SCHOOL = "school", _("School")
        CLIENT = "client", _("Client")
        SUPPLIER = "supplier", _("Supplier")
        OTHER = "other", _("Other")

    name = models.CharField(_("name"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.OTHER)
    contact_name = models.CharField(_("contact name"), max_length=200, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    website = models.URLField(_("website"), blank=True)
    notes = models.TextField(_("notes"), blank=True)
    # Users with the role partner; vivier/community/hubs/services.py keeps other roles out.
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("members"),
        related_name="partner_organisations",
        blank=True,
    )
    created_at = models.DateTimeField(_("created on"), auto_now_add=True)

    class Meta:
        verbose_name = _("partner organisation")
        verbose_name_plural = _("partner organisations")
        ordering = ["name"]

    def __str__(self):
        return self.name


class Hub(models.Model):
    """A forum of the employer's network; its kind says who may enter it."""

    class Kind(models.TextChoices):
        PUBLIC = "public", _("Public (anyone signed in)")
        ALUMNI = "alumni", _("Alumni (former employees)")
        INTERNAL = "internal", _("Internal (employees)")
        PARTNER = "partner", _("Partners (members of partner organisations)")
        PRIVATE = "private", _("Private (by invitation)")

    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("address"), max_length=120, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.PUBLIC)
    description = models.TextField(_("description"), blank=True, help_text=_("Markdown."))
    accepts_join_requests = models.BooleanField(
        _("accepts join requests"),
        default=False,
        help_text=_("A private hub that accepts requests is listed; moderators accept members."),
    )
    # For partner hubs: the members of these organisations may enter.
    partner_organisations = models.ManyToManyField(
        PartnerOrganisation,
        verbose_name=_("partner organisations"),
        related_name="hubs",
        blank=True,
    )
    is_archived = models.BooleanField(_("archived"), default=False)
    # What becomes of a member's posts when their personal data is erased (privacy's erasure,
    # vivier/community/hubs/personal_data.py): by default their words go with them.
    keeps_posts_after_erasure = models.BooleanField(
        _("posts stay after an erasure"),
        default=False,
        help_text=_(
            "Tick only if the hub's rules tell members so: when a member has their personal data "
            "erased, their posts stay, without their name. Unticked, the text of their posts and "
            "the titles of their threads are erased."
        ),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, related_name="+", on_delete=models.SET_NULL, null=True, blank=True
    )
    created_at = models.DateTimeField(_("created on"), auto_now_add=True)

    class Meta:
        verbose_name = _("hub")
        verbose_name_plural = _("hubs")
        ordering = ["name"]

    def __str__(self):
        return self.name


class Membership(models.Model):
    """A user's place in a hub: member or moderator, and banned or not.

    In a private hub the membership is what lets one in (from an invitation or an accepted join
    request). In other hubs the kind lets people in and the membership records that they joined,
    their role, and a ban.
    """

    class Role(models.TextChoices):
        MEMBER = "member", _("Member")
        MODERATOR = "moderator", _("Moderator")

    hub = models.ForeignKey(Hub, related_name="memberships", on_delete=models.CASCADE)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, related_name="hub_memberships", on_delete=models.CASCADE
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.MEMBER)
    is_banned = models.BooleanField(_("banned"), default=False)
    banned_at = models.DateTimeField(_("banned on"), null=True, blank=True)
    joined_at = models.DateTimeField(_("joined on"), default=timezone.now)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["hub", "user"], name="hubs_one_membership_per_user")
        ]

    def __str__(self):
        return f"{self.user} @ {self.hub}"

    @property
    def is_moderator(self) -> bool:
        return self.role == self.Role.MODERATOR and not self.is_banned


class HubInvitation(models.Model):
    """An e-mail link into a hub; one use, dead after expires_at.

    Only a hash of the token is kept. Someone without an account creates one from the link with
    account_role; an existing account keeps its own role.
    """

    ACCOUNT_ROLES = [
        ("employee", _("Employee")),
        ("alumnus", _("Alumnus")),
        ("partner", _("Partner")),
        ("candidate", _("Candidate")),
    ]

    hub = models.ForeignKey(Hub, related_name="invitations", on_delete=models.CASCADE)
    email = models.EmailField(_("e-mail address"))
    account_role = models.CharField(
        _("role of a new account"), max_length=20, choices=ACCOUNT_ROLES, default="candidate"
    )
    membership_role = models.CharField(
        _("role in the hub"),
        max_length=20,
        choices=Membership.Role.choices,
        default=Membership.Role.MEMBER,
    )
    partner_organisation = models.ForeignKey(
        PartnerOrganisation,
        verbose_name=_("partner organisation"),
        related_name="invitations",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    token_hash = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, related_name="+", on_delete=models.SET_NULL, null=True
    )
    created_at = models.DateTimeField(_("sent on"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires on"))
    used_at = models.DateTimeField(_("used on"), null=True, blank=True)
    used_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, related_name="+", on_delete=models.SET_NULL, null=True, blank=True
    )
    revoked_at = models.DateTimeField(_("revoked on"), null=True, blank=True)

    class Meta:
        verbose_name = _("hub invitation")
        verbose_name_plural = _("hub invitations")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.email} → {self.hub}"

    @property
    def is_usable(self) -> bool:
        return self.used_at is None and self.revoked_at is None and self.expires_at > timezone.now()


class JoinRequest(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")

    hub = models.ForeignKey(Hub, related_name="join_requests", on_delete=models.CASCADE)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, related_name="hub_join_requests", on_delete=models.CASCADE
    )
    message = models.TextField(_("message"), blank=True, max_length=1000)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PENDING
    )
    created_at = models.DateTimeField(_("asked on"), auto_now_add=True)
    decided_at = models.DateTimeField(_("decided on"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, related_name="+", on_delete=models.SET_NULL, null=True, blank=True
    )

    # Its notifications (vivier.notifications) go when it goes.
    notifications = GenericRelation(
        "notifications.Notification", content_type_field="target_type", object_id_field="target_id"
    )

    class Meta:
        verbose_name = _("join request")
        verbose_name_plural = _("join requests")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["hub", "user"],
                condition=models.Q(status="pending"),
                name="hubs_one_pending_request_per_user",
            )
        ]

    def __str__(self):
        return f"{self.user} → {self.hub}"


class Thread(models.Model):
    hub = models.ForeignKey(Hub, related_name="threads", on_delete=models.CASCADE)
    title = models.CharField(_("title"), max_length=200)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, related_name="hub_threads", on_delete=models.SET_NULL, null=True
    )
    is_pinned = models.BooleanField(_("pinned"), default=False)
    # Hidden with its first post by a moderator.
    is_hidden = models.BooleanField(_("hidden"), default=False)
    created_at = models.DateTimeField(_("created on"), default=timezone.now)
    last_post_at = models.DateTimeField(_("last post on"), default=timezone.now)
    reply_count = models.PositiveIntegerField(_("replies"), default=0)

    class Meta:
        verbose_name = _("thread")
        verbose_name_plural = _("threads")
        ordering = ["-is_pinned", "-last_post_at"]
        indexes = [models.Index(fields=["hub", "-is_pinned", "-last_post_at"])]

    def __str__(self):
        return self.shown_title

    @property
    def shown_title(self) -> str:
        # Empty once its author's data was erased (hubs/personal_data.py); replies stay.
        return self.title or str(_("A discussion started by a former member"))


class Post(models.Model):
    """A message in a thread, in Markdown (rendered by vivier.core.markdown, sanitised)."""

    thread = models.ForeignKey(Thread, related_name="posts", on_delete=models.CASCADE)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, related_name="hub_posts", on_delete=models.SET_NULL, null=True
    )
    body = models.TextField(_("message"))
    is_first = models.BooleanField(_("first post of the thread"), default=False)
    created_at = models.DateTimeField(_("written on"), default=timezone.now)
    edited_at = models.DateTimeField(_("edited on"), null=True, blank=True)
    # Deleted by its author (or erased with them): the text is emptied, the place kept.
    deleted_at = models.DateTimeField(_("deleted on"), null=True, blank=True)
    is_hidden = models.BooleanField(_("hidden"), default=False)
    mentions = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="hub_mentions", blank=True
    )

    # Its notifications (vivier.notifications) go when it goes.
    notifications = GenericRelation(
        "notifications.Notification", content_type_field="target_type", object_id_field="target_id"
    )

    class Meta:
        verbose_name = _("post")
        verbose_name_plural = _("posts")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.thread} #{self.pk}"

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None


class Reaction(models.Model):
    class Kind(models.TextChoices):
        LIKE = "like", _("Like")
        THANKS = "thanks", _("Thanks")
        CELEBRATE = "celebrate", _("Well done")
        INSIGHTFUL = "insightful", _("Insightful")

    post = models.ForeignKey(Post, related_name="reactions", on_delete=models.CASCADE)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, related_name="+", on_delete=models.CASCADE)
    kind = models.CharField(_("reaction"), max_length=20, choices=Kind.choices)
    created_at = models.DateTimeField(_("reacted on"), auto_now_add=True)

    class Meta:
        verbose_name = _("reaction")
        verbose_name_plural = _("reactions")
        constraints = [
            models.UniqueConstraint(fields=["post", "user", "kind"], name="hubs_one_reaction_kind")
        ]

    def __str__(self):
        return f"{self.kind} #{self.post_id}"


class ThreadState(models.Model):
    """One member's view of one thread: what they have read, and whether they follow it."""

    thread = models.ForeignKey(Thread, related_name="states", on_delete=models.CASCADE)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, related_name="hub_thread_states", on_delete=models.CASCADE
    )
    last_read_at = models.DateTimeField(_("last read on"), null=True, blank=True)
    is_following = models.BooleanField(_("follows the thread"), default=False)

    class Meta:
        verbose_name = _("thread read and followed")
        verbose_name_plural = _("threads read and followed")
        constraints = [
            models.UniqueConstraint(fields=["thread", "user"], name="hubs_one_state_per_thread")
        ]

    def __str__(self):
        return f"{self.user_id} / {self.thread_id}"


class PostReport(models.Model):
    post = models.ForeignKey(Post, related_name="reports", on_delete=models.CASCADE)
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, related_name="+", on_delete=models.SET_NULL, null=True
    )
    reason = models.TextField(_("reason"), max_length=1000)
    created_at = models.DateTimeField(_("reported on"), auto_now_add=True)
    resolved_at = models.DateTimeField(_("resolved on"), null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, related_name="+", on_delete=models.SET_NULL, null=True, blank=True
    )

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["post", "reporter"],
                condition=models.Q(resolved_at__isnull=True),
                name="hubs_one_open_report_per_reporter",
            )
        ]

    def __str__(self):
        return f"{self.post_id}: {self.reason[:60]}"


class MemberOffer(models.Model):
    """A job or internship offer proposed by a hub member, moderated by a recruiter.

    Approved, it becomes a jobs.JobOffer credited to the member (job_offer and proposed_by), or
    stays a post of the hub with its external link.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for moderation")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Declined")

    class Outcome(models.TextChoices):
        JOB_OFFER = "job_offer", _("A regular offer")
        HUB_POST = "hub_post", _("A post of the hub, with its external link")

    class Source(models.TextChoices):
        OWN_TEAM = "own_team", _("My own team")
        PARTNER = "partner", _("A partner organisation")
        OTHER = "other", _("Another employer")

    hub = models.ForeignKey(Hub, related_name="member_offers", on_delete=models.CASCADE)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("proposed by"),
        related_name="member_offers",
        on_delete=models.SET_NULL,
        null=True,
    )
    title = models.CharField(_("title"), max_length=200)
    contract_type = models.CharField(
        _("contract"), max_length=20, choices=ContractType.choices, default=ContractType.CDI
    )
    source = models.CharField(
        _("whose offer"), max_length=20, choices=Source.choices, default=Source.OWN_TEAM
    )
    organisation_name = models.CharField(_("team or organisation"), max_length=200, blank=True)
    partner_organisation = models.ForeignKey(
        PartnerOrganisation,
        verbose_name=_("partner organisation"),
        related_name="member_offers",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    city = models.CharField(_("city"), max_length=120)
    description = models.TextField(_("description"), help_text=_("Markdown."))
    external_url = models.URLField(_("external link"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PENDING
    )
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices, blank=True)
    job_offer = models.ForeignKey(
        "jobs.JobOffer",
        verbose_name=_("job offer"),
        related_name="member_offers",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    review_note = models.TextField(_("note to the member"), blank=True, max_length=2000)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, related_name="+", on_delete=models.SET_NULL, null=True, blank=True
    )
    reviewed_at = models.DateTimeField(_("reviewed on"), null=True, blank=True)
    created_at = models.DateTimeField(_("proposed on"), auto_now_add=True)

    # Its notifications (vivier.notifications) go when it goes.
    notifications = GenericRelation(
        "notifications.Notification", content_type_field="target_type", object_id_field="target_id"
    )

    class Meta:
        verbose_name = _("member's offer")
        verbose_name_plural = _("members' offers")
        ordering = ["-created_at"]

    def __str__(self):
        return self.title


class ModerationAction(models.Model):
    """The audit of moderation: who did what, when, to what, and why. Append-only."""

    class Action(models.TextChoices):
        HIDE = "hide", _("Hidden")
        RESTORE = "restore", _("Restored")
        BAN = "ban", _("Banned from the hub")
        UNBAN = "unban", _("Ban lifted")
        DISMISS = "dismiss", _("Report dismissed")
        PIN = "pin", _("Pinned")
        UNPIN = "unpin", _("Unpinned")
        APPROVE_OFFER = "approve_offer", _("Offer approved")
        REJECT_OFFER = "reject_offer", _("Offer declined")
        ACCEPT_REQUEST = "accept_request", _("Join request accepted")
        DECLINE_REQUEST = "decline_request", _("Join request declined")

    hub = models.ForeignKey(
        Hub, related_name="moderation_actions", on_delete=models.SET_NULL, null=True
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, related_name="+", on_delete=models.SET_NULL, null=True
    )
    action = models.CharField(_("action"), max_length=20, choices=Action.choices)
    post = models.ForeignKey(Post, related_name="+", on_delete=models.SET_NULL, null=True)
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, related_name="+", on_delete=models.SET_NULL, null=True
    )
    member_offer = models.ForeignKey(
        MemberOffer, related_name="+", on_delete=models.SET_NULL, null=True
    )
    # What was acted on, in words, kept when the row it points to is gone.
    target = models.CharField(_("on what"), max_length=300)
    reason = models.TextField(_("reason"), blank=True)
    created_at = models.DateTimeField(_("done on"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("moderation action")
        verbose_name_plural = _("moderation actions")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.action} {self.target}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("The moderation audit is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("The moderation audit is append-only.")
