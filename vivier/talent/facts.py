"""What Vivier derives from a profile for search and ranking, kept up to date when it is saved.

`refresh_facts(profile)` runs from `search.index_profile`, which every change to a profile calls:
- the city's coordinates, from the gazetteer (talent.places);
- years of experience: the union of the positions' dates, overlapping positions counted once;
- the ESCO occupations its headline and positions' titles name (taxonomy's suggestion service),
  leaving alone those a recruiter confirmed or removed;
- folded skill labels and language codes and levels, for the filters.
Nothing here reads anything but the profile's own professional items.
"""

import datetime as dt
import re
from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone

from vivier.talent import places
from vivier.talent.languages import language_code, level_rank
from vivier.talent.models import (
    OccupationStatus,
    Profile,
    ProfileLanguage,
    ProfileOccupation,
    ProfileSkill,
    ProfileText,
)
from vivier.taxonomy.text import fold

# A title's best ESCO suggestion is kept when it scores at least this, and either leads the next
# one by OCCUPATION_MARGIN or shares its ISCO group: vague titles ("Directeur", "Ingénieur",
# "Consultant") score as high as precise ones but name several occupations almost equally.
# Chosen on a few dozen common French and English titles against the full ESCO 1.1.1.
MIN_OCCUPATION_SCORE = 0.75
OCCUPATION_MARGIN = 0.05
MAX_TITLES = 12  # headline and positions looked at per profile


def skill_key(label: str) -> str:
    """ "Gestion de Projet" -> "gestion de projet": how the skill filter compares labels."""
    return " ".join(re.sub(r"[^a-z0-9+#]+", " ", fold(label)).split())[:200]


def experience(periods: Iterable[tuple[dt.date | None, dt.date | None]],
               today: dt.date) -> tuple[int, dt.date | None]:  # fmt: skip
    """(days, since) of (start, end) periods; an end of None, or in the future, is today.

    Overlapping periods count once. `since` is None unless a period is ongoing; then it is the
    date the same days would have started from if counted back from today, so that the days of
    experience on any later day are (that day - since).
    """
    intervals = []
    ongoing_starts = []
    for start, end in periods:
        if start is None or start > today:
            continue
        is_ongoing = end is None or end >= today
        end = today if is_ongoing else end
        if end < start:
            continue
        intervals.append((start, end))
        if is_ongoing:
            ongoing_starts.append(start)
    if not intervals:
        return 0, None
    intervals.sort()
    merged = [list(intervals[0])]
    for start, end in intervals[1:]:
        if start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    days = sum((end - start).days for start, end in merged)
    if not ongoing_starts:
        return days, None
    return days, today - dt.timedelta(days=days)


def _place_fields(profile: Profile) -> dict:
    found = places.locate(profile.city, country=profile.country) if profile.city else None
    if found is None:
        return dict.fromkeys(["latitude", "longitude", "place_x", "place_y", "place_z"])
    x, y, z = places.unit_vector(found.latitude, found.longitude)
    return {"latitude": found.latitude, "longitude": found.longitude,
            "place_x": x, "place_y": y, "place_z": z}  # fmt: skip


def _refresh_items(profile: Profile) -> None:
    for skill in ProfileSkill.objects.filter(profile=profile).only("pk", "label", "key"):
        key = skill_key(skill.label)
        if key != skill.key:
            ProfileSkill.objects.filter(pk=skill.pk).update(key=key)
    for language in ProfileLanguage.objects.filter(profile=profile):
        code, rank = language_code(language.language), level_rank(language.level, language.language)
        if (code, rank) != (language.code, language.level_rank):
            ProfileLanguage.objects.filter(pk=language.pk).update(code=code, level_rank=rank)


