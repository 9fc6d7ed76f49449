"""Demo offer letters for `manage.py demo`, made through the services: one accepted, one pending."""

import datetime as dt

from django.utils import timezone

from vivier.accounts.models import Role, User
from vivier.hiring.models import Application, StageKind
from vivier.hiring.offer_letters import services

SALARIES = ["2 450 € bruts par mois", "36 000 € bruts par an"]


def load_offer_letters(*, pending: Application | None = None) -> int:
    """Letters for two applications at the offer stage (or the interview stage if fewer): the
    first accepted by the candidate (so hired), the second waiting for the answer. `pending`,
    when given, is the one waiting (the demo's candidate, whose space then shows the offer)."""
    recruiter = User.objects.filter(role=Role.RECRUITER).order_by("pk").first()
    wanted = 1 if pending is not None else 2
    others = Application.objects.exclude(pk=getattr(pending, "pk", None)).order_by("pk")
    candidates = list(others.filter(stage__kind=StageKind.OFFER)[:wanted])
    if len(candidates) < wanted:
        candidates += list(
            others.filter(stage__kind=StageKind.INTERVIEW).exclude(
                pk__in=[a.pk for a in candidates]
            )[: wanted - len(candidates)]
        )
    if pending is not None:
        candidates.append(pending)
    today = timezone.localdate()
    for number, application in enumerate(candidates):
        values = services.initial_values(application) | {
            "salary": SALARIES[number % len(SALARIES)],
            "start_date": today + dt.timedelta(days=45),
        }
        letter = services.create_offer_letter(application=application, by=recruiter, **values)
        letter = services.send_offer_letter(letter=letter, by=recruiter)
        if number == 0 and application != pending:
            services.accept_offer(letter, via="link")
    return len(candidates)
