"""The pool's best profiles for an offer, each with the reasons, so a recruiter can judge.

What counts, and nothing else (never age, sex, origin, family, health or a photo):
- skills: the offer's wanted skills (its ESCO occupation's essential skills, and the words of its
  "profile sought") found among the person's skills, and those missing;
- title: how close the person's headline and positions are to the offer's title;
- place: the distance between the person's town and the offer's (gazetteer): full marks within
  NEAR_KM, none beyond FAR_KM; the same city or region when either is not on the map;
- experience: only when the offer asks for a number of years ("3 ans d'expérience", "5 years of
  experience"): the share of them the person has, never more than full marks, so that more years
  than asked (which often means older) earn nothing over exactly the years asked;
- availability: free by the offer's start date.
When the offer asks for no years, the experience weight is spread over the others.
"""

import re
from dataclasses import dataclass, field

from vivier.talent import places
from vivier.talent.models import Profile
from vivier.taxonomy.text import fold, terms

WEIGHTS = {"skills": 0.45, "title": 0.25, "place": 0.1, "experience": 0.1, "availability": 0.1}
NEAR_KM = 10  # within this, the place counts fully
FAR_KM = 100  # beyond this, not at all; linear in between
MAX_PROFILES = 2000  # profiles scored per offer; the pool's newest first beyond that
MAX_WANTED = 15
MAX_YEARS_ASKED = 30
# "3 ans d'expérience", "5 années d'expérience", "expérience de 2 ans", "minimum 4 ans",
# "3+ years of experience", "at least 5 years' experience", "2 years experience".
YEARS_ASKED = [
    re.compile(r"(\d{1,2})\s*\+?\s*(?:ans|annees)\s+(?:d'|de\s+)?(?:experience|pratique)"),
    re.compile(
        r"experience\s+(?:professionnelle\s+)?(?:d'au moins|de|minimum(?: de)?)\s+"
        r"(\d{1,2})\s*(?:ans|annees)"
    ),  # fmt: skip
    re.compile(r"minimum\s+(?:de\s+)?(\d{1,2})\s*(?:ans|annees)"),
    re.compile(r"(\d{1,2})\s*\+?\s*years?'?\s+(?:of\s+)?(?:\w+\s+)?experience"),
]


@dataclass
class Ranked:
    profile: Profile
    score: float
    matched_skills: list[str] = field(default_factory=list)
    missing_skills: list[str] = field(default_factory=list)
    title_words: list[str] = field(default_factory=list)
    same_place: str = ""
    is_available: bool | None = None
    distance_km: int | None = None  # between the person's town and the offer's
    years: float | None = None  # the person's years of experience, when the offer asks some
    years_asked: int | None = None


def wanted_skills(offer) -> list[str]:
    """The skills an offer asks for: its occupation's essential ones, in its language first."""
    wanted = []
    if offer.occupation_id:
        links = offer.occupation.skill_links.filter(relevance="essential").select_related("skill")
        for link in links[:MAX_WANTED]:
            skill = link.skill
            label = skill.preferred_label_fr if offer.language == "fr" else skill.preferred_label_en
            wanted.append(label or skill.preferred_label_en or skill.preferred_label_fr)
    return [label for label in wanted if label]


def _title_terms(offer) -> set[str]:
    return set(terms(offer.title))


def _profile_skill_terms(profile: Profile) -> dict[str, set[str]]:
    return {skill.label: set(terms(skill.label)) for skill in profile.skills.all()}


@dataclass
class Wanted:
    """What an offer asks for, computed once per offer."""

    skills: dict[str, set[str]]  # label -> its terms
    sought: set[str]  # words of the "profile sought"
    title: set[str]
    place: places.Located | None = None  # the offer's town on the map
    years_asked: int | None = None

    @classmethod
    def of(cls, offer) -> "Wanted":
        skills = {label: set(terms(label)) for label in wanted_skills(offer)}
        sought = {word for word in terms(offer.profile or "") if len(word) > 2}
        place = None
        if offer.city:
            place = places.locate(offer.city, postcode=offer.postcode, country=offer.country)
        years = years_asked(" ".join([offer.profile or "", offer.description or ""]))
        return cls(skills, sought, _title_terms(offer), place, years)


