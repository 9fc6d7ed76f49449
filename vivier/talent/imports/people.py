"""One shape for a person read from any file, and the one way it enters the pool.

A person already in the pool (same e-mail, phone or professional-profile address) is completed,
not duplicated: the new items join the profile with their own source, so both provenances stay.
"""

import datetime as dt
import re
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _

from vivier.talent import services
from vivier.talent.imports.skills import save_skills
from vivier.talent.models import (
    Education,
    Experience,
    Profile,
    ProfileLanguage,
    Source,
)
from vivier.talent.search import index_profile


class UnreadableFile(ValueError):
    """A file that cannot be read as what it claims to be; the message says why."""


@dataclass
class Item:
    title: str
    place: str = ""
    starts_on: dt.date | None = None
    ends_on: dt.date | None = None
    description: str = ""


@dataclass
class Person:
    first_name: str = ""
    last_name: str = ""
    email: str = ""
    phone: str = ""
    headline: str = ""
    summary: str = ""
    city: str = ""
    region: str = ""
    country: str = ""
    links: list[str] = field(default_factory=list)
    experiences: list[Item] = field(default_factory=list)
    education: list[Item] = field(default_factory=list)
    skills: list[tuple[str, str]] = field(default_factory=list)  # (label, level)
    languages: list[tuple[str, str]] = field(default_factory=list)  # (language, level)
    language: str = ""  # "fr" or "en", the file's language when known (skills.guess_language)
    text: str = ""  # the file's whole text, when it is a document (a CV)


@dataclass
class Outcome:
    profile: Profile | None
    action: str  # "created", "merged" or "refused"
    notes: list[str] = field(default_factory=list)
    source: Source | None = None  # what the file's items point at


IDENTITY = ["first_name", "last_name", "email", "phone", "headline", "summary", "city", "region",
            "country"]  # fmt: skip


def _digits(phone: str) -> str:
    return re.sub(r"\D", "", phone)[-9:]  # French numbers: the last nine digits


def find_same_person(person: Person) -> Profile | None:
    """The profile of the same person, by e-mail, then phone, then a professional profile URL."""
    if person.email:
        found = Profile.objects.filter(email__iexact=person.email).first()
        if found:
            return found
    if len(_digits(person.phone)) == 9:
        for profile in Profile.objects.exclude(phone="").only("pk", "phone"):
            if _digits(profile.phone) == _digits(person.phone):
                return Profile.objects.get(pk=profile.pk)
    for url in person.links:
        found = Profile.objects.filter(links__url=url).first()
        if found:
            return found
    return None


@transaction.atomic
def save_person(*, person: Person, source_kind: str, legal_basis: str, by=None,
                supplied_by_candidate: bool, detail: str = "") -> Outcome:  # fmt: skip
    if not (person.first_name or person.last_name):
        return Outcome(None, "refused", [_("No name in the file.")])
    profile = find_same_person(person)
    fields = {name: getattr(person, name) for name in IDENTITY if getattr(person, name)}
    if profile is None:
        profile = services.create_profile(
            fields=fields, source_kind=source_kind, legal_basis=legal_basis, by=by,
            supplied_by_candidate=supplied_by_candidate, detail=detail,
        )  # fmt: skip
        action = "created"
        source = profile.sources.get()
    else:
        action = "merged"
        source = Source.objects.create(
            profile=profile, kind=source_kind, legal_basis=legal_basis, by=by, detail=detail,
            supplied_by_candidate=supplied_by_candidate,
        )  # fmt: skip
        for name, value in fields.items():  # only what the profile lacks: nothing is overwritten
            if not getattr(profile, name):
                setattr(profile, name, value)
                profile.field_sources.update_or_create(field=name, defaults={"source": source})
        profile.save()
    notes = []
    for item in person.experiences:
        Experience.objects.create(
            profile=profile, source=source, title=item.title[:200], organisation=item.place[:200],
            starts_on=item.starts_on, ends_on=item.ends_on, description=item.description,
        )  # fmt: skip
    for item in person.education:
        Education.objects.create(
            profile=profile, source=source, title=item.title[:200], school=item.place[:200],
            starts_on=item.starts_on, ends_on=item.ends_on,
        )  # fmt: skip
    notes += save_skills(profile=profile, source=source, person=person)
    for language, level in person.languages:
        ProfileLanguage.objects.create(
            profile=profile, source=source, language=language[:60], level=level[:30]
        )
    for url in person.links:
        if profile.links.filter(url=url).exists():
            continue
        try:
            services.add_link(
                profile=profile, url=url, by=by, source=source,
                supplied_by_candidate=supplied_by_candidate,
            )  # fmt: skip
        except services.PrivateSphereRefused as refusal:
            notes.append(str(refusal))
    index_profile(profile)
    return Outcome(profile, action, notes, source)
