"""Referrers besides carla (an employee): an alumnus and a partner member."""

import pytest

from tests.factories import UserFactory
from vivier.accounts.models import Role
from vivier.distribution import clicks, redirect


@pytest.fixture(autouse=True)
def forget_resolved_links():
    redirect._links.clear()
    clicks._salts.clear()


@pytest.fixture
def alex(db):
    return UserFactory(email="alex@example.test", role=Role.ALUMNUS, first_name="Alex")


@pytest.fixture
def organisation(db):
    from vivier.community.hubs.models import PartnerOrganisation

    return PartnerOrganisation.objects.create(name="École des Mines", kind="school")


@pytest.fixture
def pat(db, organisation):
    user = UserFactory(email="pat@example.test", role=Role.PARTNER, first_name="Pat")
    organisation.members.add(user)
    return user
