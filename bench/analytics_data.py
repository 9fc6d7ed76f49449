"""Data and timings for bench/analytics (run with the benchmark's environment, one database).

`load`: a large employer's year, generated (nobody real): departments, 12 channels, offers with
a tracked link on each channel, campaigns with their budgets and links (through the ORM, a few
thousand rows), then the raw rows the reports are computed from, written in bulk: clicks,
candidates, applications (PostgreSQL: COPY; SQLite: executemany, one transaction). Then the
daily counts are rebuilt with `counting.rebuild_all()`, as after an import. Prints name=value.

`time`: a recruiter's dashboard for the whole year, its funnel CSV and the busiest campaign's
report through django.test.Client, in a fresh process (as a web worker would be); p50/p95 of the
wall clock, the p50 of the process's CPU time, and the queries of one more request (the slowest
ones to stderr).

    analytics_data.py load [--offers 1000] [--clicks 2000000] [--applications 200000]
                           [--hires 15000] [--seed 2026]
    analytics_data.py load … [--import-cache-kib 262144]   (SQLite's page cache while writing)
    analytics_data.py time [--requests 30]
"""

import argparse
import bisect
import datetime as dt
import gc
import math
import os
import random
import sys
import time
from collections import Counter, defaultdict
from itertools import accumulate

import django

django.setup()

from django.db import connection, transaction  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402
from staff_client import signed_in_client  # noqa: E402 - bench/staff_client.py

from vivier.accounts.models import Role, User  # noqa: E402
from vivier.analytics import counting  # noqa: E402
from vivier.analytics.models import (  # noqa: E402
    AudienceSize,
    AudienceSource,
    DepartmentDay,
    DepartmentMonth,
)
from vivier.brand.models import Department, Employer  # noqa: E402
from vivier.campaigns.models import Campaign, CampaignChannel  # noqa: E402
from vivier.distribution.models import (  # noqa: E402
    Channel,
    ChannelMode,
    TrackedLink,
    new_link_code,
)
from vivier.hiring.models import PipelineStage, RejectionReason, StageKind  # noqa: E402
from vivier.jobs.models import ContractType, JobOffer, OfferStatus, RemotePolicy  # noqa: E402

UTC = dt.UTC
DAY_S = 86400
IMPORT_CACHE_KIB = 262144  # SQLite's page cache while importing (its default is 2,000 KiB)


def since(started: float) -> float:
    return time.perf_counter() - started


def say(*parts) -> None:
    print(*parts, file=sys.stderr, flush=True)


# --- The employer's channels and how people behave on them ---------------------------------------
AUDIENCES = ["student", "young_graduate", "experienced", "executive"]


class Kind:
    """How a channel behaves (the ideas of vivier/core/demo_activity.py, for 12 channels)."""

    def __init__(self, *, weight, robots, conversion, quality, decay_days, referrers, bots,
                 declared):  # fmt: skip
        self.weight = weight  # share of the clicks on offers
        self.robots = robots  # share of robots among its clicks
        # Chance that a person's click becomes an application, per audience (student, young
        # graduate, experienced, executive): also the audience mix of its applicants.
        self.conversion = conversion
        # (screened, interviewed, offered, hired): the share of applicants reaching each step.
        self.quality = quality
        # Posts (push channels) are clicked in the days after posting, then fade; feeds and job
        # boards (None) are read evenly while the offer is open.
        self.decay_days = decay_days
        self.referrers = referrers  # people's referrer hosts ("" when the app sends none)
        self.bots = bots  # what gives its robots away (bot_name)
        self.declared = declared  # what its applicants answer to "how did you hear of it?"


