"""Referrals: members' personal links, direct referrals, bonus rules and what partners brought.

A personal link is a distribution TrackedLink (`/r/<code>`, its click count and its attribution
cookie) that a ReferralLink names the referrer of. Employees' and alumni's links are on the one
"referrals" channel; a partner member's links are on their organisation's channel, so that the
reports count referrals and partners as channels like any other.

A Referral is one person brought to one offer by one member: by their link (made when the
application arrives, see services.credit_application) or directly (name, e-mail, why, before any
application). It holds the referred person's data, so privacy's export and erasure find it (see
PERSONAL_EMAIL_FIELD and ERASED_WITH_APPLICANT) and retention deletes one never followed by an
application.
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from vivier.hiring.models import PROGRESS, StageKind


class ReferralLink(models.Model):
    """A member's own tracked link to an offer: applications through it are credited to them."""

    link = models.OneToOneField(
        "distribution.TrackedLink", related_name="referral_link", on_delete=models.CASCADE
    )
    referrer = models.ForeignKey(
        settings.AUTH_USER_MODEL, related_name="referral_links", on_delete=models.CASCADE
    )
    offer = models.ForeignKey(
        "jobs.JobOffer", related_name="referral_links", on_delete=models.CASCADE
    )
    created_at = models.DateTimeField(_("made on"), auto_now_add=True)

    class Meta:
        verbose_name = _("referral link")
        verbose_name_plural = _("referral links")
        constraints = [
            models.UniqueConstraint(fields=["referrer", "offer"], name="one_referral_link_each")
        ]

    def __str__(self):
        return f"{self.referrer} → {self.offer}"


class ReferralKind(models.TextChoices):
    LINK = "link", _("Through their link")
    DIRECT = "direct", _("Referred directly")


class ReferralStatus(models.TextChoices):
    """What a referrer may know of their referral: never a stage's name, a note or a score."""

    INVITED = "invited", _("Invited, not applied yet")
    APPLIED = "applied", _("Applied")
    IN_PROCESS = "in_process", _("In process")
    HIRED = "hired", _("Hired")
    CLOSED = "closed", _("Process ended")


class Referral(models.Model):
    """One person referred to one offer by one member."""

    # The referred person's name, address and the referrer's words about them go with the
    # applicant (vivier.privacy.personal_data.anonymise_candidate), or by address when the person
    # never applied (find_person's records by e-mail).
    ERASED_WITH_APPLICANT = True
    PERSONAL_EMAIL_FIELD = "email"

    referrer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("referrer"),
        related_name="referrals_made",
        on_delete=models.CASCADE,
    )
    offer = models.ForeignKey(
        "jobs.JobOffer", verbose_name=_("offer"), related_name="referrals", on_delete=models.CASCADE
    )
    kind = models.CharField(_("how"), max_length=10, choices=ReferralKind.choices)
    link = models.ForeignKey(
        ReferralLink, related_name="referrals", null=True, blank=True, on_delete=models.SET_NULL
    )
    # A direct referral's person, as the referrer gave them; empty for a referral by link (the
    # application holds the person's details).
    name = models.CharField(_("name"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail address"), blank=True)
    reason = models.TextField(_("why them"), blank=True)
    application = models.OneToOneField(
        "hiring.Application",
        verbose_name=_("application"),
        related_name="referral",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
    )
    created_at = models.DateTimeField(_("referred on"), auto_now_add=True)
    applied_at = models.DateTimeField(_("applied on"), null=True, blank=True)
    # Its notifications to the referrer (vivier.notifications) go when it goes.
    notifications = GenericRelation(
        "notifications.Notification", content_type_field="target_type", object_id_field="target_id"
    )

    class Meta:
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["offer", "email"],
                condition=~models.Q(email=""),
                name="one_direct_referral_per_person_and_offer",
            )
        ]
        indexes = [models.Index(fields=["referrer", "created_at"])]

    def __str__(self):
        return f"{self.referrer} → {self.offer}"

    @property
    def status(self) -> str:
        return status_of(self.application)

    @property
    def status_label(self) -> str:
        return ReferralStatus(self.status).label


