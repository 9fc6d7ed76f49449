import datetime as dt

import pytest
from django.utils import timezone

from tests.factories import ApplicationFactory
from vivier.hiring.models import PipelineStage
from vivier.hiring.offer_letters import services


@pytest.fixture
def application(offer):
    stage = PipelineStage.for_offer(offer, "interview")
    return ApplicationFactory(
        offer=offer, stage=stage, candidate__first_name="Éloïse", candidate__last_name="Lefèvre"
    )


@pytest.fixture
def letter(application, bob):
    values = services.initial_values(application)
    values |= {
        "salary": "38 000 € bruts par an",
        "start_date": timezone.localdate() + dt.timedelta(days=30),
        "answer_by": timezone.localdate() + dt.timedelta(days=7),
    }
    return services.create_offer_letter(application=application, by=bob, **values)


@pytest.fixture
def sent(letter, bob, django_capture_on_commit_callbacks):
    """The letter sent; returns (letter, token) — the token read back from the e-mail."""
    from django.core import mail

    with django_capture_on_commit_callbacks(execute=True):
        letter = services.send_offer_letter(letter=letter, by=bob)
    email = mail.outbox[-1]
    token = email.body.split("/proposition-embauche/")[1].split("/")[0]
    return letter, token
