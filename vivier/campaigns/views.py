"""Campaign screens: build one with its channel plan in one screen, follow it, read its report."""

import datetime as dt

from django.contrib import messages
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from vivier.accounts.access import recruiter_required
from vivier.analytics import reports
from vivier.analytics.views import csv_response, funnel_table
from vivier.campaigns.forms import CampaignForm, PlanLineForm
from vivier.campaigns.models import Campaign
from vivier.campaigns.services import PlanLine, save_campaign
from vivier.distribution.connectors import ConnectorError
from vivier.distribution.models import Channel
from vivier.distribution.services import tracked_link

REPORT_TAIL_DAYS = 60  # applications that arrive after the campaign ends still count for it


@recruiter_required
def campaign_list(request):
    campaigns = Campaign.objects.prefetch_related("offers")
    return render(request, "campaigns/list.html", {"campaigns": campaigns})


def _plan_forms(request, campaign):
    lines = {line.channel_id: line for line in campaign.plan.all()} if campaign.pk else {}
    forms = []
    for channel in Channel.objects.filter(is_enabled=True):
        line = lines.get(channel.pk)
        initial = {"is_used": line is not None, "budget": line.budget if line else None}
        forms.append(PlanLineForm(request.POST or None, channel=channel, initial=initial))
    return forms


@recruiter_required
def campaign_edit(request, pk=None):
    campaign = get_object_or_404(Campaign, pk=pk) if pk else Campaign()
    form = CampaignForm(request.POST or None, instance=campaign)
    plan_forms = _plan_forms(request, campaign)
    stages = request.POST.getlist("career_stages") if request.POST else campaign.career_stages
    unit, paid, free = reports.recommend_channels(stages, end=timezone.localdate())
    refused = []
    wants_save = request.method == "POST" and request.POST.get("action") != "recommend"
    if wants_save and form.is_valid() and all(plan.is_valid() for plan in plan_forms):
        refused = _save(request, form, plan_forms)
        if refused is None:
            messages.success(request, _("The campaign is saved."))
            return redirect("campaigns:detail", pk=form.instance.pk)
    context = {
        "form": form,
        "campaign": campaign,
        "plan_forms": plan_forms,
        "refused": refused,
        "unit": unit,
        "paid": paid,
        "free": free,
    }
    return render(request, "campaigns/form.html", context)


class _Refused(Exception):
    """Rolls the whole save back when a planned post cannot be scheduled."""


def _save(request, form, plan_forms) -> list | None:
    """Save everything or nothing; None when saved, else the posts that could not be planned."""
    plan = [
        PlanLine(p.channel, p.cleaned_data.get("budget"), p.cleaned_data.get("at"))
        for p in plan_forms
        if p.cleaned_data["is_used"]
    ]
    is_new = form.instance.pk is None
    try:
        with transaction.atomic():
            refused = save_campaign(
                campaign=form.save(commit=False),
                offers=form.cleaned_data["offers"],
                plan=plan,
                by=request.user,
            )
            if refused:
                raise _Refused(refused)
    except (ConnectorError, _Refused) as error:
        if is_new:
            form.instance.pk = None  # rolled back: still a new campaign
        if isinstance(error, ConnectorError):
            messages.error(request, error.message)
            return []
        messages.error(request, _("Some posts do not fit their network: see below."))
        return error.args[0]
    return None


@recruiter_required
def campaign_detail(request, pk):
    campaign = get_object_or_404(Campaign, pk=pk)
    plan = list(campaign.plan.select_related("channel"))
    for line in plan:
        line.link = tracked_link(channel=line.channel, campaign=campaign)
    publications = campaign.publications.select_related("channel").order_by("scheduled_at")
    context = {"campaign": campaign, "plan": plan, "publications": publications}
    return render(request, "campaigns/detail.html", context)


def report_filters(campaign: Campaign) -> reports.Filters:
    end = min(timezone.localdate(), campaign.ends_on + dt.timedelta(days=REPORT_TAIL_DAYS))
    return reports.Filters(
        start=campaign.starts_on, end=max(end, campaign.starts_on), campaign_id=campaign.pk
    )


@recruiter_required
def campaign_report(request, pk):
    campaign = get_object_or_404(Campaign, pk=pk)
    filters = report_filters(campaign)
    lines = reports.funnel_by_channel(filters)
    total = reports.totals(lines)
    if request.GET.get("export") == "funnel":
        header, rows = funnel_table(lines, total)
        return csv_response(f"campaign-{campaign.slug}", header, rows)
    budget = sum((line.budget for line in campaign.plan.all() if line.budget), start=0)
    context = {
        "campaign": campaign,
        "filters": filters,
        "lines": lines,
        "total": total,
        "budget": budget,
        "funnel_chart": {
            "labels": [line.name for line in lines],
            "datasets": [
                {"label": _("Clicks (people)"), "data": [line.clicks_people for line in lines]},
                {"label": _("Applications"), "data": [line.applications for line in lines]},
                {"label": _("Hires"), "data": [line.hired for line in lines]},
            ],
            "percent": False,
        },
    }
    return render(request, "campaigns/report.html", context)
