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


def rank_profiles(offer, *, limit: int = 10) -> list[Ranked]:
    wanted = wanted_skills(offer)
    wanted_terms = {label: set(terms(label)) for label in wanted}
    # Words of the offer's "profile sought" count as wanted skills too (e.g. "Python, Django").
    sought = {word for word in terms(offer.profile or "") if len(word) > 2}
    title = _title_terms(offer)
    profiles = Profile.objects.prefetch_related("skills", "experiences").order_by("-updated_at")
    ranked = []
    for profile in profiles[:MAX_PROFILES]:
        skill_terms = _profile_skill_terms(profile)
        all_skill_terms = set().union(*skill_terms.values()) if skill_terms else set()
        matched = [
            label for label, words in wanted_terms.items() if words and words <= all_skill_terms
        ]
        missing = [label for label in wanted if label not in matched]
        matched += [
            label for label, words in skill_terms.items()
            if words & sought and label not in matched
        ]  # fmt: skip
        skill_share = len(matched) / max(1, len(wanted) + (1 if sought else 0))
        titles = " ".join([profile.headline, *(e.title for e in profile.experiences.all())])
        common = sorted(title & set(terms(titles)))
        title_share = len(common) / max(1, len(title))
        place = ""
        if profile.city and fold(profile.city) == fold(offer.city):
            place = profile.city
        elif profile.region and offer.region and fold(profile.region) == fold(offer.region):
            place = profile.region
        available = None
        if profile.available_from and offer.start_date:
            available = profile.available_from <= offer.start_date
        score = (
            WEIGHTS["skills"] * min(1.0, skill_share)
            + WEIGHTS["title"] * title_share
            + WEIGHTS["place"] * (1.0 if place == profile.city and place else 0.5 if place else 0)
            + WEIGHTS["availability"] * (1.0 if available else 0)
        )
        if score > 0:
            ranked.append(
                Ranked(profile, round(score, 3), matched, missing, common, place, available)
            )
    ranked.sort(key=lambda item: (-item.score, item.profile.pk))
    return ranked[:limit]
