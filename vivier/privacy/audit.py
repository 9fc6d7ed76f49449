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


# Written with plain SQL rather than bulk_create: an API page logs twenty reads, and preparing
# twenty model instances field by field cost a third of the request.
CONSTANTS = ("at", "actor_id", "actor_label", "action", "via", "detail")  # the same for each row
PER_ROW = ("object_type", "object_id", "person")
ROWS_PER_STATEMENT = 100  # 900 parameters, under SQLite's limit of 999 on older builds


def _record_rows(*, actor, action, rows, via, detail) -> None:
    rows = [(object_type, str(object_id), person) for object_type, object_id, person in rows]
    if not rows:
        return
    at = connection.ops.adapt_datetimefield_value(timezone.now())
    actor_id = actor.pk if getattr(actor, "pk", None) else None
    constants = [at, actor_id, actor_label(actor)[:200], str(action), via, detail[:300]]
    quote = connection.ops.quote_name
    names = CONSTANTS + PER_ROW
    columns = ", ".join(quote(AuditEntry._meta.get_field(name).column) for name in names)
    into = f"INSERT INTO {quote(AuditEntry._meta.db_table)} ({columns}) "
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # Nine parameters whatever the number of rows: psycopg keeps its conversion of a
            # statement only up to 50 parameters, and parsed the 180 of a page again each time.
            cursor.execute(
                into + "SELECT %s::timestamptz, %s::bigint, %s, %s, %s, %s, * "
                "FROM unnest(%s::text[], %s::text[], %s::text[])",
                [*constants, *(list(column) for column in zip(*rows, strict=True))],
            )
            return
        row = "({})".format(", ".join(["%s"] * len(names)))
        for start in range(0, len(rows), ROWS_PER_STATEMENT):
            batch = rows[start : start + ROWS_PER_STATEMENT]
            values = [value for per_row in batch for value in (*constants, *per_row)]
            cursor.execute(into + "VALUES " + ", ".join([row] * len(batch)), values)


def keys_for_email(email: str) -> list[str]:
    """Every person key that an e-mail address stands for today, for searching the log."""
    from vivier.hiring.models import Candidate
    from vivier.talent.models import Profile

    email = email.strip()
    keys = [candidate_key(pk) for pk in Candidate.objects.filter(email__iexact=email).values_list(
        "pk", flat=True
    )]  # fmt: skip
    keys += [
        f"profile:{pk}"
        for pk in Profile.objects.filter(email__iexact=email, candidate__isnull=True).values_list(
            "pk", flat=True
        )
    ]
    return keys
