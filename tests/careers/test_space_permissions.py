"""The candidate space's URLs against every persona.

cleo (tests/conftest.py) is a candidate signed in to her space; sam is another candidate; the
staff and community personas are conftest's too. The candidate persona against every
back-office URL is in tests/test_permissions.py.
"""

import pytest
from django.urls import reverse

from tests.factories import ApplicationFactory, CandidateFactory
from vivier.accounts.candidates import candidate_account

pytestmark = pytest.mark.django_db

STAFF = ["alice", "bob", "hana", "hugo", "carla"]

# The space's pages that need an application: hers answers 200, anybody else's 404.
APPLICATION_PAGES = ["space:application", "space:new_cv", "space:withdraw"]
OWN_PAGES = ["space:home", "space:privacy"]


@pytest.fixture
def sam(employer):
    return candidate_account(email="sam@example.test")


@pytest.fixture
def applications(offer, cleo, sam):
    return {
        "cleo": ApplicationFactory(offer=offer, candidate=CandidateFactory(email=cleo.email)),
        "sam": ApplicationFactory(offer=offer, candidate=CandidateFactory(email=sam.email)),
    }


@pytest.fixture
def people(alice, bob, hana, hugo, carla, cleo, sam):
    return {"alice": alice, "bob": bob, "hana": hana, "hugo": hugo, "carla": carla,
            "cleo": cleo, "sam": sam}  # fmt: skip


@pytest.mark.parametrize("name", OWN_PAGES + APPLICATION_PAGES)
def test_the_spaces_pages_against_every_persona(client, people, applications, name):
    kwargs = {"pk": applications["cleo"].pk} if name in APPLICATION_PAGES else None
    url = reverse(name, kwargs=kwargs)
    response = client.get(url)
    assert response.status_code == 302  # anonymous: to the space's sign-in page
    assert response["Location"].startswith(reverse("space:login") + "?next=")
    for persona in STAFF:
        client.force_login(people[persona])
        assert client.get(url).status_code == 404, (persona, url)
    client.force_login(people["cleo"])
    assert client.get(url).status_code == 200
    client.force_login(people["sam"])
    assert client.get(url).status_code == (404 if name in APPLICATION_PAGES else 200)


@pytest.mark.parametrize("name", APPLICATION_PAGES)
def test_another_candidates_application_id_answers_404_and_changes_nothing(
    client, people, applications, name
):
    theirs = applications["sam"]
    client.force_login(people["cleo"])
    url = reverse(name, kwargs={"pk": theirs.pk})
    assert client.get(url).status_code == 404
    assert client.post(url, {"confirm": "on"}).status_code == 404
    theirs.refresh_from_db()
    assert theirs.stage.kind == "new"
    assert client.get(reverse(name, kwargs={"pk": 999_999})).status_code == 404


def test_an_application_under_an_unverified_address_is_not_hers(client, employer, offer):
    from allauth.account.models import EmailAddress

    cleo = candidate_account(email="cleo@example.test")
    EmailAddress.objects.create(user=cleo, email="other@example.test", verified=False)
    theirs = ApplicationFactory(offer=offer, candidate=CandidateFactory(email="other@example.test"))
    client.force_login(cleo)
    assert client.get(reverse("space:application", kwargs={"pk": theirs.pk})).status_code == 404


def test_the_sign_in_pages_are_open_to_everyone(client, people):
    for persona in [None, *STAFF]:
        if persona:
            client.force_login(people[persona])
        assert client.get(reverse("space:login")).status_code == 200
        bad_link = reverse("space:link", kwargs={"token": "nope"})
        assert client.get(bad_link).status_code == 410
    client.force_login(people["cleo"])
    assert client.get(reverse("space:login"))["Location"] == reverse("space:home")


def test_a_document_against_every_persona(client, people, offer, cleo):
    from tests.factories import pdf_upload
    from vivier.hiring.services import ApplicantDetails, submit_application

    application, _new = submit_application(
        offer=offer,
        details=ApplicantDetails(first_name="Cléo", last_name="Test", email=cleo.email),
        cv=pdf_upload(),
    )
    url = reverse(
        "space:document",
        kwargs={"pk": application.pk, "document_id": application.current_cv.pk},
    )
    assert client.get(url).status_code == 302
    for persona in STAFF + ["sam"]:
        client.force_login(people[persona])
        assert client.get(url).status_code == 404, persona
    client.force_login(cleo)
    assert client.get(url).status_code == 200
