"""What hiring notifies (vivier.notifications): mentions in notes, review requests and answers.

Registered from HiringConfig.ready(). Only the recruiting team receives these.
"""

from django.utils.translation import gettext_lazy as _

from vivier.notifications.registry import (
    EmailChoice,
    Target,
    Verb,
    register_area,
    register_target,
    register_verb,
)

MENTION = "hiring.mention"
REVIEW_REQUESTED = "hiring.review_requested"
REVIEW_GIVEN = "hiring.review_given"


def _in_team(user) -> bool:
    return user.is_team_member


def _still_sees_application(notification) -> bool:
    """A hiring manager taken off the offer since is not written to about its applications."""
    from vivier.accounts.access import applications_for_user

    return applications_for_user(notification.recipient).filter(pk=notification.target_id).exists()


def _still_sees_review(notification) -> bool:
    from vivier.hiring.collaboration import reviews_for_user

    return reviews_for_user(notification.recipient).filter(pk=notification.target_id).exists()


def _visible_applications(user):
    from vivier.accounts.access import applications_for_user

    return applications_for_user(user).select_related("candidate", "offer")


def _describe_application(application) -> str:
    """The candidate's current name: an erased or anonymised candidate is not named any more."""
    name = application.candidate.full_name or _("Anonymised candidate")
    return f"{name} — {application.offer.title}"


def register() -> None:
    from vivier.hiring.models import Application

    register_area("hiring", _("Hiring"), order=10)
    register_verb(
        Verb(
            code=MENTION,
            area="hiring",
            label=_("Mentions in notes"),
            help_text=_("A colleague mentions you in a note on an application."),
            sentences={"": _("%(actor)s mentioned you in a note")},
            audience=_in_team,
            email=EmailChoice.IMMEDIATELY,
            is_current=_still_sees_application,
        )  # fmt: skip
    )
    register_verb(
        Verb(
            code=REVIEW_REQUESTED,
            area="hiring",
            label=_("Review requests"),
            help_text=_("A recruiter asks you to review applications."),
            sentences={"": _("%(actor)s asked you to review applications")},
            audience=_in_team,
            email=EmailChoice.IMMEDIATELY,
            is_current=_still_sees_review,
        )  # fmt: skip
    )
    register_verb(
        Verb(
            code=REVIEW_GIVEN,
            area="hiring",
            label=_("Reviews given"),
            help_text=_("A hiring manager has given the review you asked for."),
            sentences={"": _("%(actor)s gave their review")},
            audience=_in_team,
            email=EmailChoice.IMMEDIATELY,
            is_current=_still_sees_review,
        )  # fmt: skip
    )
    register_target(
        Target(model=Application, queryset=_visible_applications, describe=_describe_application)
    )
