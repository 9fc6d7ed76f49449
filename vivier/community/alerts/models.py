"""Following the employer: job alerts and their digests; public questions on offers.

A subscriber is an e-mail address, no account needed. Each alert they save is confirmed from
their mailbox (double opt-in) before anything is sent. Digests are one row per subscriber and
period (the outbox, unique), so that no one gets the same digest twice.
"""

import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from vivier.jobs.models import ContractType

MAX_ALERTS_PER_SUBSCRIBER = 10
QUESTION_MAX_CHARS = 2000
ANSWER_MAX_CHARS = 4000


def new_secret() -> str:
    return secrets.token_urlsafe(24)  # 192 bits: not guessable, not enumerable


class Frequency(models.TextChoices):
    DAILY = "daily", _("Daily")
    WEEKLY = "weekly", _("Weekly")


class Subscriber(models.Model):
    """An address that receives job alerts: what its links open is decided by `token`."""

    email = models.EmailField(_("e-mail address"), unique=True)
    language = models.CharField(_("language"), max_length=5, default="fr")
    frequency = models.CharField(
        _("frequency"), max_length=10, choices=Frequency.choices, default=Frequency.WEEKLY
    )
    # The secret of the subscriber's own page (their alerts, frequency, feeds).
    token = models.CharField(max_length=40, unique=True, default=new_secret, editable=False)
    created_at = models.DateTimeField(_("created on"), default=timezone.now)
    # Set when the first alert is confirmed; digests go to confirmed subscribers only.
    confirmed_at = models.DateTimeField(_("confirmed on"), null=True, blank=True)

    class Meta:
        verbose_name = _("alert subscriber")
        verbose_name_plural = _("alert subscribers")
        indexes = [models.Index(fields=["frequency", "confirmed_at"])]

    def __str__(self):
        return self.email


class Alert(models.Model):
    """Saved search criteria; empty criteria follow every new offer of the employer."""

    subscriber = models.ForeignKey(
        Subscriber, related_name="alerts", on_delete=models.CASCADE, verbose_name=_("subscriber")
    )
    keywords = models.CharField(_("keywords"), max_length=100, blank=True)
    contract_type = models.CharField(
        _("contract type"), max_length=20, choices=ContractType.choices, blank=True
    )
    department = models.ForeignKey(
        "brand.Department", verbose_name=_("department"), null=True, blank=True,
        related_name="+", on_delete=models.SET_NULL,
    )  # fmt: skip
    place = models.CharField(_("place"), max_length=120, blank=True)
    # Where the gazetteer put the place; without it, the place matches the offer's city by name.
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    distance_km = models.PositiveSmallIntegerField(_("within (km)"), null=True, blank=True)
    # A digest of the criteria: alerts with the same criteria are matched once (digests.py).
    criteria_key = models.CharField(max_length=32, db_index=True, editable=False)
    feed_token = models.CharField(max_length=40, unique=True, default=new_secret, editable=False)
    consent_text = models.TextField(_("consent text shown"), blank=True)
    created_at = models.DateTimeField(_("created on"), default=timezone.now)
    # The double opt-in: the link in the confirmation e-mail works once, then is forgotten.
    confirmation_token = models.CharField(max_length=40, null=True, blank=True, unique=True)
    confirmation_sent_at = models.DateTimeField(null=True, blank=True)
    confirmed_at = models.DateTimeField(_("confirmed on"), null=True, blank=True)

    class Meta:
        verbose_name = _("job alert")
        verbose_name_plural = _("job alerts")
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["confirmed_at", "created_at"])]

    def __str__(self):
        return self.describe()

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed_at is not None

    def describe(self) -> str:
        from vivier.community.alerts.criteria import describe

        return describe(self)


class DigestRun(models.Model):
    """One computation of the digests of a period: its window of publication dates."""

    period = models.CharField(max_length=24, unique=True)  # "daily:2026-12-06", "weekly:2026-W49"
    frequency = models.CharField(max_length=10, choices=Frequency.choices)
    since = models.DateTimeField()
    until = models.DateTimeField()
    started_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    digest_count = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-until"]

    def __str__(self):
        return self.period


class Digest(models.Model):
    """The outbox row of one digest e-mail: one per subscriber and period, never two."""

    subscriber = models.ForeignKey(Subscriber, related_name="digests", on_delete=models.CASCADE)
    period = models.CharField(max_length=24)
    offer_ids = models.JSONField(default=list)
    created_at = models.DateTimeField(default=timezone.now)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    send_attempts = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("alert digest")
        verbose_name_plural = _("alert digests")
        constraints = [
            models.UniqueConstraint(fields=["subscriber", "period"], name="one_digest_per_period")
        ]
        indexes = [models.Index(fields=["sent_at", "claimed_at"])]

    def __str__(self):
        return f"{self.period} {self.subscriber_id}"


class QuestionStatus(models.TextChoices):
    PENDING = "pending", _("To moderate")
    PUBLISHED = "published", _("Approved")
    HIDDEN = "hidden", _("Hidden")


class Question(models.Model):
    """A question asked in public on an offer; the public sees it once approved and answered."""

    offer = models.ForeignKey(
        "jobs.JobOffer", related_name="questions", on_delete=models.CASCADE,
        verbose_name=_("offer"),
    )  # fmt: skip
    author_name = models.CharField(_("name or pseudonym"), max_length=60)
    # Private: only to tell the person that their question has an answer.
    author_email = models.EmailField(_("e-mail address"))
    language = models.CharField(_("language"), max_length=5, default="fr")
    body = models.TextField(_("question"), max_length=QUESTION_MAX_CHARS)
    status = models.CharField(
        _("status"), max_length=10, choices=QuestionStatus.choices,
        default=QuestionStatus.PENDING, db_index=True,
    )  # fmt: skip
    created_at = models.DateTimeField(_("asked on"), default=timezone.now)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, related_name="+",
        on_delete=models.SET_NULL, verbose_name=_("moderated by"),
    )  # fmt: skip
    moderated_at = models.DateTimeField(_("moderated on"), null=True, blank=True)
    answer = models.TextField(_("answer"), blank=True, max_length=ANSWER_MAX_CHARS)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, related_name="+",
        on_delete=models.SET_NULL, verbose_name=_("answered by"),
    )  # fmt: skip
    answered_at = models.DateTimeField(_("answered on"), null=True, blank=True)
    # Claimed before the e-mail telling the person of the answer goes: it goes once.
    answer_notified_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("question on an offer")
        verbose_name_plural = _("questions on offers")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["offer", "status", "answered_at"])]

    def __str__(self):
        return f"{self.author_name}: {self.body[:40]}"

    @property
    def is_public(self) -> bool:
        return self.status == QuestionStatus.PUBLISHED and bool(self.answer)
