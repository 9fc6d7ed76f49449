"""The team's interview screens, and the candidate's page where they pick a time."""

from django.contrib import messages
from django.core.exceptions import ObjectDoesNotExist
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from vivier.accounts.access import (
    applications_for_user,
    get_application_for_user,
    get_offer_for_user,
    recruiter_required,
    team_member_required,
)
from vivier.core.tokens import keep_token_on_site
from vivier.hiring.interviews import scorecards, services
from vivier.hiring.interviews.calendar import feed_ics, invitation_ics
from vivier.hiring.interviews.forms import (
    ChooseSlotForm,
    CriterionForm,
    DecisionForm,
    InterviewEditForm,
    KitForm,
    ScheduleForm,
    ScorecardForm,
)
from vivier.hiring.interviews.models import (
    CalendarFeed,
    Criterion,
    DecisionOutcome,
    Interview,
    InterviewKit,
    InterviewStatus,
    Slot,
)
from vivier.hiring.models import PipelineStage
from vivier.privacy import audit
from vivier.privacy.models import AuditAction


def get_interview_for_user(user, interview_id) -> Interview:
    """The interview if the user may see its application, else 404 (accounts.access rules)."""
    try:
        return (
            Interview.objects.filter(application__in=applications_for_user(user))
            .select_related("application__candidate", "application__offer", "application__stage")
            .get(pk=interview_id)
        )
    except (ValueError, TypeError, ObjectDoesNotExist) as error:
        raise Http404 from error


def _open_offer_slots(offer):
    return Slot.objects.filter(offer=offer, interview__isnull=True, starts_at__gt=timezone.now())


@team_member_required
def schedule(request, pk):
    application = get_application_for_user(request.user, pk)
    kit = services.kit_for(application.stage)
    interviewers = services.possible_interviewers(application)
    form_kwargs = {"interviewers": interviewers, "open_slots": _open_offer_slots(application.offer)}
    if request.method == "POST":
        form = ScheduleForm(request.POST, **form_kwargs)
        if form.is_valid():
            data = form.cleaned_data
            try:
                interview = services.schedule_interview(
                    application=application,
                    interviewers=data["interviewers"],
                    new_slots=data["new_slots"],
                    shared_slots=data.get("shared_slots") or (),
                    location=data["location"],
                    video_url=data["video_url"],
                    duration_minutes=data["duration_minutes"],
                    instructions=data["instructions"],
                    by=request.user,
                )
            except services.SchedulingError as error:
                form.add_error(None, str(error))
            else:
                messages.success(
                    request, _("The slots are proposed: the candidate gets an e-mail to choose.")
                )
                return redirect("interviews:detail", pk=interview.pk)
    else:
        form = ScheduleForm(
            initial={
                "interviewers": [request.user] if interviewers.filter(pk=request.user.pk) else [],
                "duration_minutes": kit.duration_minutes if kit else 45,
                "instructions": kit.instructions if kit else "",
            },
            **form_kwargs,
        )
    context = {"application": application, "form": form, "kit": kit}
    audit.record(actor=request.user, action=AuditAction.VIEW, obj=application)
    return render(request, "interviews/schedule.html", context)


@team_member_required
def detail(request, pk):
    interview = get_interview_for_user(request.user, pk)
    context = {
        "interview": interview,
        "application": interview.application,
        "interviewers": interview.interviewers.all(),
        "slots": interview.proposed_slots.select_related("interview"),
        "emails": interview.emails.all(),
        "is_interviewer": interview.interviewers.filter(pk=request.user.pk).exists(),
    }
    audit.record(actor=request.user, action=AuditAction.VIEW, obj=interview.application)
    return render(request, "interviews/detail.html", context)


@team_member_required
def edit(request, pk):
    interview = get_interview_for_user(request.user, pk)
    if interview.status == InterviewStatus.CANCELLED:
        raise Http404
    interviewers = services.possible_interviewers(interview.application)
    if request.method == "POST":
        form = InterviewEditForm(request.POST, interviewers=interviewers)
        if form.is_valid():
            try:
                services.update_interview(
                    interview=interview,
                    interviewers=form.cleaned_data["interviewers"],
                    location=form.cleaned_data["location"],
                    video_url=form.cleaned_data["video_url"],
                    by=request.user,
                )
            except services.SchedulingError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, _("The interview is updated."))
                return redirect("interviews:detail", pk=interview.pk)
    else:
        form = InterviewEditForm(
            interviewers=interviewers,
            initial={
                "interviewers": interview.interviewers.all(),
                "location": interview.location,
                "video_url": interview.video_url,
            },
        )
    return render(request, "interviews/edit.html", {"interview": interview, "form": form})


