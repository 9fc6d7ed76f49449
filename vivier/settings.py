"""Vivier's one settings module, driven by environment variables.

Every variable has a development default so that `make run` works on a fresh machine; production
sets DEBUG=false, which makes SECRET_KEY and ALLOWED_HOSTS mandatory.
"""

import base64
import os
import secrets
import sys
from pathlib import Path

import dj_database_url
import dj_email_url
from django.utils.translation import gettext_lazy as _

from vivier.core.queue import huey_settings

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("VIVIER_VAR_DIR", BASE_DIR / "var"))
TESTING = "pytest" in sys.modules or "test" in sys.argv[1:2]


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", default=True)


def _development_key(name: str, make) -> str:
    """A key generated once per checkout and kept in var/, so it survives restarts."""
    path = VAR_DIR / name
    if not path.exists():
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        path.write_text(make())
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise RuntimeError("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = _development_key("secret_key", lambda: secrets.token_urlsafe(50))

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]" if DEBUG else "")
if not DEBUG and not ALLOWED_HOSTS:
    raise RuntimeError("ALLOWED_HOSTS must be set when DEBUG is off.")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")
# The public address of the site, used in e-mails, feeds and JSON-LD built outside a request.
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
    "django_htmx",
    "ninja",
    "huey.contrib.djhuey",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    "vivier.core",
    "vivier.accounts",
    "vivier.brand",
    "vivier.jobs",
    "vivier.careers",
    "vivier.hiring",
    "vivier.hiring.interviews",
    "vivier.hiring.offer_letters",
    "vivier.hiring.conversations",
    "vivier.api",
    "vivier.distribution",
    "vivier.campaigns",
    "vivier.analytics",
    "vivier.taxonomy",
    "vivier.talent",
    "vivier.privacy",
    "vivier.notifications",
    "vivier.community.hubs",
    "vivier.community.referrals",
    "vivier.community.alerts",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.gzip.GZipMiddleware",
    "django.middleware.http.ConditionalGetMiddleware",
    "vivier.core.middleware.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "vivier.core.middleware.ApiLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "vivier.accounts.two_factor.StaffTwoFactorMiddleware",
]

ROOT_URLCONF = "vivier.urls"
WSGI_APPLICATION = "vivier.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "vivier" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "vivier.brand.context_processors.employer",
            ],
        },
    }
]

# --- Database -------------------------------------------------------------------------------
DATABASE_URL = os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'db.sqlite3'}")
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        # WAL lets the worker write while the web server reads; IMMEDIATE avoids the
        # "database is locked" upgrade race between two writers.
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
        ),
    }
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Parameters bound by the server and statements prepared after 5 runs on a connection: a
    # list's query is parsed and planned once per connection instead of at every request. Set
    # DATABASE_PREPARE_THRESHOLD to "off" behind a PgBouncer in transaction mode.
    _prepare = os.environ.get("DATABASE_PREPARE_THRESHOLD", "5").strip().lower()
    if not (_prepare.isdigit() or _prepare == "off"):
        raise RuntimeError("DATABASE_PREPARE_THRESHOLD is a number of runs, or off.")
    DATABASES["default"]["OPTIONS"] = {
        "server_side_binding": True,
        "prepare_threshold": None if _prepare == "off" else int(_prepare),
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Background jobs (Huey) -----------------------------------------------------------------
QUEUE_URL = os.environ.get("QUEUE_URL", f"sqlite:///{VAR_DIR / 'queue.sqlite3'}")
# Tests run tasks in-process, at commit time, so that their effects can be asserted.
HUEY = huey_settings(
    QUEUE_URL, workers=int(os.environ.get("QUEUE_WORKERS", "2")), immediate=TESTING
)

# --- Cache ----------------------------------------------------------------------------------
# Public pages are cached and invalidated by a version number kept in this cache, so every web
# process must share it: local memory suits one development server only, so production defaults
# to files in VAR_DIR (one machine) and takes redis://… for many machines.
CACHE_URL = os.environ.get("CACHE_URL", "locmem:" if DEBUG or TESTING else "")
if CACHE_URL.startswith("redis"):
    CACHES = {"default": {"BACKEND": "vivier.core.redis_cache.RedisCache", "LOCATION": CACHE_URL}}
elif CACHE_URL.startswith("locmem"):
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": CACHE_URL.removeprefix("file://") or str(VAR_DIR / "cache"),
        }
    }

