"""The recruiting team's screens for channels and for spreading an offer."""

import httpx
from django.conf import settings
from django.contrib import messages
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from vivier.accounts.access import get_offer_for_user, recruiter_required
from vivier.distribution import oauth, services
from vivier.distribution.connectors import ConnectorError
from vivier.distribution.connectors.email import read_unsubscribe_token
from vivier.distribution.forms import ChannelForm, PublishForm, SharedByHandForm
from vivier.distribution.models import (
    COMMUNITY_KINDS,
    Channel,
    ChannelKind,
    Click,
    EmailDelivery,
    EmailUnsubscription,
    Publication,
    PublicationStatus,
)
from vivier.distribution.share import share_intent_url
from vivier.hiring.models import Application
from vivier.jobs.models import OfferStatus


# --- Channels ---------------------------------------------------------------------------------
@recruiter_required
def channel_list(request):
    channels = Channel.objects.exclude(kind__in=COMMUNITY_KINDS).annotate(
        live=Count("publications", filter=Q(publications__status=PublicationStatus.PUBLISHED))
    )
    kinds = [(value, label) for value, label in ChannelKind.choices if value not in COMMUNITY_KINDS]
    return render(
        request,
        "distribution/channels.html",
        {"channels": channels, "kinds": kinds, "site_url": settings.SITE_URL},
    )


@recruiter_required
def channel_create(request, kind):
    if kind not in ChannelKind.values or kind in COMMUNITY_KINDS:
        raise Http404
    form = ChannelForm(request.POST or None, kind=kind)
    if request.method == "POST" and form.is_valid():
        channel = services.save_channel(
            channel=form.save(commit=False), credentials=form.credentials, by=request.user
        )
        messages.success(request, _("The channel is added."))
        return redirect("distribution:channel", pk=channel.pk)
    label = ChannelKind(kind).label
    return render(request, "distribution/channel_form.html", {"form": form, "kind_label": label})


@recruiter_required
def channel_detail(request, pk):
    channel = get_object_or_404(Channel.objects.exclude(kind__in=COMMUNITY_KINDS), pk=pk)
    form = ChannelForm(request.POST or None, instance=channel, kind=channel.kind)
    if request.method == "POST" and form.is_valid():
        services.save_channel(
            channel=form.save(commit=False), credentials=form.credentials, by=request.user
        )
        messages.success(request, _("The channel is saved."))
        return redirect("distribution:channel", pk=channel.pk)
    context = {
        "form": form,
        "channel": channel,
        "kind_label": channel.get_kind_display(),
        "can_connect": oauth.can_connect(channel),
        "recent": channel.publications.select_related("offer").order_by("-created_at")[:20],
    }
    response = render(request, "distribution/channel_form.html", context)
    response["Cache-Control"] = "no-store"
    return response


@recruiter_required
@require_POST
def channel_check(request, pk):
    channel = services.check_channel(channel=get_object_or_404(Channel, pk=pk))
    if channel.is_connection_ok:
        messages.success(request, channel.check_message)
    else:
        messages.error(request, channel.check_message)
    return redirect("distribution:channel", pk=pk)


@recruiter_required
@require_POST
def channel_toggle(request, pk):
    channel = get_object_or_404(Channel, pk=pk)
    services.set_channel_enabled(
        channel=channel, is_enabled=not channel.is_enabled, by=request.user
    )
    return redirect("distribution:channel", pk=pk)


@recruiter_required
@require_POST
def channel_connect(request, pk):
    channel = get_object_or_404(Channel, pk=pk)
    if not oauth.can_connect(channel):
        raise Http404
    return redirect(oauth.authorization_url(request, channel))


@recruiter_required
def oauth_callback(request):
    pending = oauth.pending_channel_id(request, request.GET.get("state", ""))
    if pending is None:
        messages.error(request, _("This connection was not started here, or has already ended."))
        return redirect("distribution:channels")
    channel = get_object_or_404(Channel, pk=pending[0])
    if request.GET.get("error") or not request.GET.get("code"):
        messages.error(
            request,
            _("The network did not grant access: %(reason)s")
            % {"reason": request.GET.get("error_description") or request.GET.get("error", "")},
        )
        return redirect("distribution:channel", pk=channel.pk)
    with services.http_client() as client:
        try:
            oauth.finish_connection(
                channel, code=request.GET["code"], verifier=pending[1], client=client
            )
        except ConnectorError as error:
            messages.error(request, error.message)
            return redirect("distribution:channel", pk=channel.pk)
    services.check_channel(channel=channel)
    messages.success(request, _("The account is connected."))
    return redirect("distribution:channel", pk=channel.pk)


# --- Spreading an offer -----------------------------------------------------------------------
def _figures(offer, publications) -> dict:
    """Clicks (people and robots) and applications per tracked link of the offer: 2 queries."""
    clicks = (
        Click.objects.filter(link__offer=offer)
        .values("link_id")
        .annotate(
            people=Count("id", filter=Q(is_bot=False)), robots=Count("id", filter=Q(is_bot=True))
        )
    )
    applications = (
        Application.objects.filter(offer=offer, last_touch__isnull=False)
        .values("last_touch_id")
        .annotate(count=Count("id"))
    )
    by_link = {row["link_id"]: row for row in clicks}
    applied = {row["last_touch_id"]: row["count"] for row in applications}
    return {
        publication.pk: {
            "people": by_link.get(publication.link_id, {}).get("people", 0),
            "robots": by_link.get(publication.link_id, {}).get("robots", 0),
            "applications": applied.get(publication.link_id, 0),
        }
        for publication in publications
    }


