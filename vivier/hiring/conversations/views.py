"""Conversations: the thread of an application, the quarantine, reply templates, and the
endpoint the mail server posts replies to."""

import hmac
import json

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ObjectDoesNotExist
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from vivier.accounts.access import (
    applications_for_user,
    get_application_for_user,
    recruiter_required,
    team_member_required,
)
from vivier.core.private_files import private_file_response
from vivier.hiring.conversations import services
from vivier.hiring.conversations.addresses import reply_address
from vivier.hiring.conversations.forms import AssignForm, ReplyForm, ReplyTemplateForm
from vivier.hiring.conversations.models import (
    InboundAttachment,
    InboundMessage,
    InboundStatus,
    ReplyTemplate,
    ScheduledMessage,
    Via,
)
from vivier.hiring.conversations.selectors import thread_for
from vivier.privacy import audit
from vivier.privacy.models import AuditAction

QUARANTINE_PAGE = 100


@team_member_required
def thread(request, pk):
    application = get_application_for_user(request.user, pk)
    if request.method == "POST":
        form = ReplyForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            sent = services.send_reply(
                application=application, subject=data["subject"], body=data["body"],
                by=request.user, send_at=data["send_at"],
            )  # fmt: skip
            if isinstance(sent, ScheduledMessage):
                messages.success(request, _("The e-mail will be sent at the time you chose."))
            else:
                messages.success(request, _("The e-mail is on its way."))
            return redirect("conversations:thread", pk=application.pk)
    else:
        form = ReplyForm(initial=_template_initial(request, application))
    audit.record(
        actor=request.user, action=AuditAction.VIEW, obj=application, detail="conversation"
    )
    context = {
        "application": application,
        "entries": thread_for(application),
        "form": form,
        "templates": ReplyTemplate.objects.filter(language=application.language),
        "reply_address": reply_address(application),
    }
    return render(request, "conversations/thread.html", context)


def _template_initial(request, application) -> dict:
    try:
        template = ReplyTemplate.objects.get(pk=request.GET.get("template"))
    except (ValueError, TypeError, ObjectDoesNotExist):
        last = application.messages.first()
        return {"subject": _("Re: %(subject)s") % {"subject": last.subject} if last else ""}
    return {
        "subject": services.filled(application, template.subject),
        "body": services.filled(application, template.body),
    }


@team_member_required
@require_POST
def cancel_scheduled(request, pk):
    scheduled = get_object_or_404(
        ScheduledMessage, pk=pk, application__in=applications_for_user(request.user)
    )
    if services.cancel_scheduled(scheduled=scheduled, by=request.user):
        messages.success(request, _("The scheduled e-mail was cancelled."))
    else:
        messages.error(request, _("Too late: this e-mail has already been handed to the outbox."))
    return redirect("conversations:thread", pk=scheduled.application_id)


def _file_response(request, file, name, content_type, *, obj, detail):
    response = private_file_response(file, filename=name, content_type=content_type)
    audit.record(actor=request.user, action=AuditAction.DOWNLOAD, obj=obj, detail=detail)
    return response


@team_member_required
def attachment(request, pk):
    """An attachment of a reply, to those who may see its application (recruiters for the
    quarantine's)."""
    item = get_object_or_404(InboundAttachment.objects.select_related("message"), pk=pk)
    message = item.message
    if message.application_id is None:
        if not request.user.sees_all_offers:
            raise Http404
        obj = message
    else:
        obj = get_application_for_user(request.user, message.application_id)
    return _file_response(
        request, item.file, item.original_name, item.content_type, obj=obj, detail="attachment"
    )


@recruiter_required
def original(request, pk):
    """The message exactly as it came (.eml): nothing the parsing missed is lost."""
    message = get_object_or_404(InboundMessage.objects.exclude(raw=""), pk=pk)
    obj = message.application or message
    return _file_response(
        request, message.raw, f"message-{message.pk}.eml", "message/rfc822", obj=obj,
        detail="original message",
    )  # fmt: skip


