import datetime as dt
import uuid
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.core.files.storage import storages
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from vivier.jobs.models import JobOffer


class StageKind(models.TextChoices):
    """What a stage means, whatever the employer calls it: reports count by kind."""

    NEW = "new", _("New")
    SCREENING = "screening", _("Screening")
    INTERVIEW = "interview", _("Interview")
    OFFER = "offer", _("Offer")
    HIRED = "hired", _("Hired")
    REJECTED = "rejected", _("Rejected")
    WITHDRAWN = "withdrawn", _("Withdrawn")


# An application in one of these stages is finished.
CLOSED_KINDS = {StageKind.HIRED, StageKind.REJECTED, StageKind.WITHDRAWN}
# How far an application can go, in order: reports count how many reached each step.
PROGRESS = [
    StageKind.NEW, StageKind.SCREENING, StageKind.INTERVIEW, StageKind.OFFER, StageKind.HIRED,
]  # fmt: skip


class CareerStage(models.TextChoices):
    """Where a candidate is in their working life: the only audience split Vivier asks about.

    Never age, sex or any other protected criterion.
    """

    STUDENT = "student", _("Student")
    YOUNG_GRADUATE = "young_graduate", _("Young graduate")
    EXPERIENCED = "experienced", _("Experienced")
    EXECUTIVE = "executive", _("Executive")


class PipelineTemplate(models.Model):
    """A reusable set of stages ("standard", "internship", "public competition"...).

    Each offer follows one; exactly one is the default, which new offers get.
    """

    name = models.CharField(_("name"), max_length=80)
    description = models.TextField(_("description"), blank=True)
    is_default = models.BooleanField(
        _("default template"), default=False,
        help_text=_("New offers follow this template unless the recruiter picks another."),
    )  # fmt: skip

    class Meta:
        verbose_name = _("pipeline template")
        verbose_name_plural = _("pipeline templates")
        ordering = ["-is_default", "name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_default"], condition=models.Q(is_default=True),
                name="one_default_pipeline_template",
            )
        ]  # fmt: skip

    def __str__(self):
        return self.label

    @property
    def label(self) -> str:
        return gettext(self.name) if self.name else ""

    @property
    def description_label(self) -> str:
        return gettext(self.description) if self.description else ""

    @classmethod
    def default(cls) -> "PipelineTemplate":
        return cls.objects.filter(is_default=True).first() or cls.objects.order_by("pk").first()


def stage_label(name: str, kind: str) -> str:
    """A stage's label from its columns, for lists read without building the stage."""
    # Built-in names are English msgids (see migration 0008); a typed name stays as typed.
    return gettext(name) if name else str(StageKind(kind).label)


class PipelineStage(models.Model):
    """A column of the hiring board. The defaults come from a migration; employers add their own."""

    template = models.ForeignKey(
        PipelineTemplate, verbose_name=_("template"), related_name="stages",
        on_delete=models.CASCADE,
    )  # fmt: skip
    kind = models.CharField(_("kind"), max_length=12, choices=StageKind.choices)
    name = models.CharField(
        _("name"), max_length=80, blank=True,
        help_text=_("Leave blank to use the standard name of the kind, translated."),
    )  # fmt: skip
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    is_active = models.BooleanField(_("in use"), default=True)
    time_limit_days = models.PositiveSmallIntegerField(
        _("time limit (days)"), null=True, blank=True,
        help_text=_("Applications left longer in this stage are flagged as waiting too long."),
    )  # fmt: skip

    class Meta:
        verbose_name = _("pipeline stage")
        verbose_name_plural = _("pipeline stages")
        ordering = ["template_id", "position", "pk"]

    def __str__(self):
        return self.label

    def save(self, *args, **kwargs):
        # Code that predates templates creates stages without one: they join the default.
        # (After a test's flush there is no template at all: a default one is made again.)
        if self.template_id is None:
            self.template = PipelineTemplate.default() or PipelineTemplate.objects.create(
                name="Standard", is_default=True
            )
        super().save(*args, **kwargs)

    @property
    def label(self) -> str:
        return stage_label(self.name, self.kind)

    @property
    def is_closed(self) -> bool:
        return self.kind in CLOSED_KINDS

    @property
    def is_limited(self) -> bool:
        return bool(self.time_limit_days) and not self.is_closed

    @classmethod
    def first_stage(cls, template: "PipelineTemplate | None" = None) -> "PipelineStage":
        return cls.for_kind(StageKind.NEW, template)

    @classmethod
    def for_kind(cls, kind: str, template: "PipelineTemplate | None" = None) -> "PipelineStage":
        """The first stage in use of this kind, in the template (the default one if None)."""
        stages = cls.objects.filter(kind=kind, is_active=True)
        if template is None:
            stages = stages.filter(template__is_default=True)
        else:
            stages = stages.filter(template=template)
        return stages.order_by("position", "pk").first()

    @classmethod
    def for_offer(cls, offer, kind: str) -> "PipelineStage":
        """The first stage in use of this kind in the offer's template."""
        return cls.for_kind(kind, offer.pipeline_template or PipelineTemplate.default())


