"""The public pages fit a phone's screen: nothing wider than the viewport."""

import pytest

from tests.factories import EmployerFactory, JobOfferFactory

# serialized_rollback: see test_journey.py; every e2e module uses it, or flushes collide.
pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PHONE = {"width": 360, "height": 740}


def test_public_pages_fit_a_phone_screen(browser, live_server):
    EmployerFactory()
    offer = JobOfferFactory(
        title="Chargée de mission transition écologique et mobilités durables",
        published=True,
        salary_min=38000,
        salary_max=45000,
    )
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    paths = ["/", "/offres/", offer.get_absolute_url(), offer.get_absolute_url() + "postuler/"]
    for path in paths:
        page.goto(live_server.url + path)
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{path} is {overflow}px wider than the phone"
    context.close()
