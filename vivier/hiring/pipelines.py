"""Pipeline templates: which stages an offer's applications may go to, the e-mail a stage sends,
the applications waiting too long, and the board's bulk actions.

Moves themselves stay in hiring.services (move_application, reject_application): these functions
check and loop, then call them, so history, webhooks and analytics stay the same.
"""

import datetime as dt
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from vivier.hiring.models import (
    CLOSED_KINDS,
    Application,
    PipelineStage,
    PipelineTemplate,
    StageEmail,
    StageKind,
)

# Stages every template keeps in use: applications arrive in the first, end in the others.
REQUIRED_KINDS = [StageKind.NEW, StageKind.REJECTED, StageKind.WITHDRAWN]


class StageRefused(Exception):
    """The stage is not one the application may go to; the message is for the team."""


def template_of(offer) -> PipelineTemplate:
    return offer.pipeline_template if offer.pipeline_template_id else PipelineTemplate.default()


def stages_of(offer) -> QuerySet:
    """The stages in use of the offer's template, in board order."""
    return PipelineStage.objects.filter(template=template_of(offer), is_active=True).order_by(
        "position", "pk"
    )


def check_stage(application: Application, stage: PipelineStage) -> None:
    """Refuse a stage of another template: each offer's board has its own columns."""
    if stage.template_id != template_of(application.offer).pk:
        raise StageRefused(
            _("“%(stage)s” is not a stage of this offer's pipeline.") % {"stage": stage.label}
        )


# --- Automatic e-mails ------------------------------------------------------------------------


def stage_email_for(stage: PipelineStage, language: str) -> StageEmail | None:
    """The stage's e-mail in the candidate's language, else in the default language, else none."""
    emails = {email.language: email for email in stage.emails.all()}
    return emails.get(language) or emails.get(settings.LANGUAGE_CODE)


def queue_stage_email(application: Application, stage: PipelineStage, *, by) -> bool:
    """Queue the stage's automatic e-mail, if it has one. Returns whether one was queued."""
    from vivier.brand.models import Employer
    from vivier.hiring.messages import fill, placeholders
    from vivier.hiring.services import _queue_message  # services imports this module

    email = stage_email_for(stage, application.language)
    if email is None:
        return False
    values = placeholders(application, Employer.current().name)
    _queue_message(
        application, None, by=by, subject=fill(email.subject, values), body=fill(email.body, values)
    )
    return True


@transaction.atomic
def save_stage_emails(*, stage: PipelineStage, texts: dict[str, tuple[str, str]]) -> None:
    """texts: {language: (subject, body)}; an empty subject and body removes that language's."""
    for language, (subject, body) in texts.items():
        if subject.strip() and body.strip():
            StageEmail.objects.update_or_create(
                stage=stage, language=language,
                defaults={"subject": subject.strip(), "body": body.strip()},
            )  # fmt: skip
        else:
            StageEmail.objects.filter(stage=stage, language=language).delete()


# --- Waiting too long -------------------------------------------------------------------------


def stuck_q(*, prefix: str = "", now=None) -> Q:
    """Applications longer in their stage than its time limit, as a filter.

    One clause per limited stage (there are tens at most), which every database runs as it is,
    rather than date arithmetic on a column that SQLite and PostgreSQL spell differently.
    `prefix` reaches the application from another model ("applications__" from an offer).
    """
    now = now or timezone.now()
    limited = PipelineStage.objects.filter(time_limit_days__gt=0).exclude(kind__in=CLOSED_KINDS)
    condition = Q(**{f"{prefix}pk__in": []})  # no limited stage: nothing is stuck
    for stage_id, days in limited.values_list("pk", "time_limit_days"):
        condition |= Q(
            **{
                f"{prefix}stage_id": stage_id,
                f"{prefix}stage_changed_at__lt": now - dt.timedelta(days=days),
            }
        )
    return condition


# --- Templates --------------------------------------------------------------------------------


