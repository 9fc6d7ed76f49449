"""A demo conversation for `manage.py demo`, made through the services: the team's e-mail, the
candidate's reply with a file, the team's answer, one scheduled for tomorrow, one message in the
quarantine and a reply template."""

import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from vivier.accounts.models import Role, User
from vivier.core.documents import make_pdf
from vivier.hiring.conversations import services
from vivier.hiring.conversations.models import InboundMessage, ReplyTemplate, Via
from vivier.hiring.models import Application, Message, StageKind

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
    stray = services.receive_raw_message(STRAY)
    InboundMessage.objects.filter(pk=stray.pk).update(received_at=days_ago(1, 22, 17))
    if application is None:
        return 0
    asked = services.send_reply(
        application=application, subject=template.subject, body=template.body, by=recruiter
    )
    attestation = SimpleUploadedFile(
        "attestation-diplome.pdf", make_pdf(["Attestation de réussite", "Master 2"])
    )
    reply = services.record_candidate_reply(
        application,
        "Bonjour,\n\nJe suis disponible jeudi après-midi. Vous trouverez ci-joint "
        "l'attestation de mon diplôme.\n\nBien à vous",
        [attestation],
        via=Via.MAIL_SERVER,
        subject="Re: vos disponibilités",
    )
    answer = services.send_reply(
        application=application, subject="Entretien téléphonique jeudi",
        body="Bonjour {candidate_first_name},\n\nC'est noté pour jeudi à 14 h. À bientôt !",
        by=recruiter,
    )  # fmt: skip
    services.send_reply(
        application=application, subject="Rappel : notre échange de demain",
        body="Bonjour {candidate_first_name},\n\nPetit rappel de notre échange de demain.",
        by=recruiter, send_at=days_ago(-1, 9, 0),
    )  # fmt: skip
    # Spread over the last days, as a real exchange is (the rows were all written just now).
    Message.objects.filter(pk=asked.pk).update(created_at=days_ago(3, 10, 12))
    InboundMessage.objects.filter(pk=reply.pk).update(
        received_at=days_ago(2, 18, 40), sent_at=days_ago(2, 18, 38)
    )
    Message.objects.filter(pk=answer.pk).update(created_at=days_ago(1, 9, 5))
    return 1


def days_ago(days: int, hour: int, minute: int):
    """That many days before today (after, if negative), at that local time."""
    day = timezone.localtime() - dt.timedelta(days=days)
    return day.replace(hour=hour, minute=minute, second=0, microsecond=0)
