from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from vivier.brand.models import Department


class ContractType(models.TextChoices):
    CDI = "cdi", _("Permanent contract (CDI)")
    CDD = "cdd", _("Fixed-term contract (CDD)")
    INTERIM = "interim", _("Temporary work (intérim)")
    INTERNSHIP = "internship", _("Internship (stage)")
    APPRENTICESHIP = "apprenticeship", _("Work-study (alternance)")
    FREELANCE = "freelance", _("Freelance")
    CIVIL_SERVANT = "civil_servant", _("Civil servant (titulaire)")
    PUBLIC_CONTRACT = "public_contract", _("Public-service contract (contractuel)")


# schema.org employmentType for each contract type (Google for Jobs vocabulary).
EMPLOYMENT_TYPES = {
    ContractType.CDI: ["FULL_TIME"],
    ContractType.CDD: ["TEMPORARY"],
    ContractType.INTERIM: ["TEMPORARY"],
    ContractType.INTERNSHIP: ["INTERN"],
    ContractType.APPRENTICESHIP: ["INTERN"],
    ContractType.FREELANCE: ["CONTRACTOR"],
    ContractType.CIVIL_SERVANT: ["FULL_TIME"],
    ContractType.PUBLIC_CONTRACT: ["TEMPORARY"],
}


class PublicServiceCategory(models.TextChoices):
    A = "A", _("Category A (management, design)")
    B = "B", _("Category B (application, supervision)")
    C = "C", _("Category C (execution)")


class WorkingTime(models.TextChoices):
    FULL_TIME = "full_time", _("Full time")
    PART_TIME = "part_time", _("Part time")


class RemotePolicy(models.TextChoices):
    ON_SITE = "on_site", _("On site")
    HYBRID = "hybrid", _("Hybrid (partly remote)")
    REMOTE = "remote", _("Fully remote")


class SalaryPeriod(models.TextChoices):
    YEAR = "year", _("per year")
    MONTH = "month", _("per month")
    HOUR = "hour", _("per hour")


SCHEMA_SALARY_UNITS = {"year": "YEAR", "month": "MONTH", "hour": "HOUR"}


class OfferStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    CLOSED = "closed", _("Closed")
    ARCHIVED = "archived", _("Archived")


class PublishedOfferQuerySet(models.QuerySet):
    def open(self):
        """Offers the public can see and apply to."""
        today = timezone.localdate()
        return self.filter(status=OfferStatus.PUBLISHED).exclude(closing_date__lt=today)


