"""Recording who saw, downloaded, exported or changed a person's data.

Views, the API, the admin and the worker call `record`; nothing here ever changes an entry.
"""

from django.contrib.auth.models import AnonymousUser

from vivier.privacy.models import AuditAction, AuditEntry


def person_key(obj) -> str:
    """The key the log files an object under: whose data it is, without naming them."""
    from vivier.hiring.models import Application, Candidate, Document
    from vivier.talent.models import Profile

    if isinstance(obj, Candidate):
        return f"candidate:{obj.pk}"
    if isinstance(obj, Application):
        return f"candidate:{obj.candidate_id}"
    if isinstance(obj, Document):
        return f"candidate:{obj.application.candidate_id}"
    if isinstance(obj, Profile):
        return f"candidate:{obj.candidate_id}" if obj.candidate_id else f"profile:{obj.pk}"
    profile_id = getattr(obj, "profile_id", None)  # a profile's item or document
    if profile_id is not None:
        return person_key(obj.profile)
    return ""


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
    AuditEntry.objects.bulk_create(
        AuditEntry(
            actor=actor if getattr(actor, "pk", None) else None,
            actor_label=actor_label(actor)[:200],
            action=action,
            object_type=obj._meta.model_name,
            object_id=str(obj.pk),
            person=person_key(obj),
            via=via,
            detail=detail[:300],
        )
        for obj in objects
    )


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
