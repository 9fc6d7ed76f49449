"""ESCO occupations and skills, with their French and English labels.

Filled by `manage.py load_esco` (vivier.taxonomy.services.load_esco) from the official ESCO CSV
files; rows are identified by their ESCO URI, so loading again updates them in place. Labels
other than the preferred one are JSON lists: they are read whole, never queried one by one (the
matcher keeps its own index, vivier.taxonomy.matching).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class LabelledConcept(models.Model):
    """What occupations and skills share: an ESCO URI and names in French and English."""

    uri = models.CharField(_("ESCO URI"), max_length=200, unique=True)
    preferred_label_fr = models.CharField(_("preferred label (French)"), max_length=300, blank=True)
    preferred_label_en = models.CharField(
        _("preferred label (English)"), max_length=300, blank=True
    )
    alternative_labels_fr = models.JSONField(_("alternative labels (French)"), default=list)
    alternative_labels_en = models.JSONField(_("alternative labels (English)"), default=list)
    # Hidden labels are misspellings and outdated names: searchable, never displayed.
    hidden_labels_fr = models.JSONField(_("hidden labels (French)"), default=list)
    hidden_labels_en = models.JSONField(_("hidden labels (English)"), default=list)
    description_fr = models.TextField(_("description (French)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        abstract = True

    def __str__(self):
        return self.preferred_label_fr or self.preferred_label_en or self.uri

    def label(self, language: str) -> str:
        """The preferred label in `language`, else in the other language we have."""
        if language.startswith("en"):
            return self.preferred_label_en or self.preferred_label_fr
        return self.preferred_label_fr or self.preferred_label_en

    def surface_forms(self, language: str) -> list[str]:
        """Every name of the concept in one language, preferred first."""
        suffix = "en" if language.startswith("en") else "fr"
        preferred = getattr(self, f"preferred_label_{suffix}")
        forms = [preferred] if preferred else []
        forms += getattr(self, f"alternative_labels_{suffix}")
        forms += getattr(self, f"hidden_labels_{suffix}")
        return forms


class IscoGroup(models.Model):
    """A group of the International Standard Classification of Occupations (ISCO-08)."""

    code = models.CharField(_("ISCO code"), max_length=4, unique=True)
    uri = models.CharField(_("ESCO URI"), max_length=200, unique=True)
    label_fr = models.CharField(_("label (French)"), max_length=300, blank=True)
    label_en = models.CharField(_("label (English)"), max_length=300, blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("ISCO group")
        verbose_name_plural = _("ISCO groups")

    def __str__(self):
        return f"{self.code} {self.label_fr or self.label_en}"


class Occupation(LabelledConcept):
    code = models.CharField(_("ESCO code"), max_length=40, blank=True)
    isco_group = models.ForeignKey(
        IscoGroup,
        on_delete=models.PROTECT,
        related_name="occupations",
        null=True,
        blank=True,
        verbose_name=_("ISCO group"),
    )
    skills = models.ManyToManyField(
        "Skill", through="OccupationSkill", related_name="occupations", verbose_name=_("skills")
    )

    class Meta:
        ordering = ["preferred_label_fr"]
        verbose_name = _("occupation")
        verbose_name_plural = _("occupations")


class SkillType(models.TextChoices):
    SKILL = "skill/competence", _("skill or competence")
    KNOWLEDGE = "knowledge", _("knowledge")
    UNKNOWN = "", _("not given")


class Skill(LabelledConcept):
    # French skill labels come from skills_fr.csv, which the shared data lacks for now: the
    # French fields stay empty until an operator loads that file (docs/taxonomy.md).
    skill_type = models.CharField(
        _("type"), max_length=20, choices=SkillType.choices, blank=True, default=SkillType.UNKNOWN
    )

    class Meta:
        ordering = ["preferred_label_en"]
        verbose_name = _("skill")
        verbose_name_plural = _("skills")


class Relevance(models.TextChoices):
    ESSENTIAL = "essential", _("essential")
    OPTIONAL = "optional", _("optional")


class OccupationSkill(models.Model):
    occupation = models.ForeignKey(Occupation, on_delete=models.CASCADE, related_name="skill_links")
    skill = models.ForeignKey(Skill, on_delete=models.CASCADE, related_name="occupation_links")
    relevance = models.CharField(_("relevance"), max_length=10, choices=Relevance.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["occupation", "skill"], name="unique_occupation_skill")
        ]
        verbose_name = _("skill of an occupation")
        verbose_name_plural = _("skills of occupations")

    def __str__(self):
        return f"{self.occupation} → {self.skill} ({self.get_relevance_display()})"
