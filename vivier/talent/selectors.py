"""Finding people in the pool: full-text words, filters, and facets over the results."""

from dataclasses import dataclass, field

from vivier.talent import search
from vivier.talent.languages import label_of
from vivier.talent.models import Profile
from vivier.talent.places import haversine_km

PAGE_SIZE = 50


@dataclass
class Facet:
    parameter: str  # the search form's field the value goes in
    title: str
    values: list[tuple[str, str, int]] = field(default_factory=list)  # (value, label, count)


@dataclass
class Results:
    profiles: list[Profile]
    total: int
    page: int
    pages: int
    facets: list[Facet]
    facets_among: int | None
    ranked_among: int | None = None  # more matched the words: this many most recent were ranked


def search_pool(criteria: search.Criteria, *, page: int = 1, page_size: int = PAGE_SIZE) -> Results:
    """One page of the people meeting the criteria, best first, with the facets' counts."""
    from django.utils.translation import gettext as _

    from vivier.taxonomy.models import Occupation

    found = search.find(criteria, limit=page_size, offset=(page - 1) * page_size)
    pages = max(1, -(-found.total // page_size))
    by_id = Profile.objects.in_bulk(found.ids)
    profiles = [by_id[pk] for pk in found.ids if pk in by_id]
    if criteria.circle:
        for profile in profiles:  # shown beside each person
            profile.distance_km = (
                round(haversine_km(criteria.circle.latitude, criteria.circle.longitude,
                                   profile.latitude, profile.longitude))
                if profile.latitude is not None else None
            )  # fmt: skip
    occupations = Occupation.objects.in_bulk(
        [int(value) for value, _label, _count in found.facets.get("occupation", [])]
    )
    facets = [
        Facet("city", _("City"), found.facets.get("city", [])),
        Facet("occupation", _("Occupation"), [
            (value, str(occupations[int(value)]), count)
            for value, _label, count in found.facets.get("occupation", [])
            if int(value) in occupations
        ]),
        Facet("skill", _("Skill"), found.facets.get("skill", [])),
        Facet("language", _("Language"), [
            (value, label_of(value), count)
            for value, _label, count in found.facets.get("language", [])
        ]),
        Facet("tag", _("Tag"), found.facets.get("tag", [])),
    ]  # fmt: skip
    return Results(profiles, found.total, page, pages, [f for f in facets if f.values],
                   found.facets_among, found.ranked_among)  # fmt: skip
