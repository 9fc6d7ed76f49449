"""A demo conversation for `manage.py demo`, made through the services: the team's e-mail, the
candidate's reply with a file, the team's answer, one scheduled for tomorrow, one message in the
quarantine and a reply template."""

import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from vivier.accounts.models import Role, User
from vivier.core.documents import make_pdf
from vivier.hiring.conversations import services
from vivier.hiring.conversations.models import ReplyTemplate, Via
from vivier.hiring.models import Application, StageKind

TEMPLATE_BODY = (
    "Bonjour {candidate_first_name},\n\n"
    "Merci pour votre message au sujet du poste de {offer_title}. Pourriez-vous nous indiquer "
    "vos disponibilités pour un échange téléphonique cette semaine ?\n\n"
    "Bien cordialement,\nL'équipe recrutement de {employer_name}"
)
STRAY = (
    b"From: Inconnu <quelqu.un@example.test>\r\nTo: recrutement@region-armor-ocean.example\r\n"
    b"Subject: Candidature spontanee\r\nMessage-ID: <demo.stray@example.test>\r\n\r\n"
    b"Bonjour, je vous envoie ma candidature spontanee.\r\n"
)


def load_conversation(*, application: Application | None = None) -> int:
    """The thread on `application` (the demo's candidate's), else on the first application in
    screening."""
    recruiter = User.objects.filter(role=Role.RECRUITER).order_by("pk").first()
    application = (
        application
        or Application.objects.filter(stage__kind=StageKind.SCREENING).order_by("pk").first()
        or Application.objects.order_by("pk").first()
    )
    template = ReplyTemplate.objects.create(
        name="Demande de disponibilités", language="fr",
        subject="{offer_title} : vos disponibilités", body=TEMPLATE_BODY,
    )  # fmt: skip
    services.receive_raw_message(STRAY)
    if application is None:
        return 0
    services.send_reply(
        application=application, subject=template.subject, body=template.body, by=recruiter
    )
    attestation = SimpleUploadedFile(
        "attestation-diplome.pdf", make_pdf(["Attestation de réussite", "Master 2"])
    )
    services.record_candidate_reply(
        application,
        "Bonjour,\n\nJe suis disponible jeudi après-midi. Vous trouverez ci-joint "
        "l'attestation de mon diplôme.\n\nBien à vous",
        [attestation],
        via=Via.MAIL_SERVER,
        subject="Re: vos disponibilités",
    )
    services.send_reply(
        application=application, subject="Entretien téléphonique jeudi",
        body="Bonjour {candidate_first_name},\n\nC'est noté pour jeudi à 14 h. À bientôt !",
        by=recruiter,
    )  # fmt: skip
    services.send_reply(
        application=application, subject="Rappel : notre échange de demain",
        body="Bonjour {candidate_first_name},\n\nPetit rappel de notre échange de demain.",
        by=recruiter, send_at=timezone.now() + dt.timedelta(days=1),
    )  # fmt: skip
    return 1
