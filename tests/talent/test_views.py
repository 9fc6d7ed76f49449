"""The talent pool's screens."""

import pytest
from django.urls import reverse

from tests.careers.test_apply import apply_url, form_data
from tests.factories import JobOfferFactory, pdf_upload
from vivier.talent.models import Profile, ProfileLink, SourceKind

pytestmark = pytest.mark.django_db


def test_a_recruiter_adds_a_person_and_sees_where_each_field_comes_from(client, bob):
    client.force_login(bob)
    response = client.post(
        reverse("talent:create"),
        {"first_name": "Lou", "last_name": "Exemple", "email": "lou@example.test", "city": "Brest"},
    )
    profile = Profile.objects.get()
    assert response["Location"] == reverse("talent:detail", kwargs={"pk": profile.pk})
    page = client.get(response["Location"])
    assert page.context["field_sources"]["email"].by == bob
    assert page.context["field_sources"]["email"].kind == SourceKind.MANUAL
    assert profile.must_be_informed_by is not None


def test_a_personal_network_is_refused_with_the_reason_shown(client, bob):
    client.force_login(bob)
    client.post(reverse("talent:create"), {"first_name": "Lou", "last_name": "Exemple"})
    profile = Profile.objects.get()
    url = reverse("talent:add_link", kwargs={"pk": profile.pk})
    page = client.post(url, {"url": "https://www.instagram.com/lou"}, follow=True)
    assert "L1221-6" in page.content.decode()
    assert ProfileLink.objects.count() == 0
    client.post(url, {"url": "https://www.linkedin.com/in/lou"})
    assert ProfileLink.objects.get().network.name == "LinkedIn"


def test_searching_the_pool(client, bob):
    client.force_login(bob)
    for name, city in (("Lou", "Brest"), ("Ana", "Rennes")):
        client.post(reverse("talent:create"), {"first_name": name, "last_name": "X", "city": city})
    page = client.get(reverse("talent:list"), {"q": "brest"})
    assert [str(p) for p in page.context["profiles"]] == ["Lou X"]


def test_an_applicant_who_consents_joins_the_pool_from_their_own_data(client, offer):
    data = {**form_data(), "cv": pdf_upload(), "talent_pool_consent": "on"}
    client.post(apply_url(offer), data)
    profile = Profile.objects.get()
    assert profile.candidate.email == "camille.exemple@example.test"
    source = profile.field_sources.get(field="email").source
    assert source.kind == SourceKind.APPLICATION and source.supplied_by_candidate
    assert profile.must_be_informed_by is None
    (document,) = profile.documents.all()  # the CV sent, now searchable in the pool
    assert document.original_name == "cv.pdf" and document.source.kind == SourceKind.APPLICATION
    assert document.source.supplied_by_candidate


def test_a_second_application_with_a_new_cv_adds_it_to_the_pool_profile_once(client, offer):
    other = JobOfferFactory(published=True)
    for target, cv in (
        (offer, pdf_upload()),
        (other, pdf_upload()),
        (other, pdf_upload(lines=("Camille Exemple", "Version 2 du CV"))),
    ):  # the same file twice, then a new one
        data = {**form_data(), "cv": cv, "talent_pool_consent": "on"}
        assert client.post(apply_url(target), data).status_code == 302
    profile = Profile.objects.get()
    assert profile.documents.count() == 2
    # One source for the form's fields, then one for each new CV, each with its own date.
    assert profile.sources.filter(kind=SourceKind.APPLICATION).count() == 3


def test_an_applicant_without_consent_stays_out_of_the_pool(client, offer):
    client.post(apply_url(offer), {**form_data(), "cv": pdf_upload()})
    assert Profile.objects.count() == 0