@team_member_required
@require_POST
def cancel(request, pk):
    interview = get_interview_for_user(request.user, pk)
    services.cancel_interview(interview=interview, by=request.user)
    messages.success(request, _("The interview is cancelled."))
    return redirect("interviews:detail", pk=interview.pk)


# Scorecards ----------------------------------------------------------------------------------


@team_member_required
def scorecard(request, pk):
    """The signed-in interviewer's own scorecard; nobody else's, whoever asks."""
    interview = get_interview_for_user(request.user, pk)
    try:
        card = scorecards.scorecard_for(interview=interview, interviewer=request.user)
    except scorecards.ScorecardError as error:
        raise Http404 from error
    criteria = scorecards.criteria_for(interview.application.offer)
    if request.method == "POST" and card.submitted_at is None:
        form = ScorecardForm(request.POST, criteria=criteria)
        if form.is_valid():
            submit = "submit" in request.POST
            try:
                scorecards.save_scorecard(
                    scorecard=card, ratings=form.ratings(),
                    recommendation=form.cleaned_data["recommendation"],
                    comment=form.cleaned_data["comment"], submit=submit,
                )  # fmt: skip
            except scorecards.ScorecardError as error:
                form.add_error(None, str(error))
            else:
                if submit:
                    messages.success(request, _("Your scorecard is submitted."))
                    return redirect("interviews:panel", pk=interview.application_id)
                messages.success(request, _("Your draft is saved."))
                return redirect("interviews:scorecard", pk=interview.pk)
    else:
        scores = {score.criterion_id: score for score in card.scores.all()}
        initial = {"recommendation": card.recommendation, "comment": card.comment}
        for criterion_id, score in scores.items():
            initial[f"rating_{criterion_id}"] = score.rating
            initial[f"comment_{criterion_id}"] = score.comment
        form = ScorecardForm(initial=initial, criteria=criteria)
    context = {
        "interview": interview,
        "application": interview.application,
        "scorecard": card,
        "form": form,
        "criteria": criteria,
        "submitted_rows": _rows(criteria, card) if card.submitted_at else [],
    }
    audit.record(actor=request.user, action=AuditAction.VIEW, obj=interview.application)
    return render(request, "interviews/scorecard.html", context)


def _rows(criteria, card):
    scores = {score.criterion_id: score for score in card.scores.all()}
    return [(criterion, scores.get(criterion.pk)) for criterion in criteria]


@team_member_required
def panel(request, pk):
    """The panel's summary and decision; hidden from an interviewer who has not yet assessed."""
    application = get_application_for_user(request.user, pk)
    pending = list(scorecards.pending_scorecard_interviews(request.user, application))
    summary = None
    if not pending:
        summary = scorecards.panel_summary(application=application, viewer=request.user)
    form = DecisionForm()
    if request.method == "POST":
        form = DecisionForm(request.POST)
        if form.is_valid():
            outcome = form.cleaned_data["outcome"]
            scorecards.record_decision(
                application=application, outcome=outcome, reason=form.cleaned_data["reason"],
                by=request.user,
            )  # fmt: skip
            messages.success(request, _("The decision is recorded."))
            if outcome == DecisionOutcome.REJECT:
                return redirect("hiring:reject", pk=application.pk)
            return redirect("interviews:panel", pk=application.pk)
    audit.record(actor=request.user, action=AuditAction.VIEW, obj=application)
    context = {
        "application": application,
        "pending": pending,
        "summary": summary,
        "form": form,
        "decisions": application.panel_decisions.select_related("by"),
    }
    return render(request, "interviews/panel.html", context)


