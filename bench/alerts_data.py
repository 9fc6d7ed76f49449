"""Data and timing for bench/alerts (run with the benchmark's environment, one database).

`load`: a gazetteer of 30 French towns, 20 departments, --subscribers confirmed addresses (a
fifth of them weekly) holding --alerts confirmed alerts between them, with criteria drawn as
people set them (a few keywords from a job vocabulary, a contract, a department, a town with or
without a distance, or nothing: follow everything), 2,000 older offers, and --offers offers
published in the last 23 hours. Generated, nobody real. Bulk inserts through the ORM.

`time`: in a fresh process, the daily digest: compute_digests(frequency="daily") with the real
queue (Redis): matching, the digest rows (the outbox), and the sending tasks queued. Prints
seconds=, peak_mb= (this process's peak resident memory, from getrusage), digests=, queued=.

    alerts_data.py load [--subscribers 80000] [--alerts 100000] [--offers 500] [--seed 2026]
    alerts_data.py time
"""

import argparse
import datetime as dt
import random
import resource
import sys
import time

import django

django.setup()

from django.utils import timezone  # noqa: E402

from vivier.brand.models import Department, Employer  # noqa: E402
from vivier.community.alerts.criteria import Criteria  # noqa: E402
from vivier.community.alerts.models import Alert, Digest, Subscriber  # noqa: E402
from vivier.jobs.models import ContractType, JobOffer, OfferStatus, RemotePolicy  # noqa: E402
from vivier.talent.models import Place  # noqa: E402
from vivier.talent.places import place_key  # noqa: E402

TOWNS = [
    ("Paris", "75001", 48.8566, 2.3522, 2100000), ("Marseille", "13001", 43.2965, 5.3698, 870000),
    ("Lyon", "69001", 45.7640, 4.8357, 520000), ("Toulouse", "31000", 43.6047, 1.4442, 490000),
    ("Nice", "06000", 43.7102, 7.2620, 340000), ("Nantes", "44000", 47.2184, -1.5536, 320000),
    ("Montpellier", "34000", 43.6108, 3.8767, 300000), ("Strasbourg", "67000", 48.5734, 7.7521,
                                                          290000),
    ("Bordeaux", "33000", 44.8378, -0.5792, 260000), ("Lille", "59000", 50.6292, 3.0573, 235000),
    ("Rennes", "35000", 48.1173, -1.6778, 222000), ("Reims", "51100", 49.2583, 4.0317, 180000),
    ("Toulon", "83000", 43.1242, 5.9280, 180000), ("Saint-Étienne", "42000", 45.4397, 4.3872,
                                                     173000),
    ("Le Havre", "76600", 49.4944, 0.1079, 170000), ("Grenoble", "38000", 45.1885, 5.7245, 158000),
    ("Dijon", "21000", 47.3220, 5.0415, 158000), ("Angers", "49000", 47.4784, -0.5632, 155000),
    ("Brest", "29200", 48.3904, -4.4861, 140000), ("Le Mans", "72000", 48.0061, 0.1996, 145000),
    ("Saint-Malo", "35400", 48.6493, -2.0257, 46000), ("Vannes", "56000", 47.6582, -2.7608, 54000),
    ("Quimper", "29000", 47.9960, -4.1024, 63000), ("Lorient", "56100", 47.7483, -3.3700, 57000),
    ("Saint-Brieuc", "22000", 48.5136, -2.7603, 44000), ("Caen", "14000", 49.1829, -0.3707,
                                                         106000),
    ("Tours", "37000", 47.3941, 0.6848, 137000), ("Orléans", "45000", 47.9030, 1.9093, 117000),
    ("Limoges", "87000", 45.8336, 1.2611, 131000), ("Poitiers", "86000", 46.5802, 0.3404, 89000),
]  # fmt: skip
VOCABULARY = (
    "infirmier infirmière aide-soignant médecin pharmacien sage-femme kinésithérapeute "
    "développeur développeuse ingénieur ingénieure technicien technicienne data analyste "
    "comptable juriste gestionnaire assistant assistante chargé chargée mission projet chef "
    "responsable directeur directrice agent agente accueil secrétaire logistique magasinier "
    "chauffeur conducteur électricien plombier mécanicien maçon jardinier paysagiste cuisinier "
    "animateur éducateur éducatrice enseignant formateur bibliothécaire archiviste urbaniste "
    "architecte géomaticien cartographe réseau systèmes sécurité cybersécurité cloud devops "
    "python java web mobile marketing communication commercial vendeur acheteur achats "
    "finances budget paie ressources humaines recrutement santé social enfance petite "
    "numérique informatique support maintenance bâtiment voirie eau environnement énergie "
    "transport mobilité culture sport tourisme"
)
WORDS = VOCABULARY.split()


