"""Where an application stands, in the candidate's words.

The team's stages have the employer's own names ("Jury", "Entretien RH"), which may say more
than a candidate should read; the candidate sees one of five steps, by the stage's kind.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from vivier.hiring.models import StageKind


class CandidateStep(models.TextChoices):
    RECEIVED = "received", _("Application received")  # "Received" alone reads "Reçue le"
    IN_REVIEW = "in_review", _("In review")
    INTERVIEW = "interview", _("Interview")
    OFFER = "offer", _("Offer")
    CLOSED = "closed", _("Closed")


STEP_OF_KIND = {
    StageKind.NEW: CandidateStep.RECEIVED,
    StageKind.SCREENING: CandidateStep.IN_REVIEW,
    StageKind.INTERVIEW: CandidateStep.INTERVIEW,
    StageKind.OFFER: CandidateStep.OFFER,
    StageKind.HIRED: CandidateStep.CLOSED,
    StageKind.REJECTED: CandidateStep.CLOSED,
    StageKind.WITHDRAWN: CandidateStep.CLOSED,
}

# What each kind means for the candidate, in a sentence (never the reason of a rejection).
EXPLANATION = {
    StageKind.NEW: _("We have your application. The team will read it soon."),
    StageKind.SCREENING: _("The team is reading your application."),
    StageKind.INTERVIEW: _("You are invited to an interview."),
    StageKind.OFFER: _("We are making you an offer."),
    StageKind.HIRED: _("You were hired for this post. Welcome!"),
    StageKind.REJECTED: _(
        "This recruitment is over for your application. Thank you for your interest."
    ),
    StageKind.WITHDRAWN: _("You withdrew this application."),
}

ORDER = [step.value for step in CandidateStep]


def candidate_step(application) -> CandidateStep:
    return STEP_OF_KIND[StageKind(application.stage.kind)]


def explanation(application) -> str:
    return str(EXPLANATION[StageKind(application.stage.kind)])


def progress(application) -> list[dict]:
    """The five steps, each marked done, current or to come, for the progress line."""
    current = ORDER.index(candidate_step(application).value)
    return [
        {"label": step.label, "state": "done" if i < current else "current" if i == current else ""}
        for i, step in enumerate(CandidateStep)
    ]