# --- Accounts -------------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
ACCOUNT_ADAPTER = "vivier.accounts.adapter.AccountAdapter"
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_SESSION_REMEMBER = None
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "hiring:dashboard"
ACCOUNT_LOGOUT_REDIRECT_URL = "careers:home"
# Tell people by e-mail when their password or second factor changes.
ACCOUNT_EMAIL_NOTIFICATIONS = True
# Sign-in and password-reset requests are limited by Vivier's own limiter (THROTTLE_RATES, with
# Retry-After); allauth keeps counting failed passwords and codes per account, which it answers
# with a form error ("too many failed attempts").
ACCOUNT_RATE_LIMITS = {"login": None, "reset_password": None}
# Behind a reverse proxy, the visitor's address is the n-th from the end of X-Forwarded-For
# (1 behind one nginx); 0 trusts no header and uses the connection's address.
ALLAUTH_TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))

# Candidates sign in to their space (/espace-candidat/) with a one-time link sent by e-mail, or
# through OpenID Connect with LinkedIn or Google (allauth.socialaccount, docs/candidates.md).
# Only candidates: a staff address gets no link, and a provider account never opens a staff one.
SOCIALACCOUNT_ADAPTER = "vivier.accounts.adapter.SocialAccountAdapter"
SOCIALACCOUNT_LOGIN_ON_GET = False  # the sign-in buttons are forms (POST, CSRF)
SOCIALACCOUNT_STORE_TOKENS = False  # the access token is used once, for userinfo, then dropped
SOCIALACCOUNT_EMAIL_AUTHENTICATION = False  # matching an existing account is the adapter's job
CANDIDATE_SIGN_IN_LINK_MINUTES = int(os.environ.get("CANDIDATE_SIGN_IN_LINK_MINUTES", "30"))
# The OpenID Connect redirect URI LinkedIn and Google compare character for character: https in
# production even if a proxy forgot X-Forwarded-Proto.
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "http" if DEBUG else "https"


def _oidc_app(provider_id: str, name: str, server_url: str, prefix: str, **app_settings) -> list:
    """One OpenID Connect app from <prefix>_CLIENT_ID and _SECRET, or none when both are unset."""
    client_id = os.environ.get(f"{prefix}_CLIENT_ID", "")
    secret = os.environ.get(f"{prefix}_CLIENT_SECRET", "")
    if not client_id and not secret:
        return []
    if not (client_id and secret):
        raise RuntimeError(f"{prefix}_CLIENT_ID and {prefix}_CLIENT_SECRET go together.")
    return [
        {
            "provider_id": provider_id,
            "name": name,
            "client_id": client_id,
            "secret": secret,
            "settings": {"server_url": server_url, **app_settings},
        }
    ]


SOCIALACCOUNT_PROVIDERS = {
    "openid_connect": {
        "APPS": [
            # LinkedIn's "Sign In with LinkedIn using OpenID Connect" product: name, e-mail and
            # picture; its token endpoint takes the secret in the form only.
            *_oidc_app(
                "linkedin",
                "LinkedIn",
                "https://www.linkedin.com/oauth",
                "LINKEDIN_SIGNIN",
                token_auth_method="client_secret_post",
            ),
            *_oidc_app(
                "google",
                "Google",
                "https://accounts.google.com",
                "GOOGLE_SIGNIN",
                oauth_pkce_enabled=True,
            ),
        ],
    }
}

# Two-factor authentication (allauth.mfa): staff accounts must have an authenticator app (TOTP),
# with recovery codes; see vivier/accounts/two_factor.py and docs/security.md.
STAFF_MFA_REQUIRED = env_bool("STAFF_MFA_REQUIRED", default=True)
MFA_ADAPTER = "vivier.accounts.adapter.MFAAdapter"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
# Staff accounts are made by an administrator with a known address (no e-mail verification).
MFA_ALLOW_UNVERIFIED_EMAIL = True
# One 30-second step before or after: a phone's clock a little off still works (RFC 6238, 5.2).
MFA_TOTP_TOLERANCE = 1

# --- Internationalisation -------------------------------------------------------------------
LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", _("French")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "vivier" / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = os.environ.get("TIME_ZONE", "Europe/Paris")