@transaction.atomic
def create_template(*, name: str, description: str, copy_from: PipelineTemplate | None):
    """A new template, with a copy of another's stages (and e-mails), or the required ones."""
    template = PipelineTemplate.objects.create(name=name, description=description)
    if copy_from is not None:
        for stage in copy_from.stages.prefetch_related("emails"):
            emails = list(stage.emails.all())
            stage.pk, stage.template = None, template
            stage.save()
            StageEmail.objects.bulk_create(
                StageEmail(stage=stage, language=e.language, subject=e.subject, body=e.body)
                for e in emails
            )
    else:
        for position, kind in enumerate(REQUIRED_KINDS, start=1):
            PipelineStage.objects.create(template=template, kind=kind, position=position * 10)
    return template


@transaction.atomic
def make_default(template: PipelineTemplate) -> None:
    # Unset the old default first: the database allows one default at a time.
    PipelineTemplate.objects.filter(is_default=True).exclude(pk=template.pk).update(
        is_default=False
    )
    PipelineTemplate.objects.filter(pk=template.pk).update(is_default=True)
    template.is_default = True


def missing_kinds(template: PipelineTemplate, *, without: PipelineStage | None = None) -> list:
    """Required kinds that would have no stage in use (leaving `without` out)."""
    in_use = template.stages.filter(is_active=True)
    if without is not None:
        in_use = in_use.exclude(pk=without.pk)
    kinds = set(in_use.values_list("kind", flat=True))
    return [kind for kind in REQUIRED_KINDS if kind not in kinds]


# --- Bulk actions -----------------------------------------------------------------------------


@dataclass
class BulkResult:
    done: list = field(default_factory=list)
    refused: list = field(default_factory=list)  # (application, reason)


def selected_applications(*, by, offer, application_ids) -> QuerySet:
    """The chosen applications of the offer that `by` may handle; any other id is dropped."""
    from vivier.accounts.access import applications_for_user  # access imports hiring's models

    ids = []
    for value in application_ids:
        try:
            ids.append(int(value))
        except (TypeError, ValueError):
            continue
    return (
        applications_for_user(by)
        .filter(offer=offer, pk__in=ids)
        .select_related("candidate", "stage", "offer")
        .order_by("pk")
    )


def bulk_move(*, by, offer, application_ids, stage: PipelineStage) -> BulkResult:
    from vivier.hiring.services import move_application

    result = BulkResult()
    for application in selected_applications(by=by, offer=offer, application_ids=application_ids):
        try:
            result.done.append(move_application(application=application, stage=stage, by=by))
        except StageRefused as refusal:
            result.refused.append((application, str(refusal)))
    return result


def bulk_reject(
    *, by, offer, application_ids, reason: str, send_email: bool, subject="", body=""
) -> BulkResult:
    """Reject each; the e-mail is the rejection template in each candidate's language, unless a
    subject and body are given (their placeholders are filled for each candidate)."""
    from vivier.brand.models import Employer
    from vivier.hiring.messages import fill, placeholders
    from vivier.hiring.services import reject_application

    result = BulkResult()
    custom = bool(subject.strip() and body.strip())
    employer_name = Employer.current().name
    for application in selected_applications(by=by, offer=offer, application_ids=application_ids):
        texts = {}
        if send_email and custom:
            values = placeholders(application, employer_name)
            texts = {"subject": fill(subject, values), "body": fill(body, values)}
        result.done.append(
            reject_application(
                application=application, reason=reason, by=by, send_email=send_email, **texts
            )
        )
    return result


def bulk_email(*, by, offer, application_ids, subject: str, body: str) -> BulkResult:
    """The same e-mail to each candidate, placeholders filled, through the outbox."""
    from vivier.brand.models import Employer
    from vivier.hiring.messages import fill, placeholders
    from vivier.hiring.services import _queue_message

    result = BulkResult()
    employer_name = Employer.current().name
    with transaction.atomic():
        for application in selected_applications(
            by=by, offer=offer, application_ids=application_ids
        ):
            values = placeholders(application, employer_name)
            _queue_message(
                application, None, by=by, subject=fill(subject, values), body=fill(body, values)
            )
            result.done.append(application)
    return result
