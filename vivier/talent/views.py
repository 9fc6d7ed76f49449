"""The talent pool's screens: find people, see where everything about them comes from."""

from django.contrib import messages
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from vivier.accounts.access import recruiter_required
from vivier.talent import services
from vivier.talent.forms import ImportForm, LinkForm, ProfileForm, ProfileSearchForm
from vivier.talent.imports.json_resume import read_json_resume
from vivier.talent.imports.linkedin_export import MAX_ARCHIVE_BYTES as MAX_IMPORT_BYTES
from vivier.talent.imports.linkedin_export import read_linkedin_export
from vivier.talent.imports.people import UnreadableFile, save_person
from vivier.talent.models import LegalBasis, Profile, SourceKind

PAGE_SIZE = 50


@recruiter_required
def profile_list(request):
    form = ProfileSearchForm(request.GET or None)
    profiles = Profile.objects.all()
    query = form.cleaned_data.get("q") if form.is_valid() else ""
    if query:
        profiles = profiles.filter(
            Q(first_name__icontains=query) | Q(last_name__icontains=query)
            | Q(headline__icontains=query) | Q(city__icontains=query)
            | Q(email__icontains=query) | Q(skills__label__icontains=query)
        ).distinct()  # fmt: skip
    return render(
        request,
        "talent/list.html",
        {"form": form, "profiles": profiles[:PAGE_SIZE], "query": query},
    )


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
        "languages": profile.languages.select_related("source"),
        "links": profile.links.select_related("source", "network"),
        "sources": profile.sources.select_related("by", "network"),
        "applications": (
            profile.candidate.applications.select_related("offer", "stage")
            if profile.candidate
            else []
        ),
        "link_form": LinkForm(),
    }
    return render(request, "talent/detail.html", context)


@recruiter_required
def import_file(request):
    form = ImportForm(request.POST or None, request.FILES or None)
    outcome = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        data = upload.read(MAX_IMPORT_BYTES + 1)
        try:
            if data[:2] == b"PK":  # a ZIP archive, whatever its name says
                person, kind = read_linkedin_export(data), SourceKind.LINKEDIN_EXPORT
            else:
                person, kind = read_json_resume(data), SourceKind.JSON_RESUME
        except UnreadableFile as error:
            form.add_error("file", str(error))
        else:
            by_person = form.cleaned_data["sent_by_the_person"]
            outcome = save_person(
                person=person,
                source_kind=kind,
                legal_basis=LegalBasis.CONSENT if by_person else LegalBasis.LEGITIMATE_INTEREST,
                by=request.user,
                supplied_by_candidate=by_person,
                detail=upload.name[:300],
            )
    return render(request, "talent/import.html", {"form": form, "outcome": outcome})


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
