from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    ADMINISTRATOR = "administrator", _("Administrator")
    RECRUITER = "recruiter", _("Recruiter")
    HIRING_MANAGER = "hiring_manager", _("Hiring manager")
    EMPLOYEE = "employee", _("Employee")
    ALUMNUS = "alumnus", _("Alumnus")
    PARTNER = "partner", _("Partner")
    CANDIDATE = "candidate", _("Candidate")


# Roles that work in the back office (the recruiting team).
STAFF_ROLES = {Role.ADMINISTRATOR, Role.RECRUITER, Role.HIRING_MANAGER}
# Roles of the employer's network: the community's hubs and referrals, never the back office.
COMMUNITY_ROLES = {Role.EMPLOYEE, Role.ALUMNUS, Role.PARTNER}
# Roles that see every offer and every application.
RECRUITING_ROLES = {Role.ADMINISTRATOR, Role.RECRUITER}


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **fields):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **fields):
        fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **fields)

    def create_superuser(self, email, password=None, **fields):
        fields.update(is_superuser=True, role=Role.ADMINISTRATOR)
        return self._create_user(email, password, **fields)


class User(AbstractUser):
    """A person who signs in: staff, community member or candidate. Login is by e-mail."""

    username = None
    email = models.EmailField(_("e-mail address"), unique=True)
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.CANDIDATE)
    # The language of every e-mail Vivier writes to this person (notifications, digests, hubs);
    # chosen on the notification settings page, which switches the interface to it too.
    language = models.CharField(
        _("language"), max_length=8, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    objects = UserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["first_name", "last_name", "email"]

    def __str__(self):
        return self.get_full_name() or self.email

    @property
    def email_language(self) -> str:
        """The language to write to this person in: theirs, if the site still offers it."""
        offered = dict(settings.LANGUAGES)
        return self.language if self.language in offered else settings.LANGUAGE_CODE

    def save(self, *args, **kwargs):
        # The role is the one source of truth: administrators, and only they, have the Django
        # admin site with every permission.
        self.is_staff = self.is_superuser = self.role == Role.ADMINISTRATOR
        super().save(*args, **kwargs)

    @property
    def is_team_member(self) -> bool:
        return self.is_active and self.role in STAFF_ROLES

    @property
    def sees_all_offers(self) -> bool:
        return self.is_active and self.role in RECRUITING_ROLES

    @property
    def is_administrator(self) -> bool:
        return self.is_active and self.role == Role.ADMINISTRATOR


class SignInLink(models.Model):
    """A one-time link that signs a candidate in to their space, sent to their address.

    Only a hash of the token is kept: a database dump alone opens nobody's space. A link is
    spent by one conditional UPDATE (used_at from empty to now), so of two clicks racing, one
    signs in; it is also dead past expires_at, and once another link of the address is used.
    """

    email = models.EmailField(_("e-mail address"), db_index=True)
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("sign-in link")
        verbose_name_plural = _("sign-in links")

    def __str__(self):
        return f"{self.email} ({self.created_at:%Y-%m-%d %H:%M})"
