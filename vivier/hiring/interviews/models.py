"""Interviews, their proposed slots and calendar invitations; interview kits; scorecards.

A slot may be proposed to several candidates (the same morning offered to everyone shortlisted);
the first who picks it takes it. The database keeps that true: an interview holds at most one
slot and a slot at most one interview (a unique one-to-one column), so two bookings racing for
one slot end with one winner and one IntegrityError, whatever the number of web processes.
"""

import secrets
import uuid
from urllib.parse import urlsplit

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

DEFAULT_DURATION_MIN = 45  # minutes
TOKEN_BYTES = 32  # 256 random bits: an unguessable link


def new_token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


def new_uid() -> str:
    """The iCalendar UID of an interview: the same on every update and cancellation."""
    host = urlsplit(settings.SITE_URL).hostname or "vivier.localhost"
    return f"interview-{uuid.uuid4().hex}@{host}"


class InterviewKit(models.Model):
    """What the interviewers of one pipeline stage need: pre-fills each interview in that stage."""

    stage = models.OneToOneField(
        "hiring.PipelineStage", verbose_name=_("stage"), related_name="interview_kit",
        on_delete=models.CASCADE,
    )  # fmt: skip
    duration_minutes = models.PositiveSmallIntegerField(
        _("duration in minutes"), default=DEFAULT_DURATION_MIN,
        validators=[MinValueValidator(5), MaxValueValidator(8 * 60)],
    )  # fmt: skip
    criteria = models.TextField(
        _("criteria to assess"), blank=True,
        help_text=_("One per line: the scorecard template of offers that have none yet."),
    )  # fmt: skip
    instructions = models.TextField(_("instructions for the interviewers"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("interview kit")
        verbose_name_plural = _("interview kits")

    def __str__(self):
        return str(self.stage)

    @property
    def criteria_list(self) -> list[str]:
        return [line.strip() for line in self.criteria.splitlines() if line.strip()]


class InterviewStatus(models.TextChoices):
    PROPOSED = "proposed", _("Waiting for the candidate's choice")
    SCHEDULED = "scheduled", _("Scheduled")
    CANCELLED = "cancelled", _("Cancelled")


class Slot(models.Model):
    """A time the interviewers can meet a candidate; proposed to one or several interviews."""

    offer = models.ForeignKey(
        "jobs.JobOffer", verbose_name=_("offer"), related_name="interview_slots",
        on_delete=models.CASCADE,
    )  # fmt: skip
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, related_name="+", on_delete=models.SET_NULL, null=True
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("slot")
        verbose_name_plural = _("slots")
        ordering = ["starts_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")), name="slot_ends_after_start"
            )
        ]

    def __str__(self):
        return f"{self.starts_at:%Y-%m-%d %H:%M}"


class Interview(models.Model):
    application = models.ForeignKey(
        "hiring.Application", verbose_name=_("application"), related_name="interviews",
        on_delete=models.CASCADE,
    )  # fmt: skip
    stage = models.ForeignKey(
        "hiring.PipelineStage", verbose_name=_("stage"), related_name="+", null=True,
        blank=True, on_delete=models.SET_NULL,
    )  # fmt: skip
    interviewers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("interviewers"), related_name="interviews"
    )
    location = models.CharField(_("place"), max_length=300, blank=True)
    video_url = models.URLField(_("video link"), blank=True)
    duration_minutes = models.PositiveSmallIntegerField(
        _("duration in minutes"), default=DEFAULT_DURATION_MIN,
        validators=[MinValueValidator(5), MaxValueValidator(8 * 60)],
    )  # fmt: skip
    instructions = models.TextField(_("instructions for the interviewers"), blank=True)
    proposed_slots = models.ManyToManyField(
        Slot, verbose_name=_("proposed slots"), related_name="proposed_to"
    )
    # The slot taken. OneToOne: unique in the database, so one slot never serves two interviews.
    slot = models.OneToOneField(
        Slot, verbose_name=_("slot"), related_name="interview", null=True, blank=True,
        on_delete=models.PROTECT,
    )  # fmt: skip
    starts_at = models.DateTimeField(_("starts at"), null=True, blank=True)
    ends_at = models.DateTimeField(_("ends at"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=InterviewStatus.choices,
        default=InterviewStatus.PROPOSED,
    )  # fmt: skip
    # The candidate's link to pick a slot: no account, unguessable.
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    uid = models.CharField(max_length=200, unique=True, default=new_uid, editable=False)
    # iCalendar SEQUENCE: grows on every change the attendees' calendars must apply.
    sequence = models.PositiveIntegerField(default=0)
    reminder_sent_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, related_name="+", on_delete=models.SET_NULL, null=True,
        blank=True,
    )  # fmt: skip
    created_at = models.DateTimeField(auto_now_add=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("interview")
        verbose_name_plural = _("interviews")
        ordering = ["starts_at", "created_at", "pk"]
        indexes = [
            models.Index(
                fields=["starts_at"], name="interview_reminder_due",
                condition=models.Q(status="scheduled", reminder_sent_at__isnull=True),
            )
        ]  # fmt: skip

    def __str__(self):
        return f"{self.application} ({self.get_status_display()})"

    @property
    def is_scheduled(self) -> bool:
        return self.status == InterviewStatus.SCHEDULED

    @property
    def is_open_for_choice(self) -> bool:
        return self.status == InterviewStatus.PROPOSED


class EmailKind(models.TextChoices):
    INVITATION = "invitation", _("Invitation")
    UPDATE = "update", _("Update")
    CANCELLATION = "cancellation", _("Cancellation")
    REMINDER = "reminder", _("Reminder")


class InterviewEmail(models.Model):
    """One e-mail about an interview, with its .ics: the outbox the worker sends from.

    hiring's Message outbox carries text only; these carry a calendar attachment. Written in the
    transaction that changes the interview; the unique key makes writing one twice harmless.
    """

    interview = models.ForeignKey(Interview, related_name="emails", on_delete=models.CASCADE)
    kind = models.CharField(max_length=12, choices=EmailKind.choices)
    recipient = models.EmailField()
    recipient_name = models.CharField(max_length=250, blank=True)
    language = models.CharField(max_length=5, default="fr")
    sequence = models.PositiveIntegerField()
    subject = models.CharField(max_length=200)
    body = models.TextField()
    ics = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    send_attempts = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["interview", "kind", "sequence", "recipient"], name="one_email_per_change"
            )
        ]

    def __str__(self):
        return self.subject

    @property
    def message_id(self) -> str:
        host = urlsplit(settings.SITE_URL).hostname or "vivier.localhost"
        return f"<interview-email.{self.pk}.{self.created_at:%Y%m%d%H%M%S}@{host}>"


