"""Feeds read by job boards: Indeed's XML format, one address (and one tracked link) per board."""

from django.conf import settings
from django.http import Http404, HttpResponse
from django.utils import translation
from django.utils.http import http_date
from django.views.decorators.http import require_safe

from vivier.brand.models import Employer
from vivier.careers.cache import cached_public_page
from vivier.core.markdown import render_markdown
from vivier.distribution.models import Channel, ChannelKind
from vivier.distribution.services import links_for
from vivier.jobs.models import ContractType, JobOffer, WorkingTime

FEED_SIZE = 1000
# Indeed's jobtype vocabulary.
JOB_TYPES = {
    ContractType.CDI: "permanent",
    ContractType.CDD: "contract",
    ContractType.INTERIM: "temporary",
    ContractType.INTERNSHIP: "internship",
    ContractType.APPRENTICESHIP: "apprenticeship",
    ContractType.FREELANCE: "contract",
    ContractType.CIVIL_SERVANT: "permanent",
    ContractType.PUBLIC_CONTRACT: "contract",
}


def _cdata(value) -> str:
    # "]]>" cannot appear inside a CDATA section: split it across two sections.
    text = str(value if value is not None else "").replace("]]>", "]]]]><![CDATA[>")
    return f"<![CDATA[{text}]]>"


def _salary(offer: JobOffer) -> str:
    amounts = [amount for amount in (offer.salary_min, offer.salary_max) if amount]
    if not amounts:
        return ""
    span = " - ".join(str(amount) for amount in dict.fromkeys(amounts))
    return f"{span} {offer.salary_currency} {offer.get_salary_period_display()}"


def _job_type(offer: JobOffer) -> str:
    time = "parttime" if offer.working_time == WorkingTime.PART_TIME else "fulltime"
    contract = JOB_TYPES.get(offer.contract_type)
    return f"{time}, {contract}" if contract else time


def _job(offer: JobOffer, link: str, employer: Employer) -> str:
    with translation.override(offer.language):
        fields = {
            "title": offer.title,
            "date": http_date((offer.published_at or offer.created_at).timestamp()),
            "referencenumber": offer.reference,
            "url": link,
            "company": employer.name,
            "city": offer.city,
            "state": offer.region,
            "country": offer.country,
            "postalcode": offer.postcode,
            "description": "".join(
                render_markdown(text)
                for text in (offer.description, offer.missions, offer.profile)
                if text
            ),
            "salary": _salary(offer),
            "jobtype": _job_type(offer),
        }
    body = "".join(f"<{name}>{_cdata(value)}</{name}>" for name, value in fields.items())
    return f"<job>{body}</job>"


@require_safe
@cached_public_page
def job_board_feed(request, slug: str):
    channel = Channel.objects.filter(kind=ChannelKind.JOB_BOARD, slug=slug, is_enabled=True).first()
    if channel is None:
        raise Http404
    employer = Employer.current()
    offers = list(JobOffer.objects.open().order_by("-published_at")[:FEED_SIZE])
    links = links_for(channel=channel, offers=offers)
    jobs = "\n".join(_job(offer, links[offer.pk].url, employer) for offer in offers)
    xml = (
        '<?xml version="1.0" encoding="utf-8"?>\n<source>'
        f"<publisher>{_cdata(employer.name)}</publisher>"
        f"<publisherurl>{_cdata(settings.SITE_URL + '/')}</publisherurl>"
        f"<lastBuildDate>{http_date()}</lastBuildDate>\n{jobs}\n</source>\n"
    )
    return HttpResponse(xml, content_type="application/xml; charset=utf-8")
