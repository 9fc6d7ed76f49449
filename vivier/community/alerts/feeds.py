"""An Atom feed per saved alert, at a secret address: the open offers that match it."""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import Http404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from vivier.brand.models import Employer
from vivier.community.alerts.criteria import Criteria, OfferFacts, matches
from vivier.community.alerts.models import Alert
from vivier.core.markdown import markdown_to_text
from vivier.jobs.models import JobOffer

FEED_SIZE = 50
SCANNED_OFFERS = 500  # the latest open offers looked at; an alert's feed is about what is new


class AlertFeed(Feed):
    feed_type = Atom1Feed

    def get_object(self, request, token):
        alert = (
            Alert.objects.select_related("department")
            .filter(feed_token=token, confirmed_at__isnull=False)
            .first()
        )
        if alert is None:
            raise Http404
        self.employer = Employer.current()
        return alert

    def title(self, alert):
        return _("Job offers at %(employer)s: %(criteria)s") % {
            "employer": self.employer.name,
            "criteria": alert.describe(),
        }

    def link(self, alert):
        return reverse("careers:offers")

    def feed_url(self, alert):
        return reverse("alerts:feed", kwargs={"token": alert.feed_token})

    def author_name(self, alert):
        return self.employer.name

    def items(self, alert):
        offers = JobOffer.objects.open().select_related("department")
        if alert.contract_type:
            offers = offers.filter(contract_type=alert.contract_type)
        if alert.department_id:
            offers = offers.filter(department_id=alert.department_id)
        criteria = Criteria.of(alert)
        found = [
            offer for offer in offers[:SCANNED_OFFERS] if matches(criteria, OfferFacts.of(offer))
        ]
        return found[:FEED_SIZE]

    def item_link(self, offer):
        return offer.get_absolute_url()

    def item_guid(self, offer):
        return settings.SITE_URL + offer.get_absolute_url()

    def item_title(self, offer):
        return f"{offer.title} — {offer.get_contract_type_display()} — {offer.location_label}"

    def item_description(self, offer):
        return offer.summary or markdown_to_text(offer.description)[:500]

    def item_pubdate(self, offer):
        return offer.published_at

    def item_updateddate(self, offer):
        return offer.updated_at