def recognised_occupations(titles: Iterable[str]) -> dict[int, tuple[str, float, str]]:
    """occupation id -> (title, score, ISCO code) of the titles' best ESCO suggestions."""
    from vivier.taxonomy.matching import suggest_occupations

    found: dict[int, tuple[str, float, str]] = {}
    seen = set()
    for title in titles:
        folded = fold(title).strip()
        if not folded or folded in seen or len(seen) >= MAX_TITLES:
            continue
        seen.add(folded)
        suggestions = suggest_occupations(title, language="fr", limit=2)
        if not suggestions or suggestions[0].score < MIN_OCCUPATION_SCORE:
            continue
        best = suggestions[0]
        if len(suggestions) > 1:
            second = suggestions[1]
            same_group = best.occupation.isco_group_id == second.occupation.isco_group_id
            if best.score - second.score < OCCUPATION_MARGIN and not same_group:
                continue  # two different trades fit about as well: leave it to the recruiter
        occupation = best.occupation
        current = found.get(occupation.pk)
        if current is None or current[1] < best.score:
            isco = occupation.isco_group.code if occupation.isco_group_id else ""
            found[occupation.pk] = (title[:200], best.score, isco)
    return found


def _refresh_occupations(profile: Profile, titles: list[str]) -> None:
    recognised = recognised_occupations(titles)
    existing = {item.occupation_id: item for item in profile.occupations.all()}
    for occupation_id, item in existing.items():
        if item.status == OccupationStatus.RECOGNISED and occupation_id not in recognised:
            item.delete()
    for occupation_id, (title, score, isco) in recognised.items():
        if occupation_id not in existing:
            ProfileOccupation.objects.create(
                profile=profile, occupation_id=occupation_id, isco_code=isco, from_title=title,
                score=round(score, 3),
            )  # fmt: skip


@transaction.atomic
def refresh_facts(profile: Profile) -> Profile:
    experiences = list(profile.experiences.all())
    today = timezone.localdate()
    days, since = experience([(e.starts_on, e.ends_on) for e in experiences], today)
    fields = {"experience_days": days, "experience_since": since, **_place_fields(profile)}
    changed = {name: value for name, value in fields.items() if getattr(profile, name) != value}
    if changed:
        Profile.objects.filter(pk=profile.pk).update(**changed)  # not "updated": derived only
        for name, value in changed.items():
            setattr(profile, name, value)
    _refresh_items(profile)
    _refresh_occupations(profile, [profile.headline, *(e.title for e in experiences)])
    return profile


@transaction.atomic
def decide_occupation(*, profile: Profile, occupation, status: str, by) -> ProfileOccupation:
    """A recruiter confirms an occupation (adding it if need be) or removes it for good."""
    isco = occupation.isco_group.code if occupation.isco_group_id else ""
    item, _created = ProfileOccupation.objects.update_or_create(
        profile=profile, occupation=occupation,
        defaults={"status": status, "decided_by": by, "decided_at": timezone.now(),
                  "isco_code": isco},
    )  # fmt: skip
    from vivier.talent.search import refresh_search_filters  # it imports this module

    refresh_search_filters(profile)  # the occupation facet follows the decision
    return item


def locate_all_profiles() -> int:
    """Place every profile again (after the gazetteer changed), one lookup per distinct city."""
    placed = 0
    cities = Profile.objects.exclude(city="").values_list("city", "country").distinct()
    for city, country in cities.iterator():
        found = places.locate(city, country=country)
        fields = dict.fromkeys(["latitude", "longitude", "place_x", "place_y", "place_z"])
        if found:
            x, y, z = places.unit_vector(found.latitude, found.longitude)
            fields = {"latitude": found.latitude, "longitude": found.longitude,
                      "place_x": x, "place_y": y, "place_z": z}  # fmt: skip
        updated = Profile.objects.filter(city=city, country=country).update(**fields)
        ProfileText.objects.filter(profile__city=city, profile__country=country).update(**fields)
        placed += updated if found else 0
        from vivier.talent.search import refresh_search_filters  # it imports this module

        for profile in Profile.objects.filter(city=city, country=country).prefetch_related(
            "skills", "languages"
        ):  # the cells of the map the full-text index holds (search.filter_tokens)
            refresh_search_filters(profile)
    return placed