@recruiter_required
def quarantine(request):
    items = list(
        InboundMessage.objects.filter(status=InboundStatus.QUARANTINED)
        .order_by("-received_at", "-pk")
        .only("pk", "received_at", "from_address", "subject", "quarantine_reason", "via")[
            :QUARANTINE_PAGE
        ]
    )
    count = InboundMessage.objects.filter(status=InboundStatus.QUARANTINED).count()
    return render(request, "conversations/quarantine.html", {"items": items, "count": count})


@recruiter_required
def quarantined(request, pk):
    message = get_object_or_404(
        InboundMessage.objects.prefetch_related("attachments"),
        pk=pk, status=InboundStatus.QUARANTINED,
    )  # fmt: skip
    form = AssignForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            application = get_application_for_user(request.user, form.cleaned_data["application"])
        except Http404:
            form.add_error("application", _("No application has this number."))
        else:
            services.assign_quarantined(message=message, application=application, by=request.user)
            messages.success(request, _("The message joined the application's conversation."))
            return redirect("conversations:thread", pk=application.pk)
    audit.record(actor=request.user, action=AuditAction.VIEW, obj=message, detail="quarantine")
    suggestions = (
        applications_for_user(request.user)
        .filter(candidate__email__iexact=message.from_address)
        .select_related("offer", "stage")
        if message.from_address
        else []
    )
    return render(
        request, "conversations/quarantined.html",
        {"message": message, "form": form, "suggestions": suggestions},
    )  # fmt: skip


@recruiter_required
@require_POST
def discard(request, pk):
    message = get_object_or_404(InboundMessage, pk=pk, status=InboundStatus.QUARANTINED)
    audit.record(actor=request.user, action=AuditAction.CHANGE, obj=message, detail="discarded")
    services.discard_quarantined(message=message, by=request.user)
    messages.success(request, _("The message was deleted."))
    return redirect("conversations:quarantine")


@recruiter_required
def reply_templates(request):
    return render(
        request, "conversations/templates.html", {"templates": ReplyTemplate.objects.all()}
    )


@recruiter_required
def reply_template_edit(request, pk=None):
    instance = get_object_or_404(ReplyTemplate, pk=pk) if pk else None
    form = ReplyTemplateForm(request.POST or None, instance=instance)
    if request.method == "POST":
        if request.POST.get("delete") and instance:
            instance.delete()
            messages.success(request, _("Reply template deleted."))
            return redirect("conversations:templates")
        if form.is_valid():
            form.save()
            messages.success(request, _("Reply template saved."))
            return redirect("conversations:templates")
    return render(request, "conversations/template_form.html", {"form": form, "template": instance})


# --- The mail server's side -----------------------------------------------------------------


@csrf_exempt
@require_POST
def inbound(request):
    """The mail server posts one raw RFC 5322 message as the request body.

    Authenticated by the shared secret in X-Vivier-Inbound-Secret. Answers 202 once the message
    is stored (in its thread or in quarantine), so the mail server may forget it; any other
    answer means "keep it and try again" (docs/operations.md, "Inbound mail").
    """
    secret = settings.INBOUND_MAIL_SECRET
    if not secret:
        raise Http404
    given = request.headers.get("X-Vivier-Inbound-Secret", "")
    if not hmac.compare_digest(given.encode(), secret.encode()):
        return JsonResponse({"error": "wrong or missing X-Vivier-Inbound-Secret"}, status=403)
    limit = settings.INBOUND_MAIL_MAX_BYTES
    raw = request.read(limit + 1)
    if len(raw) > limit:
        return JsonResponse({"error": f"message larger than {limit} bytes"}, status=413)
    if not raw:
        return JsonResponse({"error": "empty body: post the raw message"}, status=400)
    # The envelope recipient, when the mail server passes it (Postfix's ${recipient}).
    recipient = request.headers.get("X-Vivier-Recipient", "")[:320]
    record = services.receive_raw_message(raw, via=Via.MAIL_SERVER, recipient=recipient)
    body = {"id": record.pk, "status": record.status, "reason": record.quarantine_reason}
    return HttpResponse(json.dumps(body), status=202, content_type="application/json")
