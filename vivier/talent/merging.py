"""Merging two profiles of the same person, after a recruiter compared them side by side.

The older profile is kept. For each identity field the recruiter says whose value stays; every
item (experiences, education, skills, languages, links), every source, note, shortlist, check and
applicant record of the other profile moves to the kept one, so the provenance of both stays.
The merge itself is recorded (`ProfileMerge`): who, when, which value came from where and which
was set aside. Rows of other apps that point at a profile move too: the relations are read from
the model, so a new one is not forgotten.
"""

from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from vivier.privacy import audit
from vivier.privacy.models import AuditAction
from vivier.talent.models import (
    DuplicatePair,
    DuplicateStatus,
    FieldSource,
    MergedApplicant,
    Profile,
    ProfileMerge,
    ProfileText,
    ShortlistEntry,
)
from vivier.talent.search import index_profile

# The fields a recruiter chooses between, in the order the review shows them.
CHOSEN_FIELDS = ["first_name", "last_name", "email", "phone", "headline", "summary", "city",
                 "region", "country", "available_from", "rating"]  # fmt: skip
# Fields the merge works out itself rather than asking.
DERIVED_FIELDS = {"id", "candidate", "name_key", "tags", "must_be_informed_by", "informed_at",
                  "created_at", "updated_at"}  # fmt: skip
KEPT, MERGED = "kept", "merged"


class MergeRefused(ValueError):
    """The two profiles cannot be merged as asked; the message says why."""


def _empty(value) -> bool:
    return value in ("", None, [])


def differing_fields(kept: Profile, other: Profile) -> list[str]:
    """The chosen fields where both profiles have a value and the values differ."""
    return [
        name
        for name in CHOSEN_FIELDS
        if not _empty(getattr(kept, name))
        and not _empty(getattr(other, name))
        and getattr(kept, name) != getattr(other, name)
    ]


def _take_fields(kept: Profile, other: Profile, choices: dict[str, str]) -> dict:
    """Set the kept profile's fields; the record of where each value came from."""
    record = {}
    field_sources = {item.field: item for item in FieldSource.objects.filter(profile=other)}
    other_fields = [
        field
        for field in Profile._meta.concrete_fields
        if field.name not in DERIVED_FIELDS and field.name not in CHOSEN_FIELDS
    ]
    names = CHOSEN_FIELDS + [field.attname for field in other_fields]
    for name in names:
        mine, theirs = getattr(kept, name), getattr(other, name)
        if _empty(theirs) or mine == theirs:
            continue
        origin = choices.get(name) if name in CHOSEN_FIELDS else None
        if origin not in (KEPT, MERGED):
            origin = KEPT if not _empty(mine) else MERGED
        if origin == MERGED:
            setattr(kept, name, theirs)
            if name in field_sources:
                FieldSource.objects.update_or_create(
                    profile=kept, field=name, defaults={"source": field_sources[name].source}
                )
            else:  # better no source shown than the source of the value set aside
                FieldSource.objects.filter(profile=kept, field=name).delete()
        record[name] = {"from": origin, "set_aside": str(mine if origin == MERGED else theirs)}
    if set(other.tags) - set(kept.tags):
        kept.tags = sorted(set(kept.tags) | set(other.tags))
        if "tags" in field_sources and not kept.field_sources.filter(field="tags").exists():
            FieldSource.objects.create(
                profile=kept, field="tags", source=field_sources["tags"].source
            )
    FieldSource.objects.filter(profile=other).delete()
    return record


def _take_duty_to_inform(kept: Profile, other: Profile) -> None:
    """Whoever was not yet told about one profile's data must be told about the merged one."""
    pending = [
        profile.must_be_informed_by
        for profile in (kept, other)
        if profile.must_be_informed_by and not profile.informed_at
    ]
    if pending:
        kept.must_be_informed_by, kept.informed_at = min(pending), None
    elif kept.must_be_informed_by is None and other.must_be_informed_by:
        kept.must_be_informed_by, kept.informed_at = other.must_be_informed_by, other.informed_at


def _take_candidate(kept: Profile, other: Profile) -> None:
    """The other profile's applicant record: the kept one's if it had none, else a second one."""
    candidate = other.candidate
    if candidate is None:
        return
    other.candidate = None
    other.save(update_fields=["candidate"])
    if kept.candidate_id is None:
        kept.candidate = candidate
        kept.save(update_fields=["candidate"])
    elif kept.candidate_id != candidate.pk:
        MergedApplicant.objects.create(profile=kept, candidate=candidate)


def _take_shortlists(kept: Profile, other: Profile) -> int:
    """One entry per offer: an invitation already sent is not forgotten."""
    mine = {entry.offer_id: entry for entry in ShortlistEntry.objects.filter(profile=kept)}
    moved = 0
    for entry in ShortlistEntry.objects.filter(profile=other):
        same = mine.get(entry.offer_id)
        if same is None:
            entry.profile = kept
            entry.save(update_fields=["profile"])
            moved += 1
        else:
            if same.invited_at is None and entry.invited_at:
                same.invited_at = entry.invited_at
                same.save(update_fields=["invited_at"])
            entry.delete()
    return moved


def _constrained(model, field_name: str) -> bool:
    """Whether rows of `model` may clash on the profile when moved (a unique constraint)."""
    unique_sets = [set(names) for names in model._meta.unique_together]
    unique_sets += [
        set(constraint.fields)
        for constraint in model._meta.constraints
        if isinstance(constraint, models.UniqueConstraint)
    ]
    return any(field_name in names for names in unique_sets)


