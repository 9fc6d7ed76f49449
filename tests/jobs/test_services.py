"""Unit tests for the job offer workflow (vivier/jobs/services.py)."""

import datetime as dt

import pytest
import time_machine
from django.utils import timezone, translation

from tests.factories import DepartmentFactory, JobOfferFactory, UserFactory
from vivier.accounts.models import Role
from vivier.jobs.models import ContractType, JobOffer, OfferStatus
from vivier.jobs.services import (
    TransitionError,
    archive_offer,
    close_expired_offers,
    close_offer,
    create_offer,
    duplicate_offer,
    publish_offer,
    update_offer,
)

pytestmark = pytest.mark.django_db

# Noon in Paris, so that the local date is the same whatever the machine's time zone.
A_DAY = dt.datetime(2031, 3, 15, 12, 0, tzinfo=dt.timezone(dt.timedelta(hours=1)))


def new_offer(**fields) -> JobOffer:
    """An unsaved offer, as the offer form builds it."""
    values = {
        "title": "Chargée de projet mobilités",
        "reference": "",
        "department": DepartmentFactory(),
        "description": "## Contexte\nLa direction des mobilités recrute.",
        "contract_type": ContractType.CDD,
        "city": "Brest",
    }
    values.update(fields)
    return JobOffer(**values)


def days_from_today(days: int) -> dt.date:
    return timezone.localdate() + dt.timedelta(days=days)


# --- create_offer ---------------------------------------------------------------------------


@time_machine.travel(A_DAY)
def test_create_offer_assigns_the_year_and_padded_id_when_the_reference_is_blank(bob):
    offer = create_offer(offer=new_offer(reference=""), by=bob)

    offer.refresh_from_db()
    assert offer.reference == f"2031-{offer.pk:05d}"


def test_create_offer_keeps_a_reference_that_was_given(bob):
    offer = create_offer(offer=new_offer(reference="DRH-2031-17"), by=bob)

    offer.refresh_from_db()
    assert offer.reference == "DRH-2031-17"


def test_create_offer_saves_a_draft_even_if_asked_for_another_status(bob):
    offer = create_offer(offer=new_offer(status=OfferStatus.PUBLISHED), by=bob)

    offer.refresh_from_db()
    assert offer.status == OfferStatus.DRAFT
    assert offer.published_at is None


def test_create_offer_makes_the_recruiter_who_creates_it_its_recruiter(bob):
    offer = create_offer(offer=new_offer(), by=bob)

    assert offer.recruiter == bob


def test_create_offer_assigns_the_hiring_managers(bob, hana, hugo):
    offer = create_offer(offer=new_offer(), hiring_managers=[hana, hugo], by=bob)

    assert set(offer.hiring_managers.all()) == {hana, hugo}


def test_two_offers_created_with_blank_references_get_different_ones(bob):
    first = create_offer(offer=new_offer(), by=bob)
    second = create_offer(offer=new_offer(), by=bob)

    assert first.reference != second.reference


def test_update_offer_assigns_a_reference_when_it_is_cleared(bob):
    offer = create_offer(offer=new_offer(reference="DRH-1"), by=bob)
    offer.reference = ""

    update_offer(offer=offer, by=bob)

    offer.refresh_from_db()
    assert offer.reference.endswith(f"-{offer.pk:05d}")


# --- publish, close, archive ----------------------------------------------------------------


def test_publishing_a_draft_sets_the_status_and_published_at(bob):
    offer = JobOfferFactory()
    before = timezone.now()

    publish_offer(offer=offer, by=bob)

    offer.refresh_from_db()
    assert offer.status == OfferStatus.PUBLISHED
    assert offer.published_at is not None
    assert before <= offer.published_at <= timezone.now()


@pytest.mark.parametrize("trait", ["published", "archived"])
def test_publishing_refuses_a_published_or_archived_offer(bob, trait):
    if trait == "published":
        offer = JobOfferFactory(published=True)
    else:
        offer = JobOfferFactory(status=OfferStatus.ARCHIVED, archived_at=timezone.now())

    with pytest.raises(TransitionError):
        publish_offer(offer=offer, by=bob)

    offer.refresh_from_db()
    assert offer.status == ("published" if trait == "published" else "archived")


def test_publishing_refuses_an_offer_whose_closing_date_has_passed(bob):
    offer = JobOfferFactory(closing_date=days_from_today(-1))

    with pytest.raises(TransitionError):
        publish_offer(offer=offer, by=bob)

    offer.refresh_from_db()
    assert offer.status == OfferStatus.DRAFT
    assert offer.published_at is None


def test_publishing_accepts_an_offer_closing_today(bob):
    offer = JobOfferFactory(closing_date=days_from_today(0))

    publish_offer(offer=offer, by=bob)

    offer.refresh_from_db()
    assert offer.status == OfferStatus.PUBLISHED


