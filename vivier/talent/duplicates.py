"""Possible duplicates: the same name and at least one close detail, for a recruiter to review.

The same e-mail, phone or professional-profile address merges at import (imports/people.py).
Short of that, two profiles whose names are the same once accents, case, hyphens and order are
set aside (`Profile.name_key`), and which share a detail — the city, an organisation or a school
in their past, a phone one digit apart, the same e-mail before the @, the same user name on two
networks — become a `DuplicatePair`. Nothing is merged without a person deciding: the pair waits
for the side-by-side review, and a pair marked "not the same person" is never proposed again.
"""

import re
from collections import defaultdict
from urllib.parse import urlsplit

from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from vivier.talent.models import DuplicatePair, DuplicateStatus, Profile
from vivier.talent.names import fold, name_key

MAX_NAMESAKES = 200  # profiles of one name compared at once; beyond, the name says little

REASONS = {
    "city": _("same city"),
    "organisation": _("same organisation in their experience"),
    "school": _("same school"),
    "phone": _("phone numbers one digit apart"),
    "email_local": _("same e-mail address before the @"),
    "username": _("same user name on a professional network"),
}


def _phone_digits(phone: str) -> str:
    return re.sub(r"\D", "", phone)[-9:]  # French numbers: the last nine digits


def _close_phones(first: str, second: str) -> bool:
    """Nine digits each, equal but for one digit or two neighbours swapped (a typing slip)."""
    a, b = _phone_digits(first), _phone_digits(second)
    if len(a) != 9 or len(b) != 9:
        return False
    differ = [index for index in range(9) if a[index] != b[index]]
    if len(differ) <= 1:
        return True
    i, j = differ[0], differ[-1]
    return len(differ) == 2 and j == i + 1 and a[i] == b[j] and a[j] == b[i]


def _email_local(email: str) -> str:
    """Before the @, without a +suffix, dots, hyphens or underscores: "jean.dupont+jobs"."""
    local = email.split("@", 1)[0].split("+", 1)[0].lower()
    return re.sub(r"[._-]", "", local)


def _usernames(profile: Profile) -> set[str]:
    """The last part of each link's path: github.com/jdupont and linkedin.com/in/jdupont."""
    names = set()
    for link in profile.links.all():
        path = [part for part in urlsplit(link.url).path.split("/") if part]
        if path and len(path[-1]) >= 4:
            names.add(path[-1].lower())
    return names


def close_details(first: Profile, second: Profile) -> list[dict]:
    """What two profiles share beyond their name, each as {"code", "value"}; [] when nothing."""
    reasons = []
    if first.city and fold(first.city) == fold(second.city):
        reasons.append({"code": "city", "value": first.city})
    organisations = {fold(e.organisation): e.organisation for e in first.experiences.all()}
    for item in second.experiences.all():
        if item.organisation and fold(item.organisation) in organisations:
            reasons.append({"code": "organisation", "value": item.organisation})
            break
    schools = {fold(e.school): e.school for e in first.education.all()}
    for item in second.education.all():
        if item.school and fold(item.school) in schools:
            reasons.append({"code": "school", "value": item.school})
            break
    if first.phone and second.phone and _close_phones(first.phone, second.phone):
        reasons.append({"code": "phone", "value": f"{first.phone} / {second.phone}"})
    local = _email_local(first.email) if first.email else ""
    if len(local) >= 3 and second.email and local == _email_local(second.email):
        reasons.append({"code": "email_local", "value": f"{first.email} / {second.email}"})
    shared = sorted(_usernames(first) & _usernames(second))
    if shared:
        reasons.append({"code": "username", "value": shared[0]})
    return reasons


def reason_labels(reasons: list[dict]) -> list[str]:
    return [f"{REASONS.get(item['code'], item['code'])} ({item['value']})" for item in reasons]


def _with_details(queryset):
    return queryset.prefetch_related("experiences", "education", "links")


