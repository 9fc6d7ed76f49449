"""Notifications, each person's choices about them, and the daily digests that group them."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from vivier.notifications.registry import VERBS, EmailChoice


class Digest(models.Model):
    """One e-mail grouping a person's notifications of a day, for those who chose the digest.

    Unique per person and day, and filled when it is made (never after): a retried task or a
    second worker finds it there and neither adds to it nor makes another. Sending claims it
    with a lease (claimed_at), as hiring's outbox does.
    """

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recipient"), related_name="notification_digests",
        on_delete=models.CASCADE,
    )  # fmt: skip
    day = models.DateField(_("day"))
    created_at = models.DateTimeField(_("created on"), default=timezone.now)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(_("sent on"), null=True, blank=True)
    send_attempts = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("notification digest")
        verbose_name_plural = _("notification digests")
        ordering = ["-day", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "day"], name="one_notification_digest_a_day"
            )
        ]

    def __str__(self):
        return f"{self.recipient} · {self.day}"


class Notification(models.Model):
    """Something one person is told of: a mention, a reply, a review, a decision, a referral.

    Generic: a verb registered by the part of Vivier that notifies (registry.py), a short text
    saying what it is about (a thread's title, an offer's title: never a candidate's name nor
    any of their details), the link, and the object it is about (`target`). Where the object is
    an application, the list shows the application's current name, read when shown, so that an
    erased candidate disappears from notifications too; e-mails never name the candidate.

    The recipient's choices at the time decide whether it shows in their list (`is_shown`) and
    how its e-mail copy goes (`email`: at once, in the day's digest, never).
    """

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recipient"), related_name="notifications",
        on_delete=models.CASCADE,
    )  # fmt: skip
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), related_name="+", null=True, blank=True,
        on_delete=models.SET_NULL,
    )  # fmt: skip
    verb = models.CharField(_("what"), max_length=50)
    variant = models.CharField(_("outcome"), max_length=30, blank=True)
    text = models.CharField(_("about"), max_length=300, blank=True)
    target_url = models.CharField(_("link"), max_length=500)
    target_type = models.ForeignKey(
        ContentType, related_name="+", null=True, blank=True, on_delete=models.CASCADE
    )
    target_id = models.PositiveBigIntegerField(null=True, blank=True)
    target = GenericForeignKey("target_type", "target_id")
    created_at = models.DateTimeField(_("created on"), default=timezone.now)
    read_at = models.DateTimeField(_("read on"), null=True, blank=True)
    is_shown = models.BooleanField(_("shown in Vivier"), default=True)
    email = models.CharField(
        _("e-mail"), max_length=20, choices=EmailChoice.choices, default=EmailChoice.IMMEDIATELY
    )
    # The worker's lease on the e-mail copy: a retried task, or a second worker, never sends it
    # twice; a worker stopped mid-way leaves it to the sweep once the lease is over.
    email_claimed_at = models.DateTimeField(null=True, blank=True)
    email_attempts = models.PositiveSmallIntegerField(default=0)
    emailed_at = models.DateTimeField(_("e-mailed on"), null=True, blank=True)
    digest = models.ForeignKey(
        Digest, verbose_name=_("digest"), related_name="notifications", null=True, blank=True,
        on_delete=models.SET_NULL,
    )  # fmt: skip

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(
                fields=["recipient", "-created_at"], name="notification_list",
                condition=models.Q(is_shown=True),
            ),
            models.Index(
                fields=["recipient", "verb"], name="notification_unread_by_verb",
                condition=models.Q(read_at__isnull=True, is_shown=True),
            ),
            models.Index(
                fields=["email", "created_at"], name="notification_email_pending",
                condition=models.Q(emailed_at__isnull=True, digest__isnull=True),
            ),
            models.Index(fields=["target_type", "target_id"], name="notification_target"),
        ]  # fmt: skip

    def __str__(self):
        return f"{self.recipient} · {self.verb}"

    @property
    def verb_entry(self):
        return VERBS.get(self.verb)

    def sentence(self) -> str:
        """What happened, in the active language ("Bob mentioned you in a note"); what it is
        about (`text`, or the live description of the list) goes on a line of its own."""
        from django.utils.translation import gettext

        verb = self.verb_entry
        if verb is None:  # a verb no part registers any more (an app removed)
            return self.text or self.verb
        actor = str(self.actor) if self.actor_id and self.actor else gettext("Someone")
        return str(verb.sentence(self.variant)) % {"actor": actor}


class NotificationPreference(models.Model):
    """One person's choice for one verb; without a row, the verb's defaults apply."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, related_name="notification_preferences", on_delete=models.CASCADE
    )
    verb = models.CharField(_("what"), max_length=50)
    in_app = models.BooleanField(_("show in Vivier"), default=True)
    email = models.CharField(
        _("e-mail"), max_length=20, choices=EmailChoice.choices, default=EmailChoice.IMMEDIATELY
    )

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")
        constraints = [
            models.UniqueConstraint(fields=["user", "verb"], name="one_preference_per_verb")
        ]

    def __str__(self):
        return f"{self.user} · {self.verb}"