class JobOffer(models.Model):
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(max_length=200, editable=False)
    # Null until assigned, so that a new offer can be saved before it has its own id.
    reference = models.CharField(
        _("reference"), max_length=40, unique=True, null=True, blank=True,
        help_text=_("Leave blank to get one assigned (year and number)."),
    )  # fmt: skip
    department = models.ForeignKey(
        Department,
        verbose_name=_("department"),
        related_name="offers",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
    )
    summary = models.CharField(
        _("summary"), max_length=300, blank=True,
        help_text=_("One or two sentences, shown in lists and link previews."),
    )  # fmt: skip
    description = models.TextField(
        _("description"), help_text=_("The job and its context. Markdown.")
    )
    missions = models.TextField(_("missions"), blank=True, help_text=_("Markdown."))
    profile = models.TextField(_("profile sought"), blank=True, help_text=_("Markdown."))
    contract_type = models.CharField(
        _("contract type"), max_length=20, choices=ContractType.choices
    )
    contract_duration_months = models.PositiveSmallIntegerField(
        _("contract duration (months)"), null=True, blank=True
    )
    public_service_category = models.CharField(
        _("public-service category"),
        max_length=1,
        choices=PublicServiceCategory.choices,
        blank=True,
    )
    working_time = models.CharField(
        _("working time"), max_length=10, choices=WorkingTime.choices,
        default=WorkingTime.FULL_TIME,
    )  # fmt: skip
    weekly_hours = models.DecimalField(
        _("hours per week"), max_digits=4, decimal_places=1, null=True, blank=True
    )
    city = models.CharField(_("city"), max_length=120)
    postcode = models.CharField(_("postcode"), max_length=12, blank=True)
    region = models.CharField(_("region"), max_length=120, blank=True)
    country = models.CharField(_("country code"), max_length=2, default="FR")
    remote_policy = models.CharField(
        _("remote work"), max_length=10, choices=RemotePolicy.choices,
        default=RemotePolicy.ON_SITE,
    )  # fmt: skip
    salary_min = models.PositiveIntegerField(_("minimum salary"), null=True, blank=True)
    salary_max = models.PositiveIntegerField(_("maximum salary"), null=True, blank=True)
    salary_currency = models.CharField(_("currency"), max_length=3, default="EUR")
    salary_period = models.CharField(
        _("salary period"), max_length=5, choices=SalaryPeriod.choices,
        default=SalaryPeriod.YEAR,
    )  # fmt: skip
    start_date = models.DateField(_("start date"), null=True, blank=True)
    closing_date = models.DateField(
        _("closing date"), null=True, blank=True,
        help_text=_("Applications stop at the end of this day."),
    )  # fmt: skip
    language = models.CharField(
        _("language of the offer"), max_length=5, choices=settings.LANGUAGES, default="fr"
    )
    recruiter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recruiter"),
        related_name="recruited_offers",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    hiring_managers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("hiring managers"),
        related_name="managed_offers",
        blank=True,
    )
    # The stages its applications go through; new offers get the default template (see save).
    pipeline_template = models.ForeignKey(
        "hiring.PipelineTemplate", verbose_name=_("pipeline template"), null=True, blank=True,
        related_name="offers", on_delete=models.PROTECT,
        help_text=_("The stages its applications go through."),
    )  # fmt: skip
    # ESCO occupation, suggested from the title and confirmed by a recruiter.
    occupation = models.ForeignKey(
        "taxonomy.Occupation", verbose_name=_("ESCO occupation"), null=True, blank=True,
        related_name="offers", on_delete=models.SET_NULL,
    )  # fmt: skip
    status = models.CharField(
        _("status"), max_length=10, choices=OfferStatus.choices, default=OfferStatus.DRAFT,
        db_index=True,
    )  # fmt: skip
    published_at = models.DateTimeField(_("published on"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed on"), null=True, blank=True)
    archived_at = models.DateTimeField(_("archived on"), null=True, blank=True)
    created_at = models.DateTimeField(_("created on"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated on"), auto_now=True)

    objects = PublishedOfferQuerySet.as_manager()

    class Meta:
        verbose_name = _("job offer")
        verbose_name_plural = _("job offers")
        ordering = ["-published_at", "-created_at"]
        indexes = [models.Index(fields=["status", "-published_at"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(salary_min__isnull=True)
                | models.Q(salary_max__isnull=True)
                | models.Q(salary_min__lte=models.F("salary_max")),
                name="salary_range_in_order",
            )
        ]

    def __str__(self):
        return f"{self.title} ({self.reference})"

    def save(self, *args, **kwargs):
        self.slug = slugify(self.title)[:200] or "offre"
        if self.pipeline_template_id is None:
            from vivier.hiring.models import PipelineTemplate  # hiring's models import this module

            self.pipeline_template = PipelineTemplate.default()
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("careers:offer", kwargs={"pk": self.pk, "slug": self.slug})

    def clean(self):
        errors = {}
        if self.salary_min and self.salary_max and self.salary_min > self.salary_max:
            errors["salary_max"] = _("The maximum salary must not be below the minimum.")
        if self.public_service_category and self.contract_type not in {
            ContractType.CIVIL_SERVANT,
            ContractType.PUBLIC_CONTRACT,
        }:
            errors["public_service_category"] = _(
                "A public-service category goes with a civil-servant or public-service contract."
            )
        if self.working_time == WorkingTime.PART_TIME and not self.weekly_hours:
            errors["weekly_hours"] = _("Give the hours per week of a part-time job.")
        if errors:
            raise ValidationError(errors)

    @property
    def is_open(self) -> bool:
        """Whether the offer takes applications now."""
        if self.status != OfferStatus.PUBLISHED:
            return False
        return self.closing_date is None or self.closing_date >= timezone.localdate()

    @property
    def is_public_service(self) -> bool:
        return self.contract_type in {ContractType.CIVIL_SERVANT, ContractType.PUBLIC_CONTRACT}

    @property
    def location_label(self) -> str:
        if self.remote_policy == RemotePolicy.REMOTE:
            return str(_("Remote"))
        return f"{self.city} ({self.postcode[:2]})" if self.postcode else self.city
