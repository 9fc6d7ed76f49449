"""The pending possible duplicates, for the pool's navigation and a profile's page."""

from django import template

from vivier.talent import duplicates

register = template.Library()


@register.simple_tag
def pending_duplicates_count() -> int:
    return duplicates.pending_count()


@register.simple_tag
def possible_duplicates_of(profile) -> list[tuple]:
    """(pair, the other profile) for each pending pair of this profile."""
    return [
        (pair, pair.second if pair.first_id == profile.pk else pair.first)
        for pair in duplicates.pairs_of(profile)
    ]