@recruiter_required
def criteria(request, pk):
    offer = get_offer_for_user(request.user, pk, write=True)
    form = CriterionForm()
    if request.method == "POST":
        if "remove" in request.POST:
            criterion = get_object_or_404(Criterion, offer=offer, pk=request.POST.get("remove"))
            try:
                scorecards.remove_criterion(criterion=criterion)
            except scorecards.ScorecardError as error:
                messages.error(request, str(error))
            return redirect("interviews:criteria", pk=offer.pk)
        form = CriterionForm(request.POST)
        if form.is_valid():
            try:
                scorecards.add_criterion(
                    offer=offer, label=form.cleaned_data["label"], skill=form.cleaned_data["skill"]
                )
            except scorecards.ScorecardError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, _("The criterion is added."))
                return redirect("interviews:criteria", pk=offer.pk)
    context = {"offer": offer, "criteria": scorecards.criteria_for(offer), "form": form}
    return render(request, "interviews/criteria.html", context)


@recruiter_required
def kits(request):
    stages = (
        PipelineStage.objects.filter(is_active=True)
        .select_related("interview_kit", "template")
        .order_by("template__name", "position", "pk")
    )
    return render(request, "interviews/kits.html", {"stages": stages})


@recruiter_required
def kit_edit(request, stage_pk):
    stage = get_object_or_404(PipelineStage, pk=stage_pk, is_active=True)
    kit = InterviewKit.objects.filter(stage=stage).first() or InterviewKit(stage=stage)
    form = KitForm(request.POST or None, instance=kit)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The interview kit is saved."))
        return redirect("interviews:kits")
    return render(request, "interviews/kit_form.html", {"stage": stage, "form": form})


# Calendar feed -------------------------------------------------------------------------------


@team_member_required
def calendar(request):
    if request.method == "POST":
        services.revoke_feed(user=request.user)
        messages.success(request, _("The old address no longer works. Here is your new one."))
        return redirect("interviews:calendar")
    feed = services.feed_for(request.user)
    url = request.build_absolute_uri(reverse("interviews:feed", kwargs={"token": feed.token}))
    upcoming = services.feed_interviews(request.user).filter(status=InterviewStatus.SCHEDULED)
    return render(request, "interviews/calendar.html", {"feed_url": url, "upcoming": upcoming})


@never_cache
def feed(request, token):
    """An interviewer's calendar, for their calendar application: the secret is the address."""
    feed = (
        CalendarFeed.objects.select_related("user").filter(token=token[:64]).first()
        if token
        else None
    )
    if feed is None or not feed.user.is_team_member:
        raise Http404
    text = feed_ics(
        services.feed_interviews(feed.user),
        name=_("Interviews — %(name)s") % {"name": feed.user.get_full_name() or feed.user.email},
    )
    audit.record(actor=feed.user, action=AuditAction.VIEW, obj=feed, via="calendar")
    response = HttpResponse(text, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="interviews.ics"'
    return response


# The candidate's page ------------------------------------------------------------------------


def _private(response):
    # The token is in the address: never sent on to another site, never cached.
    keep_token_on_site(response)
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex"
    return response


def choose(request, token):
    """The candidate's link: pick a time among those proposed, no account needed."""
    interview = services.interview_for_token(token)
    if interview is None:
        raise Http404
    slots = services.open_slots(interview)
    form = ChooseSlotForm(slots=slots)
    if request.method == "POST" and interview.is_open_for_choice:
        form = ChooseSlotForm(request.POST, slots=slots)
        if form.is_valid():
            try:
                services.book_slot(token_or_interview=token, slot=form.cleaned_data["slot"])
            except services.SchedulingError as error:
                form = ChooseSlotForm(slots=services.open_slots(interview))
                form.add_error(None, str(error))
            else:
                return redirect("interviews:choose", token=token)
    interview.refresh_from_db()
    context = {"interview": interview, "form": form, "slots": slots}
    return _private(render(request, "interviews/choose.html", context))


def candidate_ics(request, token):
    """The booked interview as an .ics, for a candidate whose mail program hid the attachment."""
    interview = services.interview_for_token(token)
    if interview is None or interview.starts_at is None:
        raise Http404
    text = invitation_ics(interview, cancelled=interview.status == InterviewStatus.CANCELLED)
    response = HttpResponse(text, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="interview.ics"'
    return _private(response)
