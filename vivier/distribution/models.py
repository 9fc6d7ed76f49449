import json
import secrets
import uuid

from django.conf import settings
from django.db import models
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from vivier.distribution import crypto


class ChannelKind(models.TextChoices):
    LINKEDIN = "linkedin", "LinkedIn"
    X = "x", "X"
    FACEBOOK = "facebook", "Facebook"
    MASTODON = "mastodon", "Mastodon"
    WEBHOOK = "webhook", _("Signed webhook")
    EMAIL = "email", _("E-mail list")
    JOB_BOARD = "job_board", _("Job board XML feed")
    ATOM = "atom", _("Atom feed")
    GOOGLE_JOBS = "google_jobs", _("Search engines (JSON-LD)")
    # The employer's own network (community.referrals): members' personal links, partners' shares.
    REFERRAL = "referral", _("Referrals by members")
    PARTNER = "partner", _("Partner organisation")


# Channels the worker posts to; the others are read by the network ("pull" channels).
PUSH_KINDS = {
    ChannelKind.LINKEDIN,
    ChannelKind.X,
    ChannelKind.FACEBOOK,
    ChannelKind.MASTODON,
    ChannelKind.WEBHOOK,
    ChannelKind.EMAIL,
}
PULL_KINDS = {ChannelKind.JOB_BOARD, ChannelKind.ATOM, ChannelKind.GOOGLE_JOBS}
# Channels made and managed by community.referrals: nothing is posted to them, and the channel
# screens leave them out; their links are shared by people (members, partners).
COMMUNITY_KINDS = {ChannelKind.REFERRAL, ChannelKind.PARTNER}
# Networks offering a share page a recruiter can use without an approved API app.
SHARE_INTENT_KINDS = {ChannelKind.LINKEDIN, ChannelKind.X, ChannelKind.FACEBOOK}
# What the tracked links of each kind say in utm_medium.
UTM_MEDIUM = {
    ChannelKind.LINKEDIN: "social",
    ChannelKind.X: "social",
    ChannelKind.FACEBOOK: "social",
    ChannelKind.MASTODON: "social",
    ChannelKind.WEBHOOK: "referral",
    ChannelKind.EMAIL: "email",
    ChannelKind.JOB_BOARD: "job_board",
    ChannelKind.ATOM: "feed",
    ChannelKind.GOOGLE_JOBS: "organic",
    ChannelKind.REFERRAL: "referral",
    ChannelKind.PARTNER: "referral",
}


class ChannelMode(models.TextChoices):
    API = "api", _("Posted by Vivier through the network's API")
    SHARE = "share", _("Shared by hand from a share page (no API access)")


