from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from vivier.jobs.models import JobOffer


class PagesSitemap(Sitemap):
    i18n = True
    alternates = True
    x_default = True
    changefreq = "daily"

    def items(self):
        return ["careers:home", "careers:offers"]

    def location(self, name):
        return reverse(name)


class OffersSitemap(Sitemap):
    i18n = True
    alternates = True
    x_default = True
    changefreq = "weekly"

    def items(self):
        return JobOffer.objects.open().order_by("pk")

    def lastmod(self, offer):
        return offer.updated_at


SITEMAPS = {"pages": PagesSitemap, "offers": OffersSitemap}
