"""The demo's candidate, for `manage.py demo`: Cléo Le Bris, who applied to four offers.

Her applications are made through hiring's services and stand at four of the five steps the
space shows (received, in review, offer, closed). The demo's conversation and its offer letter
waiting for an answer are hers (hiring's demo modules take the applications returned here), so
that her space shows a thread and an offer. She signs in like any candidate, with a link sent
to her address (the worker prints the e-mail in development).
"""

import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from vivier.core.documents import make_pdf
from vivier.hiring.models import Application, PipelineStage, PipelineTemplate, StageKind
from vivier.hiring.services import (
    ApplicantDetails,
    move_application,
    reject_application,
    submit_application,
)
from vivier.jobs.models import JobOffer, OfferStatus

DEMO_CANDIDATE = {
    "first_name": "Cléo",
    "last_name": "Le Bris",
    "email": "cleo.le-bris@example.test",
}
# Where each application ends, and how many days ago it was sent (newest first in her space).
PLAN = [
    (StageKind.NEW, 2),
    (StageKind.SCREENING, 9),
    (StageKind.OFFER, 30),
    (StageKind.REJECTED, 45),
]
STEPS = [StageKind.SCREENING, StageKind.INTERVIEW, StageKind.OFFER]


def load_candidate(*, by) -> dict[str, Application]:
    """Her applications, by the kind of stage each reached, to the last four published French
    offers that follow the default pipeline template (the other demo data picks the first)."""
    offers = JobOffer.objects.filter(
        status=OfferStatus.PUBLISHED, language="fr", pipeline_template=PipelineTemplate.default()
    ).order_by("-pk")[: len(PLAN)]
    applications = {}
    for offer, (kind, days_ago) in zip(offers, PLAN, strict=False):
        details = ApplicantDetails(
            **DEMO_CANDIDATE,
            phone="06 12 34 56 78",
            declared_source="careers_site",
            consent_text="Consentement au vivier de talents (données de démonstration)",
        )
        cv = SimpleUploadedFile(
            "cv-cleo-le-bris.pdf",
            make_pdf(["Cléo Le Bris", DEMO_CANDIDATE["email"], "",
                      "Document généré pour la démonstration de Vivier : personne fictive."]),
            content_type="application/pdf",
        )  # fmt: skip
        application, _created = submit_application(offer=offer, details=details, cv=cv)
        if kind == StageKind.REJECTED:
            reject_application(
                application=application, reason="experience", by=by, send_email=False
            )
        elif kind != StageKind.NEW:
            for step in STEPS[: STEPS.index(kind) + 1]:
                application = move_application(
                    application=application, stage=PipelineStage.for_offer(offer, step), by=by
                )
        when = timezone.now() - dt.timedelta(days=days_ago)
        Application.objects.filter(pk=application.pk).update(
            submitted_at=when, last_submitted_at=when, stage_changed_at=when + dt.timedelta(days=1)
        )
        # The confirmation of receipt when she applied; the stages' e-mails the day after.
        first = application.messages.order_by("pk").first()
        if first is not None:
            application.messages.filter(pk=first.pk).update(created_at=when)
            later = application.messages.exclude(pk=first.pk)
            later.update(created_at=when + dt.timedelta(days=1))
        applications[kind] = application
    return applications