def _relations():
    """Every relation pointing at Profile, hidden ones (related_name="+") included."""
    for relation in Profile._meta.get_fields(include_hidden=True):
        if relation.is_relation and relation.auto_created and not relation.concrete:
            yield relation


def _move_related(kept: Profile, other: Profile) -> dict[str, int]:
    """Every row of any model that points at the other profile now points at the kept one."""
    moved = {}
    handled = {FieldSource, ShortlistEntry, DuplicatePair, ProfileText}
    for relation in _relations():
        model, field = relation.related_model, relation.field
        if model in handled or model._meta.auto_created or relation.many_to_many:
            continue  # many-to-many links (and their tables): see _move_many_to_many
        rows = model._base_manager.filter(**{field.name: other})
        if relation.one_to_one:
            if not model._base_manager.filter(**{field.name: kept}).exists():
                count = rows.update(**{field.name: kept})
                if count:
                    moved[model._meta.model_name] = count
            continue
        if _constrained(model, field.name):
            count = 0
            for row in rows:
                try:
                    with transaction.atomic():
                        model._base_manager.filter(pk=row.pk).update(**{field.name: kept})
                        count += 1
                except IntegrityError:
                    pass  # the kept profile already has the same: this one goes with the other
        else:
            count = rows.update(**{field.name: kept})
        if count:
            moved[model._meta.model_name] = moved.get(model._meta.model_name, 0) + count
    return moved


def _move_many_to_many(kept: Profile, other: Profile) -> None:
    for field in Profile._meta.many_to_many:
        getattr(kept, field.name).add(*getattr(other, field.name).all())
    for relation in _relations():
        if relation.many_to_many and not relation.hidden:
            accessor = relation.get_accessor_name()
            getattr(kept, accessor).add(*getattr(other, accessor).all())


def _move_pairs(kept: Profile, other: Profile) -> None:
    """Pairs of the other profile become the kept one's; a "not the same" decision stands."""
    DuplicatePair.objects.filter(
        models.Q(first=kept, second=other) | models.Q(first=other, second=kept)
    ).delete()
    for pair in DuplicatePair.objects.filter(models.Q(first=other) | models.Q(second=other)):
        third = pair.second_id if pair.first_id == other.pk else pair.first_id
        low, high = sorted((kept.pk, third))
        existing = DuplicatePair.objects.filter(first_id=low, second_id=high).first()
        if existing is None:
            pair.first_id, pair.second_id = low, high
            pair.save(update_fields=["first", "second"])
            continue
        if pair.status == DuplicateStatus.NOT_SAME and existing.status != pair.status:
            existing.status, existing.decided_by_id = pair.status, pair.decided_by_id
            existing.decided_at = pair.decided_at
            existing.save(update_fields=["status", "decided_by", "decided_at"])
        pair.delete()


@transaction.atomic
def merge_profiles(*, kept: Profile, other: Profile, choices: dict[str, str], by) -> ProfileMerge:
    """Merge `other` into `kept` (see the module's docstring); `choices`: field → kept|merged."""
    if kept.pk == other.pk:
        raise MergeRefused(_("A profile cannot be merged with itself."))
    both = Profile.objects.select_for_update().filter(pk__in=[kept.pk, other.pk])
    locked = {profile.pk: profile for profile in both}
    if len(locked) != 2:
        raise MergeRefused(_("One of the two profiles no longer exists: it was merged or removed."))
    kept, other = locked[kept.pk], locked[other.pk]
    merged_name, merged_pk = str(other), other.pk
    # Whose data each was, as the log filed it so far (the kept one may take an applicant's key).
    kept_person, merged_person = audit.person_key(kept), audit.person_key(other)
    fields = _take_fields(kept, other, choices)
    _take_duty_to_inform(kept, other)
    _take_candidate(kept, other)
    moved = {"shortlistentry": _take_shortlists(kept, other)}
    kept.save()
    moved.update(_move_related(kept, other))
    _move_many_to_many(kept, other)
    _move_pairs(kept, other)
    merge = ProfileMerge.objects.create(
        profile=kept, merged_profile_id=merged_pk, merged_name=merged_name[:241], by=by,
        fields=fields, moved={name: count for name, count in moved.items() if count},
    )  # fmt: skip
    other.delete()
    # Both people's entries say what became of their data: the merged one's outlives its profile.
    audit.record(actor=by, action=AuditAction.CHANGE, obj=kept, person=kept_person,
                 detail=f"merged profile {merged_pk} into this one")  # fmt: skip
    audit.record(actor=by, action=AuditAction.CHANGE, obj=kept, person=merged_person,
                 detail=f"merged into profile {kept.pk}")  # fmt: skip
    index_profile(kept)
    from vivier.talent.duplicates import flag_possible_duplicates

    flag_possible_duplicates(profile=kept)
    return merge


@transaction.atomic
def mark_not_the_same(*, pair: DuplicatePair, by) -> DuplicatePair:
    """The two are different people: the pair stays, so that it is never proposed again."""
    pair.status, pair.decided_by, pair.decided_at = DuplicateStatus.NOT_SAME, by, timezone.now()
    pair.save(update_fields=["status", "decided_by", "decided_at"])
    return pair
