from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from vivier.hiring.models import CareerStage


class Campaign(models.Model):
    """A named drive for one audience: offers, channels with their budget, a landing page.

    The audience is described by career stage, field and region only: never age, sex or any
    other protected criterion.
    """

    name = models.CharField(_("name"), max_length=150)
    slug = models.SlugField(_("address"), max_length=80, unique=True)
    objective = models.TextField(
        _("objective"), help_text=_("What the campaign must achieve, e.g. 20 hires by June.")
    )
    career_stages = models.JSONField(_("career stages aimed at"), default=list, blank=True)
    field = models.CharField(
        _("field"), max_length=120, blank=True, help_text=_("e.g. engineering, care, transport")
    )
    region = models.CharField(_("region"), max_length=120, blank=True)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    offers = models.ManyToManyField(
        "jobs.JobOffer", related_name="campaigns", blank=True, verbose_name=_("offers")
    )
    hashtags = models.CharField(_("hashtags"), max_length=300, blank=True)
    landing_title = models.CharField(_("landing page title"), max_length=200)
    landing_text = models.TextField(_("landing page text"), blank=True, help_text=_("Markdown."))
    is_public = models.BooleanField(
        _("landing page online"), default=True, help_text=_("Off: the page answers 404.")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, related_name="+",
        on_delete=models.SET_NULL,
    )  # fmt: skip
    created_at = models.DateTimeField(_("created on"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated on"), auto_now=True)

    class Meta:
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")
        ordering = ["-starts_on", "name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(starts_on__lte=models.F("ends_on")),
                name="campaign_dates_in_order",
            )
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = slugify(self.name)[:80] or "campagne"
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("careers:campaign", kwargs={"slug": self.slug})

    @property
    def career_stage_labels(self) -> list[str]:
        labels = dict(CareerStage.choices)
        return [str(labels[stage]) for stage in self.career_stages if stage in labels]


class CampaignChannel(models.Model):
    """A line of the channel plan: this channel is used, with this budget."""

    campaign = models.ForeignKey(Campaign, related_name="plan", on_delete=models.CASCADE)
    channel = models.ForeignKey(
        "distribution.Channel", related_name="campaign_plans", on_delete=models.PROTECT
    )
    budget = models.DecimalField(
        _("budget (€)"), max_digits=10, decimal_places=2, null=True, blank=True
    )

    class Meta:
        ordering = ["channel__kind", "channel__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "channel"], name="one_plan_line_per_channel"
            )
        ]

    def __str__(self):
        return f"{self.campaign} — {self.channel}"