# kind, name, cost per month (€), feed slug, behaviour
CHANNELS = [
    ("linkedin", "LinkedIn — page de la Région", None, "", Kind(
        weight=0.20, robots=0.12, conversion=(0.02, 0.05, 0.09, 0.08),
        quality=(0.60, 0.30, 0.13, 0.10), decay_days=3,
        referrers=["www.linkedin.com", "lnkd.in", "", ""], bots=["linkedinbot", "prefetch"],
        declared="linkedin")),
    ("linkedin", "LinkedIn — partages des agents", None, "", Kind(
        weight=0.05, robots=0.08, conversion=(0.03, 0.06, 0.10, 0.06),
        quality=(0.70, 0.40, 0.20, 0.16), decay_days=2,
        referrers=["www.linkedin.com", ""], bots=["linkedinbot"], declared="linkedin")),
    ("x", "X", None, "", Kind(
        weight=0.06, robots=0.25, conversion=(0.01, 0.02, 0.02, 0.01),
        quality=(0.40, 0.15, 0.05, 0.035), decay_days=1,
        referrers=["t.co", ""], bots=["twitterbot", "bot"], declared="x")),
    ("facebook", "Facebook", None, "", Kind(
        weight=0.14, robots=0.15, conversion=(0.09, 0.07, 0.02, 0.005),
        quality=(0.50, 0.22, 0.09, 0.07), decay_days=2,
        referrers=["l.facebook.com", "m.facebook.com", "lm.facebook.com", ""],
        bots=["facebookexternalhit", "meta-externalagent"], declared="facebook")),
    ("mastodon", "Mastodon", None, "", Kind(
        weight=0.03, robots=0.30, conversion=(0.03, 0.04, 0.03, 0.01),
        quality=(0.60, 0.30, 0.12, 0.10), decay_days=1,
        referrers=["mastodon.social", "piaille.fr", "framapiaf.org", ""],
        bots=["mastodon", "akkoma"], declared="mastodon")),
    ("email", "Lettre des offres", None, "", Kind(
        weight=0.05, robots=0.04, conversion=(0.04, 0.06, 0.10, 0.05),
        quality=(0.65, 0.35, 0.15, 0.12), decay_days=2,
        referrers=["", "", "mail.google.com", "outlook.live.com"], bots=["prefetch"],
        declared="other")),
    ("email", "Écoles et universités partenaires", None, "", Kind(
        weight=0.03, robots=0.03, conversion=(0.15, 0.10, 0.005, 0.0),
        quality=(0.55, 0.25, 0.10, 0.08), decay_days=3,
        referrers=["", "webmail.univ-rennes.fr"], bots=["prefetch"], declared="other")),
    ("job_board", "Emploi territorial", 450, "emploi-territorial", Kind(
        weight=0.14, robots=0.05, conversion=(0.01, 0.05, 0.10, 0.04),
        quality=(0.55, 0.25, 0.10, 0.08), decay_days=None,
        referrers=["www.emploi-territorial.fr"], bots=["bot"], declared="job_board")),
    ("job_board", "Indeed", 1200, "indeed", Kind(
        weight=0.18, robots=0.08, conversion=(0.03, 0.06, 0.08, 0.02),
        quality=(0.45, 0.18, 0.07, 0.055), decay_days=None,
        referrers=["fr.indeed.com", "www.indeed.com"], bots=["bot", "crawl"],
        declared="job_board")),
    ("google_jobs", "Moteurs de recherche", None, "", Kind(
        weight=0.08, robots=0.12, conversion=(0.02, 0.04, 0.06, 0.03),
        quality=(0.50, 0.22, 0.09, 0.07), decay_days=None,
        referrers=["www.google.com", "www.bing.com", "duckduckgo.com", "www.qwant.com"],
        bots=["bot", "applebot", "bingpreview"], declared="careers_site")),
    ("atom", "Flux Atom", None, "flux-offres", Kind(
        weight=0.01, robots=0.40, conversion=(0.01, 0.02, 0.03, 0.02),
        quality=(0.55, 0.25, 0.10, 0.08), decay_days=None,
        referrers=["", "feedly.com"], bots=["bot", "no user agent"], declared="careers_site")),
    ("webhook", "France Travail (webhook)", None, "", Kind(
        weight=0.03, robots=0.05, conversion=(0.01, 0.05, 0.08, 0.02),
        quality=(0.45, 0.20, 0.08, 0.06), decay_days=None,
        referrers=["candidat.francetravail.fr"], bots=["bot"], declared="job_board")),
]  # fmt: skip
UNTRACKED_QUALITY = (0.50, 0.25, 0.10, 0.08)
# What applicants who came through no tracked link say (weights).
UNTRACKED_DECLARED = {
    "careers_site": 30, "referral": 20, "event": 10, "linkedin": 12, "facebook": 8,
    "job_board": 10, "other": 7, "": 3,
}  # fmt: skip
OTHER_SOURCES = ["careers_site", "referral", "event", "linkedin", "facebook", "other"]
# UTC hours at which people click (France: UTC+1/+2).
HOUR_WEIGHTS = [1, 1, 1, 1, 2, 5, 8, 10, 9, 8, 8, 10, 11, 9, 8, 8, 8, 9, 10, 10, 8, 5, 3, 2]

DEPARTMENTS = [
    ("Direction des transports", 18), ("Lycées", 16), ("Routes et mobilités", 10),
    ("Santé et solidarités", 10), ("Ports et voies navigables", 6), ("Numérique", 8),
    ("Finances", 5), ("Ressources humaines", 5), ("Culture et patrimoine", 5),
    ("Environnement", 6), ("Économie et emploi", 6), ("Communication", 5),
]  # fmt: skip
TITLES = [
    "Conducteur ou conductrice de car", "Agent d'entretien des lycées", "Cuisinier ou cuisinière",
    "Technicien ou technicienne des routes", "Aide-soignant ou aide-soignante", "Développeur ou "
    "développeuse", "Chargé ou chargée de mission", "Comptable", "Juriste", "Agent portuaire",
    "Chef ou cheffe de projet", "Assistant ou assistante de gestion", "Ingénieur ou ingénieure",
]  # fmt: skip
CITIES = [("Rennes", "35000"), ("Brest", "29200"), ("Vannes", "56000"), ("Lorient", "56100"),
          ("Saint-Brieuc", "22000"), ("Quimper", "29000"), ("Saint-Malo", "35400")]  # fmt: skip
