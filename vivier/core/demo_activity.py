"""A generated year of channel activity for the demo: clicks, applications, hires, two campaigns.

Every person is generated. Channels behave differently per audience (Facebook reaches students
and young graduates, LinkedIn and the job boards experienced people), so that the reports and
the recommendation have something true to say about this made-up employer.
"""

import datetime as dt
import uuid

from django.utils import timezone

from vivier.analytics import counting
from vivier.analytics.models import AudienceSize, AudienceSource
from vivier.campaigns.models import Campaign, CampaignChannel
from vivier.distribution.models import Channel, Click, TrackedLink
from vivier.hiring.models import PROGRESS, Application, Candidate, PipelineStage, StageKind

# Per channel kind: people clicking per day and offer, robots' share, and the chance that a
# click becomes an application for a student, a young graduate, an experienced person, an executive.
BEHAVIOUR = {
    "linkedin": (3.0, 0.2, (0.01, 0.03, 0.06, 0.05)),
    "facebook": (4.0, 0.3, (0.06, 0.05, 0.01, 0.0)),
    "x": (1.5, 0.4, (0.01, 0.01, 0.01, 0.01)),
    "mastodon": (1.0, 0.2, (0.02, 0.03, 0.02, 0.0)),
    "email": (0.5, 0.05, (0.08, 0.05, 0.0, 0.0)),
    "job_board": (3.0, 0.1, (0.0, 0.02, 0.05, 0.02)),
    "google_jobs": (2.0, 0.5, (0.01, 0.02, 0.03, 0.01)),
}
# How far applicants of each channel tend to go: (screened, interviewed, offered, hired) rates.
QUALITY = {
    "linkedin": (0.6, 0.35, 0.15, 0.12),
    "facebook": (0.5, 0.25, 0.1, 0.08),
    "x": (0.4, 0.15, 0.05, 0.03),
    "mastodon": (0.6, 0.3, 0.12, 0.1),
    "email": (0.7, 0.4, 0.2, 0.15),
    "job_board": (0.5, 0.2, 0.08, 0.06),
    "google_jobs": (0.5, 0.2, 0.07, 0.05),
    None: (0.5, 0.25, 0.1, 0.08),
}
# What applicants say brought them, when they came through each kind (the rest: noise).
DECLARED = {
    "linkedin": "linkedin", "facebook": "facebook", "x": "x", "mastodon": "mastodon",
    "job_board": "job_board", "google_jobs": "careers_site", "email": "other",
}  # fmt: skip
OTHER_SOURCES = ["careers_site", "referral", "event", "linkedin", "facebook", "other"]
AUDIENCES = ["student", "young_graduate", "experienced", "executive"]


def _campaigns(channels: dict, offers: list, today: dt.date) -> list[Campaign]:
    young = Campaign.objects.create(
        name="Jeunes diplômés du numérique",
        slug="jeunes-diplomes-numerique",
        objective="Recruter dix jeunes diplômés pour les projets numériques de la Région.",
        career_stages=["student", "young_graduate"],
        field="numérique", region="Bretagne",
        starts_on=today - dt.timedelta(days=240), ends_on=today - dt.timedelta(days=180),
        hashtags="jeunesdiplômés numérique",
        landing_title="Votre premier poste au service du public",
        landing_text="Des projets utiles, une équipe qui forme, du télétravail : **lancez-vous**.",
    )  # fmt: skip
    transport = Campaign.objects.create(
        name="Métiers des transports",
        slug="metiers-des-transports",
        objective="Pourvoir les postes de conduite et de maintenance avant l'été.",
        career_stages=["experienced"],
        field="transports", region="Bretagne",
        starts_on=today - dt.timedelta(days=120), ends_on=today - dt.timedelta(days=60),
        hashtags="transports emploi",
        landing_title="Faites rouler la Bretagne",
        landing_text="Conductrices, conducteurs, techniciennes et techniciens : la Région recrute.",
    )  # fmt: skip
    plans = {
        young: [("facebook", 600), ("mastodon", None), ("linkedin", 400), ("email", None)],
        transport: [("job_board", 500), ("linkedin", 300), ("facebook", 200)],
    }
    for campaign, lines in plans.items():
        campaign.offers.set(offers[:4] if campaign is young else offers[4:8])
        for kind, budget in lines:
            CampaignChannel.objects.create(campaign=campaign, channel=channels[kind], budget=budget)
    return [young, transport]


