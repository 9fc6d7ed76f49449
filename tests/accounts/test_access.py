"""Unit tests for who may see and change offers and applications (vivier/accounts/access.py)."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import Http404

from tests.factories import ApplicationFactory, JobOfferFactory, UserFactory
from vivier.accounts.access import (
    applications_for_user,
    get_application_for_user,
    get_offer_for_user,
    offers_for_user,
)
from vivier.accounts.models import Role

pytestmark = pytest.mark.django_db

EVERYONE = ["alice", "bob", "hana", "hugo", "carla", "anonymous"]
SEES_ALL = ["alice", "bob"]
SEES_NOTHING = ["hugo", "carla", "anonymous"]


@pytest.fixture
def other_offer(db):
    """An offer nobody among the personas manages."""
    return JobOfferFactory()


@pytest.fixture
def application(offer):
    return ApplicationFactory(offer=offer)


@pytest.fixture
def other_application(other_offer):
    return ApplicationFactory(offer=other_offer)


@pytest.fixture
def persona(request):
    """The user named by the test's `who` parameter; "anonymous" is a visitor not signed in."""
    if request.param == "anonymous":
        return AnonymousUser()
    return request.getfixturevalue(request.param)


# --- offers ---------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", SEES_ALL, indirect=True)
def test_administrators_and_recruiters_see_every_offer(persona, offer, other_offer):
    assert set(offers_for_user(persona)) == {offer, other_offer}
    assert get_offer_for_user(persona, offer.pk) == offer
    assert get_offer_for_user(persona, other_offer.pk) == other_offer


@pytest.mark.parametrize("persona", SEES_ALL, indirect=True)
def test_administrators_and_recruiters_may_change_every_offer(persona, offer, other_offer):
    assert get_offer_for_user(persona, offer.pk, write=True) == offer
    assert get_offer_for_user(persona, str(other_offer.pk), write=True) == other_offer


def test_a_hiring_manager_sees_only_the_offers_assigned_to_them(hana, offer, other_offer):
    assert list(offers_for_user(hana)) == [offer]
    assert get_offer_for_user(hana, offer.pk) == offer
    with pytest.raises(Http404):
        get_offer_for_user(hana, other_offer.pk)


def test_a_hiring_manager_of_two_offers_sees_each_once(hana, offer):
    second = JobOfferFactory()
    second.hiring_managers.add(hana, UserFactory(role=Role.HIRING_MANAGER))
    offer.hiring_managers.add(UserFactory(role=Role.HIRING_MANAGER))

    assert sorted(o.pk for o in offers_for_user(hana)) == sorted([offer.pk, second.pk])


def test_a_hiring_manager_may_not_change_even_their_own_offer(hana, offer):
    with pytest.raises(Http404):
        get_offer_for_user(hana, offer.pk, write=True)


@pytest.mark.parametrize("persona", SEES_NOTHING, indirect=True)
def test_others_see_no_offer(persona, offer, other_offer):
    assert not offers_for_user(persona).exists()
    with pytest.raises(Http404):
        get_offer_for_user(persona, offer.pk)
    with pytest.raises(Http404):
        get_offer_for_user(persona, offer.pk, write=True)


def test_a_deactivated_recruiter_sees_no_offer(offer):
    former = UserFactory(role=Role.RECRUITER, is_active=False)

    assert not offers_for_user(former).exists()
    with pytest.raises(Http404):
        get_offer_for_user(former, offer.pk)


@pytest.mark.parametrize("persona", EVERYONE, indirect=True)
@pytest.mark.parametrize("bad_id", [987654, "abc", None, ""])
def test_a_bad_offer_id_gives_404(persona, offer, bad_id):
    with pytest.raises(Http404):
        get_offer_for_user(persona, bad_id)


# --- applications ---------------------------------------------------------------------------


@pytest.mark.parametrize("persona", SEES_ALL, indirect=True)
def test_administrators_and_recruiters_see_every_application(
    persona, application, other_application
):
    assert set(applications_for_user(persona)) == {application, other_application}
    assert get_application_for_user(persona, application.pk) == application
    assert get_application_for_user(persona, other_application.pk) == other_application


def test_a_hiring_manager_sees_only_the_applications_to_their_offers(
    hana, application, other_application
):
    assert list(applications_for_user(hana)) == [application]
    assert get_application_for_user(hana, application.pk) == application
    with pytest.raises(Http404):
        get_application_for_user(hana, other_application.pk)


@pytest.mark.parametrize("persona", SEES_NOTHING, indirect=True)
def test_others_see_no_application(persona, application, other_application):
    assert not applications_for_user(persona).exists()
    with pytest.raises(Http404):
        get_application_for_user(persona, application.pk)


@pytest.mark.parametrize("persona", EVERYONE, indirect=True)
@pytest.mark.parametrize("bad_id", [987654, "abc", None])
def test_a_bad_application_id_gives_404(persona, application, bad_id):
    with pytest.raises(Http404):
        get_application_for_user(persona, bad_id)


def test_a_hiring_manager_removed_from_an_offer_loses_its_applications(hana, offer, application):
    offer.hiring_managers.remove(hana)

    assert not applications_for_user(hana).exists()
    with pytest.raises(Http404):
        get_application_for_user(hana, application.pk)