CAMPAIGNS = [
    # name, career stages, department, length in days, offers, plan (channel index, budget)
    ("Conductrices et conducteurs de car", ["experienced"], 0, 60, 60,
     [(0, 2500), (3, 1500), (8, 1200), (7, None)]),
    ("Jeunes diplômés du numérique", ["student", "young_graduate"], 5, 60, 25,
     [(3, 800), (4, None), (0, 600), (6, None)]),
    ("Agents des lycées — rentrée", ["experienced"], 1, 45, 50,
     [(3, 1200), (8, 900), (5, None)]),
    ("Alternance", ["student"], 7, 75, 40, [(3, 1000), (6, None), (2, 300), (4, None)]),
    ("Cadres de direction", ["executive"], 7, 50, 15, [(0, 3000), (1, None), (7, 500)]),
    ("Saisonniers des ports", ["student", "young_graduate"], 4, 40, 20,
     [(3, 700), (2, 200), (6, None)]),
    ("Techniciennes et techniciens des routes", ["experienced"], 2, 55, 30,
     [(0, 1500), (7, 600), (8, 800)]),
    ("Métiers du soin", ["young_graduate", "experienced"], 3, 60, 35,
     [(3, 1500), (0, 1200), (11, None), (5, None)]),
    ("Forum emploi de printemps", [], 10, 30, 40, [(3, 600), (0, 600), (4, None), (5, None)]),
    ("Ingénieures et ingénieurs de l'environnement", ["young_graduate", "experienced"], 9, 60,
     20, [(0, 2000), (1, None), (4, None)]),
]  # fmt: skip
CAMPAIGN_CLICK_SHARE = 0.06
FIRST_NAMES = ["Camille", "Léa", "Louis", "Manon", "Hugo", "Chloé", "Nathan", "Inès", "Yanis",
               "Sarah", "Lucas", "Emma", "Gabriel", "Jade", "Maël", "Nolwenn", "Erwan", "Awa",
               "Mohamed", "Sofia", "Thomas", "Julie", "Karim", "Anaïs"]  # fmt: skip
LAST_NAMES = ["Le Gall", "Martin", "Bernard", "Le Goff", "Thomas", "Petit", "Morvan", "Diallo",
              "Dubois", "Moreau", "Guillou", "Leroy", "Nguyen", "Tanguy", "Garcia", "Kerbrat",
              "Riou", "Le Roux", "Fournier", "Benali", "Cariou", "Girard", "Hamon",
              "Perrin"]  # fmt: skip
COVER_LETTERS = [
    "Madame, Monsieur,\n\nVotre offre a retenu toute mon attention. " + "Fort d'une expérience "
    "de plusieurs années dans des fonctions similaires, je souhaite mettre mes compétences au "
    "service du territoire et des habitants. " * 4 + "\n\nJe vous prie d'agréer mes salutations.",
    "Bonjour,\n\nJe vous adresse ma candidature. " + "Rigoureuse et attachée au service public, "
    "j'ai travaillé en équipe sur des projets variés et je serais heureuse de vous rencontrer. "
    * 3,
    "Bonjour, je suis intéressé par ce poste et disponible rapidement. Cordialement.",
]  # fmt: skip


def table(weights: dict, size: int = 4096) -> list:
    """A list to draw from with table[int(random() * len)]: fast weighted choices."""
    total = sum(weights.values())
    out = []
    for value, weight in weights.items():
        out += [value] * round(size * weight / total)
    return out


def weighted_counts(total: int, weights: list[float]) -> list[int]:
    """`total` split in proportion to `weights`, exactly (largest remainders)."""
    whole = sum(weights)
    shares = [total * weight / whole for weight in weights]
    counts = [int(share) for share in shares]
    by_remainder = sorted(range(len(weights)), key=lambda i: counts[i] - shares[i])
    for index in by_remainder[: total - sum(counts)]:
        counts[index] += 1
    return counts


# --- Reference rows, through the ORM ---------------------------------------------------------
# Followers a year ago and their daily growth, read every morning from the networks (channel
# index); the newsletter's subscribers are typed in by hand once a month.
FOLLOWERS = {0: (38000, 25), 2: (12000, 2), 3: (21000, 10), 4: (2400, 3)}
NEWSLETTER = (5, 8000, 150)


def followers(randomness, channels, today) -> int:
    sizes = []
    for index, (count, daily) in FOLLOWERS.items():
        for days_ago in range(365, -1, -1):
            count += max(-5, round(randomness.gauss(daily, daily)))
            sizes.append(
                AudienceSize(
                    channel=channels[index], day=today - dt.timedelta(days=days_ago),
                    followers=count, source=AudienceSource.NETWORK,
                )
            )  # fmt: skip
    index, count, monthly = NEWSLETTER
    for months_ago in range(12, -1, -1):
        count += round(randomness.gauss(monthly, monthly / 2))
        day = today - dt.timedelta(days=round(months_ago * 30.4))
        sizes.append(
            AudienceSize(channel=channels[index], day=day, followers=count,
                         source=AudienceSource.MANUAL)
        )  # fmt: skip
    return len(AudienceSize.objects.bulk_create(sizes))


