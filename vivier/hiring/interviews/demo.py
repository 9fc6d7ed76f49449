"""Demo interviews and scorecards for `manage.py demo`, made through the services."""

import datetime as dt

from django.db.models import Count
from django.utils import timezone

from vivier.accounts.models import Role, User
from vivier.hiring.interviews import scorecards, services
from vivier.hiring.interviews.models import (
    Interview,
    InterviewEmail,
    InterviewKit,
    InterviewStatus,
    Recommendation,
    Slot,
)
from vivier.hiring.models import Application, PipelineStage, StageKind

KIT_CRITERIA = "Compétences techniques\nSens du service public\nTravail en équipe\nCommunication"
KIT_INSTRUCTIONS = (
    "Présentez le poste (5 min), puis des questions sur des situations vécues ; "
    "laissez 10 minutes aux questions du candidat. Notez seul, avant d'en parler."
)
PLACES = ["Hôtel de Région, 3 rue de la Loire, salle 204", "Maison de la Région, Brest, salle B"]
VIDEO = "https://visio.region-armor-ocean.example/entretien"
RECOMMENDATIONS = [Recommendation.YES, Recommendation.STRONG_YES, Recommendation.NO]
COMMENTS = [
    "Échange clair et précis ; bonne connaissance du service.",
    "Solide sur le fond, un peu hésitant sur les situations de crise.",
    "Très bonne préparation ; a posé des questions pertinentes sur l'équipe.",
]


def load_interviews(randomness) -> int:
    """A kit for the interview stage; interviews waiting for a choice, booked, and held (with
    submitted scorecards) for the applications that reached the interview stage or later."""
    stage = PipelineStage.for_kind(StageKind.INTERVIEW)
    InterviewKit.objects.get_or_create(
        stage=stage,
        defaults={"duration_minutes": 45, "criteria": KIT_CRITERIA,
                  "instructions": KIT_INSTRUCTIONS},
    )  # fmt: skip
    applications = (
        Application.objects.filter(
            stage__kind__in=[StageKind.INTERVIEW, StageKind.OFFER, StageKind.HIRED]
        )
        .select_related("offer__recruiter", "stage")
        .order_by("pk")
    )
    count = 0
    for number, application in enumerate(applications):
        team = [application.offer.recruiter, *application.offer.hiring_managers.all()[:1]]
        team = [person for person in team if person is not None]
        if not team:
            continue
        if not application.offer.scorecard_criteria.exists():
            for label in KIT_CRITERIA.splitlines():
                scorecards.add_criterion(offer=application.offer, label=label)
        day = 2 + number % 6
        hour = 9 + (number * 2) % 8
        start = timezone.localtime().replace(hour=hour, minute=0, second=0, microsecond=0)
        start += dt.timedelta(days=day)
        slots = [
            services.SlotTimes(start, start + dt.timedelta(minutes=45)),
            services.SlotTimes(
                start + dt.timedelta(days=1), start + dt.timedelta(days=1, minutes=45)
            ),
        ]
        try:
            interview = services.schedule_interview(
                application=application, interviewers=team, new_slots=slots,
                location=PLACES[number % 2] if number % 3 else "",
                video_url="" if number % 3 else VIDEO, by=team[0],
            )  # fmt: skip
        except services.SchedulingError:
            continue  # a colleague is busy then: the demo needs only a few
        count += 1
        if application.stage.kind == StageKind.INTERVIEW and number % 2 == 0:
            continue  # waiting for the candidate's choice
        interview = services.book_slot(
            token_or_interview=interview, slot=interview.proposed_slots.first()
        )
        if application.stage.kind != StageKind.INTERVIEW:
            _held_in_the_past(interview, randomness)
    _held_yesterday_to_assess(randomness)
    InterviewEmail.objects.filter(sent_at__isnull=True).update(sent_at=timezone.now())
    return count


def _held_yesterday_to_assess(randomness) -> None:
    """One interview of a panel held yesterday: the colleague has submitted their scorecard,
    the demo's first recruiter (the one tools/screenshots.py signs in as) has theirs to fill."""
    recruiter = User.objects.filter(role=Role.RECRUITER).order_by("pk").first()
    interview = (
        # Counted before the filter on an interviewer, which would otherwise count only them.
        Interview.objects.annotate(panel=Count("interviewers", distinct=True))
        .filter(status=InterviewStatus.PROPOSED, interviewers=recruiter, panel__gt=1)
        .order_by("pk")
        .first()
    )
    if interview is None:
        return
    interview = services.book_slot(
        token_or_interview=interview, slot=interview.proposed_slots.first()
    )
    yesterday = timezone.localtime() - dt.timedelta(days=1)
    held_at = yesterday.replace(hour=14, minute=0, second=0, microsecond=0)
    _held_in_the_past(
        interview, randomness, shift=interview.starts_at - held_at, leave_out=recruiter
    )


def _held_in_the_past(
    interview: Interview, randomness, *, shift=dt.timedelta(days=21), leave_out=None
) -> None:
    """Moved back (three weeks unless told; demo only), then each interviewer's submitted
    scorecard but `leave_out`'s."""
    Slot.objects.filter(pk=interview.slot_id).update(
        starts_at=interview.starts_at - shift, ends_at=interview.ends_at - shift
    )
    Interview.objects.filter(pk=interview.pk).update(
        starts_at=interview.starts_at - shift, ends_at=interview.ends_at - shift,
        reminder_sent_at=timezone.now() - shift,
    )  # fmt: skip
    criteria = scorecards.criteria_for(interview.application.offer)
    for interviewer in interview.interviewers.exclude(pk=getattr(leave_out, "pk", None)):
        card = scorecards.scorecard_for(interview=interview, interviewer=interviewer)
        scorecards.save_scorecard(
            scorecard=card,
            ratings={c.pk: (randomness.randint(2, 4), "") for c in criteria},
            recommendation=randomness.choice(RECOMMENDATIONS),
            comment=randomness.choice(COMMENTS),
            submit=True,
        )
