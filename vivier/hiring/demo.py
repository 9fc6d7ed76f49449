"""Demo data for pipeline templates and collaboration (called by `manage.py demo`)."""

from django.db.models import Q

from vivier.accounts.models import Role
from vivier.hiring.collaboration import give_verdicts, request_review
from vivier.hiring.models import Application, PipelineStage, PipelineTemplate, StageEmail, StageKind
from vivier.hiring.services import add_note

INTERVIEW_EMAIL = {
    "fr": (
        "Votre candidature au poste de {offer_title} avance",
        "Bonjour {candidate_first_name},\n\nVotre candidature a retenu notre attention : nous "
        "vous proposerons très vite des créneaux d'entretien.\n\nBien cordialement,\n"
        "L'équipe recrutement de {employer_name}",
    ),
    "en": (
        "Your application for {offer_title} moves forward",
        "Hello {candidate_first_name},\n\nYour application caught our attention: we will offer "
        "you interview times very soon.\n\nKind regards,\nThe recruitment team of {employer_name}",
    ),
}
COMPETITION_EMAIL = {
    "fr": (
        "Concours {offer_reference} : votre dossier est recevable",
        "Bonjour {candidate_first_name},\n\nVotre dossier d'inscription est complet et "
        "recevable. Vous recevrez votre convocation aux épreuves écrites.\n\n"
        "Le service des concours de {employer_name}",
    ),
}


def prepare_pipelines() -> None:
    """Automatic e-mails on a few stages (the migration already set some time limits)."""
    standard = PipelineTemplate.default()
    interview = PipelineStage.for_kind(StageKind.INTERVIEW, standard)
    for language, (subject, body) in INTERVIEW_EMAIL.items():
        StageEmail.objects.get_or_create(
            stage=interview, language=language, defaults={"subject": subject, "body": body}
        )
    competition = PipelineTemplate.objects.filter(name="Public competition").first()
    if competition is not None:
        eligible = PipelineStage.for_kind(StageKind.INTERVIEW, competition)
        for language, (subject, body) in COMPETITION_EMAIL.items():
            StageEmail.objects.get_or_create(
                stage=eligible, language=language, defaults={"subject": subject, "body": body}
            )


def pipeline_for(spec: dict) -> PipelineTemplate | None:
    """Internships and work-study follow "Internship"; civil-servant posts of category C, open
    by competition, follow "Public competition"; the others the default one."""
    if spec.get("contract_type") in {"internship", "apprenticeship"}:
        return PipelineTemplate.objects.filter(name="Internship").first()
    if spec.get("contract_type") == "civil_servant" and spec.get("public_service_category") == "C":
        return PipelineTemplate.objects.filter(name="Public competition").first()
    return None


def load_collaboration() -> None:
    """A mention in a note and a review request answered in part, on the first offer that has a
    hiring manager and a recruiter."""
    application = (
        Application.objects.filter(
            offer__hiring_managers__role=Role.HIRING_MANAGER, offer__recruiter__isnull=False
        )
        .exclude(stage__kind__in=[StageKind.REJECTED, StageKind.WITHDRAWN, StageKind.HIRED])
        .select_related("offer__recruiter")
        .order_by("pk")
        .first()
    )
    if application is None:
        return
    offer = application.offer
    recruiter = offer.recruiter
    manager = offer.hiring_managers.filter(role=Role.HIRING_MANAGER).order_by("pk").first()
    handle = manager.email.split("@", 1)[0]
    add_note(
        application=application,
        body=f"@{handle} ce profil correspond à ce que vous cherchiez : votre avis ?",
        by=recruiter,
    )
    picked = list(
        offer.applications.filter(~Q(stage__kind__in=[StageKind.REJECTED, StageKind.WITHDRAWN]))
        .order_by("pk")
        .values_list("pk", flat=True)[:5]
    )
    review = request_review(
        by=recruiter, offer=offer, application_ids=picked, reviewer=manager,
        message="Pouvez-vous regarder ces profils avant notre point de jeudi ?",
    )  # fmt: skip
    first = review.items.order_by("pk").first()
    give_verdicts(
        review=review, by=manager, answers={first.pk: ("yes", "Très bon parcours, à rencontrer.")}
    )
