"""Notifications for the personas of tests/conftest.py: hana (hiring manager of `offer`) is
mentioned by bob (recruiter); carla (employee) follows a thread of a public hub where cyril
(candidate) replies; elsa is an employee who reads her e-mails in English."""

import pytest

from tests.factories import UserFactory, pdf_upload
from vivier.accounts.models import Role
from vivier.community.hubs import discussions
from vivier.community.hubs.models import Hub
from vivier.hiring.services import ApplicantDetails, submit_application


@pytest.fixture
def cyril(db):
    return UserFactory(
        email="cyril@example.test", role=Role.CANDIDATE, first_name="Cyril", last_name="Candidat"
    )


@pytest.fixture
def elsa(db):
    return UserFactory(
        email="elsa@example.test", role=Role.EMPLOYEE, first_name="Elsa", last_name="English",
        language="en",
    )  # fmt: skip


@pytest.fixture
def application(offer):
    details = ApplicantDetails(first_name="Lou", last_name="Secret", email="lou@example.test")
    return submit_application(offer=offer, details=details, cv=pdf_upload())[0]


@pytest.fixture
def public_hub(db):
    return Hub.objects.create(name="Le Port", slug="le-port", kind=Hub.Kind.PUBLIC)


@pytest.fixture
def thread(public_hub, carla):
    """carla's thread: she follows it."""
    return discussions.start_thread(
        hub=public_hub, author=carla, title="Covoiturage vers Brest", body="Qui part lundi ?"
    )
