"""Keeping personal data no longer than allowed, as the CNIL's recruitment guide sets out.

`plan()` says what the next run will do (the dry-run report); `run()` does it. The durations are
settings (RETENTION_*), so an employer with other rules changes a number, not the code.

Besides applicants and profiles, each app registers the rules for what it keeps (unconfirmed job
alerts, expired hub invitations...) with `register_rule` from its AppConfig.ready(): the nightly
run applies them, and the dry run (`manage.py retention --dry-run`, /app/privacy/retention/)
lists them, so that one place says everything that will go.
"""

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, Max, OuterRef, Q
from django.db.models.functions import Coalesce, Greatest
from django.utils import formats, timezone

from vivier.hiring.models import CLOSED_KINDS, Application, Candidate, StageKind
from vivier.privacy import audit
from vivier.privacy.models import AuditAction, AuditEntry, ConsentPurpose, ConsentRecord
from vivier.talent.models import Profile


@dataclass(frozen=True)
class RetentionRule:
    """Records of one kind kept for `setting` days (a setting's name), then deleted.

    `due(cutoff)` gives the records past their time (`cutoff` is now minus the days);
    `describe(record)` says in a line which one, without naming the person (the dry run is read
    by administrators, its output may land in logs); `delete(records)` removes them, when more
    than deleting the rows is needed (the default deletes them). Each deletion is written in the
    audit log unless `is_audited` is False (for records that are themselves a log).
    """

    key: str
    title: str  # lazily translated: what goes, as the retention screen's heading says it
    setting: str
    due: Callable[[dt.datetime], Iterable]
    describe: Callable[[object], str]
    delete: Callable[[list], None] | None = None
    is_audited: bool = True

    @property
    def days(self) -> int:
        return getattr(settings, self.setting)


RULES: list[RetentionRule] = []


def short_date(value: dt.datetime) -> str:
    """A date for a rule's `describe`, in the language and time zone in force."""
    return formats.date_format(timezone.localtime(value), "SHORT_DATE_FORMAT")


def register_rule(rule: RetentionRule) -> None:
    if all(known.key != rule.key for known in RULES):
        RULES.append(rule)


@dataclass
class PlannedRule:
    """A rule with the records the next run will remove."""

    rule: RetentionRule
    records: list

    SHOWN = 50  # lines on the retention screen; the command prints them all

    @property
    def descriptions(self) -> list[str]:
        return [self.rule.describe(record) for record in self.records]

    @property
    def shown_descriptions(self) -> list[str]:
        return [self.rule.describe(record) for record in self.records[: self.SHOWN]]

    @property
    def not_shown(self) -> int:
        return max(0, len(self.records) - self.SHOWN)


@dataclass
class RetentionPlan:
    now: dt.datetime
    # Unsuccessful applicants whose process ended long enough ago, without talent-pool consent.
    candidates_to_anonymise: list = field(default_factory=list)
    # Talent-pool profiles past their keeping time since the last contact.
    profiles_to_delete: list = field(default_factory=list)
    # Profiles a month from deletion whose person has not yet been asked to renew.
    profiles_to_warn: list = field(default_factory=list)
    audit_entries_to_purge: int = 0
    # The apps' rules (RULES), each with its records due.
    rules: list = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not (
            self.candidates_to_anonymise
            or self.profiles_to_delete
            or self.profiles_to_warn
            or self.audit_entries_to_purge
            or any(planned.records for planned in self.rules)
        )


def pool_consent_at():
    """The latest talent-pool consent on record for a profile's e-mail, as a subquery."""
    return (
        ConsentRecord.objects.filter(
            email__iexact=OuterRef("email"), purpose=ConsentPurpose.TALENT_POOL, is_given=True
        )
        .order_by("-at")
        .values("at")[:1]
    )


def profiles_with_last_contact():
    """Profiles annotated with `last_contact`: the latest of their creation, the person's last
    application or message (the applicant's last contact) and their latest consent."""
    from django.db.models import Subquery

    return Profile.objects.annotate(
        last_contact=Greatest(
            "created_at",
            Coalesce("candidate__last_contact_at", "created_at"),
            Coalesce(Subquery(pool_consent_at()), "created_at"),
        )
    )