def reference_data(randomness, args, now):
    """Departments, channels, offers, campaigns and tracked links; returns what generation needs."""
    today = timezone.localdate()
    employer = Employer.current()
    employer.name, employer.is_public_sector = "Région Armor-Océan", True
    employer.save()
    departments = Department.objects.bulk_create(
        Department(employer=employer, name=name) for name, _weight in DEPARTMENTS
    )
    channels = [
        Channel.objects.create(
            kind=kind, name=name, cost_per_month=cost, slug=slug,
            mode=ChannelMode.SHARE if "agents" in name else ChannelMode.API,
        )
        for kind, name, cost, slug, _behaviour in CHANNELS
    ]  # fmt: skip
    sizes = followers(randomness, channels, today)
    kinds = [behaviour for *_rest, behaviour in CHANNELS]
    department_of = table({index: weight for index, (_n, weight) in enumerate(DEPARTMENTS)})
    year_start = now - dt.timedelta(days=365)
    offers, windows, popularity = [], [], []
    for number in range(args.offers):
        # Published at any time in the year, open 3 to 9 weeks (the last ones are still open).
        opened = year_start + dt.timedelta(seconds=randomness.uniform(0, 362 * DAY_S))
        closes = opened + dt.timedelta(days=randomness.randint(21, 63))
        city, postcode = randomness.choice(CITIES)
        department = departments[department_of[int(randomness.random() * len(department_of))]]
        still_open = closes > now
        offers.append(
            JobOffer(
                title=f"{randomness.choice(TITLES)} ({number + 1})", reference=f"ARM-{number:05d}",
                department=department, summary="Un poste au service du territoire.",
                description="La Région recrute pour ses services. " * 10,
                contract_type=randomness.choice(ContractType.values), city=city,
                postcode=postcode, remote_policy=randomness.choice(RemotePolicy.values),
                salary_min=24000, salary_max=38000,
                status=OfferStatus.PUBLISHED if still_open else OfferStatus.CLOSED,
                published_at=opened, closed_at=None if still_open else closes,
                closing_date=timezone.localdate(closes),
            )
        )  # fmt: skip
        windows.append((opened.timestamp(), min(closes, now).timestamp()))
        popularity.append(randomness.lognormvariate(0, 0.7))
    offers = JobOffer.objects.bulk_create(offers, batch_size=500)
    links = [
        TrackedLink(code=new_link_code(), channel=channel, offer=offer)
        for offer in offers
        for channel in channels
    ]
    campaigns = []
    for name, stages, department, days, count, plan in CAMPAIGNS:
        starts = today - dt.timedelta(days=randomness.randint(days // 2, 350))
        campaign = Campaign.objects.create(
            name=name, career_stages=stages, field=DEPARTMENTS[department][0], region="Bretagne",
            objective=f"{name} : pourvoir les postes ouverts.", landing_title=name,
            starts_on=starts, ends_on=starts + dt.timedelta(days=days - 1),
        )  # fmt: skip
        # Its offers: the department's, open while it runs if there are enough of them.
        runs = (
            dt.datetime.combine(starts, dt.time(), tzinfo=UTC).timestamp(),
            dt.datetime.combine(campaign.ends_on, dt.time(), tzinfo=UTC).timestamp() + DAY_S,
        )
        own = [
            (window[1] < runs[0] or window[0] > runs[1], offer)
            for offer, window in zip(offers, windows, strict=True)
            if offer.department_id == departments[department].pk
        ]
        own.sort(key=lambda item: (item[0], randomness.random()))
        chosen = [offer for _outside, offer in own[:count]]
        campaign.offers.set(chosen)
        CampaignChannel.objects.bulk_create(
            CampaignChannel(campaign=campaign, channel=channels[index], budget=budget)
            for index, budget in plan
        )
        for index, _budget in plan:
            link = TrackedLink(code=new_link_code(), channel=channels[index], campaign=campaign)
            links.append(link)
        campaigns.append((campaign, [offer.pk for offer in chosen]))
    links = TrackedLink.objects.bulk_create(links, batch_size=1000)
    reference_rows = (
        1 + len(departments) + len(channels) + len(offers) + len(links) + len(campaigns)
        + sum(len(plan) for *_r, plan in CAMPAIGNS)
        + sum(len(chosen) for _campaign, chosen in campaigns) + sizes
    )  # fmt: skip
    return {
        "kinds": kinds,
        "channels": channels,
        "offers": offers,
        "windows": windows,
        "popularity": popularity,
        "links": links,
        "campaigns": campaigns,
        "reference_rows": reference_rows,
    }


# --- Raw rows, generated in memory -----------------------------------------------------------
CLICK_COLUMNS = ["id", "link_id", "at", "referrer_host", "is_bot", "bot_name", "visitor_hash"]
CANDIDATE_COLUMNS = [
    "id", "email", "first_name", "last_name", "phone", "talent_pool_consent_at",
    "talent_pool_consent_text", "created_at", "last_contact_at",
]  # fmt: skip
APPLICATION_COLUMNS = [
    "offer_id", "candidate_id", "stage_id", "cover_letter", "declared_source",
    "declared_source_detail", "last_touch_id", "last_touch_at", "first_touch_id",
    "first_touch_at", "rejection_reason", "submissions", "language", "career_stage",
    "furthest_stage", "hired_at", "submitted_at", "last_submitted_at", "stage_changed_at",
]  # fmt: skip
DATETIME_COLUMNS = {
    "clicks": [2],
    "candidates": [5, 7, 8],
    "applications": [7, 9, 15, 16, 17, 18],
}


def generate_clicks(randomness, ref, args, now):
    """Clicks in time order: (row, kind index, link index) for each, rows as CLICK_COLUMNS."""
    random_ = randomness.random
    expovariate = randomness.expovariate
    kinds, links = ref["kinds"], ref["links"]
    offer_index = {offer.pk: index for index, offer in enumerate(ref["offers"])}
    channel_index = {channel.pk: index for index, channel in enumerate(ref["channels"])}
    campaign_window = {}
    for campaign, _offers in ref["campaigns"]:
        starts = dt.datetime.combine(campaign.starts_on, dt.time(8), tzinfo=UTC).timestamp()
        ends = dt.datetime.combine(campaign.ends_on, dt.time(20), tzinfo=UTC).timestamp()
        campaign_window[campaign.pk] = (starts, min(ends, now.timestamp()))
    weights = []
    for link in links:
        kind = kinds[channel_index[link.channel_id]]
        if link.offer_id:
            start, end = ref["windows"][offer_index[link.offer_id]]
            weight = kind.weight * ref["popularity"][offer_index[link.offer_id]]
            weights.append(
                weight * (1 - CAMPAIGN_CLICK_SHARE) * max(0.2, (end - start) / 42 / DAY_S)
            )
        else:
            start, end = campaign_window[link.campaign_id]
            weights.append(kind.weight * max(1, (end - start) / DAY_S) / 60)
    # Scale campaign links so they get CAMPAIGN_CLICK_SHARE of the clicks.
    offer_total = sum(w for w, link in zip(weights, links, strict=True) if link.offer_id)
    campaign_total = sum(w for w, link in zip(weights, links, strict=True) if not link.offer_id)
    factor = CAMPAIGN_CLICK_SHARE / (1 - CAMPAIGN_CLICK_SHARE) * offer_total / campaign_total
    weights = [w if link.offer_id else w * factor for w, link in zip(weights, links, strict=True)]
    counts = weighted_counts(args.clicks, weights)
    hours = table(dict(enumerate(HOUR_WEIGHTS)))
    year_start, now_s = (now - dt.timedelta(days=365)).timestamp(), now.timestamp()
    fromtimestamp, urandom = dt.datetime.fromtimestamp, os.urandom
    clicks = []
    append = clicks.append
    for link_index, (link, count) in enumerate(zip(links, counts, strict=True)):
        if not count:
            continue
        kind_index = channel_index[link.channel_id]
        kind = kinds[kind_index]
        if link.offer_id:
            start, end = ref["windows"][offer_index[link.offer_id]]
        else:
            start, end = campaign_window[link.campaign_id]
        span = end - start
        decay = kind.decay_days
        # Posts are made again a week later and then every few weeks (campaigns more often).
        reposts = [start + offset * DAY_S for offset in (0, 7, 21, 35) if offset * DAY_S < span]
        robots, bots, referrers = kind.robots, kind.bots, kind.referrers
        for _ in range(count):
            if decay is not None and random_() < 0.85:
                at = reposts[int(random_() * len(reposts))] + expovariate(1 / decay) * DAY_S
                if at >= end:
                    at = start + random_() * span
            else:
                at = start + random_() * span
            # People click at their hours: keep the day, draw the time of day.
            at = at - at % DAY_S + hours[int(random_() * len(hours))] * 3600 + random_() * 3600
            if at > now_s or at < year_start:
                at = max(year_start, start) + random_() * (min(now_s, end) - max(year_start, start))
            is_bot = random_() < robots
            append(
                (
                    (
                        urandom(16).hex(), link.pk, at, "" if is_bot else
                        referrers[int(random_() * len(referrers))], is_bot,
                        bots[int(random_() * len(bots))] if is_bot else "", urandom(32).hex(),
                    ),
                    kind_index,
                    link_index,
                )
            )  # fmt: skip
    clicks.sort(key=lambda click: click[0][2])
    # Timestamps to datetimes, now that they are in order (aware, UTC: what Django hands over).
    return [
        ((row[0], row[1], fromtimestamp(row[2], UTC), *row[3:]), kind, link)
        for row, kind, link in clicks
    ]


def progress(randomness, quality, days_ago: float) -> int:
    """How far an application went (index in PROGRESS), recent ones not yet far."""
    furthest = 0
    for step, rate in enumerate(quality, start=1):
        if randomness.random() < rate / (quality[step - 2] if step > 1 else 1):
            furthest = step
        else:
            break
    cap = 1 if days_ago < 5 else 2 if days_ago < 12 else 3 if days_ago < 20 else 4
    return min(furthest, cap)


def generate_applications(randomness, ref, clicks, args, now):
    """Candidates and applications: ~70 % through a tracked link (the click they came from)."""
    random_ = randomness.random
    kinds, links = ref["kinds"], ref["links"]
    stages = {kind: PipelineStage.for_kind(kind).pk for kind in StageKind.values}
    progress_kinds = ["new", "screening", "interview", "offer", "hired"]
    now_s = now.timestamp()
    campaign_offers = {campaign.pk: offers for campaign, offers in ref["campaigns"]}
    offer_links = defaultdict(list)
    for link in links:
        if link.offer_id:
            offer_links[link.offer_id].append(link.pk)
    tracked = round(args.applications * 0.7)
    # Which people's clicks led to an application: in proportion to the channel's conversion.
    weights = [sum(kind.conversion) / 4 for kind in kinds]
    people = [index for index, (row, _k, _l) in enumerate(clicks) if not row[4]]
    expected = sum(weights[clicks[index][1]] for index in people)
    scale = tracked * 1.03 / expected
    chosen = [index for index in people if random_() < weights[clicks[index][1]] * scale]
    if len(chosen) > tracked:
        chosen = sorted(randomness.sample(chosen, tracked))
    else:
        taken = set(chosen)
        chosen += randomness.sample([i for i in people if i not in taken], tracked - len(chosen))
    audiences = [table(dict(zip(AUDIENCES, kind.conversion, strict=True))) for kind in kinds]
    applications = []  # [submitted s, offer id, last link, last at, first link, first at,
    #                     audience, declared, quality]
    for index in chosen:
        row, kind_index, link_index = clicks[index]
        kind, link = kinds[kind_index], links[link_index]
        clicked = row[2].timestamp()
        draw = random_()
        delay = (
            random_() * 3600 if draw < 0.6 else random_() * 3 * DAY_S if draw < 0.9
            else random_() * 25 * DAY_S
        )  # fmt: skip
        submitted = min(clicked + 120 + delay, now_s - 60)
        offer_id = link.offer_id or randomness.choice(campaign_offers[link.campaign_id])
        first_link, first_at = link.pk, clicked
        if link.offer_id and random_() < 0.25:  # saw it elsewhere first
            first_link = randomness.choice(offer_links[offer_id])
            first_at = clicked - random_() * 20 * DAY_S
        audience = (
            audiences[kind_index][int(random_() * len(audiences[kind_index]))]
            if random_() < 0.85 else ""
        )  # fmt: skip
        if random_() < 0.75:
            declared = kind.declared
        else:
            declared = (
                OTHER_SOURCES[int(random_() * len(OTHER_SOURCES))] if random_() < 0.95 else ""
            )
        applications.append(
            [submitted, offer_id, link.pk, clicked, first_link, first_at, audience, declared,
             kind.quality]
        )  # fmt: skip
    # Applicants who came through no tracked link: the careers site, a colleague, a fair…
    declared_table = table(UNTRACKED_DECLARED)
    audience_table = table({"student": 2, "young_graduate": 3, "experienced": 5, "executive": 1,
                            "": 2})  # fmt: skip
    offers, windows = ref["offers"], ref["windows"]
    popularity = list(accumulate(ref["popularity"]))
    for _ in range(args.applications - tracked):
        index = bisect.bisect(popularity, random_() * popularity[-1])
        start, end = windows[index]
        applications.append(
            [start + random_() * (end - start), offers[index].pk, None, None, None, None,
             audience_table[int(random_() * len(audience_table))],
             declared_table[int(random_() * len(declared_table))], UNTRACKED_QUALITY]
        )  # fmt: skip
    applications.sort(key=lambda application: application[0])
    # Furthest stages by the channel's quality; then exactly args.hires hires.
    furthest = [progress(randomness, a[8], (now_s - a[0]) / DAY_S) for a in applications]
    hired = [i for i, step in enumerate(furthest) if step == 4]
    if len(hired) > args.hires:
        for i in randomness.sample(hired, len(hired) - args.hires):
            furthest[i] = 3
    else:
        for level in (3, 2):
            if len(hired) >= args.hires:
                break
            pool = [i for i, step in enumerate(furthest) if step == level
                    and now_s - applications[i][0] > 20 * DAY_S]  # fmt: skip
            promoted = randomness.sample(pool, min(len(pool), args.hires - len(hired)))
            for i in promoted:
                furthest[i] = 4
            hired += promoted
    candidates, rows = [], []
    reasons = RejectionReason.values
    for number, (application, step) in enumerate(zip(applications, furthest, strict=True), 1):
        submitted, offer_id, last_link, last_at, first_link, first_at, audience, declared, _q = (
            application
        )
        days_ago = (now_s - submitted) / DAY_S
        reached = progress_kinds[step]
        hired_at = None
        if reached == "hired":
            hired_at = submitted + randomness.uniform(15, min(75, days_ago)) * DAY_S
            stage, changed, reason = stages["hired"], hired_at, ""
        elif days_ago < 30:  # still in progress
            stage, reason = stages[reached], ""
            changed = submitted + random_() * (now_s - submitted)
        else:
            withdrawn = random_() < 0.12
            stage = stages["withdrawn" if withdrawn else "rejected"]
            reason = "" if withdrawn else reasons[int(random_() * len(reasons))]
            changed = submitted + randomness.uniform(2, min(60, days_ago)) * DAY_S
        consent = random_() < 0.3
        first, last = randomness.choice(FIRST_NAMES), randomness.choice(LAST_NAMES)
        submitted_dt = dt.datetime.fromtimestamp(submitted, UTC)
        changed_dt = dt.datetime.fromtimestamp(min(changed, now_s), UTC)
        candidates.append(
            (number, f"{first.lower()}.{number}@example.test", first, last,
             f"06 {number % 100:02d} {number // 100 % 100:02d} 00 00" if random_() < 0.8 else "",
             submitted_dt if consent else None,
             "J'accepte que mes données soient conservées deux ans." if consent else "",
             submitted_dt, changed_dt)
        )  # fmt: skip
        draw = random_()
        rows.append(
            (offer_id, number, stage, COVER_LETTERS[int(random_() * 3)] if draw < 0.35 else "",
             declared, "", last_link, last_at and dt.datetime.fromtimestamp(last_at, UTC),
             first_link, first_at and dt.datetime.fromtimestamp(first_at, UTC), reason,
             1 if draw < 0.97 else 2, "fr" if random_() < 0.9 else "en", audience, reached,
             hired_at and dt.datetime.fromtimestamp(hired_at, UTC), submitted_dt, submitted_dt,
             changed_dt)
        )  # fmt: skip
    return candidates, rows


# --- Writing, each database in its own way --------------------------------------------------
def sqlite_datetime(value):
    """Django's SQLite format for an aware UTC datetime: naive UTC, str() (checked below)."""
    return None if value is None else str(value)[:-6]


def check_sqlite_formats(tables) -> None:
    """The fast conversion gives exactly what Django's own adapter would store."""
    adapt = connection.ops.adapt_datetimefield_value
    for name, rows in tables.items():
        for row in rows[:: max(1, len(rows) // 2000)]:
            for column in DATETIME_COLUMNS[name]:
                value = row[column]
                assert value is None or value.tzinfo is UTC, value
                assert sqlite_datetime(value) == adapt(value), (value, adapt(value))


def write_sqlite(tables, cache_kib: int) -> None:
    """executemany in one transaction; datetimes are converted on the way in (timed too)."""

    def converted(name, rows):
        columns = DATETIME_COLUMNS[name]
        for row in rows:
            row = list(row)
            for column in columns:
                row[column] = sqlite_datetime(row[column])
            yield row

    raw = connection.connection
    # An importer's own connection gets a page cache that holds the new indexes (256 MiB; the
    # application's connections keep SQLite's default of 2 MiB): the clicks' random UUID keys
    # otherwise make it spill pages to the WAL over and over.
    raw.execute(f"PRAGMA cache_size=-{cache_kib}")
    with transaction.atomic():
        for name, table_name, columns in TABLES:
            marks = ", ".join("?" * len(columns))
            sql = f'INSERT INTO "{table_name}" ({", ".join(columns)}) VALUES ({marks})'
            started = time.perf_counter()
            raw.executemany(sql, converted(name, tables[name]))
            say(f"    {table_name}: {len(tables[name]):,} rows, {since(started):.1f} s")
        started = time.perf_counter()
    say(f"    commit: {time.perf_counter() - started:.1f} s")
    raw.execute("PRAGMA cache_size=-2000")


def write_postgres(tables) -> None:
    with transaction.atomic(), connection.cursor() as cursor:
        for name, table_name, columns in TABLES:
            statement = f'COPY "{table_name}" ({", ".join(columns)}) FROM STDIN'
            with cursor.cursor.copy(statement) as copy:
                write_row = copy.write_row
                started = time.perf_counter()
                for row in tables[name]:
                    write_row(row)
            say(f"    {table_name}: {len(tables[name]):,} rows, {since(started):.1f} s")
        # Ids were given to the candidates: move the sequence past them, as an import must.
        cursor.execute(
            "SELECT setval(pg_get_serial_sequence('hiring_candidate', 'id'), "
            "(SELECT max(id) FROM hiring_candidate))"
        )


TABLES = [
    ("clicks", "distribution_click", CLICK_COLUMNS),
    ("candidates", "hiring_candidate", CANDIDATE_COLUMNS),
    ("applications", "hiring_application", APPLICATION_COLUMNS),
]


def load(args) -> None:
    randomness = random.Random(args.seed)
    now = timezone.now()
    started = time.perf_counter()
    ref = reference_data(randomness, args, now)
    print(f"reference_rows={ref['reference_rows']}")
    print(f"reference_s={time.perf_counter() - started:.1f}")
    offers, links, campaigns = len(ref["offers"]), len(ref["links"]), len(ref["campaigns"])
    say(f"  {connection.vendor}: {offers} offers, {links} tracked links, {campaigns} campaigns")

    started = time.perf_counter()
    gc.disable()  # millions of tuples: the collector would scan them again and again
    clicks = generate_clicks(randomness, ref, args, now)
    candidates, applications = generate_applications(randomness, ref, clicks, args, now)
    tables = {"clicks": [row for row, _k, _l in clicks], "candidates": candidates,
              "applications": applications}  # fmt: skip
    del clicks
    gc.enable()
    gc.freeze()  # what is generated stays: keep the collector off it while writing
    print(f"generate_s={time.perf_counter() - started:.1f}")
    describe(tables, ref)

    if connection.vendor == "sqlite":
        check_sqlite_formats(tables)
    rows = sum(len(rows) for rows in tables.values())
    started = time.perf_counter()
    if connection.vendor == "postgresql":
        write_postgres(tables)
    else:
        write_sqlite(tables, args.import_cache_kib)
    elapsed = time.perf_counter() - started
    print(f"load_rows={rows}")
    print(f"load_s={elapsed:.1f}")
    print(f"load_rows_per_s={rows / elapsed:.0f}")
    say(f"  {connection.vendor}: {rows:,} rows written in {elapsed:.1f} s")
    del tables
    gc.unfreeze()
    gc.collect()  # the rebuild then runs as it would in a worker

    if connection.vendor == "postgresql":  # autovacuum's ANALYZE, soon after a large import
        started = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        print(f"analyze_s={time.perf_counter() - started:.1f}")
    started = time.perf_counter()
    offer_rows = counting.rebuild_all()
    elapsed = time.perf_counter() - started
    print(f"aggregate_s={elapsed:.1f}")
    print(f"offer_day_rows={offer_rows}")
    print(f"department_day_rows={DepartmentDay.objects.count()}")
    print(f"department_month_rows={DepartmentMonth.objects.count()}")
    say(f"  {connection.vendor}: rebuild_all() {elapsed:.1f} s: {offer_rows:,} OfferDay rows, "
        f"{DepartmentDay.objects.count():,} DepartmentDay rows, "
        f"{DepartmentMonth.objects.count():,} DepartmentMonth rows")  # fmt: skip
    started = time.perf_counter()
    settle()
    print(f"settle_s={time.perf_counter() - started:.1f}")


def settle() -> None:
    """What the database does on its own some minutes after an import, done now so that the
    pages are timed in the steady state: PostgreSQL's autovacuum (VACUUM ANALYZE) and
    checkpoint, SQLite's checkpoint of its write-ahead log into the database file."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("VACUUM ANALYZE")
            cursor.execute("CHECKPOINT")
        else:
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def describe(tables, ref) -> None:
    """What was generated: the proportions the issue asks for, to stderr."""
    clicks, applications = tables["clicks"], tables["applications"]
    robots = sum(1 for row in clicks if row[4])
    tracked = sum(1 for row in applications if row[6] is not None)
    furthest = Counter(row[14] for row in applications)
    hires = furthest["hired"]
    agreeing = comparable = 0
    channel_kind = {channel.pk: channel.kind for channel in ref["channels"]}
    link_kind = {link.pk: channel_kind[link.channel_id] for link in ref["links"]}
    declared_kind = {"linkedin": "linkedin", "facebook": "facebook", "x": "x",
                     "mastodon": "mastodon", "job_board": "job_board",
                     "careers_site": "google_jobs"}  # fmt: skip
    for row in applications:
        kind = link_kind.get(row[6])
        if kind in declared_kind.values():
            comparable += 1
            agreeing += declared_kind.get(row[4]) == kind
    print(f"clicks={len(clicks)}")
    print(f"robot_share={robots / len(clicks):.3f}")
    print(f"applications={len(applications)}")
    print(f"tracked_share={tracked / len(applications):.3f}")
    print(f"hires={hires}")
    say(f"  furthest stages: {dict(sorted(furthest.items()))}")
    say(f"  the declared source names the tracked channel for {agreeing / comparable:.0%} of the "
        "applications whose channel an answer can name")  # fmt: skip


# --- Timing ------------------------------------------------------------------------------------
def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, math.ceil(share * len(ordered)) - 1)]


def time_pages(args) -> None:
    email = "analyste@example.test"
    user = User.objects.filter(email=email).first() or User.objects.create_user(
        email=email, role=Role.RECRUITER
    )
    client = signed_in_client(user, HTTP_HOST="127.0.0.1", HTTP_ACCEPT_ENCODING="gzip, deflate, br")
    today = timezone.localdate()
    year = f"?start={today - dt.timedelta(days=364)}&end={today}"
    dashboard = reverse("analytics:dashboard") + year
    busiest = (
        DepartmentDay.objects.filter(campaign__isnull=False)
        .values("campaign_id")
        .annotate(rows=Count("id"))
        .order_by("-rows")
        .first()
    )
    campaign = Campaign.objects.get(pk=busiest["campaign_id"])
    pages = {
        "dashboard": dashboard,
        "campaign": reverse("campaigns:report", kwargs={"pk": campaign.pk}),
        "export": dashboard + "&export=funnel",
    }
    say(f"  {connection.vendor}: campaign «{campaign.name}» ({busiest['rows']} of the "
        f"{DepartmentDay.objects.count():,} DepartmentDay rows)")  # fmt: skip
    for name, path in pages.items():
        response = client.get(path)  # warm-up: templates, translations, connections
        if response.status_code != 200:
            raise SystemExit(f"{path} answered {response.status_code}")
        times, cpu_times = [], []
        for _ in range(args.requests):
            started, cpu_started = time.perf_counter(), time.process_time()
            response = client.get(path)
            times.append((time.perf_counter() - started) * 1000)
            cpu_times.append((time.process_time() - cpu_started) * 1000)
            assert response.status_code == 200
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            response = client.get(path)
            total_ms = (time.perf_counter() - started) * 1000
        sql_ms = sum(float(query["time"]) for query in queries.captured_queries) * 1000
        print(f"{name}_p50_ms={percentile(times, 0.50):.0f}")
        print(f"{name}_p95_ms={percentile(times, 0.95):.0f}")
        # The CPU time of this process (SQLite's queries included, not PostgreSQL's server):
        # what a request costs the web worker, less sensitive to other work on the machine.
        print(f"{name}_cpu_p50_ms={percentile(cpu_times, 0.50):.0f}")
        print(f"{name}_queries={len(queries.captured_queries)}")
        print(f"{name}_sql_ms={sql_ms:.0f}")
        print(f"{name}_bytes={len(response.content)}")
        slowest = sorted(queries.captured_queries, key=lambda q: -float(q["time"]))[:4]
        say(f"  {connection.vendor} {name}: p50 {percentile(times, 0.5):.0f} ms, p95 "
            f"{percentile(times, 0.95):.0f} ms, max {max(times):.0f} ms; one request "
            f"{total_ms:.0f} ms of which SQL {sql_ms:.0f} ms in {len(queries.captured_queries)} "
            f"queries; slowest:")  # fmt: skip
        for query in slowest:
            say(f"    {float(query['time']) * 1000:7.1f} ms  {query['sql'][:160]}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("step", choices=["load", "time"])
    parser.add_argument("--offers", type=int, default=1000)
    parser.add_argument("--clicks", type=int, default=2_000_000)
    parser.add_argument("--applications", type=int, default=200_000)
    parser.add_argument("--hires", type=int, default=15_000)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument("--import-cache-kib", type=int, default=IMPORT_CACHE_KIB, help="SQLite")
    arguments = parser.parse_args()
    load(arguments) if arguments.step == "load" else time_pages(arguments)