class StageEmail(models.Model):
    """The e-mail a candidate gets when their application enters the stage, in one language.

    Placeholders as in message templates (vivier.hiring.messages).
    """

    stage = models.ForeignKey(PipelineStage, related_name="emails", on_delete=models.CASCADE)
    language = models.CharField(_("language"), max_length=5, choices=settings.LANGUAGES)
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("body"))

    class Meta:
        verbose_name = _("stage e-mail")
        verbose_name_plural = _("stage e-mails")
        ordering = ["stage", "language"]
        constraints = [
            models.UniqueConstraint(
                fields=["stage", "language"], name="one_stage_email_per_language"
            )
        ]

    def __str__(self):
        return f"{self.stage} ({self.language})"


class Candidate(models.Model):
    """A person who applied, known by e-mail address: applying twice never makes two people."""

    email = models.EmailField(_("e-mail address"), unique=True)
    first_name = models.CharField(_("first name"), max_length=120)
    last_name = models.CharField(_("last name"), max_length=120)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    talent_pool_consent_at = models.DateTimeField(
        _("talent-pool consent given on"), null=True, blank=True
    )
    talent_pool_consent_text = models.TextField(_("consent text shown"), blank=True)
    created_at = models.DateTimeField(_("created on"), auto_now_add=True)
    last_contact_at = models.DateTimeField(_("last contact"), auto_now_add=True)
    # Set by the retention job or an erasure: the row stays for the statistics, nameless.
    anonymised_at = models.DateTimeField(_("anonymised on"), null=True, blank=True)

    class Meta:
        verbose_name = _("candidate")
        verbose_name_plural = _("candidates")
        ordering = ["last_name", "first_name"]

    def __str__(self):
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()


class DeclaredSource(models.TextChoices):
    """Answers to "How did you hear about this offer?"."""

    LINKEDIN = "linkedin", "LinkedIn"
    FACEBOOK = "facebook", "Facebook"
    X = "x", _("X (Twitter)")
    MASTODON = "mastodon", "Mastodon"
    CAREERS_SITE = "careers_site", _("Our careers site")
    JOB_BOARD = "job_board", _("A job board")
    REFERRAL = "referral", _("Someone recommended it")
    EVENT = "event", _("An event or a job fair")
    OTHER = "other", _("Other")


SOCIAL_NETWORK_SOURCES = {
    DeclaredSource.LINKEDIN,
    DeclaredSource.FACEBOOK,
    DeclaredSource.X,
    DeclaredSource.MASTODON,
}


class RejectionReason(models.TextChoices):
    PROFILE_MISMATCH = "profile", _("Profile does not match the needs")
    EXPERIENCE = "experience", _("Not enough experience for this post")
    POSITION_FILLED = "filled", _("The position has been filled")
    ANOTHER_CANDIDATE = "another", _("Another candidate was preferred")
    ELIGIBILITY = "eligibility", _("Eligibility conditions not met")
    OTHER = "other", _("Other reason")


