"""The pool's best profiles for an offer, each with the reasons, so a recruiter can judge.

What counts, and nothing else (never age, sex, origin, family, health or a photo):
- skills: the offer's wanted skills (its ESCO occupation's essential skills, and the words of its
  "profile sought") found among the person's skills, and those missing;
- title: how close the person's headline and positions are to the offer's title;
- place: the same city, or the same region;
- availability: free by the offer's start date.
"""

from dataclasses import dataclass, field

from vivier.talent.models import Profile
from vivier.taxonomy.text import fold, terms

WEIGHTS = {"skills": 0.5, "title": 0.3, "place": 0.1, "availability": 0.1}
MAX_PROFILES = 2000  # profiles scored per offer; the pool's newest first beyond that
MAX_WANTED = 15


@dataclass
class Ranked:
    profile: Profile
    score: float
    matched_skills: list[str] = field(default_factory=list)
    missing_skills: list[str] = field(default_factory=list)
    title_words: list[str] = field(default_factory=list)
    same_place: str = ""
    is_available: bool | None = None


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

    @classmethod
    def of(cls, offer) -> "Wanted":
        skills = {label: set(terms(label)) for label in wanted_skills(offer)}
        sought = {word for word in terms(offer.profile or "") if len(word) > 2}
        return cls(skills, sought, _title_terms(offer))


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
    place = ""
    if profile.city and fold(profile.city) == fold(offer.city):
        place = profile.city
    elif profile.region and offer.region and fold(profile.region) == fold(offer.region):
        place = profile.region
    available = None
    if profile.available_from and offer.start_date:
        available = profile.available_from <= offer.start_date
    total = (
        WEIGHTS["skills"] * min(1.0, skill_share)
        + WEIGHTS["title"] * title_share
        + WEIGHTS["place"] * (1.0 if place and place == profile.city else 0.5 if place else 0)
        + WEIGHTS["availability"] * (1.0 if available else 0)
    )
    return Ranked(profile, round(total, 3), matched, missing, common, place, available)


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
