"""Hubs of every kind, and the community personas (with tests/conftest.py's carla the employee
and alan the alumnus): paula a partner member of "École des Dunes", pierre a partner of no
organisation, cyril a candidate.
"""

import pytest

from tests.factories import UserFactory
from vivier.accounts.models import Role
from vivier.community.hubs.models import Hub, PartnerOrganisation


@pytest.fixture
def alan(alan):
    alan.first_name, alan.last_name = "Alan", "Ancien"
    alan.save(update_fields=["first_name", "last_name"])
    return alan


@pytest.fixture
def paula(paula, school):
    school.members.add(paula)
    return paula


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