def load(args) -> None:
    rng = random.Random(args.seed)
    now = timezone.now()
    started = time.monotonic()
    Employer.current()
    Place.objects.bulk_create(
        Place(
            key=place_key(name), name=name, country="FR", postcode=postcode,
            department=postcode[:2], latitude=latitude, longitude=longitude,
            population=population, origin="bench",
        )
        for name, postcode, latitude, longitude, population in TOWNS
    )  # fmt: skip
    departments = Department.objects.bulk_create(
        Department(employer=Employer.current(), name=f"Direction {number}") for number in range(20)
    )
    offers = []
    for number in range(2000 + args.offers):
        is_new = number >= 2000
        name, postcode, *_rest = rng.choice(TOWNS)
        words = rng.sample(WORDS, 3)
        published_at = now - (
            dt.timedelta(minutes=rng.randint(10, 23 * 60)) if is_new
            else dt.timedelta(days=rng.randint(2, 200))
        )  # fmt: skip
        offers.append(
            JobOffer(
                title=f"{words[0].capitalize()} {words[1]} ({number})",
                slug=f"offre-{number}", reference=f"BENCH-{number:05d}",
                department=rng.choice(departments),
                summary=f"Poste de {words[0]} {words[2]} au service des habitants.",
                description=f"## Le poste\n{' '.join(rng.sample(WORDS, 12))}",
                missions=f"- {' '.join(rng.sample(WORDS, 6))}",
                contract_type=rng.choice(ContractType.values), city=name, postcode=postcode,
                remote_policy=rng.choices(RemotePolicy.values, weights=[8, 3, 1])[0],
                status=OfferStatus.PUBLISHED, published_at=published_at,
            )
        )  # fmt: skip
    # bulk_create skips save(): the pipeline template is set the same way save() would.
    from vivier.hiring.models import PipelineTemplate

    template = PipelineTemplate.default()
    for offer in offers:
        offer.pipeline_template = template
    JobOffer.objects.bulk_create(offers, batch_size=1000)
    confirmed = now - dt.timedelta(days=10)
    subscribers = Subscriber.objects.bulk_create(
        (
            Subscriber(
                email=f"abonne{number}@example.test", frequency="weekly" if number % 5 == 0
                else "daily", confirmed_at=confirmed, created_at=confirmed,
            )
            for number in range(args.subscribers)
        ),
        batch_size=5000,
    )  # fmt: skip
    owners = list(subscribers) + [
        rng.choice(subscribers) for _ in range(max(0, args.alerts - len(subscribers)))
    ]
    batch = []
    for subscriber in owners[: args.alerts]:
        batch.append(_alert(rng, subscriber, departments, confirmed))
        if len(batch) == 5000:
            Alert.objects.bulk_create(batch)
            batch = []
    Alert.objects.bulk_create(batch)
    print(f"subscribers={Subscriber.objects.count()}")
    print(f"alerts={Alert.objects.count()}")
    print(f"criteria_sets={Alert.objects.values('criteria_key').distinct().count()}")
    print(f"new_offers={args.offers}")
    print(f"load_s={time.monotonic() - started:.1f}")


def _alert(rng, subscriber, departments, confirmed) -> Alert:
    alert = Alert(subscriber=subscriber, confirmed_at=confirmed, created_at=confirmed)
    shape = rng.random()
    if shape < 0.1:
        pass  # follows every new offer
    else:
        if rng.random() < 0.7:
            alert.keywords = " ".join(rng.sample(WORDS[:60], rng.choice([1, 1, 1, 2])))
        if rng.random() < 0.5:
            alert.contract_type = rng.choice(ContractType.values)
        if rng.random() < 0.2:
            alert.department_id = rng.choice(departments).pk
        if rng.random() < 0.6:
            name, _postcode, latitude, longitude, _population = rng.choice(TOWNS)
            alert.place = name
            alert.distance_km = rng.choice([None, 10, 30, 50, 100])
            if alert.distance_km:
                alert.latitude, alert.longitude = latitude, longitude
    alert.criteria_key = Criteria.of(alert).key
    return alert


def time_digests() -> None:
    from vivier.community.alerts.digests import compute_digests

    baseline_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    started = time.monotonic()
    run = compute_digests(frequency="daily")
    seconds = time.monotonic() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB
    from huey.contrib.djhuey import HUEY

    print(f"seconds={seconds:.2f}")
    print(f"peak_mb={peak_mb:.0f}")
    print(f"startup_mb={baseline_mb:.0f}")
    print(f"digests={run.digest_count}")
    print(f"digest_rows={Digest.objects.filter(period=run.period).count()}")
    print(f"queued_tasks={HUEY.pending_count()}")
    print(f"window_offers={JobOffer.objects.filter(published_at__gt=run.since).count()}")


def main():
    parser = argparse.ArgumentParser()
    commands = parser.add_subparsers(dest="command", required=True)
    loading = commands.add_parser("load")
    loading.add_argument("--subscribers", type=int, default=80_000)
    loading.add_argument("--alerts", type=int, default=100_000)
    loading.add_argument("--offers", type=int, default=500)
    loading.add_argument("--seed", type=int, default=2026)
    commands.add_parser("time")
    args = parser.parse_args()
    if args.command == "load":
        load(args)
    else:
        time_digests()


if __name__ == "__main__":
    sys.exit(main())