def status_of(application) -> str:
    if application is None:
        return ReferralStatus.INVITED
    kind = application.stage.kind
    if kind == StageKind.HIRED or application.hired_at:
        return ReferralStatus.HIRED
    if kind == StageKind.NEW:
        return ReferralStatus.APPLIED
    if kind in PROGRESS:
        return ReferralStatus.IN_PROCESS
    return ReferralStatus.CLOSED


class ReferrerSettings(models.Model):
    """A member's choice to be named on the leaderboard (counted anonymously otherwise)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, related_name="referrer_settings", on_delete=models.CASCADE
    )
    show_on_leaderboard = models.BooleanField(_("show my name on the leaderboard"), default=False)

    class Meta:
        verbose_name = _("leaderboard choice")
        verbose_name_plural = _("leaderboard choices")

    def __str__(self):
        return str(self.user)


class BonusRule(models.Model):
    """What a hire through a referral earns the referrer, and when it is due: for one offer, or
    the default (no offer) for the others."""

    offer = models.ForeignKey(
        "jobs.JobOffer",
        verbose_name=_("offer"),
        related_name="referral_bonus_rules",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        help_text=_("Empty: the rule for every offer without its own."),
    )
    amount = models.DecimalField(_("amount (€)"), max_digits=9, decimal_places=2)
    days_after_start = models.PositiveIntegerField(
        _("due after (days)"),
        help_text=_("Days after the hired person's start date (often the trial period)."),
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("referral bonus rule")
        verbose_name_plural = _("referral bonus rules")
        constraints = [
            # One default rule (offer empty, counted as 0) and one rule per offer.
            models.UniqueConstraint(
                Coalesce("offer", models.Value(0)),
                name="one_bonus_rule_per_offer",
                violation_error_message=_("There is already a rule for this offer, or a default."),
            )
        ]

    def __str__(self):
        return f"{self.offer or _('Default')}: {self.amount} €"


class ReferralBonus(models.Model):
    """A bonus owed for a hire through a referral; payroll pays it and a recruiter marks it."""

    application = models.OneToOneField(
        "hiring.Application", related_name="referral_bonus", on_delete=models.CASCADE
    )
    referrer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("referrer"),
        related_name="referral_bonuses",
        on_delete=models.PROTECT,
    )
    amount = models.DecimalField(_("amount (€)"), max_digits=9, decimal_places=2)
    starts_on = models.DateField(_("start date"))
    due_on = models.DateField(_("payable on"), db_index=True)
    paid_at = models.DateTimeField(_("paid on"), null=True, blank=True)
    paid_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, related_name="+", null=True, blank=True, on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("referral bonus")
        verbose_name_plural = _("referral bonuses")
        ordering = ["due_on", "pk"]

    def __str__(self):
        return f"{self.referrer}: {self.amount} €"

    @property
    def is_paid(self) -> bool:
        return self.paid_at is not None


class PartnerChannel(models.Model):
    """The channel a partner organisation's links are on, made with its first share."""

    organisation = models.OneToOneField(
        "hubs.PartnerOrganisation", related_name="referral_channel", on_delete=models.CASCADE
    )
    channel = models.OneToOneField(
        "distribution.Channel", related_name="partner", on_delete=models.PROTECT
    )

    def __str__(self):
        return str(self.organisation)


class PartnerShare(models.Model):
    """An offer shared with a partner organisation, with the link the partner passes on."""

    organisation = models.ForeignKey(
        "hubs.PartnerOrganisation",
        verbose_name=_("partner organisation"),
        related_name="shared_offers",
        on_delete=models.CASCADE,
    )
    offer = models.ForeignKey(
        "jobs.JobOffer", verbose_name=_("offer"), related_name="partner_shares",
        on_delete=models.CASCADE,
    )  # fmt: skip
    link = models.OneToOneField(
        "distribution.TrackedLink", related_name="partner_share", on_delete=models.PROTECT
    )
    shared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, related_name="+", null=True, blank=True, on_delete=models.SET_NULL
    )
    message = models.TextField(_("message to the partner"), blank=True)
    created_at = models.DateTimeField(_("shared on"), auto_now_add=True)

    class Meta:
        verbose_name = _("offer shared with a partner")
        verbose_name_plural = _("offers shared with partners")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "offer"], name="one_share_per_partner")
        ]

    def __str__(self):
        return f"{self.offer} → {self.organisation}"