# --- Files ----------------------------------------------------------------------------------
STATIC_URL = "/static/"
# collectstatic writes here and WhiteNoise serves from here (docs/operations.md).
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [
    BASE_DIR / "vivier" / "static",
    # Front-end files come from the npm registry (package.json), served from our own origin.
    ("vendor/htmx", BASE_DIR / "node_modules" / "htmx.org" / "dist"),
    ("vendor/chartjs", BASE_DIR / "node_modules" / "chart.js" / "dist"),
]
if TESTING:
    import atexit
    import shutil
    import tempfile

    # Tests never write into the developer's var/ folder.
    VAR_DIR = Path(tempfile.mkdtemp(prefix="vivier-tests-"))
    atexit.register(shutil.rmtree, VAR_DIR, ignore_errors=True)
    # A file rather than memory, so a worker started by a test sees the same database.
    DATABASES["default"].setdefault("TEST", {})["NAME"] = (
        str(VAR_DIR / "test.sqlite3")
        if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3"
        else None
    )
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
MEDIA_URL = "/media/"
# CVs and other candidate documents: never under a public URL, served by an authorised view.
PRIVATE_MEDIA_ROOT = Path(os.environ.get("PRIVATE_MEDIA_ROOT", VAR_DIR / "private"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": PRIVATE_MEDIA_ROOT, "base_url": None},
    },
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG or TESTING
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
# Applications carry CVs of up to 10 MB; leave room for the rest of the form.
DATA_UPLOAD_MAX_MEMORY_SIZE = 12 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440

WHITENOISE_USE_FINDERS = DEBUG or TESTING

# --- E-mail ---------------------------------------------------------------------------------
EMAIL_URL = os.environ.get("EMAIL_URL", "console:" if DEBUG else "")
if not EMAIL_URL:
    raise RuntimeError("EMAIL_URL must be set when DEBUG is off (smtp://user:pass@host:port).")
globals().update(dj_email_url.parse(EMAIL_URL))
# Seconds to wait for the mail server (EMAIL_URL's ?timeout= if given); never forever.
EMAIL_TIMEOUT = globals().get("EMAIL_TIMEOUT") or 30
# A worker's claim on an e-mail it sends; past it, another worker sends it again (the first one
# is taken for dead: hiring.services.deliver_message). Well above EMAIL_TIMEOUT.
MESSAGE_LEASE_S = int(os.environ.get("MESSAGE_LEASE_S", "300"))
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Vivier <recrutement@vivier.localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Conversations (docs/operations.md, "Inbound mail"): candidates' replies go to
# reply+<application>-<token>@REPLY_DOMAIN; empty leaves the employer's contact as Reply-To.
REPLY_DOMAIN = os.environ.get("REPLY_DOMAIN", "").strip().lower()
# The mail server posts replies to /mail/inbound/ with this in X-Vivier-Inbound-Secret; empty
# switches the endpoint off.
INBOUND_MAIL_SECRET = os.environ.get("INBOUND_MAIL_SECRET", "")
INBOUND_MAIL_MAX_BYTES = int(os.environ.get("INBOUND_MAIL_MAX_BYTES", str(30 * 1024 * 1024)))
# Or the worker reads a mailbox every minute: imaps://user:password@host:993/INBOX
INBOUND_IMAP_URL = os.environ.get("INBOUND_IMAP_URL", "")
if TESTING:
    EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"

# --- Security -------------------------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if not DEBUG:
    # The proxy terminates TLS and says so in X-Forwarded-Proto (docs/operations.md).
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_REDIRECT_EXEMPT = [r"^healthz"]  # load balancers probe over plain HTTP
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", default=True)

if TESTING:
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"django.request": {"level": "WARNING"}},
}