def namesakes(profile: Profile) -> list[Profile]:
    """Other profiles of the same name, with their details; one query when there are none."""
    key = name_key(profile.first_name, profile.last_name)
    if not key:
        return []
    found = Profile.objects.filter(name_key=key).exclude(pk=profile.pk).order_by("pk")
    return list(_with_details(found)[:MAX_NAMESAKES])


@transaction.atomic
def _record_pair(first: Profile, second: Profile, reasons: list[dict]) -> DuplicatePair | None:
    """The pending pair of two profiles, created or refreshed; None if it was ruled out."""
    low, high = sorted((first, second), key=lambda profile: profile.pk)
    pair = DuplicatePair.objects.filter(first=low, second=high).first()
    if pair is None:
        try:
            with transaction.atomic():
                return DuplicatePair.objects.create(first=low, second=high, reasons=reasons)
        except IntegrityError:  # another worker recorded it a moment ago
            pair = DuplicatePair.objects.get(first=low, second=high)
    if pair.status == DuplicateStatus.NOT_SAME:
        return None
    if pair.reasons != reasons:
        pair.reasons = reasons
        pair.save(update_fields=["reasons"])
    return pair


def flag_possible_duplicates(*, profile: Profile) -> list[DuplicatePair]:
    """Record the profiles that may be the same person as this one; the pending pairs found."""
    if profile is None or profile.pk is None:
        return []
    others = namesakes(profile)
    if not others:  # most people: nobody else bears their name
        return []
    profile = _with_details(Profile.objects.filter(pk=profile.pk)).first()
    if profile is None:
        return []
    pairs = []
    for other in others:
        reasons = close_details(profile, other)
        if reasons and (pair := _record_pair(profile, other, reasons)):
            pairs.append(pair)
    return pairs


def report_entries(pairs: list[DuplicatePair], profile: Profile) -> list[dict]:
    """The pairs as an import report writes them: the pair and the other profile."""
    entries = []
    for pair in pairs:
        other = pair.second if pair.first_id == profile.pk else pair.first
        entries.append({"pair": pair.pk, "profile": other.pk, "name": str(other)})
    return entries


def possible_duplicates(profile_id: int) -> list[dict]:
    """Flag the possible duplicates of a profile just imported, as its report entry lists them."""
    profile = Profile.objects.filter(pk=profile_id).first()
    if profile is None:
        return []
    return report_entries(flag_possible_duplicates(profile=profile), profile)


def pending_pairs():
    return DuplicatePair.objects.filter(status=DuplicateStatus.PENDING).select_related(
        "first", "second"
    )


def pending_count() -> int:
    return DuplicatePair.objects.filter(status=DuplicateStatus.PENDING).count()


def pairs_of(profile: Profile):
    return pending_pairs().filter(Q(first=profile) | Q(second=profile))


def scan_pool() -> dict[str, int]:
    """Look over the whole pool: names borne by several profiles, compared two by two.

    Profiles written without `Profile.save` (bulk loads) get their name key first.
    """
    missing = Profile.objects.filter(name_key="").exclude(first_name="", last_name="")
    keyed = []
    for profile in missing.only("pk", "first_name", "last_name").iterator(chunk_size=1000):
        profile.name_key = name_key(profile.first_name, profile.last_name)
        keyed.append(profile)
    Profile.objects.bulk_update(keyed, ["name_key"], batch_size=1000)
    shared = (
        Profile.objects.exclude(name_key="")
        .values("name_key")
        .annotate(number=Count("pk"))
        .filter(number__gt=1)
        .values_list("name_key", flat=True)
    )
    found = defaultdict(int)
    for key in shared.iterator():
        profiles = list(_with_details(Profile.objects.filter(name_key=key).order_by("pk"))[
            :MAX_NAMESAKES
        ])  # fmt: skip
        found["names"] += 1
        for index, first in enumerate(profiles):
            for second in profiles[index + 1 :]:
                reasons = close_details(first, second)
                if reasons and _record_pair(first, second, reasons):
                    found["pairs"] += 1
    return {"keyed": len(keyed), "names": found["names"], "pairs": found["pairs"]}