def load_year(offers: list, randomness, *, days: int = 365, today: dt.date | None = None) -> None:
    """`days` of history (a year by default; the tests ask for less, to stay fast)."""
    today = today or timezone.localdate()
    channels = {}
    for channel in Channel.objects.order_by("pk"):
        channels.setdefault(channel.kind, channel)
    campaigns = _campaigns(channels, offers, today)
    # Each offer's own stages: its template's (hiring.pipelines).
    stages = {
        offer.pk: {kind: PipelineStage.for_offer(offer, kind) for kind in StageKind.values}
        for offer in offers
    }
    links = []
    for offer in offers:
        for kind, channel in channels.items():
            if kind in BEHAVIOUR:
                links.append(
                    (TrackedLink.objects.get_or_create(offer=offer, channel=channel)[0], None)
                )
    for campaign in campaigns:
        for line in campaign.plan.select_related("channel"):
            link = TrackedLink.objects.get_or_create(campaign=campaign, channel=line.channel)[0]
            links.append((link, campaign))
    clicks, applications, candidates = [], [], []
    for link, campaign in links:
        kind = link.channel.kind
        per_day, robots, conversion = BEHAVIOUR[kind]
        if campaign is not None:
            active = range((today - campaign.starts_on).days, (today - campaign.ends_on).days, -1)
            per_day *= 6  # a campaign's page is pushed hard while it runs
            target_offers = list(campaign.offers.all())
        else:
            active = range(days, 0, -1)
            target_offers = [link.offer]
        for days_ago in active:
            if randomness.random() > 0.35:  # most days, nobody
                continue
            day = today - dt.timedelta(days=days_ago)
            for _ in range(max(0, round(randomness.gauss(per_day, per_day / 2)))):
                at = timezone.make_aware(
                    dt.datetime.combine(day, dt.time(randomness.randint(7, 22)))
                )
                is_robot = randomness.random() < robots
                clicks.append(
                    Click(
                        id=uuid.UUID(int=randomness.getrandbits(128)), link=link, at=at,
                        is_bot=is_robot, bot_name="facebookexternalhit" if is_robot else "",
                        visitor_hash=f"{randomness.getrandbits(256):064x}",
                    )
                )  # fmt: skip
                if is_robot:
                    continue
                index = randomness.randrange(len(AUDIENCES))
                if randomness.random() < conversion[index]:
                    # One applicant in five prefers not to give a career stage.
                    audience = AUDIENCES[index] if randomness.random() < 0.8 else ""
                    candidate, application = _applicant(
                        randomness, randomness.choice(target_offers), link, at, audience, stages
                    )
                    candidates.append(candidate)
                    applications.append(application)
    # Applicants who came through no tracked link.
    for _ in range(len(applications) // 3):
        days_ago = randomness.randint(1, days)
        at = timezone.now() - dt.timedelta(days=days_ago, hours=randomness.randint(0, 12))
        candidate, application = _applicant(
            randomness, randomness.choice(offers), None, at, randomness.choice(AUDIENCES), stages
        )
        candidates.append(candidate)
        applications.append(application)
    Click.objects.bulk_create(clicks, batch_size=2000)
    Candidate.objects.bulk_create(candidates, batch_size=1000)
    for application, candidate in zip(applications, candidates, strict=True):
        application.candidate = candidate
    # submitted_at is set to "now" on creation: put the generated dates back afterwards.
    dates = [(a.submitted_at, a.stage_changed_at) for a in applications]
    Application.objects.bulk_create(applications, batch_size=1000)
    for application, (submitted_at, changed_at) in zip(applications, dates, strict=True):
        application.submitted_at = application.last_submitted_at = submitted_at
        application.stage_changed_at = changed_at
    Application.objects.bulk_update(
        applications, ["submitted_at", "last_submitted_at", "stage_changed_at"], batch_size=1000
    )
    counting.rebuild_all()
    _followers(channels, randomness, days, today)


# Followers at the start of the year and weekly growth, per kind; e-mail lists are typed in.
AUDIENCE = {"linkedin": (4200, 45), "facebook": (9800, 60), "x": (3100, 5), "mastodon": (600, 12)}


def _followers(channels: dict, randomness, days: int, today: dt.date) -> None:
    sizes = []
    for kind, (start, weekly) in AUDIENCE.items():
        if kind not in channels:
            continue
        followers = start
        for days_ago in range(days, -1, -7):
            followers += max(0, round(randomness.gauss(weekly, weekly / 2)))
            sizes.append(
                AudienceSize(
                    channel=channels[kind], day=today - dt.timedelta(days=days_ago),
                    followers=followers, source=AudienceSource.NETWORK,
                )
            )  # fmt: skip
    AudienceSize.objects.bulk_create(sizes)


def _applicant(randomness, offer, link, at, audience, stages):
    """A generated person and their application, already followed to its end."""
    number = randomness.getrandbits(40)
    candidate = Candidate(
        email=f"historique.{number}@example.test",
        first_name="Personne",
        last_name=f"n° {number % 100000}",
    )
    kind = link.channel.kind if link else None
    rates = QUALITY.get(kind, QUALITY[None])
    furthest = 0
    for step, rate in enumerate(rates, start=1):
        if randomness.random() < rate / (rates[step - 2] if step > 1 else 1):
            furthest = step
        else:
            break
    declared = DECLARED.get(kind) if kind and randomness.random() < 0.75 else None
    stage = PROGRESS[furthest]
    kinds = stages[offer.pk]
    final = kinds[StageKind.HIRED] if stage == StageKind.HIRED else kinds[StageKind.REJECTED]
    hired_at = (
        at + dt.timedelta(days=randomness.randint(15, 60)) if stage == StageKind.HIRED else None
    )
    application = Application(
        offer=offer, stage=final, declared_source=declared or randomness.choice(OTHER_SOURCES),
        career_stage=audience, furthest_stage=stage, hired_at=hired_at,
        submitted_at=at, last_submitted_at=at,
        stage_changed_at=hired_at or at + dt.timedelta(days=10),
        last_touch=link, last_touch_at=at if link else None,
        first_touch=link, first_touch_at=at if link else None,
    )  # fmt: skip
    return candidate, application
