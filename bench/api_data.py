"""Data for bench/api (run with the benchmark's environment).

Everything is generated: the candidates are made-up names at example.test addresses.
"""

import random
import statistics
import sys
import time

import django

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from vivier.accounts.models import Role, User  # noqa: E402
from vivier.api import webhooks  # noqa: E402
from vivier.api.models import Scope, WebhookDelivery, WebhookEndpoint  # noqa: E402
from vivier.api.services import create_token  # noqa: E402
from vivier.api.tasks import deliver_webhooks  # noqa: E402
from vivier.distribution.models import Channel, ChannelKind, TrackedLink, new_link_code  # noqa: E402
from vivier.hiring.models import (  # noqa: E402
    Application,
    Candidate,
    DeclaredSource,
    Document,
    PipelineStage,
)
from vivier.jobs.models import JobOffer  # noqa: E402

FIRST_NAMES = ["Lou", "Sacha", "Camille", "Noa", "Alix", "Eden", "Maël", "Lina", "Yanis", "Inès"]
SYLLABLES = ["ber", "lo", "ma", "tin", "dur", "ro", "que", "vel", "san", "mor", "ga", "ni"]


def token() -> None:
    user = User.objects.create_user(email="bench@example.test", role=Role.RECRUITER)
    print(create_token(user=user, name="bench", scopes=list(Scope.values))[1])


def applications(total: int, hot_offers: int, per_hot_offer: int) -> None:
    """`total` applications over every offer, `per_hot_offer` of them on each of the first
    `hot_offers` offers (those the benchmark loads); one candidate and one CV each, in bulk.

    Prints the hot offers' ids, comma-separated.
    """
    randomness = random.Random(9)
    offers = list(JobOffer.objects.order_by("pk").values_list("pk", flat=True))
    hot, others = offers[:hot_offers], offers[hot_offers:]
    offer_ids = [offer for offer in hot for _ in range(per_hot_offer)]
    offer_ids += [randomness.choice(others) for _ in range(total - len(offer_ids))]
    randomness.shuffle(offer_ids)  # arrival order mixes the offers, as on a real site
    now = timezone.now()
    candidates = Candidate.objects.bulk_create(
        [
            Candidate(
                email=f"candidat.{number}@example.test",
                first_name=randomness.choice(FIRST_NAMES),
                last_name="".join(randomness.choices(SYLLABLES, k=3)).capitalize(),
                phone=f"06 {number // 10000 % 100:02d} {number // 100 % 100:02d} "
                f"{number % 100:02d} 00",
            )
            for number in range(total)
        ],
        batch_size=2000,
    )
    stages = list(PipelineStage.objects.filter(is_active=True))
    sources = [source for source in DeclaredSource.values if source]
    # Two applications in three came through a tracked link of one of four channels.
    channels = [
        Channel.objects.create(kind=kind, name=f"{kind} bench")
        for kind in (ChannelKind.LINKEDIN, ChannelKind.FACEBOOK, ChannelKind.X, ChannelKind.EMAIL)
    ]
    links = TrackedLink.objects.bulk_create(
        TrackedLink(code=new_link_code(), channel=channel, offer_id=offer)
        for offer in offers
        for channel in channels
    )
    links_of = {}
    for link in links:
        links_of.setdefault(link.offer_id, []).append(link)
    rows = []
    for candidate, offer_id in zip(candidates, offer_ids, strict=True):
        link = randomness.choice(links_of[offer_id]) if randomness.random() < 2 / 3 else None
        rows.append(
            Application(
                offer_id=offer_id,
                candidate=candidate,
                stage=randomness.choice(stages),
                cover_letter="Votre offre correspond à mon parcours et à mes envies. " * 6,
                declared_source=randomness.choice(sources),
                language="fr",
                last_touch=link,
                last_touch_at=now if link else None,
            )  # the dates are now's (auto_now_add): the list's order is by id anyway
        )
    created = Application.objects.bulk_create(rows, batch_size=2000)
    # Rows only: the list shows the CV's name, the file itself is never read here.
    Document.objects.bulk_create(
        [
            Document(
                application=application,
                file=f"cv/bench/{application.pk}.pdf",
                original_name="cv.pdf",
                content_type="application/pdf",
                size=84_000,
                uploaded_at=now,
            )
            for application in created
        ],
        batch_size=2000,
    )
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            # The statistics autovacuum would gather within the minute on a real database:
            # without them the planner guesses on the tables' sizes of before the load.
            cursor.execute("ANALYZE")
    print(",".join(str(offer) for offer in hot))


def costs(token_value: str, offer_id: str, requests: int = 200) -> None:
    """What one read costs the web process, measured in this one: the queries of a page of an
    offer's applications, and the median CPU time of each read (process time, so that waiting
    for a core the other processes hold does not count, their caches' contention does)."""
    client = Client(HTTP_HOST="127.0.0.1")
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token_value}"}
    paths = {"offers": "/api/v1/offers/", "applications": f"/api/v1/applications/?offer={offer_id}"}
    for name, path in paths.items():
        client.get(path, **headers)
        with CaptureQueriesContext(connection) as captured:
            response = client.get(path, **headers)
        assert response.status_code == 200, response.content
        print(f"{name}_queries={len(captured.captured_queries)}")
        times = []
        for _ in range(requests):
            started = time.process_time()
            client.get(path, **headers)
            times.append(time.process_time() - started)
        print(f"{name}_cpu_ms={statistics.median(times) * 1000:.1f}")


def queue_deliveries(url: str, count: int) -> None:
    """Deliveries to the local receiver, queued for the workers as events would queue them."""
    owner = User.objects.get(email="bench@example.test")
    endpoint = WebhookEndpoint.objects.create(
        owner=owner, url=url, events=["offer.published"], secret=webhooks.new_secret()
    )
    WebhookDelivery.objects.bulk_create(
        (
            WebhookDelivery(endpoint=endpoint, event="offer.published", payload={"id": number})
            for number in range(count)
        ),
        batch_size=2000,
    )
    deliver_webhooks(endpoint.pk)


if __name__ == "__main__":
    command, arguments = sys.argv[1], sys.argv[2:]
    if command == "token":
        token()
    elif command == "applications":
        applications(*(int(argument) for argument in arguments))
    elif command == "costs":
        costs(*arguments)
    else:
        queue_deliveries(arguments[0], int(arguments[1]))