def years_asked(text: str) -> int | None:
    """The years of experience an offer's text asks for, if it says so."""
    folded = fold(text)
    found = [int(match) for pattern in YEARS_ASKED for match in pattern.findall(folded)]
    found = [years for years in found if 0 < years <= MAX_YEARS_ASKED]
    return min(found) if found else None


def _place_share(profile: Profile, offer, wanted: Wanted) -> tuple[float, str, int | None]:
    """(share of the place weight, the same city or region, the distance in km)."""
    if wanted.place and profile.latitude is not None:
        distance = places.haversine_km(wanted.place.latitude, wanted.place.longitude,
                                       profile.latitude, profile.longitude)  # fmt: skip
        share = 1.0 if distance <= NEAR_KM else max(0.0, (FAR_KM - distance) / (FAR_KM - NEAR_KM))
        same = profile.city if profile.city and fold(profile.city) == fold(offer.city) else ""
        return share, same, round(distance)
    if profile.city and fold(profile.city) == fold(offer.city):
        return 1.0, profile.city, None
    if profile.region and offer.region and fold(profile.region) == fold(offer.region):
        return 0.5, profile.region, None
    return 0.0, "", None


def score(profile: Profile, offer, wanted: Wanted) -> Ranked:
    """How well one profile fits one offer, with the reasons."""
    skill_terms = _profile_skill_terms(profile)
    all_skill_terms = set().union(*skill_terms.values()) if skill_terms else set()
    matched = [
        label for label, words in wanted.skills.items() if words and words <= all_skill_terms
    ]
    missing = [label for label in wanted.skills if label not in matched]
    matched += [
        label for label, words in skill_terms.items()
        if words & wanted.sought and label not in matched
    ]  # fmt: skip
    skill_share = len(matched) / max(1, len(wanted.skills) + (1 if wanted.sought else 0))
    titles = " ".join([profile.headline, *(e.title for e in profile.experiences.all())])
    common = sorted(wanted.title & set(terms(titles)))
    title_share = len(common) / max(1, len(wanted.title))
    place_share, place, distance = _place_share(profile, offer, wanted)
    available = None
    if profile.available_from and offer.start_date:
        available = profile.available_from <= offer.start_date
    total = (
        WEIGHTS["skills"] * min(1.0, skill_share)
        + WEIGHTS["title"] * title_share
        + WEIGHTS["place"] * place_share
        + WEIGHTS["availability"] * (1.0 if available else 0)
    )
    years = None
    if wanted.years_asked:
        years = profile.years_of_experience
        total += WEIGHTS["experience"] * min(1.0, years / wanted.years_asked)
    else:  # nothing asked: the other criteria share the experience weight
        total /= 1 - WEIGHTS["experience"]
    return Ranked(profile, round(total, 3), matched, missing, common, place, available,
                  distance, years, wanted.years_asked)  # fmt: skip


def rank_profiles(offer, *, limit: int = 10) -> list[Ranked]:
    wanted = Wanted.of(offer)
    profiles = Profile.objects.prefetch_related("skills", "experiences").order_by("-updated_at")
    ranked = [score(profile, offer, wanted) for profile in profiles[:MAX_PROFILES]]
    ranked = [item for item in ranked if item.score > 0]
    ranked.sort(key=lambda item: (-item.score, item.profile.pk))
    return ranked[:limit]


def fitting_offers(profile: Profile, *, limit: int = 5) -> list[tuple[object, Ranked]]:
    """The open offers a profile fits best, with the reasons."""
    from vivier.jobs.models import JobOffer

    offers = JobOffer.objects.open().select_related("occupation")
    scored = [(offer, score(profile, offer, Wanted.of(offer))) for offer in offers]
    scored = [(offer, item) for offer, item in scored if item.score > 0]
    scored.sort(key=lambda pair: (-pair[1].score, pair[0].pk))
    return scored[:limit]