# --- Vivier ---------------------------------------------------------------------------------
API_REQUESTS_PER_MINUTE_PER_TOKEN = int(os.environ.get("API_REQUESTS_PER_MINUTE_PER_TOKEN", "1200"))
API_REQUESTS_PER_MINUTE_ANONYMOUS = int(os.environ.get("API_REQUESTS_PER_MINUTE_ANONYMOUS", "600"))
CV_MAX_BYTES = 10 * 1024 * 1024
# Requests per window for each identity, counted in the shared cache (vivier/core/throttle.py):
# "30/m" is 30 a minute, "10/15m" 10 every quarter of an hour. Over the limit: 429, Retry-After.
THROTTLE_RATES = {
    "login-address": os.environ.get("THROTTLE_LOGIN_PER_ADDRESS", "30/m"),
    "login-email": os.environ.get("THROTTLE_LOGIN_PER_EMAIL", "20/15m"),
    "password-reset-address": os.environ.get("THROTTLE_PASSWORD_RESET_PER_ADDRESS", "20/h"),
    "password-reset-email": os.environ.get("THROTTLE_PASSWORD_RESET_PER_EMAIL", "5/h"),
    "apply-address": os.environ.get("THROTTLE_APPLY_PER_ADDRESS", "20/10m"),
    "candidate-link-address": os.environ.get("THROTTLE_CANDIDATE_LINK_PER_ADDRESS", "20/h"),
    "candidate-link-email": os.environ.get("THROTTLE_CANDIDATE_LINK_PER_EMAIL", "5/h"),
    # Each request for a copy or an erasure e-mails a confirmation link: no mailbox flooded.
    "rights-address": os.environ.get("THROTTLE_RIGHTS_PER_ADDRESS", "10/h"),
    "rights-email": os.environ.get("THROTTLE_RIGHTS_PER_EMAIL", "3/h"),
    # Each job alert saved e-mails a confirmation link; each question waits for a moderator.
    "alerts-address": os.environ.get("THROTTLE_ALERTS_PER_ADDRESS", "20/h"),
    "alerts-email": os.environ.get("THROTTLE_ALERTS_PER_EMAIL", "5/h"),
    "questions-address": os.environ.get("THROTTLE_QUESTIONS_PER_ADDRESS", "10/h"),
    "questions-email": os.environ.get("THROTTLE_QUESTIONS_PER_EMAIL", "5/h"),
}
# Public forms' anti-bot measure (vivier/core/antibot.py): a form sent sooner than this after it
# was shown must carry the proof of work the page's script computes; a form older than the
# maximum age, or sent twice, is refused and shown again with everything typed.
ANTI_BOT_MIN_FILL_S = int(os.environ.get("ANTI_BOT_MIN_FILL_S", "5"))  # seconds
ANTI_BOT_MAX_AGE_S = int(os.environ.get("ANTI_BOT_MAX_AGE_S", str(12 * 3600)))  # seconds
ANTI_BOT_PROOF_BITS = int(os.environ.get("ANTI_BOT_PROOF_BITS", "14"))  # about 16,000 hashes
# Virus scan of uploaded CVs through clamd (vivier/core/clamav.py), when one of these is set.
CLAMD_SOCKET = os.environ.get("CLAMD_SOCKET", "")  # e.g. /run/clamav/clamd.ctl
CLAMD_HOST = os.environ.get("CLAMD_HOST", "")
CLAMD_PORT = int(os.environ.get("CLAMD_PORT", "3310"))
CLAMD_TIMEOUT_S = int(os.environ.get("CLAMD_TIMEOUT_S", "30"))  # seconds for one file
OFFERS_PER_PAGE = 20

# --- Distribution ---------------------------------------------------------------------------
# Channel credentials are encrypted with these Fernet keys: the first encrypts, all decrypt, so a
# new key can be put first and the old ones dropped once `manage.py rotate_credentials` has run.
CREDENTIALS_KEYS = env_list("CREDENTIALS_KEYS", "")
if not CREDENTIALS_KEYS:
    if not DEBUG:
        raise RuntimeError("CREDENTIALS_KEYS must be set when DEBUG is off (docs/operations.md).")
    new_fernet_key = lambda: base64.urlsafe_b64encode(os.urandom(32)).decode()  # noqa: E731
    CREDENTIALS_KEYS = [_development_key("credentials_key", new_fernet_key)]
