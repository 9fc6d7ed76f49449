"""The ESCO occupation of an offer: suggested from its title, confirmed by a recruiter."""

from vivier.taxonomy.matching import suggest_occupations
from vivier.taxonomy.models import Occupation

SUGGESTIONS = 3


def suggestions_for(offer) -> list:
    """The likeliest occupations for the offer's title; empty when ESCO is not loaded."""
    if not Occupation.objects.exists():
        return []
    return suggest_occupations(offer.title, language=offer.language, limit=SUGGESTIONS)


def occupation_label(occupation: Occupation, language: str) -> str:
    if language == "en":
        return occupation.preferred_label_en or occupation.preferred_label_fr
    return occupation.preferred_label_fr or occupation.preferred_label_en


def occupational_category(offer) -> str | None:
    """schema.org occupationalCategory: the ISCO-08 code and the ESCO occupation's label."""
    occupation = offer.occupation
    if occupation is None:
        return None
    label = occupation_label(occupation, offer.language)
    code = occupation.isco_group.code if occupation.isco_group_id else ""
    return f"{code} {label}".strip()
