from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Scope(models.TextChoices):
    READ_OFFERS = "read:offers", _("Read offers")
    WRITE_OFFERS = "write:offers", _("Create, change, publish and close offers")
    READ_APPLICATIONS = "read:applications", _("Read applications")
    WRITE_APPLICATIONS = "write:applications", _("Create and move applications, add notes")
    READ_PROFILES = "read:profiles", _("Read talent-pool profiles")
    WRITE_PROFILES = "write:profiles", _("Add and change talent-pool profiles")
    READ_CHANNELS = "read:channels", _("Read channels and publications")
    WRITE_PUBLICATIONS = "write:publications", _("Spread offers on channels")
    READ_CAMPAIGNS = "read:campaigns", _("Read campaigns")
    READ_ANALYTICS = "read:analytics", _("Read the reports")
    READ_HUBS = "read:hubs", _("Read hubs and their members")
    READ_REFERRALS = "read:referrals", _("Read referrals and their bonuses")


class ApiToken(models.Model):
    """A personal API token: the secret is shown once and only its hash is kept.

    The token acts as its user, within its scopes: it never sees more than the user would.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, related_name="api_tokens", on_delete=models.CASCADE
    )
    name = models.CharField(_("name"), max_length=100)
    # The public part of the token, to find the row without scanning hashes.
    prefix = models.CharField(max_length=12, unique=True)
    secret_hash = models.CharField(max_length=64)
    scopes = models.JSONField(_("scopes"), default=list)
    created_at = models.DateTimeField(_("created on"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires on"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked on"), null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_usable(self) -> bool:
        if self.revoked_at is not None or not self.user.is_active:
            return False
        return self.expires_at is None or self.expires_at > timezone.now()


class IdempotentRequest(models.Model):
    """The answer given to a create sent with an Idempotency-Key, replayed if it comes again."""

    token = models.ForeignKey(ApiToken, related_name="+", on_delete=models.CASCADE)
    key = models.CharField(max_length=255)
    fingerprint = models.CharField(max_length=64, help_text="SHA-256 of method, path and body")
    status = models.PositiveSmallIntegerField()
    body = models.JSONField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["token", "key"], name="one_answer_per_idempotency_key")
        ]

    def __str__(self):
        return self.key


class WebhookEvent(models.TextChoices):
    OFFER_PUBLISHED = "offer.published", _("An offer is published")
    OFFER_CLOSED = "offer.closed", _("An offer is closed")
    APPLICATION_CREATED = "application.created", _("An application arrives")
    APPLICATION_STAGE_CHANGED = "application.stage_changed", _("An application changes stage")
    CANDIDATE_HIRED = "candidate.hired", _("A candidate is hired")
    REFERRAL_HIRED = "referral.hired", _("A referred candidate is hired")
    PUBLICATION_FAILED = "publication.failed", _("A post on a channel failed")


class WebhookEndpoint(models.Model):
    """An address of the employer's system that receives signed events."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, related_name="webhook_endpoints", on_delete=models.CASCADE
    )
    url = models.URLField(_("address"), max_length=500)
    events = models.JSONField(_("events"), default=list)
    # Needed in clear to sign each delivery; shown to the owner, who checks signatures with it.
    secret = models.CharField(max_length=64)
    is_active = models.BooleanField(_("active"), default=True)
    consecutive_failures = models.PositiveIntegerField(default=0)
    disabled_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("webhook")
        verbose_name_plural = _("webhooks")
        ordering = ["-created_at"]

    def __str__(self):
        return self.url


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    SUCCEEDED = "succeeded", _("Delivered")
    FAILED = "failed", _("Failed")


class WebhookDelivery(models.Model):
    endpoint = models.ForeignKey(
        WebhookEndpoint, related_name="deliveries", on_delete=models.CASCADE
    )
    event = models.CharField(max_length=50, choices=WebhookEvent.choices)
    payload = models.JSONField()
    status = models.CharField(
        max_length=10, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    last_status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    last_response = models.TextField(blank=True)
    last_attempt_at = models.DateTimeField(null=True, blank=True)
    # When the worker may send it: at once when new, after the backoff when an attempt failed.
    next_attempt_at = models.DateTimeField(default=timezone.now)
    # A worker's claim while it sends the delivery in a batch (see webhooks.claim_due_deliveries):
    # its random token, and the end of its lease, after which another worker may take it over.
    claim = models.CharField(max_length=32, blank=True)
    claimed_until = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(
                fields=["endpoint", "status", "next_attempt_at"], name="webhook_delivery_due"
            ),
        ]

    def __str__(self):
        return f"{self.event} → {self.endpoint}"