# Clicks on tracked links are buffered in Redis and written in batches by the worker; without
# Redis (development on SQLite) each click is written by the request itself.
CLICKS_URL = os.environ.get(
    "CLICKS_URL", QUEUE_URL if QUEUE_URL.startswith("redis") else "database"
)
DISTRIBUTION_MAX_ATTEMPTS = int(os.environ.get("DISTRIBUTION_MAX_ATTEMPTS", "6"))
DISTRIBUTION_BACKOFF_S = 30  # seconds before the 2nd try; doubles after each failure
DISTRIBUTION_TIMEOUT_S = 10  # seconds to wait for a network's answer
# A worker owns a publication while it sends it; past this lease another worker may take it over
# (after checking with the network whether the post was made). Longer than the timeout.
DISTRIBUTION_LEASE_S = int(os.environ.get("DISTRIBUTION_LEASE_S", "120"))
ATTRIBUTION_WINDOW_DAYS = 30
# The official ESCO CSV files (docs/taxonomy.md), read by `manage.py load_esco`.
ESCO_DIR = Path(os.environ.get("ESCO_DIR", BASE_DIR.parent / "shared" / "data" / "esco"))
# LinkedIn serves each monthly API version for about a year: move this forward yearly.
LINKEDIN_API_VERSION = os.environ.get("LINKEDIN_API_VERSION", "202610")
# Local servers that follow each network's contract (`manage.py sandbox`), for demos without
# credentials. Empty in production: sandbox channels cannot be created there.
SANDBOX_URL = os.environ.get("SANDBOX_URL", "http://127.0.0.1:8790" if DEBUG else "").rstrip("/")
# OAuth apps registered by the operator; without them, tokens are pasted into the channel form.
OAUTH_APPS = {
    network: (os.environ.get(f"{prefix}_ID", ""), os.environ.get(f"{prefix}_SECRET", ""))
    for network, prefix in (
        ("linkedin", "LINKEDIN_CLIENT"),
        ("x", "X_CLIENT"),
        ("facebook", "FACEBOOK_APP"),
    )
}

# --- Privacy --------------------------------------------------------------------------------
# Retention defaults follow the CNIL's recruitment guide (2023); each can be set in days.
# Unsuccessful applicants: anonymised this long after their last application closed, unless
# they agreed to stay in the talent pool.
RETENTION_UNSUCCESSFUL_DAYS = int(os.environ.get("RETENTION_UNSUCCESSFUL_DAYS", "90"))
# Talent-pool profiles: deleted this long after the last contact with the person.
RETENTION_TALENT_POOL_DAYS = int(os.environ.get("RETENTION_TALENT_POOL_DAYS", "730"))
# The person is asked to renew their consent this long before their profile is deleted.
RETENTION_WARNING_DAYS = int(os.environ.get("RETENTION_WARNING_DAYS", "30"))
# Notifications (docs/notifications.md): read ones, and those never shown in Vivier, are deleted
# this long after they were read or made (privacy's nightly run); unread ones stay until read.
NOTIFICATION_RETENTION_DAYS = int(os.environ.get("NOTIFICATION_RETENTION_DAYS", "180"))
# The audit log of accesses to personal data is kept this long.
AUDIT_LOG_DAYS = int(os.environ.get("AUDIT_LOG_DAYS", "365"))
# A rights request (access, erasure) must be answered within a month (RGPD art. 12.3).
RIGHTS_REQUEST_DAYS = int(os.environ.get("RIGHTS_REQUEST_DAYS", "30"))
# People added by a recruiter must be told within a month (RGPD art. 14.3.a).
INFORM_SOURCED_WITHIN_DAYS = int(os.environ.get("INFORM_SOURCED_WITHIN_DAYS", "30"))
# The community's records (docs/community.md), deleted by the same nightly run and listed in its
# dry run. Job alerts never confirmed (and addresses left with none), and digests once sent:
RETENTION_UNCONFIRMED_ALERTS_DAYS = int(os.environ.get("RETENTION_UNCONFIRMED_ALERTS_DAYS", "30"))
RETENTION_SENT_DIGESTS_DAYS = int(os.environ.get("RETENTION_SENT_DIGESTS_DAYS", "90"))
# Hub invitations, counted from when they stopped being usable (used, expired or withdrawn):
RETENTION_HUB_INVITATIONS_DAYS = int(os.environ.get("RETENTION_HUB_INVITATIONS_DAYS", "90"))
# Join requests to a hub, from the moderators' decision (accepted or declined):
RETENTION_JOIN_REQUESTS_DAYS = int(os.environ.get("RETENTION_JOIN_REQUESTS_DAYS", "90"))
# Reports of posts, once the moderators dealt with them:
RETENTION_POST_REPORTS_DAYS = int(os.environ.get("RETENTION_POST_REPORTS_DAYS", "365"))
# The moderation audit of the hubs is kept as long as privacy's own (AUDIT_LOG_DAYS), and direct
# referrals nobody applied after as long as an unsuccessful applicant (RETENTION_UNSUCCESSFUL_DAYS).
