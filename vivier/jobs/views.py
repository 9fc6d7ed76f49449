"""The recruiting team's screens for job offers."""

from django.contrib import messages
from django.db.models import Count, Q
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from vivier.accounts.access import (
    get_offer_for_user,
    offers_for_user,
    recruiter_required,
    team_member_required,
)
from vivier.hiring.models import CLOSED_KINDS
from vivier.jobs import services
from vivier.jobs.forms import OfferFilterForm, OfferForm
from vivier.jobs.models import OfferStatus
from vivier.jobs.occupation import occupation_label, suggestions_for
from vivier.talent.ranking import rank_profiles
from vivier.taxonomy.models import Occupation


@team_member_required
def offer_list(request):
    form = OfferFilterForm(request.GET or None)
    offers = offers_for_user(request.user).select_related("department", "recruiter")
    data = form.cleaned_data if form.is_valid() else {}
    if data.get("status"):
        offers = offers.filter(status=data["status"])
    else:
        offers = offers.exclude(status=OfferStatus.ARCHIVED)
    if data.get("q"):
        offers = offers.filter(Q(title__icontains=data["q"]) | Q(reference__icontains=data["q"]))
    offers = offers.annotate(
        application_count=Count("applications"),
        active_count=Count("applications", filter=~Q(applications__stage__kind__in=CLOSED_KINDS)),
    ).order_by("-created_at")
    return render(request, "jobs/offer_list.html", {"offers": offers, "form": form})


@recruiter_required
def offer_create(request):
    form = OfferForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        offer = services.create_offer(
            offer=form.save(commit=False),
            hiring_managers=form.cleaned_data["hiring_managers"],
            by=request.user,
        )
        messages.success(request, _("The offer was saved as a draft."))
        return redirect("jobs:detail", pk=offer.pk)
    return render(request, "jobs/offer_form.html", {"form": form})


@recruiter_required
def offer_edit(request, pk):
    offer = get_offer_for_user(request.user, pk, write=True)
    form = OfferForm(request.POST or None, instance=offer)
    if request.method == "POST" and form.is_valid():
        services.update_offer(
            offer=form.save(commit=False),
            hiring_managers=form.cleaned_data["hiring_managers"],
            by=request.user,
        )
        messages.success(request, _("The offer was saved."))
        return redirect("jobs:detail", pk=offer.pk)
    return render(request, "jobs/offer_form.html", {"form": form, "offer": offer})


@team_member_required
def offer_detail(request, pk):
    offer = get_offer_for_user(request.user, pk)
    context = {
        "offer": offer,
        "hiring_managers": offer.hiring_managers.all(),
        "occupation_label": (
            occupation_label(offer.occupation, offer.language) if offer.occupation else ""
        ),
        "suggestions": [
            (suggestion, occupation_label(suggestion.occupation, offer.language))
            for suggestion in (suggestions_for(offer) if request.user.sees_all_offers else [])
            if suggestion.occupation.pk != offer.occupation_id
        ],
        "ranked": rank_profiles(offer) if request.user.sees_all_offers else [],
    }
    return render(request, "jobs/offer_detail.html", context)


@recruiter_required
@require_POST
def offer_occupation(request, pk):
    """A recruiter confirms (or clears) the ESCO occupation of an offer."""
    offer = get_offer_for_user(request.user, pk, write=True)
    chosen = request.POST.get("occupation", "")
    occupation = Occupation.objects.filter(pk=chosen).first() if chosen.isdigit() else None
    if chosen and occupation is None:
        messages.error(request, _("This occupation does not exist."))
    else:
        services.set_occupation(offer=offer, occupation=occupation, by=request.user)
        messages.success(request, _("The occupation is saved."))
    return redirect("jobs:detail", pk=offer.pk)


@recruiter_required
@require_POST
def offer_duplicate(request, pk):
    offer = get_offer_for_user(request.user, pk, write=True)
    copy = services.duplicate_offer(offer=offer, by=request.user)
    messages.success(request, _("A draft copy was made: edit it before publishing."))
    return redirect("jobs:edit", pk=copy.pk)


TRANSITIONS = {
    "publish": (services.publish_offer, _("The offer is published on the careers site.")),
    "close": (services.close_offer, _("The offer is closed: it no longer takes applications.")),
    "archive": (services.archive_offer, _("The offer is archived.")),
}


@recruiter_required
@require_POST
def offer_transition(request, pk, action):
    offer = get_offer_for_user(request.user, pk, write=True)
    service, success = TRANSITIONS[action]
    try:
        service(offer=offer, by=request.user)
    except services.TransitionError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, success)
    return redirect("jobs:detail", pk=offer.pk)
