"""The models of offer letters: the team's templates and the letters sent to candidates."""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from vivier.hiring.models import Application, private_storage
from vivier.jobs.models import ContractType


class OfferLetterTemplate(models.Model):
    """The team's own letter for one language; without one, the built-in translated letter.

    Placeholders: see vivier.hiring.offer_letters.rendering.PLACEHOLDER_NAMES.
    """

    language = models.CharField(
        _("language"), max_length=5, choices=settings.LANGUAGES, unique=True
    )
    email_subject = models.CharField(_("e-mail subject"), max_length=200)
    email_body = models.TextField(_("e-mail text"))
    letter = models.TextField(_("letter"))
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("offer letter template")
        verbose_name_plural = _("offer letter templates")
        ordering = ["language"]

    def __str__(self):
        return self.get_language_display()


class LetterStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SENT = "sent", _("Sent, waiting for the answer")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    WITHDRAWN = "withdrawn", _("Withdrawn")


# A letter in one of these states can still change; at most one per application.
OPEN_STATUSES = [LetterStatus.DRAFT, LetterStatus.SENT]


def letter_path(letter, filename):
    return f"offer-letters/{timezone.now():%Y/%m}/{uuid.uuid4().hex}.pdf"


class OfferLetter(models.Model):
    """One offer made to a candidate. Each sending is a new version with a new link; the link of
    an earlier version, or of a withdrawn letter, opens nothing."""

    # Erased with the applicant (vivier.privacy.personal_data.anonymise_candidate).
    ERASED_WITH_APPLICANT = True

    application = models.ForeignKey(
        Application, verbose_name=_("application"), related_name="offer_letters",
        on_delete=models.CASCADE,
    )  # fmt: skip
    status = models.CharField(
        _("status"), max_length=10, choices=LetterStatus.choices, default=LetterStatus.DRAFT
    )
    language = models.CharField(_("language"), max_length=5, choices=settings.LANGUAGES)
    salary = models.CharField(
        _("salary"),
        max_length=120,
        help_text=_("As the letter should say it, e.g. “38 000 € gross a year”."),
    )
    start_date = models.DateField(_("start date"))
    contract_type = models.CharField(
        _("contract type"), max_length=20, choices=ContractType.choices
    )
    answer_by = models.DateField(
        _("answer expected by"),
        help_text=_("The candidate's link stops working at the end of this day."),
    )
    email_subject = models.CharField(_("e-mail subject"), max_length=200)
    email_body = models.TextField(_("e-mail text"))
    letter = models.TextField(
        _("letter"), help_text=_("Placeholders such as {salary} are filled in when it is sent.")
    )
    version = models.PositiveSmallIntegerField(_("version"), default=0)
    token_hash = models.CharField(max_length=64, blank=True, db_index=True)
    pdf = models.FileField(
        _("PDF sent"), storage=private_storage, upload_to=letter_path, blank=True
    )
    message = models.ForeignKey(
        "hiring.Message", verbose_name=_("e-mail"), related_name="+", null=True, blank=True,
        on_delete=models.SET_NULL,
    )  # fmt: skip
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, related_name="+", on_delete=models.SET_NULL, null=True
    )
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(_("sent on"), null=True, blank=True)
    decided_at = models.DateTimeField(_("answered on"), null=True, blank=True)
    decided_via = models.CharField(_("answered through"), max_length=10, blank=True)
    decline_reason = models.TextField(_("reason given"), blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn on"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, related_name="+", on_delete=models.SET_NULL, null=True,
        blank=True,
    )  # fmt: skip

    class Meta:
        verbose_name = _("offer letter")
        verbose_name_plural = _("offer letters")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["application"], condition=models.Q(status__in=OPEN_STATUSES),
                name="one_open_offer_letter_per_application",
            )
        ]  # fmt: skip

    def __str__(self):
        return f"{self.application} ({self.get_status_display()})"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def expires_at(self):
        """The end of the answer_by day, in the site's time zone."""
        import datetime as dt

        end = dt.datetime.combine(self.answer_by, dt.time.max)
        return timezone.make_aware(end)

    @property
    def is_expired(self) -> bool:
        return timezone.now() > self.expires_at
