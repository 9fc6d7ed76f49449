"""The hiring team's screens: dashboard, board per offer, application page."""

from django.contrib import messages
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_POST
from django_htmx.http import HttpResponseClientRedirect

from vivier.accounts.access import (
    applications_for_user,
    get_application_for_user,
    get_offer_for_user,
    offers_for_user,
    team_member_required,
)
from vivier.brand.models import Employer
from vivier.core.private_files import private_file_response
from vivier.core.uploads import docx_paragraphs
from vivier.hiring import services
from vivier.hiring.collaboration import reviews_for_user
from vivier.hiring.forms import BulkForm, MoveForm, NoteForm, RejectForm
from vivier.hiring.messages import render_for
from vivier.hiring.models import (
    CLOSED_KINDS,
    MessageTemplateKind,
    StageKind,
)
from vivier.hiring.pipelines import stages_of, stuck_q
from vivier.jobs.models import OfferStatus
from vivier.privacy import audit
from vivier.privacy.models import AuditAction


@team_member_required
def dashboard(request):
    offers = (
        offers_for_user(request.user)
        .filter(status=OfferStatus.PUBLISHED)
        .annotate(
            new_count=Count("applications", filter=Q(applications__stage__kind=StageKind.NEW)),
            active_count=Count(
                "applications", filter=~Q(applications__stage__kind__in=CLOSED_KINDS)
            ),
            stuck_count=Count("applications", filter=stuck_q(prefix="applications__")),
        )
        .order_by("-published_at")
    )
    recent = (
        applications_for_user(request.user)
        .select_related("candidate", "offer", "stage")
        .order_by("-last_submitted_at")[:10]
    )
    return render(request, "hiring/dashboard.html", {"offers": offers, "recent": recent})


def _board_context(offer, *, selected=(), bulk_form=None):
    """The columns of the offer's template; a stage out of use still shows while it holds any."""
    stages = list(stages_of(offer))
    applications = (
        offer.applications.select_related("candidate", "stage", "last_touch__channel")
        .annotate(note_count=Count("notes"))
        .order_by("stage_changed_at")
    )
    by_stage = {stage.pk: [] for stage in stages}
    extra = []
    for application in applications:
        if application.stage_id not in by_stage:
            by_stage[application.stage_id] = []
            extra.append(application.stage)
        by_stage[application.stage_id].append(application)
    columns = [(stage, by_stage[stage.pk]) for stage in stages + extra]
    return {
        "offer": offer,
        "columns": columns,
        "stages": stages,
        "selected": {str(pk) for pk in selected},
        "bulk_form": bulk_form or BulkForm(offer=offer),
        "stuck_count": sum(a.is_stuck for column in columns for a in column[1]),
    }


@team_member_required
def board(request, pk):
    offer = get_offer_for_user(request.user, pk)
    return render(request, "hiring/board.html", _board_context(offer))


@team_member_required
@require_POST
def move(request, pk):
    application = get_application_for_user(request.user, pk)
    form = MoveForm(request.POST, offer=application.offer)
    if form.is_valid():
        stage = form.cleaned_data["stage"]
        if stage.kind == StageKind.REJECTED:
            # A rejection has a reason and, usually, a message: that is its own screen.
            target = redirect("hiring:reject", pk=application.pk)
            if request.htmx:
                return HttpResponseClientRedirect(target.url)
            return target
        services.move_application(application=application, stage=stage, by=request.user)
    else:
        messages.error(request, _("Choose a stage of this offer's pipeline."))
    if request.htmx and request.POST.get("from") == "board":
        return render(request, "hiring/_board.html", _board_context(application.offer))
    return redirect("hiring:application", pk=application.pk)


@team_member_required
def application_detail(request, pk):
    application = get_application_for_user(request.user, pk)
    documents = list(application.documents.all())
    cv = documents[0] if documents else None
    context = {
        "application": application,
        "candidate": application.candidate,
        "documents": documents,
        "cv": cv,
        "cv_paragraphs": _docx_preview(cv),
        "notes": application.notes.select_related("author"),
        "history": application.stage_changes.select_related("from_stage", "to_stage", "by"),
        "sent_messages": application.messages.select_related("sent_by"),
        "note_form": NoteForm(),
        "move_form": MoveForm(initial={"stage": application.stage}, offer=application.offer),
        "review_items": application.review_items.filter(request__in=reviews_for_user(request.user))
        .exclude(verdict="")
        .select_related("request__reviewer"),
        "other_applications": application.candidate.applications.exclude(pk=application.pk)
        .select_related("offer", "stage")
        .filter(offer__in=offers_for_user(request.user)),
    }
    audit.record(actor=request.user, action=AuditAction.VIEW, obj=application)
    return render(request, "hiring/application_detail.html", context)


def _docx_preview(document):
    if document is None or document.is_pdf:
        return []
    try:
        with document.file.open("rb") as handle:
            return docx_paragraphs(handle)
    except (OSError, KeyError, ValueError):
        return []


@team_member_required
@require_POST
def add_note(request, pk):
    application = get_application_for_user(request.user, pk)
    form = NoteForm(request.POST)
    if form.is_valid():
        services.add_note(application=application, body=form.cleaned_data["body"], by=request.user)
        messages.success(request, _("Note added."))
    else:
        messages.error(request, _("A note cannot be empty."))
    return redirect("hiring:application", pk=application.pk)


@team_member_required
def reject(request, pk):
    application = get_application_for_user(request.user, pk)
    if request.method == "POST":
        form = RejectForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            services.reject_application(
                application=application,
                reason=data["reason"],
                by=request.user,
                send_email=data["send_email"],
                subject=data["subject"],
                body=data["body"],
            )
            messages.success(request, _("The application was rejected."))
            return redirect("hiring:board", pk=application.offer_id)
    else:
        subject, body = render_for(
            application, MessageTemplateKind.REJECTION, Employer.current().name
        )
        form = RejectForm(initial={"send_email": True, "subject": subject, "body": body})
    return render(request, "hiring/reject.html", {"application": application, "form": form})


@team_member_required
@xframe_options_sameorigin
def document(request, pk, document_id):
    """A CV, only to the team members who may see the application; shown inline."""
    application = get_application_for_user(request.user, pk)
    doc = get_object_or_404(application.documents, pk=document_id)
    download = request.GET.get("download") == "1"
    response = private_file_response(
        doc.file, filename=doc.original_name, content_type=doc.content_type,
        as_attachment=download,
    )  # fmt: skip
    audit.record(
        actor=request.user, action=AuditAction.DOWNLOAD, obj=doc,
        detail="download" if download else "inline",
    )  # fmt: skip
    return response