def unsuccessful_candidates(cutoff: dt.datetime):
    """Applicants whose every application is closed, none hired, the last closed before
    `cutoff`, and who did not agree to stay in the talent pool (or whose consent lapsed)."""
    open_or_hired = Application.objects.filter(candidate=OuterRef("pk")).filter(
        ~Q(stage__kind__in=CLOSED_KINDS) | Q(stage__kind=StageKind.HIRED)
    )
    pool_cutoff = timezone.now() - dt.timedelta(days=settings.RETENTION_TALENT_POOL_DAYS)
    return (
        Candidate.objects.filter(anonymised_at__isnull=True)
        .annotate(
            is_in_process=Exists(open_or_hired),
            closed_at=Max("applications__stage_changed_at"),
        )
        .filter(is_in_process=False, closed_at__lt=cutoff)
        .exclude(talent_pool_consent_at__gte=pool_cutoff)
        .order_by("pk")
    )


def plan(now: dt.datetime | None = None) -> RetentionPlan:
    now = now or timezone.now()
    unsuccessful_cutoff = now - dt.timedelta(days=settings.RETENTION_UNSUCCESSFUL_DAYS)
    pool_cutoff = now - dt.timedelta(days=settings.RETENTION_TALENT_POOL_DAYS)
    warning_cutoff = pool_cutoff + dt.timedelta(days=settings.RETENTION_WARNING_DAYS)
    candidates = list(unsuccessful_candidates(unsuccessful_cutoff))
    anonymised_ids = {candidate.pk for candidate in candidates}
    profiles = profiles_with_last_contact()
    to_delete = [
        profile
        for profile in profiles.filter(last_contact__lt=pool_cutoff).order_by("pk")
        # An applicant's profile goes with the anonymisation of the applicant.
        if profile.candidate_id not in anonymised_ids
    ]
    to_warn = list(
        profiles.filter(last_contact__gte=pool_cutoff, last_contact__lt=warning_cutoff)
        .exclude(email="")
        .exclude(renewal_notice__sent_at__gte=pool_cutoff)
        .order_by("pk")
    )
    for profile in to_warn:
        profile.deletion_due_on = (
            profile.last_contact + dt.timedelta(days=settings.RETENTION_TALENT_POOL_DAYS)
        ).date()
    audit_cutoff = now - dt.timedelta(days=settings.AUDIT_LOG_DAYS)
    return RetentionPlan(
        now=now,
        candidates_to_anonymise=candidates,
        profiles_to_delete=to_delete,
        profiles_to_warn=to_warn,
        audit_entries_to_purge=AuditEntry.objects.filter(at__lt=audit_cutoff).count(),
        rules=[
            PlannedRule(rule=rule, records=list(rule.due(now - dt.timedelta(days=rule.days))))
            for rule in RULES
        ],
    )


def run(now: dt.datetime | None = None) -> RetentionPlan:
    """Carry out the plan; each step is logged, each person in their own transaction."""
    from vivier.privacy.notices import queue_renewal_notice
    from vivier.privacy.personal_data import anonymise_candidate, delete_profile

    done = plan(now)
    for candidate in done.candidates_to_anonymise:
        anonymise_candidate(candidate)
        audit.record(
            actor=None, action=AuditAction.ANONYMISE, obj=candidate, via="worker",
            detail=f"{settings.RETENTION_UNSUCCESSFUL_DAYS} days after the process ended",
        )  # fmt: skip
    for profile in done.profiles_to_delete:
        key = audit.person_key(profile)
        delete_profile(profile)
        audit.record(
            actor=None, action=AuditAction.DELETE, obj=profile, via="worker", person=key,
            detail=f"{settings.RETENTION_TALENT_POOL_DAYS} days after the last contact",
        )  # fmt: skip
    for profile in done.profiles_to_warn:
        queue_renewal_notice(profile=profile, deletion_due_on=profile.deletion_due_on)
    for planned in done.rules:
        apply_rule(planned)
    AuditEntry.objects.all().purge_before(done.now - dt.timedelta(days=settings.AUDIT_LOG_DAYS))
    return done


@transaction.atomic
def apply_rule(planned: PlannedRule) -> None:
    """Delete the records the plan found, and log each deletion, in one transaction: a record
    that went meanwhile (its person unsubscribed) is simply not there to delete."""
    rule, records = planned.rule, planned.records
    if not records:
        return
    if rule.is_audited:
        audit.record_many(
            actor=None, action=AuditAction.DELETE, objects=records, via="worker",
            detail=f"{rule.key}: {rule.days} days",
        )  # fmt: skip
    if rule.delete is not None:
        rule.delete(records)
        return
    by_model: dict = {}
    for record in records:
        by_model.setdefault(type(record), []).append(record.pk)
    for model, pks in by_model.items():
        model._base_manager.filter(pk__in=pks).delete()
