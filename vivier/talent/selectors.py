"""Finding people in the pool: full-text words, filters, and facets over the results."""

from collections import Counter

from django.db.models import Q

from vivier.talent import search
from vivier.talent.models import LegalBasis, Profile

MAX_RESULTS = 200
FACET_SIZE = 8


def find_profiles(data: dict) -> list[Profile]:
    """Profiles for the search form's cleaned data: relevance first when words are given."""
    profiles = Profile.objects.all()
    ids = None
    if data.get("q"):
        ids = search.search_ids(data["q"], limit=MAX_RESULTS * 5)
        profiles = profiles.filter(pk__in=ids)
    if data.get("skill"):
        profiles = profiles.filter(skills__label__icontains=data["skill"])
    if data.get("city"):
        profiles = profiles.filter(city__iexact=data["city"])
    if data.get("available_by"):
        profiles = profiles.filter(
            Q(available_from__isnull=True) | Q(available_from__lte=data["available_by"])
        )
    if data.get("min_rating"):
        profiles = profiles.filter(rating__gte=data["min_rating"])
    consented = Q(sources__legal_basis=LegalBasis.CONSENT)
    if data.get("consent") == "yes":
        profiles = profiles.filter(consented)
    elif data.get("consent") == "no":
        profiles = profiles.exclude(consented)
    profiles = list(profiles.distinct().prefetch_related("skills")[: MAX_RESULTS * 5])
    if data.get("tag"):  # tags are a JSON list: filtered here, the same on both databases
        profiles = [p for p in profiles if data["tag"] in p.tags]
    if ids is not None:
        order = {pk: position for position, pk in enumerate(ids)}
        profiles.sort(key=lambda profile: order.get(profile.pk, len(order)))
    else:
        profiles.sort(key=lambda profile: (profile.last_name, profile.first_name))
    return profiles[:MAX_RESULTS]


def facets(profiles: list[Profile]) -> dict[str, list[tuple[str, int]]]:
    """The most frequent cities, skills and tags among the results, with their counts."""
    cities = Counter(profile.city for profile in profiles if profile.city)
    skills = Counter(skill.label for profile in profiles for skill in profile.skills.all())
    tags = Counter(tag for profile in profiles for tag in profile.tags)
    return {
        "city": cities.most_common(FACET_SIZE),
        "skill": skills.most_common(FACET_SIZE),
        "tag": tags.most_common(FACET_SIZE),
    }
