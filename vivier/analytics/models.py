"""Daily counts that reports read, kept up to date by the worker from clicks and applications.

Two grains of the same counters: per offer (for a report on one offer) and per department (for
everything else, a few rows per day and channel whatever the number of offers), and the
department rows summed per month, which a report reads for the whole months of its period.
Applications are counted on the day they were received, and followed to the furthest stage they
reached (a cohort): "of the people who applied in March through LinkedIn, how many were hired".
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Counters(models.Model):
    # Null: applications that came through no tracked link.
    channel = models.ForeignKey(
        "distribution.Channel", null=True, related_name="+", on_delete=models.CASCADE
    )
    campaign = models.ForeignKey(
        "campaigns.Campaign", null=True, related_name="+", on_delete=models.CASCADE
    )
    audience = models.CharField(max_length=16, blank=True)  # the applicants' career stage
    declared_source = models.CharField(max_length=20, blank=True)
    clicks_people = models.PositiveIntegerField(default=0)
    clicks_robots = models.PositiveIntegerField(default=0)
    applications = models.PositiveIntegerField(default=0)
    screened = models.PositiveIntegerField(default=0)
    interviewed = models.PositiveIntegerField(default=0)
    offered = models.PositiveIntegerField(default=0)
    hired = models.PositiveIntegerField(default=0)
    days_to_hire = models.PositiveIntegerField(default=0)  # summed over the hires

    class Meta:
        abstract = True


class OfferDay(Counters):
    day = models.DateField()
    # Null: clicks on a campaign's page, which is about no single offer.
    offer = models.ForeignKey(
        "jobs.JobOffer", null=True, related_name="+", on_delete=models.CASCADE
    )

    class Meta:
        indexes = [models.Index(fields=["offer", "day"]), models.Index(fields=["day"])]

    def __str__(self):
        return f"{self.day} offer {self.offer_id} channel {self.channel_id}"


class DepartmentDay(Counters):
    day = models.DateField()
    department = models.ForeignKey(
        "brand.Department", null=True, related_name="+", on_delete=models.CASCADE
    )

    class Meta:
        indexes = [
            models.Index(fields=["day"]),
            models.Index(fields=["campaign", "day"]),
            # The days of one month, department and channel, summed again into DepartmentMonth.
            models.Index(fields=["department", "channel", "day"]),
        ]

    def __str__(self):
        return f"{self.day} department {self.department_id} channel {self.channel_id}"


class DepartmentMonth(Counters):
    """The DepartmentDay rows of a month summed, with the same keys: a year is 12 reads of a
    month's rows instead of 365 of a day's."""

    month = models.DateField()  # its first day
    department = models.ForeignKey(
        "brand.Department", null=True, related_name="+", on_delete=models.CASCADE
    )

    class Meta:
        indexes = [models.Index(fields=["month"]), models.Index(fields=["campaign", "month"])]

    def __str__(self):
        return f"{self.month:%Y-%m} department {self.department_id} channel {self.channel_id}"


class StaleCounts(models.Model):
    """A day, offer, channel and campaign whose counts must be computed again."""

    key = models.CharField(max_length=80, unique=True)
    day = models.DateField()
    offer_id = models.BigIntegerField(null=True)
    channel_id = models.BigIntegerField(null=True)
    campaign_id = models.BigIntegerField(null=True)

    def __str__(self):
        return self.key


class AudienceSource(models.TextChoices):
    NETWORK = "network", _("read from the network")
    MANUAL = "manual", _("entered by hand")


class AudienceSize(models.Model):
    """How many people follow a channel's account on a day: the audience a channel builds."""

    channel = models.ForeignKey(
        "distribution.Channel", related_name="audience_sizes", on_delete=models.CASCADE,
        verbose_name=_("channel"),
    )  # fmt: skip
    day = models.DateField(_("day"))
    followers = models.PositiveIntegerField(_("followers"))
    source = models.CharField(max_length=8, choices=AudienceSource.choices)

    class Meta:
        ordering = ["channel", "day"]
        constraints = [
            models.UniqueConstraint(fields=["channel", "day"], name="one_audience_size_per_day")
        ]

    def __str__(self):
        return f"{self.channel_id} {self.day}: {self.followers}"
