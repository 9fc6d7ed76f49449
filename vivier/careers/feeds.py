from django.conf import settings
from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from vivier.brand.models import Employer
from vivier.core.markdown import markdown_to_text
from vivier.distribution.models import ChannelKind
from vivier.distribution.services import links_for, pull_channel
from vivier.jobs.models import JobOffer

FEED_SIZE = 100


class OpenOffersFeed(Feed):
    feed_type = Atom1Feed

    def __call__(self, request, *args, **kwargs):
        self.employer = Employer.current()
        return super().__call__(request, *args, **kwargs)

    def title(self):
        return _("Job offers at %(employer)s") % {"employer": self.employer.name}

    def subtitle(self):
        return self.employer.tagline or None

    def link(self):
        return reverse("careers:offers")

    def author_name(self):
        return self.employer.name

    def items(self):
        offers = list(JobOffer.objects.open().select_related("department")[:FEED_SIZE])
        # Job boards and readers that follow this feed are counted under the Atom channel.
        channel = pull_channel(ChannelKind.ATOM)
        self.links = links_for(channel=channel, offers=offers) if channel else {}
        return offers

    def item_link(self, offer):
        link = self.links.get(offer.pk)
        return link.url if link else offer.get_absolute_url()

    def item_guid(self, offer):
        return settings.SITE_URL + offer.get_absolute_url()  # stable whatever the link

    def item_title(self, offer):
        return f"{offer.title} — {offer.get_contract_type_display()} — {offer.location_label}"

    def item_description(self, offer):
        return offer.summary or markdown_to_text(offer.description)[:500]

    def item_pubdate(self, offer):
        return offer.published_at

    def item_updateddate(self, offer):
        return offer.updated_at

    def item_categories(self, offer):
        return [offer.get_contract_type_display()] + (
            [offer.department.name] if offer.department else []
        )
