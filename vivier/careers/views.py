import json
from urllib.parse import quote, urlencode

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from vivier.brand.models import Employer
from vivier.campaigns.models import Campaign
from vivier.careers.cache import cached_form_page, cached_public_page, is_cacheable
from vivier.careers.forms import ApplicationForm, OfferSearchForm
from vivier.careers.space.identity import applicant_initial
from vivier.core import antibot, throttle
from vivier.distribution import share
from vivier.distribution.attribution import touches_for_application
from vivier.distribution.services import search_engine_url, with_search_engine_link
from vivier.hiring.services import ApplicantDetails, ApplicationRefused, submit_application
from vivier.jobs.jsonld import job_posting
from vivier.jobs.models import JobOffer, OfferStatus


def _open_offers():
    return JobOffer.objects.open().select_related("department")


@cached_public_page
def home(request):
    employer = Employer.current()
    offers = _open_offers()
    context = {
        "employer": employer,
        "values": employer.values.all(),
        "locations": employer.locations.all(),
        "videos": employer.videos.all(),
        "social_accounts": employer.social_accounts.all(),
        "latest_offers": offers[:6],
        "open_offer_count": offers.count(),
    }
    return render(request, "careers/home.html", context)


@cached_public_page
def campaign(request, slug):
    """A campaign's landing page: its pitch, its open offers, the employer's videos."""
    campaign = get_object_or_404(Campaign, slug=slug, is_public=True)
    employer = Employer.current()
    context = {
        "campaign": campaign,
        "employer": employer,
        "offers": list(campaign.offers.open().select_related("department")),
        "videos": employer.videos.all(),
        "social_accounts": employer.social_accounts.all(),
    }
    return render(request, "careers/campaign.html", context)


@cached_public_page
def offer_list(request):
    offers = _open_offers()
    form = OfferSearchForm(request.GET or None, open_offers=offers)
    results = form.filter(offers) if form.is_bound else offers
    page = Paginator(results, settings.OFFERS_PER_PAGE).get_page(request.GET.get("page"))
    context = {"form": form, "page": page, "offers": page.object_list}
    if request.htmx and not request.htmx.boosted:
        return render(request, "careers/_offer_results.html", context)
    return render(request, "careers/offer_list.html", context)


def _public_offer(pk) -> JobOffer:
    """A published or closed offer: closed ones still show, saying they are closed."""
    return get_object_or_404(
        with_search_engine_link(
            JobOffer.objects.select_related("department", "occupation__isco_group")
        ),
        pk=pk,
        status__in=[OfferStatus.PUBLISHED, OfferStatus.CLOSED],
    )


@cached_public_page
def offer_detail(request, pk, slug):
    offer = _public_offer(pk)
    if slug != offer.slug:
        return redirect(offer, permanent=True)
    employer = Employer.current()
    posting = job_posting(offer, employer=employer, absolute_uri=request.build_absolute_uri)
    # Visits from job search engines count under their channel, when there is one.
    posting["url"] = search_engine_url(offer) or posting["url"]
    share_url = request.build_absolute_uri(offer.get_absolute_url())
    context = {
        "offer": offer,
        "employer": employer,
        # Escape "<" so that no text of the offer can close the script element.
        "json_ld": json.dumps(posting, ensure_ascii=False).replace("<", "\\u003c"),
        "share_url": share_url,
        "og_locale": "en_GB" if offer.language == "en" else "fr_FR",
        "share_links": _share_links(offer, share_url, employer),
    }
    return render(request, "careers/offer_detail.html", context)


def _share_links(offer, url, employer):
    text = _("%(title)s at %(employer)s") % {"title": offer.title, "employer": employer.name}
    share_on = _("Share on %(network)s")
    return [
        (share_on % {"network": "LinkedIn"}, share.linkedin_share_url(url)),
        (share_on % {"network": "Facebook"}, share.facebook_share_url(url)),
        (share_on % {"network": "X"}, share.x_share_url(url, text)),
        (
            _("Send by e-mail"),
            "mailto:?" + urlencode({"subject": text, "body": url}, quote_via=quote),
        ),
    ]


