"""Data and query counts for bench/careers (run with the benchmark's environment)."""

import datetime as dt
import random
import sys

import django

django.setup()

from django.core.cache import cache  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from vivier.brand.models import Department, Employer  # noqa: E402
from vivier.jobs.models import ContractType, JobOffer, OfferStatus, RemotePolicy  # noqa: E402

CITIES = [("Rennes", "35000"), ("Brest", "29200"), ("Vannes", "56000"), ("Nantes", "44000")]
TITLES = ["Développeuse", "Comptable", "Chargé de mission", "Technicien", "Juriste", "Agent"]


def create(count: int) -> None:
    """Published offers with realistic text, written in bulk (generated, nobody real)."""
    randomness = random.Random(500)
    employer = Employer.current()
    employer.name = "Région Armor-Océan"
    employer.tagline = "Servir le territoire, ensemble"
    employer.save()
    departments = [
        Department.objects.create(employer=employer, name=f"Direction {number}")
        for number in range(8)
    ]
    now = timezone.now()
    paragraph = "La direction recrute pour renforcer ses équipes au service des habitants. " * 8
    offers = []
    for number in range(count):
        city, postcode = randomness.choice(CITIES)
        title = f"{randomness.choice(TITLES)} — poste {number}"
        offers.append(
            JobOffer(
                title=title,
                slug=f"poste-{number}",
                reference=f"BENCH-{number:05d}",
                department=randomness.choice(departments),
                summary="Un poste au service du territoire.",
                description=paragraph,
                missions="- Piloter\n- Animer\n- Évaluer",
                profile="- Rigueur\n- Sens du service public",
                contract_type=randomness.choice(ContractType.values),
                city=city,
                postcode=postcode,
                remote_policy=randomness.choice(RemotePolicy.values),
                salary_min=30000,
                salary_max=42000,
                status=OfferStatus.PUBLISHED,
                published_at=now - dt.timedelta(minutes=number),
                closing_date=timezone.localdate() + dt.timedelta(days=60),
            )
        )
    JobOffer.objects.bulk_create(offers, batch_size=250)


def count_queries() -> None:
    client = Client(HTTP_HOST="127.0.0.1")
    offer = JobOffer.objects.open().order_by("pk").first()
    pages = {"list": "/offres/", "offer": offer.get_absolute_url()}
    for name, path in pages.items():
        cache.clear()
        with CaptureQueriesContext(connection) as uncached:
            client.get(path)
        with CaptureQueriesContext(connection) as cached:
            client.get(path)
        print(f"queries_{name}={len(uncached.captured_queries)}")
        print(f"queries_{name}_cached={len(cached.captured_queries)}")
    print(f"offer_path={offer.get_absolute_url()}")


if __name__ == "__main__":
    if sys.argv[1:] == ["--count-queries"]:
        count_queries()
    else:
        create(int(sys.argv[1]))
