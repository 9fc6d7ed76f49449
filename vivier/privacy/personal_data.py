"""Finding everything Vivier holds about one person, to export it, anonymise it or erase it.

The walk follows every relation that points at a person's record (applicant or talent-pool
profile), so a table that a later app adds is exported and erased without a change here.
"""

from dataclasses import dataclass, field

from django.db import models, transaction
from django.db.models.fields.files import FieldFile
from django.utils import timezone


@dataclass
class PersonData:
    """One person's records, found from their e-mail address."""

    email: str
    candidates: list = field(default_factory=list)
    profiles: list = field(default_factory=list)

    @property
    def roots(self) -> list:
        return [*self.candidates, *self.profiles]

    @property
    def is_empty(self) -> bool:
        return not self.candidates and not self.profiles


def find_person(email: str) -> PersonData:
    from vivier.hiring.models import Candidate
    from vivier.talent.models import Profile

    email = email.strip()
    candidates = list(Candidate.objects.filter(email__iexact=email, anonymised_at__isnull=True))
    profiles = list(
        Profile.objects.filter(
            models.Q(email__iexact=email) | models.Q(candidate__in=candidates)
        ).distinct()
    )
    return PersonData(email=email, candidates=candidates, profiles=profiles)


def related_records(root) -> list:
    """`root` and every record that hangs from it through a reverse relation, depth first.

    Only relations whose foreign key lives on the related model are followed (what belongs to
    the root), never the forward ones (the offer an application is for).
    """
    found, seen = [], set()

    def walk(obj):
        key = (obj._meta.label, obj.pk)
        if key in seen:
            return
        seen.add(key)
        found.append(obj)
        for relation in obj._meta.get_fields(include_hidden=True):
            if not relation.auto_created or relation.concrete or relation.many_to_many:
                continue
            for child in relation.related_model._base_manager.filter(
                **{relation.field.name: obj}
            ).order_by("pk"):
                walk(child)

    walk(root)
    return found


def serialise(obj) -> dict:
    """A record as plain values, labelled for a person to read."""
    values = {}
    for model_field in obj._meta.concrete_fields:
        if model_field.name in ("password",):
            continue
        value = getattr(obj, model_field.attname)
        if isinstance(value, FieldFile):
            value = value.name or ""
        elif hasattr(value, "isoformat"):
            value = value.isoformat()
        elif not isinstance(value, (str, int, float, bool, list, dict, type(None))):
            value = str(value)
        values[model_field.name] = {"label": str(model_field.verbose_name), "value": value}
    return values


def files_of(obj) -> list[FieldFile]:
    return [
        getattr(obj, f.attname)
        for f in obj._meta.concrete_fields
        if isinstance(f, models.FileField) and getattr(obj, f.attname)
    ]


def delete_files_on_commit(records) -> None:
    """Stored files go once the rows that name them are gone for good."""
    files = [file for record in records for file in files_of(record)]

    def remove():
        for file in files:
            file.storage.delete(file.name)

    transaction.on_commit(remove)


@transaction.atomic
def anonymise_candidate(candidate) -> None:
    """Keep what the statistics need (offer, stages reached, channel, dates); drop the person.

    Their documents, notes and messages go; the talent-pool profile goes; the applications stay
    with no name, no contact and no free text.
    """
    from vivier.hiring.models import Candidate

    candidate = Candidate.objects.select_for_update().get(pk=candidate.pk)
    if candidate.anonymised_at is not None:
        return
    removed = []
    for application in candidate.applications.all():
        removed += _delete_erased_with_applicant(application)
        for kind in ("documents", "notes", "messages"):
            records = list(getattr(application, kind).all())
            removed += records
            getattr(application, kind).all().delete()
        application.cover_letter = ""
        application.declared_source_detail = ""
        application.save(update_fields=["cover_letter", "declared_source_detail"])
    profile = getattr(candidate, "profile", None)
    if profile is not None:
        removed += delete_profile(profile)
    candidate.first_name = ""
    candidate.last_name = ""
    candidate.email = f"anonymised-{candidate.pk}@anonymised.invalid"
    candidate.phone = ""
    candidate.talent_pool_consent_at = None
    candidate.talent_pool_consent_text = ""
    candidate.anonymised_at = timezone.now()
    candidate.save()
    delete_files_on_commit(removed)


def _delete_erased_with_applicant(application) -> list:
    """Records of other apps that hang from the application and hold the person's words or
    files (an offer letter, a reply): their model says so with ERASED_WITH_APPLICANT = True."""
    records = [
        record for record in related_records(application)[1:]
        if getattr(type(record), "ERASED_WITH_APPLICANT", False)
    ]  # fmt: skip
    for record in reversed(records):  # children before their parents
        type(record)._base_manager.filter(pk=record.pk).delete()
    return records


@transaction.atomic
def delete_profile(profile) -> list:
    """Delete a talent-pool profile and all that hangs from it; returns the records deleted."""
    records = related_records(profile)
    delete_files_on_commit(records)
    # Items protect the source they came from (on_delete=PROTECT, so that no item ever loses
    # its provenance): they go first, then the profile takes the rest with it.
    deleted = {(record._meta.label, record.pk) for record in records}
    protecting: dict = {}
    for record in records:
        if record is not profile and _protects_one_of(record, deleted):
            protecting.setdefault(type(record), []).append(record.pk)
    for model, pks in protecting.items():
        model._base_manager.filter(pk__in=pks).delete()
    profile.delete()
    return records