class Application(models.Model):
    offer = models.ForeignKey(
        JobOffer, verbose_name=_("offer"), related_name="applications", on_delete=models.PROTECT
    )
    candidate = models.ForeignKey(
        Candidate,
        verbose_name=_("candidate"),
        related_name="applications",
        on_delete=models.CASCADE,
    )
    stage = models.ForeignKey(
        PipelineStage, verbose_name=_("stage"), related_name="applications",
        on_delete=models.PROTECT,
    )  # fmt: skip
    cover_letter = models.TextField(_("cover letter"), blank=True)
    declared_source = models.CharField(
        _("how they heard of the offer"), max_length=20, choices=DeclaredSource.choices,
        blank=True,
    )  # fmt: skip
    declared_source_detail = models.CharField(_("details"), max_length=200, blank=True)
    # Tracked attribution, from the cookie set by /r/<code> within the attribution window.
    last_touch = models.ForeignKey(
        "distribution.TrackedLink", verbose_name=_("came through"), null=True, blank=True,
        related_name="+", on_delete=models.SET_NULL,
    )  # fmt: skip
    last_touch_at = models.DateTimeField(null=True, blank=True)
    first_touch = models.ForeignKey(
        "distribution.TrackedLink", verbose_name=_("first came through"), null=True, blank=True,
        related_name="+", on_delete=models.SET_NULL,
    )  # fmt: skip
    first_touch_at = models.DateTimeField(null=True, blank=True)
    rejection_reason = models.CharField(
        _("rejection reason"), max_length=12, choices=RejectionReason.choices, blank=True
    )
    submissions = models.PositiveSmallIntegerField(
        _("times submitted"), default=1,
        help_text=_("A candidate who applies again to the same offer updates this application."),
    )  # fmt: skip
    language = models.CharField(_("language"), max_length=5, default="fr")
    career_stage = models.CharField(
        _("career stage"), max_length=16, choices=CareerStage.choices, blank=True
    )
    # The furthest step of PROGRESS reached, kept when the application is later rejected.
    furthest_stage = models.CharField(
        _("furthest stage reached"), max_length=12, choices=StageKind.choices,
        default=StageKind.NEW,
    )  # fmt: skip
    hired_at = models.DateTimeField(_("hired on"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("submitted on"), auto_now_add=True)
    last_submitted_at = models.DateTimeField(_("last submitted on"), auto_now_add=True)
    stage_changed_at = models.DateTimeField(_("in this stage since"), auto_now_add=True)
    # Notifications about the application (mentions in its notes) go when it goes.
    notifications = GenericRelation(
        "notifications.Notification", content_type_field="target_type", object_id_field="target_id"
    )

    class Meta:
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        ordering = ["-last_submitted_at"]
        constraints = [
            models.UniqueConstraint(fields=["offer", "candidate"], name="one_application_per_offer")
        ]
        # An offer's applications newest first (the API's pages): read as 20 index entries
        # rather than by walking all applications backwards to find the offer's.
        indexes = [models.Index(fields=["offer", "id"], name="application_offer_newest")]

    def __str__(self):
        return f"{self.candidate} → {self.offer.title}"

    @property
    def is_stuck(self) -> bool:
        """Longer in its stage than the stage's time limit (needs `stage` loaded)."""
        stage = self.stage
        if not stage.is_limited:
            return False
        return self.stage_changed_at < timezone.now() - dt.timedelta(days=stage.time_limit_days)

    @property
    def current_cv(self):
        documents = list(self.documents.all())
        return documents[0] if documents else None


def private_storage():
    return storages["private"]


def document_path(document, filename):
    # A random name: nothing guessable, nothing of the candidate's in the path.
    extension = filename.rsplit(".", 1)[-1].lower()
    return f"cv/{document.uploaded_at:%Y/%m}/{uuid.uuid4().hex}.{extension}"


class Document(models.Model):
    application = models.ForeignKey(Application, related_name="documents", on_delete=models.CASCADE)
    file = models.FileField(_("file"), storage=private_storage, upload_to=document_path)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("type"), max_length=100)
    size = models.PositiveIntegerField(_("size in bytes"))
    uploaded_at = models.DateTimeField(_("uploaded on"))

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["-uploaded_at", "-pk"]

    def __str__(self):
        return self.original_name

    @property
    def is_pdf(self) -> bool:
        return self.content_type == "application/pdf"


class StageChange(models.Model):
    """One line of an application's history: who moved it where, when, and why."""

    application = models.ForeignKey(
        Application, related_name="stage_changes", on_delete=models.CASCADE
    )
    from_stage = models.ForeignKey(
        PipelineStage, related_name="+", on_delete=models.PROTECT, null=True, blank=True
    )
    to_stage = models.ForeignKey(PipelineStage, related_name="+", on_delete=models.PROTECT)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, related_name="+", on_delete=models.SET_NULL, null=True,
        blank=True,
    )  # fmt: skip
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-at", "-pk"]

    def __str__(self):
        return f"{self.from_stage} → {self.to_stage}"


