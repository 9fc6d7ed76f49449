"""A profile's documents (CVs): add one by hand, read it inline or download it. Recruiters only."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_sameorigin

from vivier.accounts.access import recruiter_required
from vivier.core.private_files import private_file_response
from vivier.privacy import audit
from vivier.privacy.models import AuditAction
from vivier.talent import documents
from vivier.talent.forms import DocumentForm
from vivier.talent.models import Profile


@recruiter_required
def add_document(request, pk):
    profile = get_object_or_404(Profile, pk=pk)
    form = DocumentForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            _document, is_new = documents.add_document(
                profile=profile, upload=data["file"], description=data["description"],
                sent_by_the_person=data["sent_by_the_person"], by=request.user,
            )  # fmt: skip
            if is_new:
                messages.success(request, _("The CV is kept on the profile."))
            else:
                messages.info(request, _("This very file is already on the profile."))
            return redirect("talent:detail", pk=profile.pk)
        form.keep_valid_file()
    return render(request, "talent/document_form.html", {"profile": profile, "form": form})


@recruiter_required
@xframe_options_sameorigin
def document(request, pk, document_id):
    """A profile's CV, shown inline (or downloaded with ?download=1), never cached."""
    profile = get_object_or_404(Profile, pk=pk)
    kept = get_object_or_404(profile.documents, pk=document_id)
    download = request.GET.get("download") == "1"
    response = private_file_response(
        kept.file, filename=kept.original_name, content_type=kept.content_type,
        as_attachment=download,
    )  # fmt: skip
    audit.record(
        actor=request.user, action=AuditAction.DOWNLOAD, obj=kept,
        detail="download" if download else "inline",
    )  # fmt: skip
    return response