@recruiter_required
def offer_distribution(request, pk):
    offer = get_offer_for_user(request.user, pk, write=True)
    channels = services.push_channels()
    publications = list(
        offer.publications.select_related("channel", "link").prefetch_related("attempts")
    )
    # A channel is offered again only once its post failed or was withdrawn.
    done = {PublicationStatus.FAILED, PublicationStatus.WITHDRAWN}
    taken = {p.channel_id for p in publications if p.status not in done}
    free = [channel for channel in channels if channel.pk not in taken]
    form = PublishForm(request.POST or None, channels=channels.filter(pk__in=[c.pk for c in free]))
    texts = {c.pk: request.POST.get(f"text-{c.pk}") for c in free} if request.POST else {}
    drafts = []
    if offer.status == OfferStatus.PUBLISHED:
        drafts = [
            services.draft_for(offer=offer, channel=channel, text=texts.get(channel.pk))
            for channel in free
        ]
    if request.method == "POST" and request.POST.get("action") == "publish" and form.is_valid():
        chosen = [d for d in drafts if d.channel in form.cleaned_data["channels"]]
        if not any(draft.errors for draft in chosen):
            try:
                services.publish_channels(
                    offer=offer, drafts=chosen, at=form.cleaned_data["at"], by=request.user
                )
            except ConnectorError as error:
                messages.error(request, error.message)
            else:
                messages.success(request, _("Publishing has started: follow it below."))
                return redirect("distribution:offer", pk=offer.pk)
        else:
            messages.error(request, _("Some texts do not fit their network: see below."))
    figures = _figures(offer, publications)
    for publication in publications:
        publication.figures = figures[publication.pk]
        if publication.status == PublicationStatus.MANUAL and publication.channel.is_share_intent:
            publication.share_url = share_intent_url(
                publication.channel.kind, url=publication.link.url, text=publication.text
            )
    context = {
        "offer": offer,
        "drafts": drafts,
        "form": form,
        "chosen": {str(pk) for pk in request.POST.getlist("channels")} if request.POST else None,
        "publications": publications,
        "has_channels": channels.exists(),
    }
    return render(request, "distribution/offer.html", context)


def _publication_for(request, pk) -> Publication:
    publication = get_object_or_404(Publication.objects.select_related("offer"), pk=pk)
    get_offer_for_user(request.user, publication.offer_id, write=True)
    return publication


@recruiter_required
@require_POST
def publication_withdraw(request, pk):
    publication = _publication_for(request, pk)
    publication = services.withdraw_publication(publication.pk)
    if publication.status == PublicationStatus.WITHDRAWN:
        messages.success(request, _("The post is withdrawn."))
    elif publication.last_error:
        messages.error(request, publication.last_error)
    return redirect("distribution:offer", pk=publication.offer_id)


@recruiter_required
@require_POST
def publication_shared(request, pk):
    publication = _publication_for(request, pk)
    form = SharedByHandForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The address of the post is not valid."))
    elif publication.status == PublicationStatus.MANUAL and publication.published_at:
        services.withdraw_done_by_hand(publication=publication, by=request.user)
        messages.success(request, _("Noted: the post is withdrawn."))
    elif publication.status == PublicationStatus.MANUAL:
        services.mark_shared_by_hand(
            publication=publication, url=form.cleaned_data["url"], by=request.user
        )
        messages.success(request, _("Noted: the post is published."))
    return redirect("distribution:offer", pk=publication.offer_id)


@recruiter_required
@require_POST
def publication_metrics(request, pk):
    publication = services.refresh_metrics(publication=_publication_for(request, pk))
    if publication.metrics:
        messages.success(request, _("The network's figures are updated."))
    else:
        messages.info(request, _("The network gave no figures."))
    return redirect("distribution:offer", pk=publication.offer_id)


# --- Sandbox ----------------------------------------------------------------------------------
@recruiter_required
def sandbox(request):
    received, error = {}, ""
    if settings.SANDBOX_URL:
        try:
            response = httpx.get(f"{settings.SANDBOX_URL}/_sandbox/received", timeout=3)
            received = response.json()
        except (httpx.HTTPError, ValueError):
            error = _("The sandbox is not running: `make run` starts it, or `manage.py sandbox`.")
    emails = EmailDelivery.objects.select_related("publication__offer").order_by("-claimed_at")[:50]
    networks = [(name, received[name][::-1][:50]) for name in sorted(received)]
    context = {"networks": networks, "error": error, "emails": emails}
    return render(request, "distribution/sandbox.html", context)


# --- Public: unsubscribing from an e-mail list ------------------------------------------------
@csrf_exempt  # RFC 8058 one-click: mail clients POST without our token; the signed URL is the key
def unsubscribe(request, token):
    data = read_unsubscribe_token(token)
    if data is None:
        raise Http404
    channel = get_object_or_404(Channel, pk=data["channel"], kind=ChannelKind.EMAIL)
    done = request.method == "POST"
    if done:
        EmailUnsubscription.objects.get_or_create(channel=channel, address=data["address"])
    return render(
        request, "distribution/unsubscribe.html", {"done": done, "address": data["address"]}
    )
