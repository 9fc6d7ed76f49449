"""Hubs, their members, invitations, join requests and partner organisations: every change goes
through these functions (views, admin, demo, tests).

Discussions are in discussions.py, moderation in moderation.py, members' offers in offers.py.
"""

import datetime as dt
import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from vivier.accounts.models import Role
from vivier.community.hubs import notify
from vivier.community.hubs.models import (
    Hub,
    HubInvitation,
    JoinRequest,
    Membership,
    ModerationAction,
    PartnerOrganisation,
)
from vivier.core.tokens import token_digest

INVITATION_VALIDITY = dt.timedelta(days=14)
# The role a new account gets from an invitation, by kind of hub (the inviter may change it).
ACCOUNT_ROLE_BY_KIND = {
    Hub.Kind.INTERNAL: Role.EMPLOYEE,
    Hub.Kind.ALUMNI: Role.ALUMNUS,
    Hub.Kind.PARTNER: Role.PARTNER,
}
# Roles an invitation may give a new account: never a staff role.
INVITABLE_ROLES = {Role.EMPLOYEE, Role.ALUMNUS, Role.PARTNER, Role.CANDIDATE}


class HubError(Exception):
    """An operation refused for a reason the user can act on; the message is for them."""


# --- Hubs and members ------------------------------------------------------------------------


@transaction.atomic
def create_hub(*, hub: Hub, moderators=(), by) -> Hub:
    hub.created_by = by
    hub.save()
    for user in moderators:
        set_member_role(hub=hub, user=user, role=Membership.Role.MODERATOR)
    return hub


def set_member_role(*, hub: Hub, user, role: str) -> Membership:
    membership, created = Membership.objects.get_or_create(
        hub=hub, user=user, defaults={"role": role}
    )
    if not created and membership.role != role:
        membership.role = role
        membership.save(update_fields=["role"])
    return membership


def join_hub(*, hub: Hub, user) -> Membership:
    """Record that a user who may enter the hub joined it (idempotent; a ban stays)."""
    membership, _created = Membership.objects.get_or_create(hub=hub, user=user)
    return membership


def leave_hub(*, hub: Hub, user) -> None:
    """A banned member's row stays: leaving does not lift a ban."""
    Membership.objects.filter(hub=hub, user=user, is_banned=False).delete()


# --- Join requests ---------------------------------------------------------------------------


def request_to_join(*, hub: Hub, user, message: str = "") -> JoinRequest:
    if not (hub.kind == Hub.Kind.PRIVATE and hub.accepts_join_requests):
        raise HubError(_("This hub does not take join requests."))
    try:
        with transaction.atomic():
            request = JoinRequest.objects.create(hub=hub, user=user, message=message.strip())
    except IntegrityError as error:
        raise HubError(_("Your request is already waiting for the moderators.")) from error
    return request


@transaction.atomic
def decide_join_request(*, join_request: JoinRequest, accept: bool, by) -> JoinRequest:
    join_request = JoinRequest.objects.select_for_update().get(pk=join_request.pk)
    if join_request.status != JoinRequest.Status.PENDING:
        raise HubError(_("This request was already answered."))
    join_request.status = JoinRequest.Status.ACCEPTED if accept else JoinRequest.Status.DECLINED
    join_request.decided_at = timezone.now()
    join_request.decided_by = by
    join_request.save(update_fields=["status", "decided_at", "decided_by"])
    if accept:
        join_hub(hub=join_request.hub, user=join_request.user)
    ModerationAction.objects.create(
        hub=join_request.hub,
        actor=by,
        action=(
            ModerationAction.Action.ACCEPT_REQUEST
            if accept
            else ModerationAction.Action.DECLINE_REQUEST
        ),
        member=join_request.user,
        target=str(join_request.user),
    )
    notify.join_request_decided(join_request)
    return join_request


# --- Invitations -----------------------------------------------------------------------------


