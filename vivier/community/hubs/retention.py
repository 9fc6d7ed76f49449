"""How long hubs keep what they keep: rules of privacy's nightly retention run, listed in its dry
run (vivier/privacy/retention.py; registered from HubsConfig.ready())."""

from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from vivier.community.hubs.models import HubInvitation, JoinRequest, ModerationAction, PostReport
from vivier.privacy.retention import RetentionRule, short_date


def spent_invitations(cutoff):
    """Invitations that stopped being usable before `cutoff`: used, withdrawn or expired."""
    return (
        HubInvitation.objects.filter(
            Q(used_at__lt=cutoff) | Q(revoked_at__lt=cutoff) | Q(expires_at__lt=cutoff)
        )
        .select_related("hub")
        .order_by("pk")
    )


def decided_join_requests(cutoff):
    return (
        JoinRequest.objects.exclude(status=JoinRequest.Status.PENDING)
        .filter(decided_at__lt=cutoff)
        .select_related("hub")
        .order_by("pk")
    )


def resolved_reports(cutoff):
    return (
        PostReport.objects.filter(resolved_at__lt=cutoff)
        .select_related("post__thread__hub")
        .order_by("pk")
    )


def old_moderation_actions(cutoff):
    return (
        ModerationAction.objects.filter(created_at__lt=cutoff).select_related("hub").order_by("pk")
    )


def _hub_name(hub) -> str:
    return hub.name if hub is not None else "—"


RULES = [
    RetentionRule(
        key="hubs.invitations",
        title=gettext_lazy("Hub invitations used, withdrawn or expired"),
        setting="RETENTION_HUB_INVITATIONS_DAYS",
        due=spent_invitations,
        describe=lambda invitation: (
            _("Invitation #%(id)s to %(hub)s, sent on %(date)s")
            % {
                "id": invitation.pk,
                "hub": _hub_name(invitation.hub),
                "date": short_date(invitation.created_at),
            }
        ),
    ),
    RetentionRule(
        key="hubs.join_requests",
        title=gettext_lazy("Join requests accepted or declined"),
        setting="RETENTION_JOIN_REQUESTS_DAYS",
        due=decided_join_requests,
        describe=lambda request: (
            _("Join request #%(id)s to %(hub)s, %(status)s on %(date)s")
            % {
                "id": request.pk,
                "hub": _hub_name(request.hub),
                "status": request.get_status_display().lower(),
                "date": short_date(request.decided_at),
            }
        ),
    ),
    RetentionRule(
        key="hubs.post_reports",
        title=gettext_lazy("Reports of posts the moderators dealt with"),
        setting="RETENTION_POST_REPORTS_DAYS",
        due=resolved_reports,
        describe=lambda report: (
            _("Report #%(id)s in %(hub)s, dealt with on %(date)s")
            % {
                "id": report.pk,
                "hub": _hub_name(report.post.thread.hub),
                "date": short_date(report.resolved_at),
            }
        ),
    ),
    RetentionRule(
        key="hubs.moderation_audit",
        title=gettext_lazy("Lines of the hubs' moderation audit"),
        setting="AUDIT_LOG_DAYS",
        due=old_moderation_actions,
        describe=lambda action: (
            _("%(action)s in %(hub)s on %(date)s")
            % {
                "action": action.get_action_display(),
                "hub": _hub_name(action.hub),
                "date": short_date(action.created_at),
            }
        ),
        is_audited=False,  # a log itself, kept as long as privacy's audit log
    ),
]