class Note(models.Model):
    application = models.ForeignKey(Application, related_name="notes", on_delete=models.CASCADE)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, related_name="+", on_delete=models.SET_NULL, null=True
    )
    body = models.TextField(_("note"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("note")
        verbose_name_plural = _("notes")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return self.body[:60]


class MessageTemplateKind(models.TextChoices):
    CONFIRMATION = "confirmation", _("Application received")
    REJECTION = "rejection", _("Rejection")


class MessageTemplate(models.Model):
    """An e-mail the team can edit. Placeholders: {candidate_first_name}, {candidate_name},
    {offer_title}, {offer_reference}, {employer_name}."""

    kind = models.CharField(_("kind"), max_length=20, choices=MessageTemplateKind.choices)
    language = models.CharField(_("language"), max_length=5, choices=settings.LANGUAGES)
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("body"))
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("message template")
        verbose_name_plural = _("message templates")
        ordering = ["kind", "language"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "language"], name="one_template_per_language")
        ]

    def __str__(self):
        return f"{self.get_kind_display()} ({self.language})"


class Message(models.Model):
    """An e-mail sent to a candidate about an application, kept in the application's history.

    The row is also the outbox the worker sends from (hiring.services.deliver_message).
    """

    application = models.ForeignKey(Application, related_name="messages", on_delete=models.CASCADE)
    subject = models.CharField(max_length=200)
    body = models.TextField()
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, related_name="+", on_delete=models.SET_NULL, null=True,
        blank=True,
    )  # fmt: skip
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    # When a worker took it to send it; another may take it over once MESSAGE_LEASE_S has passed.
    claimed_at = models.DateTimeField(null=True, blank=True)
    send_attempts = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(
                fields=["created_at"], name="message_unsent",
                condition=models.Q(sent_at__isnull=True),
            )
        ]  # fmt: skip

    def __str__(self):
        return self.subject

    @property
    def message_id(self) -> str:
        """The same Message-ID on every try, so that a copy sent twice can be recognised."""
        host = urlsplit(settings.SITE_URL).hostname or "vivier.localhost"
        return f"<message.{self.pk}.{self.created_at:%Y%m%d%H%M%S}@{host}>"


# --- Collaboration -----------------------------------------------------------------------------


class Verdict(models.TextChoices):
    YES = "yes", _("Yes")
    MAYBE = "maybe", _("Maybe")
    NO = "no", _("No")


class ReviewRequest(models.Model):
    """ "Please review these profiles": a recruiter asks a hiring manager of the offer."""

    offer = models.ForeignKey(
        JobOffer, verbose_name=_("offer"), related_name="review_requests",
        on_delete=models.CASCADE,
    )  # fmt: skip
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("asked by"), related_name="+", null=True,
        on_delete=models.SET_NULL,
    )  # fmt: skip
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("reviewer"), related_name="review_requests",
        on_delete=models.CASCADE,
    )  # fmt: skip
    message = models.TextField(_("message"), blank=True)
    due_on = models.DateField(_("due on"), null=True, blank=True)
    created_at = models.DateTimeField(_("asked on"), auto_now_add=True)
    completed_at = models.DateTimeField(_("answered on"), null=True, blank=True)
    notifications = GenericRelation(
        "notifications.Notification", content_type_field="target_type", object_id_field="target_id"
    )

    class Meta:
        verbose_name = _("review request")
        verbose_name_plural = _("review requests")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.offer.title} → {self.reviewer}"

    @property
    def is_overdue(self) -> bool:
        return (
            self.completed_at is None
            and self.due_on is not None
            and self.due_on < timezone.localdate()
        )


class ReviewItem(models.Model):
    """One application of a review request, and the reviewer's verdict on it."""

    request = models.ForeignKey(ReviewRequest, related_name="items", on_delete=models.CASCADE)
    application = models.ForeignKey(
        Application, related_name="review_items", on_delete=models.CASCADE
    )
    verdict = models.CharField(_("verdict"), max_length=5, choices=Verdict.choices, blank=True)
    comment = models.TextField(_("comment"), blank=True)
    answered_at = models.DateTimeField(_("answered on"), null=True, blank=True)

    class Meta:
        verbose_name = _("reviewed application")
        verbose_name_plural = _("reviewed applications")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["request", "application"], name="one_review_item_per_application"
            )
        ]

    def __str__(self):
        return f"{self.application}: {self.verdict or '?'}"