@transaction.atomic
def invite_to_hub(
    *,
    hub: Hub,
    email: str,
    by,
    account_role: str | None = None,
    membership_role: str = Membership.Role.MEMBER,
    partner_organisation: PartnerOrganisation | None = None,
    validity: dt.timedelta = INVITATION_VALIDITY,
) -> tuple[HubInvitation, str]:
    """Create an invitation and queue its e-mail; returns it with its token (shown nowhere else)."""
    account_role = account_role or ACCOUNT_ROLE_BY_KIND.get(hub.kind, Role.CANDIDATE)
    if account_role not in INVITABLE_ROLES:
        raise HubError(_("An invitation cannot give this role."))
    token = secrets.token_urlsafe(32)
    invitation = HubInvitation.objects.create(
        hub=hub,
        email=email.strip().lower(),
        account_role=account_role,
        membership_role=membership_role,
        partner_organisation=partner_organisation,
        token_hash=token_digest(token),
        invited_by=by,
        expires_at=timezone.now() + validity,
    )
    notify.invitation_sent(invitation, token)
    return invitation, token


def find_invitation(token: str) -> HubInvitation | None:
    if not token or len(token) > 100:
        return None
    return (
        HubInvitation.objects.select_related("hub", "partner_organisation")
        .filter(token_hash=token_digest(token))
        .first()
    )


def check_invitation(invitation: HubInvitation, user=None) -> None:
    """Raise HubError saying why this invitation cannot be used (by this user)."""
    if invitation.used_at is not None:
        raise HubError(_("This invitation has already been used."))
    if invitation.revoked_at is not None:
        raise HubError(_("This invitation was withdrawn."))
    if invitation.expires_at <= timezone.now():
        raise HubError(_("This invitation has expired: ask the hub's moderators for a new one."))
    if user is not None and user.email.lower() != invitation.email.lower():
        raise HubError(
            _(
                "This invitation was sent to another e-mail address. Sign in with the account "
                "of that address, or ask for an invitation to yours."
            )
        )


@transaction.atomic
def accept_invitation(*, invitation: HubInvitation, user) -> Membership:
    """Spend the invitation (one use: a conditional UPDATE wins once) and let the user in."""
    check_invitation(invitation, user)
    now = timezone.now()
    spent = HubInvitation.objects.filter(
        pk=invitation.pk, used_at__isnull=True, revoked_at__isnull=True, expires_at__gt=now
    ).update(used_at=now, used_by=user)
    if not spent:
        raise HubError(_("This invitation has already been used."))
    membership = join_hub(hub=invitation.hub, user=user)
    if membership.is_banned:
        raise HubError(_("You were banned from this hub."))
    if invitation.membership_role == Membership.Role.MODERATOR:
        set_member_role(hub=invitation.hub, user=user, role=Membership.Role.MODERATOR)
    organisation = invitation.partner_organisation
    if organisation is not None and user.role == Role.PARTNER:
        organisation.members.add(user)
    return membership


@transaction.atomic
def create_account_from_invitation(
    *, invitation: HubInvitation, first_name: str, last_name: str, password: str,
    language: str = settings.LANGUAGE_CODE,
):  # fmt: skip
    """The invited person has no account: one is made with the invitation's role, then let in.

    Clicking the e-mailed link proves the address, so the account starts verified. Its
    language (that of its e-mails) is the one the page was shown in.
    """
    from allauth.account.models import EmailAddress

    check_invitation(invitation)
    User = get_user_model()
    if User.objects.filter(email__iexact=invitation.email).exists():
        raise HubError(_("An account already exists for this address: sign in first."))
    try:
        with transaction.atomic():
            user = User.objects.create_user(
                email=invitation.email,
                password=password,
                first_name=first_name.strip(),
                last_name=last_name.strip(),
                role=invitation.account_role,
                language=(
                    language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
                ),
            )
    except IntegrityError as error:  # two submissions of the form at once: one account wins
        raise HubError(_("An account already exists for this address: sign in first.")) from error
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    accept_invitation(invitation=invitation, user=user)
    return user


def revoke_invitation(*, invitation: HubInvitation, by) -> None:
    HubInvitation.objects.filter(pk=invitation.pk, used_at__isnull=True).update(
        revoked_at=timezone.now()
    )


# --- Partner organisations -------------------------------------------------------------------


def add_partner_member(*, organisation: PartnerOrganisation, user, by=None) -> None:
    if user.role != Role.PARTNER:
        raise HubError(_("Only accounts with the role partner can be members of a partner."))
    organisation.members.add(user)


def remove_partner_member(*, organisation: PartnerOrganisation, user, by=None) -> None:
    organisation.members.remove(user)
