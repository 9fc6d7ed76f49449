"""The recruiting team's reports: every table as a chart too, and as CSV."""

import csv

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from vivier.accounts.access import offers_for_user, recruiter_required
from vivier.analytics import audience, reports
from vivier.analytics.forms import OFFER_CHOICES_ID, FollowersForm, ReportFilterForm
from vivier.analytics.selectors import offer_label, suggested_offers
from vivier.hiring.models import CareerStage

EXPORTS = ("funnel", "declared", "recommendation")


def _percent(value) -> str:
    return "" if value is None else f"{value * 100:.1f}"


def _money(value) -> str:
    return "" if value is None else f"{value:.2f}"


def funnel_table(lines, total) -> tuple[list[str], list[list]]:
    header = [
        _("Channel"), _("Clicks (people)"), _("Clicks (robots)"), _("Applications"),
        _("Screened"), _("Interviewed"), _("Offers made"), _("Hires"),
        _("Clicks → applications (%)"), _("Reached interview (%)"), _("Hired (%)"),
        _("Days to hire (mean)"), _("Cost (€)"), _("Cost per application (€)"),
        _("Cost per hire (€)"),
    ]  # fmt: skip
    rows = []
    for line in [*lines, total]:
        rows.append(
            [
                line.name if line is not total else _("Total"),
                line.clicks_people, line.clicks_robots, line.applications, line.screened,
                line.interviewed, line.offered, line.hired,
                _percent(line.click_to_application), _percent(line.interview_rate),
                _percent(line.hire_rate),
                "" if line.days_to_hire_mean is None else f"{line.days_to_hire_mean:.0f}",
                _money(line.cost), _money(line.cost_per_application), _money(line.cost_per_hire),
            ]
        )  # fmt: skip
    return header, rows


def declared_table(matrix) -> tuple[list[str], list[list]]:
    header = [_("Declared source"), *[name for _pk, name in matrix.channels]]
    rows = [[label, *matrix.row(value)] for value, label in matrix.sources]
    return header, rows


def recommendation_table(unit, paid, free) -> tuple[list[str], list[list]]:
    outcome = _("Hires") if unit == "hired" else _("Interviews")
    header = [
        _("Channel"), _("Applications"), outcome, _("Cost (€)"),
        _("%(outcome)s per 1,000 € (estimate)") % {"outcome": outcome},
        _("Low (80 %)"), _("High (80 %)"), _("Enough data"),
    ]  # fmt: skip
    rows = []
    for item in [*paid, *free]:
        rows.append(
            [
                item.channel.name, item.applications, item.outcomes, _money(item.cost),
                "" if item.rate is None else f"{item.rate:.2f}",
                "" if item.low is None else f"{item.low:.2f}",
                "" if item.high is None else f"{item.high:.2f}",
                _("yes") if item.has_enough_data else _("not enough data"),
            ]
        )  # fmt: skip
    return header, rows


def csv_response(name: str, header, rows) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="vivier-{name}.csv"'
    response.write("\ufeff")  # lets spreadsheet programs read the accents right
    writer = csv.writer(response)
    writer.writerow(header)
    writer.writerows(rows)
    return response


def _chart(labels, datasets, *, percent=False) -> dict:
    return {"labels": labels, "datasets": datasets, "percent": percent}


@recruiter_required
@require_POST
def enter_followers(request):
    form = FollowersForm(request.POST)
    if form.is_valid():
        audience.enter_followers(**form.cleaned_data, by=request.user)
        messages.success(request, _("The followers are recorded."))
    else:
        errors = "; ".join(str(error) for field in form.errors.values() for error in field)
        messages.error(request, _("Not recorded: %(errors)s") % {"errors": errors})
    return redirect(reverse("analytics:dashboard") + "#audience-title")


@recruiter_required
def offer_choices(request):
    """The offer filter's suggestions for what was typed (the options of its <datalist>)."""
    offers = suggested_offers(request.GET.get("offer", "")[:250], offers_for_user(request.user))
    labels = [offer_label(offer) for offer in offers]
    return render(request, "analytics/_offer_choices.html", {"labels": labels})


@recruiter_required
def dashboard(request):
    form = ReportFilterForm(request.GET or None)
    filters = form.filters
    lines = reports.funnel_by_channel(filters)
    total = reports.totals(lines)
    matrix = reports.declared_versus_tracked(filters)
    audiences = [filters.audience] if filters.audience else []
    unit, paid, free = reports.recommend_channels(audiences, end=filters.end)
    export = request.GET.get("export")
    if export:
        if export not in EXPORTS:
            raise Http404
        header, rows = {
            "funnel": lambda: funnel_table(lines, total),
            "declared": lambda: declared_table(matrix),
            "recommendation": lambda: recommendation_table(unit, paid, free),
        }[export]()
        return csv_response(f"{export}-{filters.start}-{filters.end}", header, rows)
    names = [line.name for line in lines]
    days, audiences = audience.growth(filters.start, filters.end)
    context = {
        "form": form,
        "offer_choices_id": OFFER_CHOICES_ID,
        "filters": filters,
        "lines": lines,
        "total": total,
        "matrix": matrix,
        "matrix_rows": [(label, matrix.row(value)) for value, label in matrix.sources],
        "unit": unit,
        "paid": paid,
        "free": free,
        "audience_label": dict(CareerStage.choices).get(filters.audience, ""),
        "query": request.GET.urlencode(),
        "funnel_chart": _chart(
            names,
            [
                {"label": _("Applications"), "data": [line.applications for line in lines]},
                {"label": _("Interviewed"), "data": [line.interviewed for line in lines]},
                {"label": _("Hires"), "data": [line.hired for line in lines]},
            ],
        ),
        "quality_chart": _chart(
            names,
            [
                {
                    "label": _("Reached interview (%)"),
                    "data": [round((line.interview_rate or 0) * 100, 1) for line in lines],
                },
                {
                    "label": _("Hired (%)"),
                    "data": [round((line.hire_rate or 0) * 100, 1) for line in lines],
                },
            ],
            percent=True,
        ),
        "audiences": audiences,
        "followers_form": FollowersForm(),
        "audience_chart": {
            "type": "line",
            "labels": [day.isoformat() for day in days],
            "datasets": [
                {"label": line["channel"].name, "data": line["values"]} for line in audiences
            ],
            "percent": False,
        },
        "declared_chart": _chart(
            [label for _value, label in matrix.sources],
            [
                {
                    "label": _("Applications"),
                    "data": [sum(matrix.row(value)) for value, _label in matrix.sources],
                }
            ],
        ),
    }
    return render(request, "analytics/dashboard.html", context)
