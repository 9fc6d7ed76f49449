from allauth.account.decorators import secure_admin_login
from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from vivier.api.api import api
from vivier.careers.sitemaps import SITEMAPS
from vivier.careers.views import robots_txt
from vivier.core.health import healthz

# The admin's own sign-in form would skip the limits and the second factor: it sends to allauth's.
admin.site.login = secure_admin_login(admin.site.login)

urlpatterns = [
    # Load balancers' probe: outside the language prefixes, never redirected or cached.
    path("healthz", healthz, name="healthz"),
    path("robots.txt", robots_txt, name="robots_txt"),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("api/", api.urls),
    # Outside the language prefixes: links in posts and feeds never change with the language.
    path("", include("vivier.distribution.public_urls")),
]

urlpatterns += i18n_patterns(
    path("", include("vivier.careers.urls")),
    path("espace-candidat/", include("vivier.careers.space.urls")),
    path("app/", include("vivier.hiring.urls")),
    path("", include("vivier.hiring.interviews.urls")),
    path("", include("vivier.hiring.offer_letters.urls")),
    path("", include("vivier.hiring.conversations.urls")),
    path("app/offers/", include("vivier.jobs.urls")),
    path("app/employer/", include("vivier.brand.urls")),
    path("app/api-tokens/", include("vivier.api.urls")),
    path("app/distribution/", include("vivier.distribution.urls")),
    path("app/reports/", include("vivier.analytics.urls")),
    path("app/campaigns/", include("vivier.campaigns.urls")),
    path("app/talent/", include("vivier.talent.urls")),
    path("", include("vivier.privacy.urls")),
    path("", include("vivier.notifications.urls")),
    # Before hubs: "communaute/recommandations/" is referrals', not a hub's "communaute/<slug>/".
    path("", include("vivier.community.referrals.urls")),
    path("", include("vivier.community.hubs.urls")),
    path("", include("vivier.community.alerts.urls")),
    path("accounts/", include("vivier.accounts.urls")),
    path("admin/", admin.site.urls),
    prefix_default_language=False,
)

# allauth's own limits (password change, re-authentication…) answer with Vivier's 429 page.
handler429 = "vivier.core.throttle.too_many_requests"

if settings.DEBUG:
    from django.conf.urls.static import static

    # Public media only (logos); CVs live in private storage and go through an authorised view.
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
