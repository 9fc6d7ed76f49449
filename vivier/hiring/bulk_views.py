"""The board's bulk actions: move, reject, e-mail or send for review the chosen applications.

One URL: the first POST carries the action and the chosen applications; moving is done at once,
the others show their form (a page, or in place of the board for htmx) whose POST, with
confirm=1, does it. Each application is checked by the services, as if handled one by one.
"""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from vivier.accounts.access import get_offer_for_user, team_member_required
from vivier.hiring import collaboration, pipelines
from vivier.hiring.forms import (
    BulkAction,
    BulkEmailForm,
    BulkForm,
    BulkRejectForm,
    ReviewRequestForm,
)
from vivier.hiring.messages import template_for
from vivier.hiring.models import MessageTemplateKind, StageKind
from vivier.hiring.views import _board_context

STEP_FORMS = {
    BulkAction.REJECT: BulkRejectForm,
    BulkAction.EMAIL: BulkEmailForm,
    BulkAction.REVIEW: ReviewRequestForm,
}


@team_member_required
@require_POST
def bulk(request, pk):
    offer = get_offer_for_user(request.user, pk)
    ids = request.POST.getlist("applications")
    form = BulkForm(request.POST, offer=offer)
    chosen = list(
        pipelines.selected_applications(by=request.user, offer=offer, application_ids=ids)
    )
    if not chosen:
        return _back(request, offer, error=_("Select at least one application."))
    if not form.is_valid():
        return _back(request, offer, error=_("Choose an action (and a stage to move to)."))
    action = form.cleaned_data["action"]
    stage = form.cleaned_data["stage"]
    if action == BulkAction.MOVE and stage.kind == StageKind.REJECTED:
        action = BulkAction.REJECT  # a rejection has a reason and a message: its own form
    if action == BulkAction.REVIEW and not request.user.sees_all_offers:
        return _back(request, offer, error=_("Only recruiters ask for reviews."))
    if action == BulkAction.MOVE:
        result = pipelines.bulk_move(by=request.user, offer=offer, application_ids=ids, stage=stage)
        done = len(result.done)
        notice = ngettext(
            "%(count)d application moved to “%(stage)s”.",
            "%(count)d applications moved to “%(stage)s”.",
            done,
        ) % {"count": done, "stage": stage.label}
        return _back(request, offer, notice=notice, refused=result.refused)
    return _step(request, offer, action, chosen)


def _step(request, offer, action, chosen):
    form_class = STEP_FORMS[action]
    kwargs = {"offer": offer} if action == BulkAction.REVIEW else {}
    confirmed = request.POST.get("confirm") == "1"
    form = form_class(request.POST if confirmed else None, **kwargs)
    if action == BulkAction.REJECT and not confirmed:
        form = form_class(initial={"send_email": True})
    if confirmed and form.is_valid():
        notice = _do(request, offer, action, [a.pk for a in chosen], form.cleaned_data)
        if notice is not None:
            messages.success(request, notice)
            return redirect("hiring:board", pk=offer.pk)
        form.add_error(None, _("This cannot be done for these applications."))
    subject, body = template_for(MessageTemplateKind.REJECTION, request.LANGUAGE_CODE)
    context = {
        "offer": offer,
        "action": action,
        "chosen": chosen,
        "form": form,
        "rejection_preview": (subject, body),
    }
    template = "hiring/_bulk_step.html" if request.htmx else "hiring/bulk_step.html"
    return render(request, template, context)


def _do(request, offer, action, ids, data) -> str | None:
    user = request.user
    if action == BulkAction.REJECT:
        result = pipelines.bulk_reject(
            by=user, offer=offer, application_ids=ids, reason=data["reason"],
            send_email=data["send_email"], subject=data["subject"], body=data["body"],
        )  # fmt: skip
        count = len(result.done)
        return ngettext(
            "%(count)d application rejected.", "%(count)d applications rejected.", count
        ) % {"count": count}
    if action == BulkAction.EMAIL:
        result = pipelines.bulk_email(
            by=user, offer=offer, application_ids=ids, subject=data["subject"], body=data["body"]
        )
        count = len(result.done)
        return ngettext("%(count)d e-mail queued.", "%(count)d e-mails queued.", count) % {
            "count": count
        }
    try:
        review = collaboration.request_review(
            by=user, offer=offer, application_ids=ids, reviewer=data["reviewer"],
            message=data["message"], due_on=data["due_on"],
        )  # fmt: skip
    except collaboration.ReviewRefused:
        return None
    count = review.items.count()
    return ngettext(
        "%(name)s is asked to review %(count)d application.",
        "%(name)s is asked to review %(count)d applications.",
        count,
    ) % {"name": review.reviewer, "count": count}


def _back(request, offer, *, error=None, notice=None, refused=()):
    """The board again: its fragment for htmx (with the notice in it), else a redirect."""
    for application, reason in refused:
        reason_text = _("%(name)s: %(reason)s") % {
            "name": application.candidate.full_name,
            "reason": reason,
        }
        error = f"{error} {reason_text}" if error else reason_text
    if request.htmx:
        context = _board_context(offer) | {"notice": notice, "error": error}
        return render(request, "hiring/_board.html", context)
    if error:
        messages.error(request, error)
    if notice:
        messages.success(request, notice)
    return redirect("hiring:board", pk=offer.pk)
