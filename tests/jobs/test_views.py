import pytest
from django.urls import reverse

from tests.factories import DepartmentFactory, JobOfferFactory
from vivier.jobs.models import JobOffer, OfferStatus

pytestmark = pytest.mark.django_db


def offer_form(**overrides):
    data = {
        "title": "Cheffe de projet SIG",
        "reference": "",
        "language": "fr",
        "summary": "Cartographier le territoire.",
        "description": "La direction de l'aménagement recrute.",
        "missions": "- Piloter les projets",
        "profile": "Géomaticienne expérimentée.",
        "contract_type": "public_contract",
        "public_service_category": "A",
        "working_time": "full_time",
        "city": "Vannes",
        "postcode": "56000",
        "country": "fr",
        "remote_policy": "hybrid",
        "salary_min": "38000",
        "salary_max": "45000",
        "salary_currency": "EUR",
        "salary_period": "year",
        "start_date": "2027-01-04",
        "closing_date": "",
    }
    data.update(overrides)
    return data


def test_a_recruiter_creates_a_draft_offer(client, employer, bob, hana):
    client.force_login(bob)
    department = DepartmentFactory()
    response = client.post(
        reverse("jobs:create"),
        offer_form(department=department.pk, hiring_managers=[hana.pk]),
    )
    offer = JobOffer.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("jobs:detail", kwargs={"pk": offer.pk})
    assert offer.status == OfferStatus.DRAFT
    assert offer.recruiter == bob
    assert offer.country == "FR"
    assert offer.reference
    assert list(offer.hiring_managers.all()) == [hana]


def test_an_invalid_offer_keeps_what_was_typed(client, employer, bob):
    client.force_login(bob)
    response = client.post(
        reverse("jobs:create"),
        offer_form(salary_min="50000", salary_max="40000", working_time="part_time"),
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "salary_max" in errors
    assert "weekly_hours" in errors
    assert "Cheffe de projet SIG" in response.content.decode()
    assert JobOffer.objects.count() == 0


def test_a_public_service_category_needs_a_public_contract(client, employer, bob):
    client.force_login(bob)
    response = client.post(reverse("jobs:create"), offer_form(contract_type="cdi"))
    assert "public_service_category" in response.context["form"].errors


def test_a_recruiter_edits_publishes_closes_and_archives(client, employer, bob):
    client.force_login(bob)
    offer = JobOfferFactory(recruiter=bob)
    client.post(reverse("jobs:edit", kwargs={"pk": offer.pk}), offer_form(title="Nouveau titre"))
    offer.refresh_from_db()
    assert offer.title == "Nouveau titre"
    for action, status in [("publish", "published"), ("close", "closed"), ("archive", "archived")]:
        client.post(reverse("jobs:transition", kwargs={"pk": offer.pk, "action": action}))
        offer.refresh_from_db()
        assert offer.status == status


def test_a_refused_transition_says_why(client, employer, bob):
    client.force_login(bob)
    offer = JobOfferFactory(published=True)
    response = client.post(
        reverse("jobs:transition", kwargs={"pk": offer.pk, "action": "archive"}), follow=True
    )
    assert "Fermez l&#x27;offre avant de l&#x27;archiver." in response.content.decode()
    offer.refresh_from_db()
    assert offer.status == OfferStatus.PUBLISHED


def test_duplicating_makes_a_draft_to_edit(client, employer, bob):
    client.force_login(bob)
    offer = JobOfferFactory(published=True)
    response = client.post(reverse("jobs:duplicate", kwargs={"pk": offer.pk}))
    copy = JobOffer.objects.exclude(pk=offer.pk).get()
    assert response["Location"] == reverse("jobs:edit", kwargs={"pk": copy.pk})
    assert copy.status == OfferStatus.DRAFT
    assert copy.reference != offer.reference


def test_the_offer_list_shows_counts_in_a_fixed_number_of_queries(
    client, employer, bob, django_assert_max_num_queries
):
    client.force_login(bob)
    JobOfferFactory.create_batch(3, published=True)
    with django_assert_max_num_queries(8) as three:
        client.get(reverse("jobs:list"))
    JobOfferFactory.create_batch(10, published=True)
    with django_assert_max_num_queries(len(three.captured_queries)):
        response = client.get(reverse("jobs:list"))
    assert len(response.context["offers"]) == 13


def test_archived_offers_are_hidden_unless_asked_for(client, employer, bob):
    client.force_login(bob)
    archived = JobOfferFactory(status=OfferStatus.ARCHIVED, title="Vieille offre")
    assert archived.title not in client.get(reverse("jobs:list")).content.decode()
    html = client.get(reverse("jobs:list"), {"status": "archived"}).content.decode()
    assert archived.title in html
