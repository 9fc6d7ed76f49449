"""The models of conversations: replies from candidates, the quarantine, templates and e-mails
scheduled for later.

The e-mails the team sends are hiring's Message rows (its outbox); a thread is those and the
InboundMessage rows of one application, in time order (selectors.thread_for).
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from vivier.hiring.models import Application, private_storage


class InboundStatus(models.TextChoices):
    ATTACHED = "attached", _("In the conversation")
    QUARANTINED = "quarantined", _("In quarantine")


class QuarantineReason(models.TextChoices):
    UNKNOWN_ADDRESS = "unknown", _("Not sent to a reply address of an application")
    FORGED_TOKEN = "forged", _("The reply address's token is not valid")
    NO_APPLICATION = "gone", _("The application no longer exists")
    MALFORMED = "malformed", _("The message could not be read")


class Via(models.TextChoices):
    MAIL_SERVER = "mail", _("E-mail (posted by the mail server)")
    IMAP = "imap", _("E-mail (read from the mailbox)")
    SPACE = "space", _("The candidate's space")


def raw_path(message, filename):
    return f"inbound/{timezone.now():%Y/%m}/{uuid.uuid4().hex}.eml"


def attachment_path(attachment, filename):
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"inbound/{timezone.now():%Y/%m}/{uuid.uuid4().hex}.{extension[:8]}"


class InboundMessage(models.Model):
    """A message from a candidate: attached to its application's thread, or in quarantine (no
    application, or one a person must confirm) until the staff assign or discard it."""

    # Erased with the applicant (vivier.privacy.personal_data.anonymise_candidate).
    ERASED_WITH_APPLICANT = True

    application = models.ForeignKey(
        Application, verbose_name=_("application"), related_name="inbound_messages",
        null=True, blank=True, on_delete=models.CASCADE,
    )  # fmt: skip
    status = models.CharField(_("status"), max_length=12, choices=InboundStatus.choices)
    quarantine_reason = models.CharField(
        _("why in quarantine"), max_length=10, choices=QuarantineReason.choices, blank=True
    )
    problem = models.TextField(_("details"), blank=True)
    via = models.CharField(_("received through"), max_length=6, choices=Via.choices)
    from_address = models.CharField(_("from"), max_length=320, blank=True)
    from_name = models.CharField(_("sender's name"), max_length=200, blank=True)
    to_addresses = models.TextField(_("to"), blank=True)
    subject = models.CharField(_("subject"), max_length=300, blank=True)
    body = models.TextField(_("text"), blank=True)
    message_id = models.CharField(_("Message-ID"), max_length=300, blank=True)
    sent_at = models.DateTimeField(_("sent on"), null=True, blank=True)
    received_at = models.DateTimeField(_("received on"), default=timezone.now)
    # The message exactly as it came, so that nothing is lost whatever the parsing made of it.
    raw = models.FileField(
        _("original message"), storage=private_storage, upload_to=raw_path, blank=True
    )
    raw_sha256 = models.CharField(max_length=64, blank=True)
    refused_attachments = models.JSONField(_("attachments not kept"), default=list, blank=True)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, related_name="+", on_delete=models.SET_NULL, null=True,
        blank=True,
    )  # fmt: skip
    assigned_at = models.DateTimeField(_("assigned on"), null=True, blank=True)

    class Meta:
        verbose_name = _("message received")
        verbose_name_plural = _("messages received")
        ordering = ["-received_at", "-pk"]
        constraints = [
            # The same message posted twice (a mail server's retry, a mailbox read again).
            models.UniqueConstraint(
                fields=["raw_sha256"], condition=~models.Q(raw_sha256=""),
                name="inbound_message_once",
            )
        ]  # fmt: skip
        indexes = [models.Index(fields=["status", "received_at"], name="inbound_by_status")]

    def __str__(self):
        return self.subject or str(_("(no subject)"))

    @property
    def is_from_another_address(self) -> bool:
        """The reply came from an address that is not the candidate's: worth a look."""
        if self.application is None or not self.from_address:
            return False
        return self.from_address.lower() != self.application.candidate.email.lower()


class InboundAttachment(models.Model):
    ERASED_WITH_APPLICANT = True

    message = models.ForeignKey(
        InboundMessage, related_name="attachments", on_delete=models.CASCADE
    )
    file = models.FileField(_("file"), storage=private_storage, upload_to=attachment_path)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("type"), max_length=100)
    size = models.PositiveIntegerField(_("size in bytes"))

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["pk"]

    def __str__(self):
        return self.original_name


class ReplyTemplate(models.Model):
    """A reply the team writes often. Placeholders as in hiring's templates: {candidate_first_name},
    {candidate_name}, {offer_title}, {offer_reference}, {employer_name}."""

    name = models.CharField(_("name"), max_length=120)
    language = models.CharField(_("language"), max_length=5, choices=settings.LANGUAGES)
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("text"))
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("reply template")
        verbose_name_plural = _("reply templates")
        ordering = ["language", "name"]

    def __str__(self):
        return f"{self.name} ({self.language})"


class ScheduledMessage(models.Model):
    """An e-mail to send later: the worker turns it into a hiring Message at its time."""

    ERASED_WITH_APPLICANT = True

    application = models.ForeignKey(
        Application, verbose_name=_("application"), related_name="scheduled_messages",
        on_delete=models.CASCADE,
    )  # fmt: skip
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("text"))
    send_at = models.DateTimeField(_("send on"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, related_name="+", on_delete=models.SET_NULL, null=True
    )
    created_at = models.DateTimeField(auto_now_add=True)
    queued_at = models.DateTimeField(_("handed to the outbox on"), null=True, blank=True)
    message = models.ForeignKey(
        "hiring.Message", related_name="+", null=True, blank=True, on_delete=models.SET_NULL
    )
    cancelled_at = models.DateTimeField(_("cancelled on"), null=True, blank=True)

    class Meta:
        verbose_name = _("scheduled e-mail")
        verbose_name_plural = _("scheduled e-mails")
        ordering = ["send_at", "pk"]
        indexes = [
            models.Index(
                fields=["send_at"], name="scheduled_pending",
                condition=models.Q(queued_at__isnull=True, cancelled_at__isnull=True),
            )
        ]  # fmt: skip

    def __str__(self):
        return self.subject

    @property
    def is_pending(self) -> bool:
        return self.queued_at is None and self.cancelled_at is None