def _protects_one_of(record, deleted: set) -> bool:
    """Whether `record` holds a PROTECT foreign key to one of the records being deleted."""
    return any(
        field.is_relation
        and field.many_to_one
        and field.remote_field.on_delete is models.PROTECT
        and (field.related_model._meta.label, getattr(record, field.attname)) in deleted
        for field in record._meta.concrete_fields
    )


# Records kept under an e-mail address alone, with no applicant or profile to hang from (a job
# alert subscription, a question asked on an offer, a member's posts in a hub): each app
# registers a function email -> records from its AppConfig.ready(); the export lists them and
# the erasure deletes them, or, for an app that registers an `eraser`, lets that app erase its
# own records its own way (a member's posts stay in the discussion, anonymised).
EMAIL_RECORD_FINDERS: list = []
EMAIL_RECORD_ERASERS: dict = {}


@dataclass
class Excerpt:
    """A record shown in an export only in part: one that holds someone else's data as well (a
    referral made by a member names the person referred), or secrets (an invitation's token
    hash). The erasure never deletes an excerpt: the app's eraser decides what becomes of it.

    `extra` adds values read elsewhere, for a person to understand the row (the hub's name):
    {name: (label, value)}.
    """

    record: models.Model
    fields: tuple = ()
    extra: dict = field(default_factory=dict)


def register_email_records(finder, *, eraser=None) -> None:
    """`finder(email)` lists what an app holds for an address (records or Excerpts), parents
    first. Without `eraser`, the erasure deletes those records, children first; with it, the
    erasure calls `eraser(email=..., by=...)` instead, before any deletion (so that it still
    finds the person's account)."""
    if finder not in EMAIL_RECORD_FINDERS:
        EMAIL_RECORD_FINDERS.append(finder)
    if eraser is not None:
        EMAIL_RECORD_ERASERS[finder] = eraser


def email_records(email: str) -> list:
    """Everything the apps hold under the address: records and Excerpts, for the export."""
    return [record for finder in EMAIL_RECORD_FINDERS for record in finder(email.strip())]


def accounts_of(email: str) -> list:
    """The user accounts an address stands for: their sign-in address, or another address of
    theirs that they verified (allauth), for the apps' finders and erasers."""
    from allauth.account.models import EmailAddress
    from django.contrib.auth import get_user_model

    user_model = get_user_model()
    email = email.strip()
    verified = EmailAddress.objects.filter(email__iexact=email, verified=True).values("user_id")
    return list(
        user_model.objects.filter(models.Q(email__iexact=email) | models.Q(pk__in=verified))
        .distinct()
        .order_by("pk")
    )


def record_of(item) -> models.Model:
    return item.record if isinstance(item, Excerpt) else item


def serialise_item(item) -> dict:
    """A record, or the part of it an Excerpt shows, as plain labelled values."""
    if not isinstance(item, Excerpt):
        return serialise(item)
    values = serialise(item.record)
    if item.fields:
        values = {name: values[name] for name in item.fields if name in values}
    for name, (label, value) in item.extra.items():
        values[name] = {"label": str(label), "value": value}
    return values


@transaction.atomic
def erase_account_traces(email: str, *, by=None) -> None:
    """What the apps keep through the person's account (hubs, referrals), erased by their own
    erasers as for an erasure request: before an account that no longer serves is deleted, so
    that nothing of the person stays behind it (a post's text without its author)."""
    for finder, eraser in EMAIL_RECORD_ERASERS.items():
        if finder in EMAIL_RECORD_FINDERS:
            eraser(email=email.strip(), by=by)


def erase_email_lists(email: str, *, by=None) -> None:
    """The address leaves the employer's e-mail lists, their deliveries and unsubscriptions;
    every record an app keeps under the address alone is deleted (EMAIL_RECORD_FINDERS), or
    erased by the app's own eraser (EMAIL_RECORD_ERASERS)."""
    email = email.strip()
    to_delete = []
    for finder in EMAIL_RECORD_FINDERS:
        if finder not in EMAIL_RECORD_ERASERS:
            to_delete += [item for item in finder(email) if not isinstance(item, Excerpt)]
    # The erasers first: they find the person through records deleted below (their account).
    erase_account_traces(email, by=by)
    for record in reversed(to_delete):  # children before their parents
        type(record)._base_manager.filter(pk=record.pk).delete()
    from vivier.distribution.models import Channel, EmailDelivery, EmailUnsubscription

    EmailDelivery.objects.filter(address__iexact=email).delete()
    EmailUnsubscription.objects.filter(address__iexact=email).delete()
    for channel in Channel.objects.filter(email_recipients__icontains=email):
        kept = [
            line for line in channel.email_recipients.splitlines()
            if line.strip().lower() != email.lower()
        ]  # fmt: skip
        channel.email_recipients = "\n".join(kept)
        channel.save(update_fields=["email_recipients"])