def test_closing_a_published_offer_sets_the_status_and_closed_at(bob):
    offer = JobOfferFactory(published=True)

    close_offer(offer=offer, by=bob)

    offer.refresh_from_db()
    assert offer.status == OfferStatus.CLOSED
    assert offer.closed_at is not None


def test_closing_refuses_a_draft(bob):
    offer = JobOfferFactory()

    with pytest.raises(TransitionError):
        close_offer(offer=offer, by=bob)

    offer.refresh_from_db()
    assert offer.status == OfferStatus.DRAFT
    assert offer.closed_at is None


def test_reopening_a_closed_offer_keeps_the_first_publication_date(bob):
    offer = JobOfferFactory(closed=True)
    first_published_at = offer.published_at

    publish_offer(offer=offer, by=bob)

    offer.refresh_from_db()
    assert offer.status == OfferStatus.PUBLISHED
    assert offer.published_at == first_published_at
    assert offer.closed_at is None


def test_archiving_refuses_a_published_offer(bob):
    offer = JobOfferFactory(published=True)

    with pytest.raises(TransitionError):
        archive_offer(offer=offer, by=bob)

    offer.refresh_from_db()
    assert offer.status == OfferStatus.PUBLISHED
    assert offer.archived_at is None


@pytest.mark.parametrize("traits", [{}, {"closed": True}], ids=["draft", "closed"])
def test_archiving_a_draft_or_closed_offer_sets_archived_at(bob, traits):
    offer = JobOfferFactory(**traits)

    archive_offer(offer=offer, by=bob)

    offer.refresh_from_db()
    assert offer.status == OfferStatus.ARCHIVED
    assert offer.archived_at is not None


# --- duplicate_offer ------------------------------------------------------------------------


def test_duplicating_makes_a_draft_copy_with_a_new_title_and_reference(bob, offer, hana):
    offer.closing_date = days_from_today(10)
    offer.salary_min, offer.salary_max = 32000, 38000
    offer.save()

    copy = duplicate_offer(offer=offer, by=bob)

    copy.refresh_from_db()
    offer.refresh_from_db()
    assert copy.pk != offer.pk
    assert copy.title.startswith(offer.title)
    assert copy.title != offer.title
    assert copy.reference and copy.reference != offer.reference
    assert copy.status == OfferStatus.DRAFT
    assert copy.published_at is None and copy.closed_at is None and copy.archived_at is None
    assert copy.closing_date is None
    assert (copy.description, copy.salary_min, copy.salary_max) == (
        offer.description,
        32000,
        38000,
    )
    assert list(copy.hiring_managers.all()) == [hana]
    assert list(offer.hiring_managers.all()) == [hana]
    assert offer.status == OfferStatus.PUBLISHED


def test_duplicating_in_english_adds_copy_to_the_title(bob, offer):
    with translation.override("en"):
        copy = duplicate_offer(offer=offer, by=bob)

    assert copy.title == f"{offer.title} (copy)"


def test_the_recruiter_who_duplicates_becomes_the_recruiter_of_the_copy(offer):
    other_recruiter = UserFactory(role=Role.RECRUITER)

    copy = duplicate_offer(offer=offer, by=other_recruiter)

    assert copy.recruiter == other_recruiter


# --- close_expired_offers -------------------------------------------------------------------


def test_close_expired_offers_closes_only_published_offers_past_their_closing_date():
    with time_machine.travel(A_DAY - dt.timedelta(days=30)):
        expired = JobOfferFactory(published=True, closing_date=dt.date(2031, 3, 14))
        closing_today = JobOfferFactory(published=True, closing_date=dt.date(2031, 3, 15))
        no_closing_date = JobOfferFactory(published=True)
        draft_past_date = JobOfferFactory(closing_date=dt.date(2031, 3, 1))

    with time_machine.travel(A_DAY):
        closed = close_expired_offers()

    assert closed == 1
    statuses = {
        offer.pk: offer.status
        for offer in JobOffer.objects.filter(
            pk__in=[expired.pk, closing_today.pk, no_closing_date.pk, draft_past_date.pk]
        )
    }
    assert statuses == {
        expired.pk: OfferStatus.CLOSED,
        closing_today.pk: OfferStatus.PUBLISHED,
        no_closing_date.pk: OfferStatus.PUBLISHED,
        draft_past_date.pk: OfferStatus.DRAFT,
    }
    expired.refresh_from_db()
    assert expired.closed_at is not None


def test_close_expired_offers_closes_the_offer_the_day_after_its_closing_date():
    with time_machine.travel(A_DAY):
        offer = JobOfferFactory(published=True, closing_date=timezone.localdate())
        assert close_expired_offers() == 0

    with time_machine.travel(A_DAY + dt.timedelta(days=1)):
        assert close_expired_offers() == 1

    offer.refresh_from_db()
    assert offer.status == OfferStatus.CLOSED
