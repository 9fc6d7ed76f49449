"""The talent pool's screens: find people, see where everything about them comes from."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from vivier.accounts.access import recruiter_required
from vivier.privacy import audit
from vivier.privacy.models import AuditAction
from vivier.talent import ranking, selectors, services
from vivier.talent.duplicates import flag_possible_duplicates
from vivier.talent.forms import (
    ClaimCheckForm,
    DocumentForm,
    ImportForm,
    LinkForm,
    NoteForm,
    ProfileForm,
    QualifyForm,
    ShortlistForm,
)
from vivier.talent.imports.batch import create_batch
from vivier.talent.models import ImportBatch, LegalBasis, Profile, SourceKind
from vivier.talent.search import Criteria
from vivier.talent.search_forms import ProfileSearchForm

PAGE_SIZE = 50


@recruiter_required
def profile_list(request):
    form = ProfileSearchForm(request.GET or None)
    criteria = form.criteria() if form.is_valid() else Criteria()
    page = (form.cleaned_data.get("page") or 1) if form.is_valid() else 1
    results = selectors.search_pool(criteria, page=page)
    query = request.GET.copy()
    for name in ("save_as", "page"):
        query.pop(name, None)
    context = {
        "form": form,
        "results": results,
        "profiles": results.profiles,
        "count": results.total,
        "facets": results.facets,
        "query": query.urlencode(),
        "has_criteria": not criteria.is_empty,
        "is_near": criteria.circle is not None,
        "saved_searches": request.user.saved_searches.all(),
    }
    template = "talent/_results.html" if request.htmx else "talent/list.html"
    return render(request, template, context)


@recruiter_required
@require_POST
def save_search(request):
    name = request.POST.get("name", "").strip()[:100]
    query = request.POST.get("query", "")[:1000]
    if not name:
        messages.error(request, _("Give the search a name."))
    else:
        request.user.saved_searches.update_or_create(name=name, defaults={"query": query})
        messages.success(request, _("The search is saved."))
    return redirect(reverse("talent:list") + ("?" + query if query else ""))


@recruiter_required
def profile_create(request):
    form = ProfileForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        profile = services.create_profile(
            fields={name: form.cleaned_data[name] for name in form.Meta.fields},
            source_kind=SourceKind.MANUAL,
            legal_basis=LegalBasis.LEGITIMATE_INTEREST,
            by=request.user,
        )
        messages.success(
            request, _("The profile is added. The person must be told within a month.")
        )
        flag_possible_duplicates(profile=profile)
        return redirect("talent:detail", pk=profile.pk)
    return render(request, "talent/form.html", {"form": form})


@recruiter_required
def profile_detail(request, pk):
    profile = get_object_or_404(Profile.objects.select_related("candidate"), pk=pk)
    context = {
        "profile": profile,
        "field_sources": {
            item.field: item.source for item in profile.field_sources.select_related("source__by")
        },
        "experiences": profile.experiences.select_related("source"),
        "education": profile.education.select_related("source"),
        "skills": profile.skills.select_related("source"),
        "occupations": profile.occupations.select_related("occupation", "decided_by"),
        "languages": profile.languages.select_related("source"),
        "links": profile.links.select_related("source", "network"),
        "documents": profile.documents.select_related("source", "uploaded_by"),
        "document_form": DocumentForm(),
        "sources": profile.sources.select_related("by", "network"),
        "applications": profile.applications().select_related("offer", "stage"),
        "link_form": LinkForm(),
        "fitting_offers": ranking.fitting_offers(profile),
        "qualify_form": QualifyForm(
            initial={"tags": ", ".join(profile.tags), "rating": profile.rating}
        ),
        "note_form": NoteForm(),
        "shortlist_form": ShortlistForm(),
        "claim_form": ClaimCheckForm(),
        "notes": profile.notes.select_related("author"),
        "shortlists": profile.shortlists.select_related("offer"),
        "claim_checks": profile.claim_checks.select_related("checked_by"),
    }
    audit.record(actor=request.user, action=AuditAction.VIEW, obj=profile)
    return render(request, "talent/detail.html", context)


@recruiter_required
def import_files(request):
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        batch = create_batch(
            uploads=form.cleaned_data["files"],
            sent_by_the_person=form.cleaned_data["sent_by_the_person"],
            by=request.user,
        )
        return redirect("talent:batch", pk=batch.pk)
    batches = ImportBatch.objects.filter(created_by=request.user)[:10]
    return render(request, "talent/import.html", {"form": form, "batches": batches})


@recruiter_required
def import_batch(request, pk):
    """The progress of an import; htmx asks again every two seconds until it is finished."""
    batch = get_object_or_404(ImportBatch, pk=pk)
    template = "talent/_batch.html" if request.htmx else "talent/batch.html"
    return render(request, template, {"batch": batch})


@recruiter_required
@require_POST
def add_link(request, pk):
    profile = get_object_or_404(Profile, pk=pk)
    form = LinkForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give a full web address, starting with https://."))
    else:
        try:
            services.add_link(profile=profile, url=form.cleaned_data["url"], by=request.user)
        except services.PrivateSphereRefused as refusal:
            messages.error(request, str(refusal))
        else:
            messages.success(request, _("The link is added, with its source."))
    return redirect("talent:detail", pk=profile.pk)


def _profile_action(request, pk, form_class, act, success: str):
    """Validate a small form of the profile page, act, and come back to the page."""
    profile = get_object_or_404(Profile, pk=pk)
    form = form_class(request.POST)
    if form.is_valid():
        try:
            act(profile, form)
        except ValueError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, success)
    else:
        errors = "; ".join(str(error) for field in form.errors.values() for error in field)
        messages.error(request, _("Not saved: %(errors)s") % {"errors": errors})
    return redirect("talent:detail", pk=profile.pk)


@recruiter_required
@require_POST
def qualify(request, pk):
    def act(profile, form):
        tags = form.cleaned_data["tags"].split(",")
        services.qualify(profile=profile, tags=tags, rating=form.cleaned_data["rating"])

    return _profile_action(request, pk, QualifyForm, act, _("Saved."))


@recruiter_required
@require_POST
def add_note(request, pk):
    def act(profile, form):
        profile.notes.create(author=request.user, body=form.cleaned_data["body"])

    return _profile_action(request, pk, NoteForm, act, _("The note is added."))


@recruiter_required
@require_POST
def add_to_shortlist(request, pk):
    def act(profile, form):
        services.shortlist(profile=profile, offer=form.cleaned_data["offer"], by=request.user)

    return _profile_action(request, pk, ShortlistForm, act, _("Added to the offer's shortlist."))


@recruiter_required
@require_POST
def record_claim_check(request, pk):
    def act(profile, form):
        check = form.save(commit=False)
        check.profile, check.checked_by = profile, request.user
        check.save()

    return _profile_action(request, pk, ClaimCheckForm, act, _("The check is recorded."))


@recruiter_required
@require_POST
def invite(request, pk, entry_id):
    profile = get_object_or_404(Profile, pk=pk)
    entry = get_object_or_404(profile.shortlists.select_related("offer"), pk=entry_id)
    try:
        services.invite_to_apply(entry=entry, by=request.user)
    except ValueError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The invitation to apply is sent."))
    return redirect("talent:detail", pk=profile.pk)
