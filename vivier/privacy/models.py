"""What the privacy app keeps: the audit log, consent records and rights requests."""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from vivier.hiring.models import private_storage


class AuditAction(models.TextChoices):
    VIEW = "view", _("Viewed")
    DOWNLOAD = "download", _("Downloaded a document")
    EXPORT = "export", _("Exported")
    CHANGE = "change", _("Changed")
    PERMISSION = "permission", _("Changed permissions")
    ANONYMISE = "anonymise", _("Anonymised (retention)")
    DELETE = "delete", _("Deleted (retention)")
    ERASE = "erase", _("Erased on request")
    INFORM = "inform", _("Informed of the collection")


class AppendOnly(Exception):
    """The audit log is never changed through the application."""


class AuditQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnly("Audit entries cannot be changed.")

    def delete(self):
        raise AppendOnly("Audit entries cannot be deleted; expired ones are purged.")

    def purge_before(self, cutoff) -> int:
        """The one way entries leave the log: past their keeping time (AUDIT_LOG_DAYS)."""
        deleted, _by_model = models.QuerySet.delete(self.filter(at__lt=cutoff))
        return deleted


class AuditEntry(models.Model):
    """Who did what to whose personal data, and when.

    The person is named by a key such as "candidate:12", never by name or e-mail, so that the
    log outlives an erasure without keeping what was erased.
    """

    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("who"), null=True, blank=True,
        related_name="+", on_delete=models.SET_NULL,
    )  # fmt: skip
    # The actor's e-mail at the time, or what acted: the worker's retention job, an API token.
    actor_label = models.CharField(_("who"), max_length=200)
    action = models.CharField(_("what"), max_length=12, choices=AuditAction.choices)
    object_type = models.CharField(_("object"), max_length=40)
    object_id = models.CharField(_("object id"), max_length=40, blank=True)
    person = models.CharField(_("whose data"), max_length=40, blank=True, db_index=True)
    via = models.CharField(_("through"), max_length=12, default="web")
    detail = models.CharField(_("detail"), max_length=300, blank=True)

    objects = AuditQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit log")
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["actor", "at"])]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_label} {self.action} {self.object_type}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnly("Audit entries cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnly("Audit entries cannot be deleted; expired ones are purged.")


class ConsentPurpose(models.TextChoices):
    TALENT_POOL = "talent_pool", _("Stay in the talent pool")
    JOB_ALERTS = "job_alerts", _("Receive job alerts")


class ConsentRecord(models.Model):
    """A consent given, renewed or withdrawn, with the exact text the person saw."""

    email = models.EmailField(_("e-mail address"), db_index=True)
    purpose = models.CharField(_("purpose"), max_length=20, choices=ConsentPurpose.choices)
    is_given = models.BooleanField(_("given"), default=True)  # False: withdrawn
    text = models.TextField(_("text shown"))
    text_version = models.CharField(_("text version"), max_length=64)
    at = models.DateTimeField(_("when"), default=timezone.now)
    collected_at = models.CharField(_("where"), max_length=120, blank=True)

    class Meta:
        verbose_name = _("consent record")
        verbose_name_plural = _("consent records")
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["email", "purpose", "at"])]

    def __str__(self):
        return f"{self.get_purpose_display()} {self.at:%Y-%m-%d}"


class RequestKind(models.TextChoices):
    ACCESS = "access", _("A copy of my data")
    ERASURE = "erasure", _("Erase my data")


class RequestStatus(models.TextChoices):
    UNVERIFIED = "unverified", _("E-mail not yet confirmed")
    OPEN = "open", _("To process")
    DONE = "done", _("Done")
    REFUSED = "refused", _("Refused")


def export_path(request, filename):
    return f"exports/{uuid.uuid4().hex}.zip"


class RightsRequest(models.Model):
    """A person's request to get or erase their data, confirmed from their own mailbox."""

    kind = models.CharField(_("request"), max_length=10, choices=RequestKind.choices)
    # Cleared once an erasure is done: only its hash stays, as proof that it was handled.
    email = models.EmailField(_("e-mail address"), blank=True)
    email_hash = models.CharField(max_length=64, db_index=True)
    language = models.CharField(_("language"), max_length=5, default="fr")
    status = models.CharField(
        _("status"), max_length=12, choices=RequestStatus.choices,
        default=RequestStatus.UNVERIFIED,
    )  # fmt: skip
    created_at = models.DateTimeField(_("asked on"), auto_now_add=True)
    verified_at = models.DateTimeField(_("confirmed on"), null=True, blank=True)
    due_by = models.DateField(_("to answer by"), null=True, blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("handled by"), null=True, blank=True,
        related_name="+", on_delete=models.SET_NULL,
    )  # fmt: skip
    handled_at = models.DateTimeField(_("handled on"), null=True, blank=True)
    answer = models.TextField(_("answer"), blank=True)
    export = models.FileField(storage=private_storage, upload_to=export_path, blank=True)

    class Meta:
        verbose_name = _("rights request")
        verbose_name_plural = _("rights requests")
        ordering = ["due_by", "created_at"]

    def __str__(self):
        return f"{self.get_kind_display()} ({self.get_status_display()})"

    @property
    def is_overdue(self) -> bool:
        return (
            self.status == RequestStatus.OPEN
            and self.due_by is not None
            and self.due_by < timezone.localdate()
        )


class RenewalNotice(models.Model):
    """The warning sent before a talent-pool profile is deleted, offering to renew consent."""

    profile = models.OneToOneField(
        "talent.Profile", related_name="renewal_notice", on_delete=models.CASCADE
    )
    sent_at = models.DateTimeField(null=True, blank=True)
    deletion_due_on = models.DateField()

    def __str__(self):
        return f"{self.profile_id} {self.deletion_due_on}"
