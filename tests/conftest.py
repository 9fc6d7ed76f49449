"""Personas and shared fixtures.

alice is an administrator, bob a recruiter, hana a hiring manager assigned to `offer`,
hugo a hiring manager with no offer, carla an employee (community only), and cleo a candidate
signed in to her space (her address verified, as a sign-in link or LinkedIn leaves it);
alan an alumnus and paula a partner member (community only).
"""

import pytest
from django.utils import translation

from tests.factories import EmployerFactory, JobOfferFactory, UserFactory
from tests.two_factor import SignedInClient
from vivier.accounts.models import Role


@pytest.fixture
def client():
    """The test client, whose force_login stands for a complete sign-in (see two_factor.py)."""
    return SignedInClient()


@pytest.fixture(autouse=True)
def default_language(settings):
    """Each test starts in the default language: the test client leaves the last one active."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def empty_cache():
    """Cached public pages never leak from one test into another."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def employer(db):
    return EmployerFactory()


@pytest.fixture
def alice(db):
    return UserFactory(email="alice@example.test", role=Role.ADMINISTRATOR)


@pytest.fixture
def bob(db):
    return UserFactory(email="bob@example.test", role=Role.RECRUITER)


@pytest.fixture
def hana(db):
    return UserFactory(email="hana@example.test", role=Role.HIRING_MANAGER)


@pytest.fixture
def hugo(db):
    return UserFactory(email="hugo@example.test", role=Role.HIRING_MANAGER)


@pytest.fixture
def carla(db):
    return UserFactory(email="carla@example.test", role=Role.EMPLOYEE)


@pytest.fixture
def alan(db):
    return UserFactory(email="alan@example.test", role=Role.ALUMNUS)


@pytest.fixture
def paula(db):
    return UserFactory(email="paula@example.test", role=Role.PARTNER)


@pytest.fixture
def cleo(db):
    from vivier.accounts.candidates import candidate_account

    return candidate_account(email="cleo@example.test")


@pytest.fixture
def offer(db, employer, hana, bob):
    offer = JobOfferFactory(published=True, recruiter=bob)
    offer.hiring_managers.add(hana)
    return offer


@pytest.fixture
def sandbox(settings):
    """The networks' contract servers on loopback; sandbox channels post there."""
    from vivier.distribution.sandbox import Sandbox

    with Sandbox() as running:
        settings.SANDBOX_URL = running.url
        yield running
