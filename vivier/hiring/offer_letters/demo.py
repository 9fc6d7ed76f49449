"""Demo offer letters for `manage.py demo`, made through the services: one accepted, one pending."""

import datetime as dt

from django.utils import timezone

from vivier.accounts.models import Role, User
from vivier.hiring.models import Application, StageKind
from vivier.hiring.offer_letters import services

SALARIES = ["2 450 € bruts par mois", "36 000 € bruts par an"]


def load_offer_letters() -> int:
    """Letters for two applications at the offer stage (or the interview stage if fewer): the
    first accepted by the candidate (so hired), the second waiting for the answer."""
    recruiter = User.objects.filter(role=Role.RECRUITER).order_by("pk").first()
    candidates = (
        list(Application.objects.filter(stage__kind=StageKind.OFFER).order_by("pk")[:2]) or []
    )
    if len(candidates) < 2:
        candidates += list(
            Application.objects.filter(stage__kind=StageKind.INTERVIEW)
            .exclude(pk__in=[a.pk for a in candidates])
            .order_by("pk")[: 2 - len(candidates)]
        )
    today = timezone.localdate()
    for number, application in enumerate(candidates):
        values = services.initial_values(application) | {
            "salary": SALARIES[number % len(SALARIES)],
            "start_date": today + dt.timedelta(days=45),
        }
        letter = services.create_offer_letter(application=application, by=recruiter, **values)
        letter = services.send_offer_letter(letter=letter, by=recruiter)
        if number == 0:
            services.accept_offer(letter, via="link")
    return len(candidates)