class Channel(models.Model):
    """A configured account on a network, or a feed read by a job board."""

    kind = models.CharField(_("network"), max_length=12, choices=ChannelKind.choices)
    name = models.CharField(_("name"), max_length=100)
    mode = models.CharField(
        _("publishing"), max_length=5, choices=ChannelMode.choices, default=ChannelMode.API
    )
    is_enabled = models.BooleanField(_("enabled"), default=True)
    is_sandbox = models.BooleanField(
        _("sandbox"),
        default=False,
        help_text=_("Posts go to the local sandbox server instead of the real network."),
    )
    # The Mastodon server, the webhook's address; empty means the network's public API.
    api_url = models.URLField(_("address"), blank=True)
    # LinkedIn organisation URN, Facebook page id, X user id: not secret.
    account_id = models.CharField(_("account"), max_length=200, blank=True)
    credentials_encrypted = models.TextField(blank=True, editable=False)
    slug = models.SlugField(
        _("feed name"),
        max_length=60,
        blank=True,
        help_text=_("Used in the feed's address, for job boards."),
    )
    audience_tags = models.JSONField(_("target audiences"), default=list, blank=True)
    hashtags = models.CharField(_("default hashtags"), max_length=300, blank=True)
    message_template = models.TextField(
        _("message template"),
        blank=True,
        help_text=_(
            "Placeholders: {title}, {place}, {contract}, {hook}, {employer}, {hashtags}, "
            "{link}. Empty: the network's default."
        ),
    )
    email_recipients = models.TextField(
        _("recipients"), blank=True, help_text=_("One e-mail address per line.")
    )
    cost_per_month = models.DecimalField(
        _("cost per month (€)"), max_digits=9, decimal_places=2, null=True, blank=True
    )
    last_checked_at = models.DateTimeField(_("last checked"), null=True, blank=True)
    is_connection_ok = models.BooleanField(_("connection works"), null=True)
    check_message = models.CharField(_("check result"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("created on"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated on"), auto_now=True)

    class Meta:
        verbose_name = _("channel")
        verbose_name_plural = _("channels")
        ordering = ["kind", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["slug"], condition=~models.Q(slug=""), name="unique_feed_slug"
            )
        ]

    def __str__(self):
        return self.name

    @property
    def is_push(self) -> bool:
        return self.kind in PUSH_KINDS

    @property
    def is_pull(self) -> bool:
        return self.kind in PULL_KINDS

    @property
    def is_share_intent(self) -> bool:
        return self.kind in SHARE_INTENT_KINDS and self.mode == ChannelMode.SHARE

    @property
    def credentials(self) -> dict:
        if not self.credentials_encrypted:
            return {}
        return json.loads(crypto.decrypt(self.credentials_encrypted))

    @credentials.setter
    def credentials(self, values: dict) -> None:
        kept = {key: value for key, value in values.items() if value not in ("", None)}
        self.credentials_encrypted = crypto.encrypt(json.dumps(kept)) if kept else ""

    @property
    def has_credentials(self) -> bool:
        return bool(self.credentials_encrypted)

    @property
    def hashtag_list(self) -> list[str]:
        words = self.hashtags.replace(",", " ").split()
        return ["#" + word.lstrip("#") for word in words if word.lstrip("#")]

    @property
    def recipient_list(self) -> list[str]:
        return [line.strip() for line in self.email_recipients.splitlines() if line.strip()]


class PublicationStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("Scheduled")
    SENDING = "sending", _("Sending")
    PUBLISHED = "published", _("Published")
    FAILED = "failed", _("Failed")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    MANUAL = "manual", _("Needs manual action")


def _offer_or_campaign(name: str) -> models.CheckConstraint:
    """Exactly one of offer and campaign: what a link or a post is about."""
    return models.CheckConstraint(
        condition=models.Q(offer__isnull=False, campaign__isnull=True)
        | models.Q(offer__isnull=True, campaign__isnull=False),
        name=name,
    )


class Publication(models.Model):
    """An offer (or a campaign's landing page) on one channel: text, state, network reference."""

    offer = models.ForeignKey(
        "jobs.JobOffer", related_name="publications", on_delete=models.CASCADE, null=True,
        blank=True,
    )  # fmt: skip
    campaign = models.ForeignKey(
        "campaigns.Campaign", related_name="publications", on_delete=models.CASCADE, null=True,
        blank=True,
    )  # fmt: skip
    channel = models.ForeignKey(Channel, related_name="publications", on_delete=models.PROTECT)
    link = models.ForeignKey("TrackedLink", related_name="publications", on_delete=models.PROTECT)
    text = models.TextField(_("text"))
    status = models.CharField(
        _("status"), max_length=10, choices=PublicationStatus.choices, db_index=True
    )
    scheduled_at = models.DateTimeField(_("scheduled for"))
    next_attempt_at = models.DateTimeField(null=True, blank=True, db_index=True)
    tries = models.PositiveSmallIntegerField(_("tries"), default=0)
    # Sent to networks that deduplicate (Mastodon, webhooks); renewed when a post is redone.
    idempotency_key = models.UUIDField(default=uuid.uuid4)
    # Until then the worker that set it owns the publication (see DISTRIBUTION_LEASE_S).
    lease_until = models.DateTimeField(null=True, blank=True)
    external_id = models.CharField(_("post id"), max_length=200, blank=True)
    external_url = models.URLField(_("post address"), max_length=500, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    metrics = models.JSONField(_("network metrics"), default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        related_name="+",
        on_delete=models.SET_NULL,
    )
    created_at = models.DateTimeField(auto_now_add=True)
    published_at = models.DateTimeField(_("published on"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn on"), null=True, blank=True)

    class Meta:
        verbose_name = _("publication")
        verbose_name_plural = _("publications")
        ordering = ["channel__kind", "channel__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["offer", "channel"],
                condition=models.Q(offer__isnull=False),
                name="one_publication_per_channel",
            ),
            models.UniqueConstraint(
                fields=["campaign", "channel"],
                condition=models.Q(campaign__isnull=False),
                name="one_campaign_publication_per_channel",
            ),
            _offer_or_campaign("publication_of_an_offer_or_a_campaign"),
        ]

    def __str__(self):
        return f"{self.offer or self.campaign} → {self.channel}"

    @property
    def subject(self):
        """What the post is about: the offer, or the campaign."""
        return self.offer or self.campaign

    @property
    def is_live(self) -> bool:
        return self.status == PublicationStatus.PUBLISHED


class AttemptAction(models.TextChoices):
    PUBLISH = "publish", _("Publish")
    RECONCILE = "reconcile", _("Check whether the post exists")
    WITHDRAW = "withdraw", _("Withdraw")


class AttemptOutcome(models.TextChoices):
    # Written before the network is called: a row still pending means the worker died meanwhile.
    PENDING = "pending", _("In progress")
    DONE = "done", _("Done")
    RETRY = "retry", _("Will retry")
    UNKNOWN = "unknown", _("No answer: will check before retrying")
    FAILED = "failed", _("Failed")


class PublicationAttempt(models.Model):
    publication = models.ForeignKey(Publication, related_name="attempts", on_delete=models.CASCADE)
    action = models.CharField(max_length=10, choices=AttemptAction.choices)
    outcome = models.CharField(max_length=10, choices=AttemptOutcome.choices)
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)
    http_status = models.PositiveSmallIntegerField(null=True, blank=True)
    detail = models.TextField(blank=True, help_text="The network's answer, shortened.")

    class Meta:
        ordering = ["-started_at", "-pk"]

    def __str__(self):
        return f"{self.action} {self.outcome} {self.started_at:%Y-%m-%d %H:%M:%S}"


class EmailDelivery(models.Model):
    """One e-mail of a publication on a list: claimed before sending, so never sent twice."""

    publication = models.ForeignKey(
        Publication, related_name="email_deliveries", on_delete=models.CASCADE
    )
    address = models.EmailField()
    claimed_at = models.DateTimeField()
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["publication", "address"], name="one_email_per_recipient"
            )
        ]

    def __str__(self):
        return self.address


class EmailUnsubscription(models.Model):
    channel = models.ForeignKey(Channel, related_name="unsubscriptions", on_delete=models.CASCADE)
    address = models.EmailField()
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["channel", "address"], name="one_unsubscription")
        ]

    def __str__(self):
        return self.address