class CalendarFeed(models.Model):
    """An interviewer's private calendar address. Revoking deletes the row: the old URL is dead."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, related_name="interview_feed", on_delete=models.CASCADE
    )
    token = models.CharField(max_length=64, unique=True, default=new_token)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")

    def __str__(self):
        return str(self.user)


# Scorecards ----------------------------------------------------------------------------------


class Rating(models.IntegerChoices):
    INSUFFICIENT = 1, _("1 — Insufficient")
    PARTIAL = 2, _("2 — Partly meets the need")
    GOOD = 3, _("3 — Meets the need")
    EXCELLENT = 4, _("4 — Exceeds the need")


class Recommendation(models.TextChoices):
    STRONG_NO = "strong_no", _("Strong no")
    NO = "no", _("No")
    YES = "yes", _("Yes")
    STRONG_YES = "strong_yes", _("Strong yes")


class Criterion(models.Model):
    """Something to assess for one offer: a skill of the taxonomy, or free text."""

    offer = models.ForeignKey(
        "jobs.JobOffer", verbose_name=_("offer"), related_name="scorecard_criteria",
        on_delete=models.CASCADE,
    )  # fmt: skip
    skill = models.ForeignKey(
        "taxonomy.Skill", verbose_name=_("skill"), related_name="+", null=True, blank=True,
        on_delete=models.SET_NULL,
    )  # fmt: skip
    label = models.CharField(_("criterion"), max_length=200)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        ordering = ["position", "pk"]

    def __str__(self):
        return self.label


class Scorecard(models.Model):
    """One interviewer's assessment of one interview; final once submitted."""

    interview = models.ForeignKey(Interview, related_name="scorecards", on_delete=models.CASCADE)
    interviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, related_name="scorecards", on_delete=models.CASCADE
    )
    recommendation = models.CharField(
        _("recommendation"), max_length=12, choices=Recommendation.choices, blank=True
    )
    comment = models.TextField(_("overall comment"), blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("scorecard")
        verbose_name_plural = _("scorecards")
        constraints = [
            models.UniqueConstraint(
                fields=["interview", "interviewer"], name="one_scorecard_per_interviewer"
            )
        ]

    def __str__(self):
        return f"{self.interviewer} — {self.interview}"


class Score(models.Model):
    scorecard = models.ForeignKey(Scorecard, related_name="scores", on_delete=models.CASCADE)
    criterion = models.ForeignKey(Criterion, related_name="scores", on_delete=models.CASCADE)
    rating = models.PositiveSmallIntegerField(_("rating"), choices=Rating.choices)
    comment = models.CharField(_("comment"), max_length=500, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["scorecard", "criterion"], name="one_score_per_criterion"
            ),
            models.CheckConstraint(
                condition=models.Q(rating__gte=1, rating__lte=4), name="score_rating_in_scale"
            ),
        ]

    def __str__(self):
        return f"{self.criterion}: {self.rating}"


class DecisionOutcome(models.TextChoices):
    ADVANCE = "advance", _("Advance")
    HOLD = "hold", _("Hold")
    REJECT = "reject", _("Reject")


class Decision(models.Model):
    """The panel's decision on an application, with its reason; also written as a note."""

    application = models.ForeignKey(
        "hiring.Application", related_name="panel_decisions", on_delete=models.CASCADE
    )
    outcome = models.CharField(_("decision"), max_length=8, choices=DecisionOutcome.choices)
    reason = models.TextField(_("reason"))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, related_name="+", on_delete=models.SET_NULL, null=True
    )
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        ordering = ["-at", "-pk"]

    def __str__(self):
        return self.get_outcome_display()
