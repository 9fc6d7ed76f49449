"""Back office: the questions to moderate and answer; how many follow the employer."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from vivier.accounts.access import recruiter_required
from vivier.community.alerts import questions
from vivier.community.alerts.forms import AnswerForm
from vivier.community.alerts.models import (
    Alert,
    Digest,
    DigestRun,
    Frequency,
    Question,
    QuestionStatus,
    Subscriber,
)
from vivier.privacy import audit
from vivier.privacy.models import AuditAction

QUESTIONS_PER_PAGE = 30
FILTERS = {
    "to_answer": Q(answer="") & ~Q(status=QuestionStatus.HIDDEN),
    "pending": Q(status=QuestionStatus.PENDING),
    "published": Q(status=QuestionStatus.PUBLISHED),
    "hidden": Q(status=QuestionStatus.HIDDEN),
}


@recruiter_required
def overview(request):
    subscribers = Subscriber.objects.aggregate(
        confirmed=Count("pk", filter=Q(confirmed_at__isnull=False)),
        waiting=Count("pk", filter=Q(confirmed_at__isnull=True)),
        daily=Count("pk", filter=Q(confirmed_at__isnull=False, frequency=Frequency.DAILY)),
        weekly=Count("pk", filter=Q(confirmed_at__isnull=False, frequency=Frequency.WEEKLY)),
    )
    alerts = Alert.objects.aggregate(
        confirmed=Count("pk", filter=Q(confirmed_at__isnull=False)),
        waiting=Count("pk", filter=Q(confirmed_at__isnull=True)),
    )
    runs = list(DigestRun.objects.order_by("-until")[:10])
    sent = dict(
        Digest.objects.filter(period__in=[run.period for run in runs], sent_at__isnull=False)
        .values_list("period")
        .annotate(count=Count("pk"))
    )
    for run in runs:
        run.sent = sent.get(run.period, 0)
    question_counts = Question.objects.aggregate(
        pending=Count("pk", filter=Q(status=QuestionStatus.PENDING)),
        to_answer=Count("pk", filter=FILTERS["to_answer"]),
    )
    context = {
        "subscribers": subscribers,
        "alerts": alerts,
        "runs": runs,
        "question_counts": question_counts,
    }
    return render(request, "alerts/staff/overview.html", context)


@recruiter_required
def question_list(request):
    shown = request.GET.get("show", "to_answer")
    if shown not in FILTERS:
        shown = "to_answer"
    found = Question.objects.filter(FILTERS[shown]).select_related("offer").order_by("created_at")
    page = Paginator(found, QUESTIONS_PER_PAGE).get_page(request.GET.get("page"))
    context = {"page": page, "questions": page.object_list, "shown": shown, "filters": FILTERS}
    return render(request, "alerts/staff/questions.html", context)


def _question(pk) -> Question:
    try:
        return Question.objects.select_related("offer", "answered_by", "moderated_by").get(pk=pk)
    except (Question.DoesNotExist, ValueError) as error:
        raise Http404 from error


@recruiter_required
def question_detail(request, pk):
    question = _question(pk)
    form = AnswerForm(request.POST or None, initial={"answer": question.answer})
    if request.method == "POST" and form.is_valid():
        questions.answer_question(
            question=question, answer=form.cleaned_data["answer"], by=request.user,
            publish=form.cleaned_data["publish"],
        )  # fmt: skip
        messages.success(request, _("The answer is saved."))
        return redirect("alerts:staff_question", pk=question.pk)
    # The asker's address shows on this page: who saw it is logged.
    audit.record(
        actor=request.user, action=AuditAction.VIEW, obj=question,
        person=f"question:{question.pk}",
    )  # fmt: skip
    return render(request, "alerts/staff/question.html", {"question": question, "form": form})


@recruiter_required
@require_POST
def moderate(request, pk):
    question = _question(pk)
    action = request.POST.get("action")
    if action == "approve":
        questions.moderate_question(
            question=question, status=QuestionStatus.PUBLISHED, by=request.user
        )
        messages.success(request, _("The question is approved."))
    elif action == "hide":
        questions.moderate_question(
            question=question, status=QuestionStatus.HIDDEN, by=request.user
        )
        messages.success(request, _("The question is hidden."))
    elif action == "delete":
        questions.delete_question(question=question, by=request.user)
        messages.success(request, _("The question is deleted."))
        return redirect("alerts:staff_questions")
    return redirect("alerts:staff_question", pk=question.pk)
