"""The candidate space's e-mail sign-in link: once, for a short time, and it tells nothing."""

import datetime as dt
import re

import pytest
import time_machine
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse

from tests.factories import ApplicationFactory, CandidateFactory, UserFactory, human_fields
from vivier.accounts.models import Role, SignInLink, User

pytestmark = pytest.mark.django_db

LINK = re.compile(r"http://[^\s]+/espace-candidat/connexion/([A-Za-z0-9_-]+)/")


def ask(client, email, capture, **extra):
    with capture(execute=True):
        return client.post(reverse("space:login"), {"email": email, **human_fields(), **extra})


def token_from_mail(message) -> str:
    return LINK.search(message.body).group(1)


@pytest.fixture
def applicant(employer):
    return ApplicationFactory(candidate=CandidateFactory(email="lou.exemple@example.test"))


def test_a_candidate_who_applied_gets_a_link_that_signs_them_in_once(
    client, applicant, django_capture_on_commit_callbacks
):
    response = ask(client, "Lou.Exemple@example.test ", django_capture_on_commit_callbacks)
    assert response.status_code == 200
    assert [message.to for message in mail.outbox] == [["lou.exemple@example.test"]]
    token = token_from_mail(mail.outbox[0])
    link = reverse("space:link", kwargs={"token": token})

    # Opening the link (as a mail scanner would) signs nobody in and spends nothing.
    page = client.get(link)
    assert page.status_code == 200
    assert "_auth_user_id" not in client.session
    # Not no-referrer, with which browsers post the button's form with "Origin: null".
    assert page["Referrer-Policy"] == "same-origin"

    response = client.post(link)
    assert response.status_code == 302
    assert response["Location"] == reverse("space:home")
    user = User.objects.get(email="lou.exemple@example.test")
    assert user.role == Role.CANDIDATE
    assert not user.has_usable_password()
    assert EmailAddress.objects.filter(user=user, verified=True).count() == 1
    home = client.get(reverse("space:home"))
    assert applicant.offer.title in home.content.decode()

    client.logout()
    again = client.post(link)
    assert again.status_code == 410
    assert "_auth_user_id" not in client.session
    assert client.get(link).status_code == 410


def test_a_link_expires(client, applicant, settings, django_capture_on_commit_callbacks):
    settings.CANDIDATE_SIGN_IN_LINK_MINUTES = 30
    ask(client, "lou.exemple@example.test", django_capture_on_commit_callbacks)
    link = reverse("space:link", kwargs={"token": token_from_mail(mail.outbox[0])})
    with time_machine.travel(dt.timedelta(minutes=31)):
        assert client.post(link).status_code == 410
    assert "_auth_user_id" not in client.session
    assert not User.objects.filter(email="lou.exemple@example.test").exists()


def test_a_forged_token_signs_nobody_in(client, applicant):
    response = client.post(reverse("space:link", kwargs={"token": "not-a-real-token"}))
    assert response.status_code == 410
    assert "_auth_user_id" not in client.session


def test_a_used_link_kills_the_other_links_of_the_address(
    client, applicant, django_capture_on_commit_callbacks
):
    ask(client, "lou.exemple@example.test", django_capture_on_commit_callbacks)
    ask(client, "lou.exemple@example.test", django_capture_on_commit_callbacks)
    first, second = (token_from_mail(message) for message in mail.outbox)
    assert client.post(reverse("space:link", kwargs={"token": second})).status_code == 302
    client.logout()
    assert client.post(reverse("space:link", kwargs={"token": first})).status_code == 410


def test_an_unknown_address_gets_the_same_answer_and_no_mail(
    client, applicant, django_capture_on_commit_callbacks
):
    known = ask(client, "lou.exemple@example.test", django_capture_on_commit_callbacks)
    unknown = ask(client, "nobody@example.test", django_capture_on_commit_callbacks)
    assert known.status_code == unknown.status_code == 200

    def without_address(response, email):
        return response.content.decode().replace(email, "ADDRESS")

    known_page = without_address(known, "lou.exemple@example.test")
    unknown_page = without_address(unknown, "nobody@example.test")
    # The pages differ only by their CSRF token, if at all.
    strip = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')
    assert strip.sub("", known_page) == strip.sub("", unknown_page)
    assert [message.to for message in mail.outbox] == [["lou.exemple@example.test"]]
    assert not SignInLink.objects.filter(email="nobody@example.test").exists()


@pytest.mark.parametrize("role", [Role.RECRUITER, Role.ADMINISTRATOR, Role.EMPLOYEE])
def test_a_team_or_community_address_gets_no_link(
    client, employer, role, django_capture_on_commit_callbacks
):
    UserFactory(email="staff@example.test", role=role)
    # Even one that also applied: the team signs in with its password and second factor.
    ApplicationFactory(candidate=CandidateFactory(email="staff@example.test"))
    response = ask(client, "staff@example.test", django_capture_on_commit_callbacks)
    assert response.status_code == 200
    assert mail.outbox == []


def test_an_erased_candidate_gets_no_link(client, employer, django_capture_on_commit_callbacks):
    from django.utils import timezone

    CandidateFactory(email="gone@example.test", anonymised_at=timezone.now())
    ask(client, "gone@example.test", django_capture_on_commit_callbacks)
    assert mail.outbox == []


def test_requests_are_limited_per_address(
    client, applicant, settings, django_capture_on_commit_callbacks
):
    settings.THROTTLE_RATES = {**settings.THROTTLE_RATES, "candidate-link-email": "2/h"}
    for _attempt in range(2):
        assert (
            ask(client, "lou.exemple@example.test", django_capture_on_commit_callbacks).status_code
            == 200
        )
    response = ask(client, "lou.exemple@example.test", django_capture_on_commit_callbacks)
    assert response.status_code == 429
    assert "Retry-After" in response
    assert len(mail.outbox) == 2
    # An unknown address is limited the same way: the limit reveals nothing either.
    for _attempt in range(2):
        ask(client, "nobody@example.test", django_capture_on_commit_callbacks)
    assert ask(client, "nobody@example.test", django_capture_on_commit_callbacks).status_code == 429


def test_the_form_is_protected_against_robots(
    client, applicant, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("space:login"), {"email": "lou.exemple@example.test"})
    assert response.status_code == 200
    assert "form-errors" in response.content.decode()
    assert mail.outbox == []
    response = ask(
        client, "lou.exemple@example.test", django_capture_on_commit_callbacks, leave_empty="x"
    )
    assert mail.outbox == []


def test_a_candidate_signed_in_by_link_is_never_asked_for_a_second_factor(
    client, applicant, settings, django_capture_on_commit_callbacks
):
    from django.test import Client

    settings.STAFF_MFA_REQUIRED = True
    plain = Client()  # a real session, not the test fixture's shortcut
    ask(plain, "lou.exemple@example.test", django_capture_on_commit_callbacks)
    plain.post(reverse("space:link", kwargs={"token": token_from_mail(mail.outbox[0])}))
    response = plain.get(reverse("space:home"))
    assert response.status_code == 200
    assert plain.get(reverse("space:application", kwargs={"pk": applicant.pk})).status_code == 200


def test_old_links_are_purged(client, applicant, django_capture_on_commit_callbacks):
    from vivier.accounts.sign_in_links import purge_old_links

    ask(client, "lou.exemple@example.test", django_capture_on_commit_callbacks)
    assert purge_old_links() == 0
    with time_machine.travel(dt.timedelta(days=2)):
        assert purge_old_links() == 1
    assert not SignInLink.objects.exists()
