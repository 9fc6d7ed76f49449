"""The employer: one profile that the careers site, the JSON-LD and every channel reuse.

A Vivier installation serves one employer (docs/decisions/0001-one-employer.md).
"""

import re
from urllib.parse import parse_qs, urlparse

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


class Employer(models.Model):
    name = models.CharField(_("name"), max_length=200)
    legal_name = models.CharField(_("legal name"), max_length=200, blank=True)
    tagline = models.CharField(_("tagline"), max_length=200, blank=True)
    description = models.TextField(_("description"), blank=True, help_text=_("Markdown."))
    logo = models.ImageField(_("logo"), upload_to="brand/", blank=True)
    website = models.URLField(_("website"), blank=True)
    contact_email = models.EmailField(_("recruitment contact e-mail"), blank=True)
    is_public_sector = models.BooleanField(
        _("public employer"),
        default=False,
        help_text=_("Shows the French public-service fields (status, catégorie A/B/C) on offers."),
    )
    privacy_contact = models.CharField(
        _("data protection contact"),
        max_length=200,
        blank=True,
        help_text=_("Shown in the notice given to candidates (e-mail or address of the DPO)."),
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("employer")
        verbose_name_plural = _("employers")

    def __str__(self):
        return self.name

    @classmethod
    def current(cls) -> "Employer":
        """The installation's employer, created empty on first use so that pages always render."""
        employer = cls.objects.order_by("pk").first()
        if employer is None:
            employer = cls.objects.create(name="Vivier")
        return employer


class OrderedItem(models.Model):
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        abstract = True
        ordering = ["position", "pk"]


class EmployerValue(OrderedItem):
    employer = models.ForeignKey(Employer, related_name="values", on_delete=models.CASCADE)
    title = models.CharField(_("title"), max_length=120)
    text = models.TextField(_("text"), blank=True)

    class Meta(OrderedItem.Meta):
        verbose_name = _("value")
        verbose_name_plural = _("values")

    def __str__(self):
        return self.title


class Location(OrderedItem):
    employer = models.ForeignKey(Employer, related_name="locations", on_delete=models.CASCADE)
    name = models.CharField(_("name"), max_length=120)
    street_address = models.CharField(_("street address"), max_length=200, blank=True)
    postcode = models.CharField(_("postcode"), max_length=12, blank=True)
    city = models.CharField(_("city"), max_length=120)
    region = models.CharField(_("region"), max_length=120, blank=True)
    country = models.CharField(_("country code"), max_length=2, default="FR")

    class Meta(OrderedItem.Meta):
        verbose_name = _("location")
        verbose_name_plural = _("locations")

    def __str__(self):
        return f"{self.name} ({self.city})"


class Network(models.TextChoices):
    LINKEDIN = "linkedin", "LinkedIn"
    FACEBOOK = "facebook", "Facebook"
    X = "x", "X"
    MASTODON = "mastodon", "Mastodon"
    INSTAGRAM = "instagram", "Instagram"
    YOUTUBE = "youtube", "YouTube"
    DAILYMOTION = "dailymotion", "Dailymotion"
    OTHER = "other", _("Other")


class SocialAccount(OrderedItem):
    employer = models.ForeignKey(Employer, related_name="social_accounts", on_delete=models.CASCADE)
    network = models.CharField(_("network"), max_length=20, choices=Network.choices)
    url = models.URLField(_("address"))

    class Meta(OrderedItem.Meta):
        verbose_name = _("social account")
        verbose_name_plural = _("social accounts")

    def __str__(self):
        return f"{self.get_network_display()}: {self.url}"


YOUTUBE_ID = re.compile(r"^[A-Za-z0-9_-]{11}$")
DAILYMOTION_ID = re.compile(r"^[A-Za-z0-9]{5,12}$")


def parse_video_url(url: str) -> tuple[str, str] | None:
    """(host, video id) for a YouTube or Dailymotion address, or None."""
    parsed = urlparse(url.strip())
    host = (parsed.hostname or "").lower().removeprefix("www.").removeprefix("m.")
    path = parsed.path.strip("/")
    candidate = ""
    if host in {"youtube.com", "youtube-nocookie.com"}:
        if path == "watch":
            candidate = parse_qs(parsed.query).get("v", [""])[0]
        elif path.split("/")[0] in {"embed", "shorts", "live"} and "/" in path:
            candidate = path.split("/")[1]
        if YOUTUBE_ID.match(candidate):
            return ("youtube", candidate)
    elif host == "youtu.be":
        if YOUTUBE_ID.match(path):
            return ("youtube", path)
    elif host in {"dailymotion.com", "dai.ly", "geo.dailymotion.com"}:
        if host == "dai.ly":
            candidate = path
        elif path.startswith("video/"):
            candidate = path.split("/")[1].split("_")[0]
        elif path == "player.html":
            candidate = parse_qs(parsed.query).get("video", [""])[0]
        if DAILYMOTION_ID.match(candidate):
            return ("dailymotion", candidate)
    return None


def validate_video_url(url: str) -> None:
    if parse_video_url(url) is None:
        raise ValidationError(
            _("Enter the address of a YouTube or Dailymotion video."), code="video_url"
        )


class Video(OrderedItem):
    employer = models.ForeignKey(Employer, related_name="videos", on_delete=models.CASCADE)
    title = models.CharField(_("title"), max_length=200)
    url = models.URLField(_("video address"), validators=[validate_video_url])

    class Meta(OrderedItem.Meta):
        verbose_name = _("video")
        verbose_name_plural = _("videos")

    def __str__(self):
        return self.title

    @property
    def host(self) -> str:
        parsed = parse_video_url(self.url)
        return parsed[0] if parsed else ""

    @property
    def host_label(self) -> str:
        return {"youtube": "YouTube", "dailymotion": "Dailymotion"}.get(self.host, "")

    @property
    def embed_url(self) -> str:
        """The host's privacy-enhanced player; loaded only after the visitor clicks."""
        parsed = parse_video_url(self.url)
        if parsed is None:
            return ""
        host, video_id = parsed
        if host == "youtube":
            return f"https://www.youtube-nocookie.com/embed/{video_id}?autoplay=1"
        return f"https://geo.dailymotion.com/player.html?video={video_id}&autoplay=1"


class Department(models.Model):
    employer = models.ForeignKey(Employer, related_name="departments", on_delete=models.CASCADE)
    name = models.CharField(_("name"), max_length=120)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("department")
        verbose_name_plural = _("departments")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["employer", "name"], name="unique_department_name")
        ]

    def __str__(self):
        return self.name
