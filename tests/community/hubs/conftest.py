"""Hubs of every kind, and the community personas besides tests/conftest.py's staff:

carla an employee, alan an alumnus, paula a partner (member of "École des Dunes"), pierre a
partner of no organisation, cyril a candidate.
"""

import pytest

from tests.factories import UserFactory
from vivier.accounts.models import Role
from vivier.community.hubs.models import Hub, PartnerOrganisation


@pytest.fixture
def alan(db):
    return UserFactory(
        email="alan@example.test", role=Role.ALUMNUS, first_name="Alan", last_name="Ancien"
    )


@pytest.fixture
def paula(db, school):
    user = UserFactory(
        email="paula@example.test", role=Role.PARTNER, first_name="Paula", last_name="Partenaire"
    )
    school.members.add(user)
    return user


@pytest.fixture
def pierre(db):
    return UserFactory(email="pierre@example.test", role=Role.PARTNER)


@pytest.fixture
def cyril(db):
    return UserFactory(
        email="cyril@example.test", role=Role.CANDIDATE, first_name="Cyril", last_name="Candidat"
    )


@pytest.fixture
def school(db):
    return PartnerOrganisation.objects.create(
        name="École des Dunes",
        kind=PartnerOrganisation.Kind.SCHOOL,
        contact_email="contact@dunes.example",
    )


@pytest.fixture
def hubs(db, school):
    made = {
        kind: Hub.objects.create(name=f"Hub {kind}", slug=f"hub-{kind}", kind=kind)
        for kind in Hub.Kind.values
    }
    made["partner"].partner_organisations.add(school)
    return made


@pytest.fixture
def public_hub(hubs):
    return hubs["public"]
