"""Possible duplicates: the list to review, the side-by-side screen, merge or "not the same"."""

import datetime as dt

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import formats
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from vivier.accounts.access import recruiter_required
from vivier.privacy import audit
from vivier.privacy.models import AuditAction
from vivier.talent import duplicates, merging
from vivier.talent.merge_forms import MergeForm
from vivier.talent.models import Profile

MAX_LISTED = 200


def _display(profile: Profile, name: str) -> str:
    value = getattr(profile, name)
    if name == "rating":
        return "★" * value if value else ""
    if name == "tags":
        return ", ".join(value)
    if isinstance(value, dt.date):
        return formats.date_format(value, "SHORT_DATE_FORMAT")
    return value or ""


def _side(profile: Profile) -> dict:
    """Everything one profile holds, each item with its source, for one side of the screen."""
    return {
        "profile": profile,
        "experiences": profile.experiences.select_related("source__by"),
        "education": profile.education.select_related("source__by"),
        "skills": profile.skills.select_related("source__by"),
        "languages": profile.languages.select_related("source__by"),
        "links": profile.links.select_related("source__by", "network"),
        "sources": profile.sources.select_related("by"),
        "shortlists": profile.shortlists.select_related("offer"),
        "applications": profile.applications().select_related("offer", "stage"),
        "notes": profile.notes.count(),
        "claim_checks": profile.claim_checks.count(),
    }


def _rows(first: Profile, second: Profile, form: MergeForm) -> list[dict]:
    sources = {
        profile.pk: {item.field: item.source for item in
                     profile.field_sources.select_related("source__by")}
        for profile in (first, second)
    }  # fmt: skip
    rows = []
    for name in [*merging.CHOSEN_FIELDS, "tags"]:
        values = (_display(first, name), _display(second, name))
        if not any(values):
            continue
        radios = form[name].subwidgets if name in form.fields else [None, None]
        cells = [
            {"value": value, "source": sources[profile.pk].get(name), "radio": radio}
            for value, profile, radio in zip(values, (first, second), radios, strict=True)
        ]
        rows.append({"label": Profile._meta.get_field(name).verbose_name, "cells": cells})
    return rows


@recruiter_required
def duplicate_list(request):
    pairs = duplicates.pending_pairs()[:MAX_LISTED]
    context = {
        "pairs": [(pair, duplicates.reason_labels(pair.reasons)) for pair in pairs],
        "count": duplicates.pending_count(),
    }
    return render(request, "talent/duplicates.html", context)


def _pending_pair(request, pk):
    """The pair if it still waits for a decision; None (and a message) once it was decided."""
    pair = duplicates.pending_pairs().filter(pk=pk).first()
    if pair is None:
        messages.info(request, _("These profiles were already reviewed (merged, or not the same)."))
    return pair


@recruiter_required
def duplicate_review(request, pk):
    """Both profiles side by side; a POST merges the second into the first (the older)."""
    pair = _pending_pair(request, pk)
    if pair is None:
        return redirect("talent:duplicates")
    first, second = pair.first, pair.second
    form = MergeForm(request.POST or None, kept=first, other=second)
    if request.method == "POST" and form.is_valid():
        try:
            merging.merge_profiles(
                kept=first, other=second, choices=form.choices(), by=request.user
            )
        except merging.MergeRefused as refusal:
            messages.error(request, str(refusal))
            return redirect("talent:duplicates")
        messages.success(request, _("The two profiles are merged; the sources of both are kept."))
        return redirect("talent:detail", pk=first.pk)
    if request.method == "GET":  # both people's data shown side by side: two readings
        for profile in (first, second):
            audit.record(actor=request.user, action=AuditAction.VIEW, obj=profile,
                         detail="duplicate review")  # fmt: skip
    context = {
        "pair": pair,
        "form": form,
        "reasons": duplicates.reason_labels(pair.reasons),
        "rows": _rows(first, second, form),
        "sides": [_side(first), _side(second)],
    }
    return render(request, "talent/duplicate.html", context)


@recruiter_required
@require_POST
def duplicate_not_same(request, pk):
    pair = _pending_pair(request, pk)
    if pair is not None:
        merging.mark_not_the_same(pair=pair, by=request.user)
        messages.success(request, _("Noted: these two profiles will not be proposed again."))
    return redirect("talent:duplicates")
