from email.message import EmailMessage

import pytest

from tests.factories import ApplicationFactory
from vivier.core.documents import make_pdf

SECRET = "inbound-test-secret"


@pytest.fixture(autouse=True)
def mail_settings(settings):
    settings.REPLY_DOMAIN = "reponses.example.test"
    settings.INBOUND_MAIL_SECRET = SECRET


@pytest.fixture
def application(offer):
    return ApplicationFactory(
        offer=offer, candidate__first_name="Gaël", candidate__email="gael@example.test"
    )


def raw_reply(to: str, *, sender="Gaël Exemple <gael@example.test>", body="Merci, à lundi !",
              attachments=(), subject="Re: Votre candidature") -> bytes:  # fmt: skip
    message = EmailMessage()
    message["From"] = sender
    message["To"] = to
    message["Subject"] = subject
    message["Message-ID"] = "<reply.1@example.test>"
    message["Date"] = "Mon, 23 Nov 2026 10:00:00 +0100"
    message.set_content(body)
    for name, data, maintype, subtype in attachments:
        message.add_attachment(data, maintype=maintype, subtype=subtype, filename=name)
    return message.as_bytes()


PDF = ("attestation.pdf", make_pdf(["Attestation de réussite"]), "application", "pdf")
