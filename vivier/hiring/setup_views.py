"""Settings of the hiring process: pipeline stages and e-mail templates."""

from django.conf import settings
from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from vivier.accounts.access import administrator_required, recruiter_required
from vivier.hiring.forms import MessageTemplateForm, StageForm
from vivier.hiring.messages import default_template
from vivier.hiring.models import MessageTemplate, MessageTemplateKind, PipelineStage, StageKind


@administrator_required
def stages(request):
    form = StageForm(request.POST or None, initial={"kind": StageKind.SCREENING})
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Stage added."))
        return redirect("hiring:stages")
    return render(
        request,
        "hiring/stages.html",
        {"stages": PipelineStage.objects.all(), "form": form},
    )


@administrator_required
def stage_edit(request, pk):
    stage = get_object_or_404(PipelineStage, pk=pk)
    form = StageForm(request.POST or None, instance=stage)
    if request.method == "POST" and form.is_valid():
        if stage.applications.exists() and form.cleaned_data["kind"] != stage.kind:
            form.add_error("kind", _("Applications are in this stage: its kind cannot change."))
        else:
            form.save()
            messages.success(request, _("Stage saved."))
            return redirect("hiring:stages")
    return render(request, "hiring/stage_form.html", {"form": form, "stage": stage})


@administrator_required
@require_POST
def stage_delete(request, pk):
    stage = get_object_or_404(PipelineStage, pk=pk)
    if stage.applications.exists():
        messages.error(request, _("Applications are in this stage: move them or deactivate it."))
    elif PipelineStage.objects.filter(kind=stage.kind, is_active=True).exclude(pk=pk).count() == 0:
        messages.error(request, _("Each kind needs at least one stage in use."))
    else:
        stage.delete()
        messages.success(request, _("Stage deleted."))
    return redirect("hiring:stages")


@recruiter_required
def message_templates(request):
    rows = []
    for kind, kind_label in MessageTemplateKind.choices:
        for language, language_label in settings.LANGUAGES:
            custom = MessageTemplate.objects.filter(kind=kind, language=language).first()
            subject = custom.subject if custom else default_template(kind, language)[0]
            rows.append((kind, kind_label, language, language_label, subject, custom))
    return render(request, "hiring/message_templates.html", {"rows": rows})


@recruiter_required
def message_template_edit(request, kind, language):
    if kind not in MessageTemplateKind.values or language not in dict(settings.LANGUAGES):
        raise Http404
    template = MessageTemplate.objects.filter(kind=kind, language=language).first()
    if template is None:
        subject, body = default_template(kind, language)
        template = MessageTemplate(kind=kind, language=language, subject=subject, body=body)
    form = MessageTemplateForm(request.POST or None, instance=template)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Template saved."))
        return redirect("hiring:templates")
    return render(
        request,
        "hiring/message_template_form.html",
        {"form": form, "template": template},
    )
