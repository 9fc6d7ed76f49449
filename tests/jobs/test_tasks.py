import datetime as dt

import pytest
import time_machine

from tests.factories import JobOfferFactory
from vivier.jobs.models import OfferStatus
from vivier.jobs.tasks import close_expired_offers_daily

pytestmark = pytest.mark.django_db


def test_the_daily_job_closes_offers_whose_closing_date_has_passed(employer):
    with time_machine.travel(dt.datetime(2026, 3, 1, 12, tzinfo=dt.UTC)):
        expiring = JobOfferFactory(published=True, closing_date=dt.date(2026, 3, 10))
        lasting = JobOfferFactory(published=True, closing_date=dt.date(2026, 4, 30))
    with time_machine.travel(dt.datetime(2026, 3, 11, 1, tzinfo=dt.UTC)):
        # Huey runs tasks immediately in tests; the call returns the task's result.
        assert close_expired_offers_daily.call_local() == 1
    expiring.refresh_from_db()
    lasting.refresh_from_db()
    assert expiring.status == OfferStatus.CLOSED
    assert lasting.status == OfferStatus.PUBLISHED