def new_link_code() -> str:
    # 10 characters from 57 (no look-alikes such as l/1, O/0): about 3.6×10^17 codes, so they
    # cannot be guessed or enumerated.
    alphabet = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    return "".join(secrets.choice(alphabet) for _ in range(10))


class TrackedLink(models.Model):
    """`/r/<code>`: leads to an offer or a campaign page; tells which channel brought the visit."""

    code = models.CharField(max_length=16, unique=True, default=new_link_code, editable=False)
    channel = models.ForeignKey(Channel, related_name="links", on_delete=models.PROTECT)
    offer = models.ForeignKey(
        "jobs.JobOffer", related_name="tracked_links", on_delete=models.CASCADE, null=True,
        blank=True,
    )  # fmt: skip
    campaign = models.ForeignKey(
        "campaigns.Campaign", related_name="tracked_links", on_delete=models.CASCADE, null=True,
        blank=True,
    )  # fmt: skip
    # A member's own link (community.referrals names whose): many per offer and channel, while
    # the channel's shared link stays one per offer.
    is_personal = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["offer", "channel"],
                condition=models.Q(offer__isnull=False, is_personal=False),
                name="one_link_per_offer_channel",
            ),
            models.UniqueConstraint(
                fields=["campaign", "channel"],
                condition=models.Q(campaign__isnull=False),
                name="one_link_per_campaign_channel",
            ),
            _offer_or_campaign("link_to_an_offer_or_a_campaign"),
        ]

    def __str__(self):
        return self.code

    @cached_property
    def url(self) -> str:
        return f"{settings.SITE_URL}/r/{self.code}"


class Click(models.Model):
    # Made by the redirect, so a batch written twice after a crash is recognised.
    id = models.UUIDField(primary_key=True)
    link = models.ForeignKey(TrackedLink, related_name="clicks", on_delete=models.CASCADE)
    at = models.DateTimeField(db_index=True)
    referrer_host = models.CharField(max_length=255, blank=True)
    is_bot = models.BooleanField(default=False)
    bot_name = models.CharField(max_length=60, blank=True)
    # SHA-256 of the address with a salt of the day, dropped after two days: counts distinct
    # visitors within a day without keeping anything that leads back to an address.
    visitor_hash = models.CharField(max_length=64)

    class Meta:
        indexes = [models.Index(fields=["link", "at"])]

    def __str__(self):
        return f"{self.link_id} {self.at:%Y-%m-%d %H:%M:%S}"


class ClickSalt(models.Model):
    day = models.DateField(primary_key=True)
    salt = models.CharField(max_length=64)

    def __str__(self):
        return str(self.day)
