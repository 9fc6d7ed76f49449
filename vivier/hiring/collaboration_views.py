"""My tasks and review requests (the notifications list is vivier.notifications')."""

from django.contrib import messages
from django.core.exceptions import ObjectDoesNotExist
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from vivier.accounts.access import team_member_required
from vivier.hiring import collaboration
from vivier.hiring.models import Verdict
from vivier.privacy import audit
from vivier.privacy.models import AuditAction


@team_member_required
def tasks(request):
    user = request.user
    context = {
        "reviews": list(collaboration.reviews_to_give(user)),
        "waiting": list(collaboration.waiting_too_long(user)[:200]),
        "mentions": collaboration.unread_mentions_listed(user),
    }
    return render(request, "hiring/tasks.html", context)


@team_member_required
def task_badge(request):
    """The count next to "My tasks", loaded after the page so that no page pays for it."""
    count = collaboration.task_count(request.user)
    return render(request, "hiring/_task_badge.html", {"count": count})


def _review_for_user(user, pk):
    try:
        return (
            collaboration.reviews_for_user(user)
            .select_related("offer", "reviewer", "requested_by")
            .get(pk=pk)
        )
    except (ValueError, TypeError, ObjectDoesNotExist) as error:
        raise Http404 from error


@team_member_required
def reviews(request):
    visible = collaboration.reviews_for_user(request.user).select_related(
        "offer", "reviewer", "requested_by"
    )
    context = {
        "asked_of_me": visible.filter(reviewer=request.user),
        "asked_by_me": visible.filter(requested_by=request.user),
    }
    return render(request, "hiring/reviews.html", context)


@team_member_required
def review(request, pk):
    review = _review_for_user(request.user, pk)
    items = list(review.items.select_related("application__candidate", "application__stage"))
    is_reviewer = review.reviewer_id == request.user.pk
    errors = {}
    if request.method == "POST":
        if not is_reviewer:
            raise Http404
        answers = {}
        for item in items:
            verdict = request.POST.get(f"verdict-{item.pk}", "")
            comment = request.POST.get(f"comment-{item.pk}", "")[:5000]
            if verdict in Verdict.values:
                answers[item.pk] = (verdict, comment)
            elif verdict or comment.strip():
                errors[item.pk] = _("Choose yes, maybe or no.")
        if not errors:
            collaboration.give_verdicts(review=review, by=request.user, answers=answers)
            messages.success(request, _("Your review is saved."))
            return redirect("hiring:review", pk=review.pk)
    for item in items:
        item.error = errors.get(item.pk)
        item.posted_verdict = request.POST.get(f"verdict-{item.pk}", item.verdict)
        item.posted_comment = request.POST.get(f"comment-{item.pk}", item.comment)
    audit.record_many(
        actor=request.user, action=AuditAction.VIEW, objects=[item.application for item in items],
        detail="review request",
    )  # fmt: skip
    context = {
        "review": review,
        "items": items,
        "is_reviewer": is_reviewer,
        "verdicts": Verdict.choices,
    }
    return render(request, "hiring/review.html", context, status=400 if errors else 200)
