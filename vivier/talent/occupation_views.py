"""A profile's ESCO occupations: a recruiter confirms, removes or adds one."""

from django import forms
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from vivier.accounts.access import recruiter_required
from vivier.talent.facts import decide_occupation
from vivier.talent.models import OccupationStatus, Profile
from vivier.taxonomy.models import Occupation

MAX_SUGGESTIONS = 6


class OccupationDecisionForm(forms.Form):
    occupation = forms.ModelChoiceField(queryset=Occupation.objects.select_related("isco_group"))
    status = forms.ChoiceField(
        choices=[(OccupationStatus.CONFIRMED, OccupationStatus.CONFIRMED.label),
                 (OccupationStatus.REJECTED, OccupationStatus.REJECTED.label)],
    )  # fmt: skip


class OccupationSearchForm(forms.Form):
    q = forms.CharField(label=gettext_lazy("Job title"), max_length=200)


@recruiter_required
def occupation_suggestions(request, pk):
    """ESCO occupations for a title the recruiter types, each with a button to add it."""
    profile = get_object_or_404(Profile, pk=pk)
    form = OccupationSearchForm(request.GET or None)
    suggestions = []
    if form.is_valid():
        from vivier.taxonomy.matching import suggest_occupations

        suggestions = suggest_occupations(form.cleaned_data["q"], limit=MAX_SUGGESTIONS)
    context = {"profile": profile, "search_form": form, "suggestions": suggestions}
    template = "talent/_occupation_suggestions.html" if request.htmx else "talent/occupations.html"
    return render(request, template, context)


@recruiter_required
@require_POST
def decide(request, pk):
    profile = get_object_or_404(Profile, pk=pk)
    form = OccupationDecisionForm(request.POST)
    if form.is_valid():
        item = decide_occupation(
            profile=profile, occupation=form.cleaned_data["occupation"],
            status=form.cleaned_data["status"], by=request.user,
        )  # fmt: skip
        if item.status == OccupationStatus.REJECTED:
            messages.success(request, _("The occupation is removed from this profile."))
        else:
            messages.success(request, _("The occupation is confirmed on this profile."))
    else:
        messages.error(request, _("Choose an occupation from the list."))
    return redirect(reverse("talent:detail", kwargs={"pk": profile.pk}) + "#occupations-title")