@require_GET
def share_on_mastodon(request, pk):
    """Mastodon has no central share page: send the visitor to their own server's.

    It leaves the site only when asked from the site's own offer page: a link to this address
    from elsewhere (Sec-Fetch-Site other than same-origin) cannot use it as an open redirect.
    """
    offer = _public_offer(pk)
    if request.headers.get("Sec-Fetch-Site", "same-origin") != "same-origin":
        return redirect(offer)
    instance = request.GET.get("instance", "").strip().lower()
    instance = instance.removeprefix("https://").removeprefix("http://").split("/")[0]
    if (
        not instance
        or "." not in instance
        or not all(part.replace("-", "").isalnum() for part in instance.split("."))
    ):
        messages.error(
            request, _("Enter the address of your Mastodon server, e.g. mastodon.social.")
        )
        return redirect(offer)
    text = f"{offer.title}\n{request.build_absolute_uri(offer.get_absolute_url())}"
    return redirect(f"https://{instance}/share?" + urlencode({"text": text}))


def apply(request, pk, slug):
    offer = _public_offer(pk)
    if not offer.is_open:
        return render(request, "careers/offer_closed.html", {"offer": offer}, status=410)
    if request.method == "GET" and is_cacheable(request):
        # The blank form is the same for everyone but for the CSRF token and anti-bot ticket.
        return cached_form_page(
            request,
            lambda csrf_token: render_to_string(
                "careers/apply.html",
                {
                    "offer": offer,
                    "form": ApplicationForm(ticket=antibot.TICKET_PLACEHOLDER),
                    "csrf_token": csrf_token,
                },
                request=request,
            ),
        )
    if request.method == "POST":
        try:
            throttle.check("apply-address", throttle.client_address(request))
        except throttle.Throttled as error:
            return _apply_later(request, offer, error)
    form = ApplicationForm(
        request.POST or None, request.FILES or None, initial=applicant_initial(request.user)
    )
    if request.method == "POST":
        if form.is_valid():
            details = _applicant_details(form.cleaned_data, request)
            try:
                application, _created = submit_application(
                    offer=offer, details=details, cv=form.cleaned_data["cv"]
                )
            except ApplicationRefused as refusal:
                form.add_error(None, str(refusal))
            else:
                request.session["applied_to"] = application.offer_id
                return redirect("careers:applied", pk=offer.pk)
        form.keep_valid_cv()
    return render(request, "careers/apply.html", {"offer": offer, "form": form})


def _apply_later(request, offer, error):
    """Over the limit: the form shown again as typed, unchecked (its ticket stays unspent)
    and without the file, which is not kept from a sender over the limit."""
    typed = {name: value for name, value in request.POST.items() if name != "csrfmiddlewaretoken"}
    form = ApplicationForm(initial=typed, ticket=typed.get("ticket"))
    context = {"offer": offer, "form": form, "throttled": True}
    return throttle.too_many_requests(
        request, error, template="careers/apply.html", context=context
    )


def _applicant_details(data, request) -> ApplicantDetails:
    return ApplicantDetails(
        first_name=data["first_name"].strip(),
        last_name=data["last_name"].strip(),
        email=data["email"],
        phone=data["phone"],
        cover_letter=data["cover_letter"].strip(),
        declared_source=data["declared_source"],
        declared_source_detail=data["declared_source_detail"].strip(),
        career_stage=data.get("career_stage", ""),
        talent_pool_consent=data["talent_pool_consent"],
        consent_text=str(ApplicationForm.base_fields["talent_pool_consent"].label),
        language=translation.get_language() or settings.LANGUAGE_CODE,
        touches=touches_for_application(request),
    )


def applied(request, pk):
    offer = _public_offer(pk)
    if request.session.get("applied_to") != offer.pk:
        raise Http404
    return render(request, "careers/applied.html", {"offer": offer})


@require_GET
def robots_txt(request):
    sitemap = request.build_absolute_uri("/sitemap.xml")
    lines = [
        "User-agent: *",
        "Disallow: /app/",
        "Disallow: /accounts/",
        "Disallow: /admin/",
        "Allow: /",
        f"Sitemap: {sitemap}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
