"""Scorecards: each interviewer assesses alone, then the panel's summary and its decision.

Independence, to avoid anchoring: an interviewer of an application who has not yet submitted
their own scorecard sees nobody else's, nor the summary (panel_is_hidden_from). A draft is
never shown to anyone but its author; a submitted scorecard is final.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from vivier.hiring import services as hiring_services
from vivier.hiring.interviews.models import (
    Criterion,
    Decision,
    DecisionOutcome,
    Interview,
    InterviewStatus,
    Rating,
    Recommendation,
    Score,
    Scorecard,
)
from vivier.hiring.models import Application, PipelineStage, StageKind


class ScorecardError(Exception):
    """The scorecard cannot be saved; the message, translated, says why."""


def criteria_for(offer):
    return list(Criterion.objects.filter(offer=offer).select_related("skill"))


@transaction.atomic
def add_criterion(*, offer, label: str = "", skill=None) -> Criterion:
    label = (label or "").strip() or (skill.label(offer_language()) if skill else "")
    if not label:
        raise ScorecardError(_("Give the criterion a name or choose a skill."))
    if Criterion.objects.filter(offer=offer, label__iexact=label).exists():
        raise ScorecardError(_("This offer already has this criterion."))
    last = Criterion.objects.filter(offer=offer).order_by("-position").first()
    return Criterion.objects.create(
        offer=offer, label=label[:200], skill=skill, position=(last.position + 1) if last else 0
    )


def offer_language() -> str:
    from django.utils import translation

    return translation.get_language() or "fr"


def remove_criterion(*, criterion: Criterion) -> None:
    if criterion.scores.filter(scorecard__submitted_at__isnull=False).exists():
        raise ScorecardError(_("Submitted scorecards use this criterion: it stays."))
    criterion.delete()


def scorecard_for(*, interview: Interview, interviewer) -> Scorecard:
    """The interviewer's own scorecard of this interview, made on first opening."""
    if not interview.interviewers.filter(pk=interviewer.pk).exists():
        raise ScorecardError(_("Only the interviewers of this interview fill its scorecard."))
    scorecard, _created = Scorecard.objects.get_or_create(
        interview=interview, interviewer=interviewer
    )
    return scorecard


@transaction.atomic
def save_scorecard(
    *, scorecard: Scorecard, ratings: dict, recommendation: str, comment: str, submit: bool
) -> Scorecard:
    """Save a draft, or submit: every criterion rated and a recommendation given, then final.

    `ratings` maps a criterion id to (rating 1–4 or None, comment).
    """
    scorecard = Scorecard.objects.select_for_update().get(pk=scorecard.pk)
    if scorecard.submitted_at is not None:
        raise ScorecardError(_("This scorecard is submitted: it can no longer change."))
    criteria = {c.pk: c for c in criteria_for(scorecard.interview.application.offer)}
    valid_ratings = set(Rating.values)
    for criterion_id, (rating, note) in ratings.items():
        if criterion_id not in criteria:
            continue
        if rating in (None, ""):
            Score.objects.filter(scorecard=scorecard, criterion_id=criterion_id).delete()
            continue
        if int(rating) not in valid_ratings:
            raise ScorecardError(_("A rating must be between 1 and 4."))
        Score.objects.update_or_create(
            scorecard=scorecard, criterion_id=criterion_id,
            defaults={"rating": int(rating), "comment": (note or "").strip()[:500]},
        )  # fmt: skip
    if recommendation and recommendation not in Recommendation.values:
        raise ScorecardError(_("Choose a recommendation."))
    scorecard.recommendation = recommendation or ""
    scorecard.comment = comment.strip()
    fields = ["recommendation", "comment", "updated_at"]
    if submit:
        rated = set(scorecard.scores.values_list("criterion_id", flat=True))
        if set(criteria) - rated:
            raise ScorecardError(_("Rate every criterion before submitting."))
        if not scorecard.recommendation:
            raise ScorecardError(_("Give your recommendation before submitting."))
        scorecard.submitted_at = timezone.now()
        fields.append("submitted_at")
    scorecard.save(update_fields=fields)
    return scorecard


def pending_scorecard_interviews(user, application: Application):
    """Interviews of the application that `user` sat on and has not yet assessed."""
    return (
        Interview.objects.filter(
            application=application, interviewers=user, status=InterviewStatus.SCHEDULED
        )
        # A subquery: exclude() across a relation would match two different scorecards.
        .exclude(
            pk__in=Scorecard.objects.filter(interviewer=user, submitted_at__isnull=False).values(
                "interview"
            )
        )
        .distinct()
    )


def panel_is_hidden_from(user, application: Application) -> bool:
    """True while `user` has a scorecard to submit for this application: they must judge
    alone before they read their colleagues."""
    return pending_scorecard_interviews(user, application).exists()


@dataclass
class CriterionSummary:
    criterion: Criterion
    average: float | None
    count: int


@dataclass
class PanelSummary:
    criteria: list[CriterionSummary] = field(default_factory=list)
    scorecards: list[Scorecard] = field(default_factory=list)


def panel_summary(*, application: Application, viewer) -> PanelSummary:
    """Averages per criterion and each interviewer's recommendation, submitted scorecards only.

    Refuses (ScorecardError) a viewer who still has their own to submit.
    """
    if panel_is_hidden_from(viewer, application):
        raise ScorecardError(
            _("Submit your own scorecard first: you will see your colleagues' afterwards.")
        )
    scorecards = list(
        Scorecard.objects.filter(interview__application=application, submitted_at__isnull=False)
        .select_related("interviewer", "interview")
        .prefetch_related("scores__criterion")
        .order_by("submitted_at")
    )
    totals = defaultdict(list)
    for scorecard in scorecards:
        for score in scorecard.scores.all():
            totals[score.criterion_id].append(score.rating)
    summary = PanelSummary(scorecards=scorecards)
    for criterion in criteria_for(application.offer):
        values = totals.get(criterion.pk, [])
        summary.criteria.append(
            CriterionSummary(
                criterion=criterion,
                average=round(sum(values) / len(values), 2) if values else None,
                count=len(values),
            )
        )
    return summary


def next_stage(application: Application) -> PipelineStage | None:
    """The next stage of the offer's own pipeline, rejection and withdrawal aside."""
    from vivier.hiring.pipelines import stages_of

    current = application.stage
    return (
        stages_of(application.offer)
        .filter(position__gt=current.position)
        .exclude(kind__in=[StageKind.REJECTED, StageKind.WITHDRAWN])
        .first()
    )


@transaction.atomic
def record_decision(*, application: Application, outcome: str, reason: str, by) -> Decision:
    """The panel's decision, kept with its reason and written in the application's notes.

    Advance moves the application to the next stage (its history records the move); reject
    leaves the rejection itself (reason code, e-mail) to hiring's rejection screen; hold
    changes nothing but the record.
    """
    reason = reason.strip()
    if outcome not in DecisionOutcome.values:
        raise ScorecardError(_("Choose a decision."))
    if not reason:
        raise ScorecardError(_("Give the reason for the decision."))
    decision = Decision.objects.create(
        application=application, outcome=outcome, reason=reason, by=by
    )
    label = DecisionOutcome(outcome).label
    hiring_services.add_note(
        application=application,
        body=_("Panel decision: %(decision)s. Reason: %(reason)s")
        % {"decision": label, "reason": reason},
        by=by,
    )
    if outcome == DecisionOutcome.ADVANCE:
        stage = next_stage(application)
        if stage is not None:
            hiring_services.move_application(application=application, stage=stage, by=by)
    return decision
