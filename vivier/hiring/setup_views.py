"""Settings of the hiring process: pipeline templates and their stages, e-mail templates."""

from django.conf import settings
from django.contrib import messages
from django.db.models import Count, ProtectedError, Q, RestrictedError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from vivier.accounts.access import administrator_required, recruiter_required
from vivier.hiring import pipelines as pipeline_services
from vivier.hiring.forms import (
    MessageTemplateForm,
    NewPipelineTemplateForm,
    PipelineTemplateForm,
    StageForm,
)
from vivier.hiring.messages import default_template
from vivier.hiring.models import (
    Application,
    MessageTemplate,
    MessageTemplateKind,
    PipelineStage,
    PipelineTemplate,
    StageKind,
)


@administrator_required
def pipelines(request):
    form = NewPipelineTemplateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        template = pipeline_services.create_template(
            name=form.cleaned_data["name"],
            description=form.cleaned_data["description"],
            copy_from=form.cleaned_data["copy_from"],
        )
        messages.success(request, _("Template added: now set its stages."))
        return redirect("hiring:pipeline", pk=template.pk)
    templates = PipelineTemplate.objects.annotate(
        stage_count=Count("stages", filter=Q(stages__is_active=True), distinct=True),
        offer_count=Count("offers", distinct=True),
    )
    return render(request, "hiring/pipelines.html", {"templates": templates, "form": form})


@administrator_required
def stages(request):
    """The former single list of stages: the default template's now."""
    return redirect("hiring:pipeline", pk=PipelineTemplate.default().pk)


@administrator_required
def pipeline(request, pk):
    template = get_object_or_404(PipelineTemplate, pk=pk)
    editing = request.POST.get("form") == "template"
    template_form = PipelineTemplateForm(request.POST if editing else None, instance=template)
    stage_form = StageForm(
        request.POST if request.method == "POST" and not editing else None,
        initial={"kind": StageKind.SCREENING},
    )
    if request.method == "POST" and editing and template_form.is_valid():
        make_it_default = template_form.cleaned_data["is_default"]
        if template.is_default and not make_it_default:
            template_form.add_error(
                "is_default", _("Make another template the default one instead.")
            )
        else:
            template = template_form.save()
            if make_it_default:
                pipeline_services.make_default(template)
            messages.success(request, _("Template saved."))
            return redirect("hiring:pipeline", pk=template.pk)
    if request.method == "POST" and not editing and stage_form.is_valid():
        stage = stage_form.save(commit=False)
        stage.template = template
        stage.save()
        pipeline_services.save_stage_emails(stage=stage, texts=stage_form.email_texts())
        messages.success(request, _("Stage added."))
        return redirect("hiring:pipeline", pk=template.pk)
    stages = template.stages.annotate(email_count=Count("emails"))
    return render(
        request,
        "hiring/pipeline.html",
        {
            "template": template,
            "template_form": template_form,
            "stages": stages,
            "form": stage_form,
            "missing": pipeline_services.missing_kinds(template),
        },
    )


@administrator_required
@require_POST
def pipeline_delete(request, pk):
    template = get_object_or_404(PipelineTemplate, pk=pk)
    if template.is_default:
        messages.error(request, _("The default template cannot be deleted."))
    elif template.offers.exists():
        messages.error(request, _("Offers follow this template: give them another one first."))
    elif Application.objects.filter(stage__template=template).exists():
        messages.error(request, _("Applications are in this template's stages."))
    else:
        try:
            template.delete()
        except (ProtectedError, RestrictedError):
            messages.error(request, _("Applications went through this template's stages."))
        else:
            messages.success(request, _("Template deleted."))
            return redirect("hiring:pipelines")
    return redirect("hiring:pipeline", pk=template.pk)


@administrator_required
def stage_edit(request, pk):
    stage = get_object_or_404(PipelineStage.objects.select_related("template"), pk=pk)
    form = StageForm(request.POST or None, instance=stage)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if stage.applications.exists() and data["kind"] != stage.kind:
            form.add_error("kind", _("Applications are in this stage: its kind cannot change."))
        elif (not data["is_active"] or data["kind"] != stage.kind) and (
            missing := pipeline_services.missing_kinds(stage.template, without=stage)
        ):
            form.add_error(None, _missing_message(missing))
        else:
            form.save()
            pipeline_services.save_stage_emails(stage=stage, texts=form.email_texts())
            messages.success(request, _("Stage saved."))
            return redirect("hiring:pipeline", pk=stage.template_id)
    return render(request, "hiring/stage_form.html", {"form": form, "stage": stage})


def _missing_message(kinds) -> str:
    names = ", ".join(str(StageKind(kind).label) for kind in kinds)
    return _("Each template needs a stage in use of these kinds: %(kinds)s.") % {"kinds": names}


@administrator_required
@require_POST
def stage_delete(request, pk):
    stage = get_object_or_404(PipelineStage.objects.select_related("template"), pk=pk)
    if stage.applications.exists():
        messages.error(request, _("Applications are in this stage: move them or deactivate it."))
    elif missing := pipeline_services.missing_kinds(stage.template, without=stage):
        messages.error(request, _missing_message(missing))
    else:
        try:
            stage.delete()
        except (ProtectedError, RestrictedError):
            messages.error(request, _("Applications went through this stage: deactivate it."))
        else:
            messages.success(request, _("Stage deleted."))
    return redirect("hiring:pipeline", pk=stage.template_id)


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
