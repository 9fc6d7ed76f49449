"""Recording who saw, downloaded, exported or changed a person's data.

Views, the API, the admin and the worker call `record`; nothing here ever changes an entry.
"""

from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.utils import timezone

from vivier.privacy.models import AuditAction, AuditEntry


def person_key(obj) -> str:
    """The key the log files an object under: whose data it is, without naming them."""
    from vivier.hiring.models import Application, Candidate, Document
    from vivier.talent.models import Profile

    if isinstance(obj, Candidate):
        return candidate_key(obj.pk)
    if isinstance(obj, Application):
        return candidate_key(obj.candidate_id)
    if isinstance(obj, Document):
        return candidate_key(obj.application.candidate_id)
    if isinstance(obj, Profile):
        return candidate_key(obj.candidate_id) if obj.candidate_id else f"profile:{obj.pk}"
    profile_id = getattr(obj, "profile_id", None)  # a profile's item or document
    if profile_id is not None:
        return person_key(obj.profile)
    return ""


def candidate_key(candidate_id) -> str:
    return f"candidate:{candidate_id}"


def actor_label(actor) -> str:
    if actor is None or isinstance(actor, AnonymousUser):
        return "system"
    return getattr(actor, "email", "") or str(actor)


def record(*, actor, action: AuditAction, obj, via: str = "web", detail: str = "",
           person: str | None = None) -> AuditEntry:  # fmt: skip
    """Append one entry. `actor` is a user, or None for the worker's own jobs."""
    return AuditEntry.objects.create(
        actor=actor if getattr(actor, "pk", None) else None,
        actor_label=actor_label(actor)[:200],
        action=action,
        object_type=obj._meta.model_name,
        object_id=str(obj.pk or ""),
        person=person if person is not None else person_key(obj),
        via=via,
        detail=detail[:300],
    )


def record_many(*, actor, action: AuditAction, objects, via: str = "web",
                detail: str = "") -> None:  # fmt: skip
    """One entry per object, in one statement: a page of an API list is many reads."""
    rows = ((obj._meta.model_name, obj.pk, person_key(obj)) for obj in objects)
    _record_rows(actor=actor, action=action, rows=rows, via=via, detail=detail)


def record_reads(*, actor, action: AuditAction, object_type: str, keys, via: str = "web",
                 detail: str = "") -> None:  # fmt: skip
    """One entry per (object id, person key) of one model, for lists read as plain values."""
    rows = ((object_type, object_id, person) for object_id, person in keys)
    _record_rows(actor=actor, action=action, rows=rows, via=via, detail=detail)


# Written as one multi-row INSERT rather than with bulk_create: an API page logs twenty reads,
# and preparing twenty model instances field by field cost a third of the request.
COLUMNS = ("at", "actor_id", "actor_label", "action", "object_type", "object_id", "person", "via",
           "detail")  # fmt: skip
ROWS_PER_STATEMENT = 100  # 900 parameters, under SQLite's limit of 999 on older builds


def _record_rows(*, actor, action, rows, via, detail) -> None:
    at = connection.ops.adapt_datetimefield_value(timezone.now())
    actor_id = actor.pk if getattr(actor, "pk", None) else None
    label, detail = actor_label(actor)[:200], detail[:300]
    values = [
        (at, actor_id, label, str(action), object_type, str(object_id), person, via, detail)
        for object_type, object_id, person in rows
    ]
    quote = connection.ops.quote_name
    into = "INSERT INTO {} ({}) VALUES ".format(
        quote(AuditEntry._meta.db_table),
        ", ".join(quote(AuditEntry._meta.get_field(name).column) for name in COLUMNS),
    )
    row = "({})".format(", ".join(["%s"] * len(COLUMNS)))
    with connection.cursor() as cursor:
        for start in range(0, len(values), ROWS_PER_STATEMENT):
            batch = values[start : start + ROWS_PER_STATEMENT]
            cursor.execute(into + ", ".join([row] * len(batch)), [v for r in batch for v in r])


def keys_for_email(email: str) -> list[str]:
    """Every person key that an e-mail address stands for today, for searching the log."""
    from vivier.hiring.models import Candidate
    from vivier.talent.models import Profile

    email = email.strip()
    keys = [f"candidate:{pk}" for pk in Candidate.objects.filter(email__iexact=email).values_list(
        "pk", flat=True
    )]  # fmt: skip
    keys += [
        f"profile:{pk}"
        for pk in Profile.objects.filter(email__iexact=email, candidate__isnull=True).values_list(
            "pk", flat=True
        )
    ]
    return keys
