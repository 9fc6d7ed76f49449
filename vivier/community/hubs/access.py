"""Who may enter, post in and moderate which hub: the one place where hubs check access.

- public: anyone signed in (candidates included);
- alumni: role alumnus, and the recruiting team;
- internal: role employee, and the recruiting team;
- partner: role partner, member of a partner organisation linked to the hub;
- private: members only (from an invitation or an accepted join request).

A membership (not banned) also lets its user into a hub of any kind: an invitation is an
explicit decision of staff or of the hub's moderators. Recruiters and administrators enter
every hub and moderate it; a hub's moderators moderate that hub. A banned member may read what
anyone of their role may read, never post; in a private hub the ban shuts them out.

Not found and forbidden answer the same 404.
"""

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Q, QuerySet
from django.http import Http404

from vivier.accounts.models import STAFF_ROLES, Role
from vivier.community.hubs.models import Hub, Membership, Post, Thread


def is_community_staff(user) -> bool:
    """Recruiters and administrators: they run the hubs and moderate all of them."""
    return bool(user.is_authenticated and user.sees_all_offers)


def _entry_condition(user) -> Q:
    condition = Q(kind=Hub.Kind.PUBLIC)
    in_team = user.role in STAFF_ROLES
    if user.role == Role.ALUMNUS or in_team:
        condition |= Q(kind=Hub.Kind.ALUMNI)
    if user.role == Role.EMPLOYEE or in_team:
        condition |= Q(kind=Hub.Kind.INTERNAL)
    if user.role == Role.PARTNER:
        condition |= Q(kind=Hub.Kind.PARTNER, partner_organisations__members=user)
    condition |= Q(memberships__user=user, memberships__is_banned=False)
    return condition


def hubs_for(user) -> QuerySet:
    """The hubs the user may read (archived ones only for staff)."""
    if not (user.is_authenticated and user.is_active):
        return Hub.objects.none()
    if is_community_staff(user):
        return Hub.objects.all()
    banned_private = Membership.objects.filter(
        user=user, is_banned=True, hub__kind=Hub.Kind.PRIVATE
    ).values("hub")
    entered = Hub.objects.filter(_entry_condition(user)).values("pk")
    return Hub.objects.filter(pk__in=entered, is_archived=False).exclude(pk__in=banned_private)


def get_hub_for(user, slug) -> Hub:
    try:
        return hubs_for(user).get(slug=slug)
    except (ValueError, TypeError, ObjectDoesNotExist) as error:
        raise Http404 from error


def hubs_open_to_requests(user) -> QuerySet:
    """Private hubs that show their name and take join requests, which the user cannot enter."""
    if not (user.is_authenticated and user.is_active):
        return Hub.objects.none()
    return (
        Hub.objects.filter(kind=Hub.Kind.PRIVATE, accepts_join_requests=True, is_archived=False)
        .exclude(pk__in=hubs_for(user).values("pk"))
        .exclude(memberships__user=user, memberships__is_banned=True)
    )


def get_requestable_hub(user, slug) -> Hub:
    try:
        return hubs_open_to_requests(user).get(slug=slug)
    except (ValueError, TypeError, ObjectDoesNotExist) as error:
        raise Http404 from error


def membership_of(user, hub) -> Membership | None:
    if not user.is_authenticated:
        return None
    return Membership.objects.filter(hub=hub, user=user).first()


def can_moderate(user, hub, membership: Membership | None = None) -> bool:
    if is_community_staff(user):
        return True
    membership = membership if membership is not None else membership_of(user, hub)
    return bool(membership and membership.is_moderator)


def can_post(user, hub, membership: Membership | None = None) -> bool:
    """Whether the user, who may read the hub, may also write in it."""
    if hub.is_archived:
        return False
    membership = membership if membership is not None else membership_of(user, hub)
    return not (membership and membership.is_banned)


def moderated_hubs_for(user) -> QuerySet:
    if is_community_staff(user):
        return Hub.objects.all()
    return hubs_for(user).filter(
        memberships__user=user,
        memberships__role=Membership.Role.MODERATOR,
        memberships__is_banned=False,
    )


def get_moderated_hub_for(user, slug) -> Hub:
    try:
        return moderated_hubs_for(user).get(slug=slug)
    except (ValueError, TypeError, ObjectDoesNotExist) as error:
        raise Http404 from error


def threads_for(user, hub) -> QuerySet:
    """Hidden threads are seen by moderators only."""
    threads = Thread.objects.filter(hub=hub)
    if not can_moderate(user, hub):
        threads = threads.filter(is_hidden=False)
    return threads


def get_thread_for(user, thread_id) -> Thread:
    try:
        thread = Thread.objects.select_related("hub", "author").get(
            pk=thread_id, hub__in=hubs_for(user)
        )
    except (ValueError, TypeError, ObjectDoesNotExist) as error:
        raise Http404 from error
    if thread.is_hidden and not can_moderate(user, thread.hub):
        raise Http404
    return thread


def get_post_for(user, post_id) -> Post:
    """A post of a thread the user may read; hidden posts only for moderators."""
    try:
        post = Post.objects.select_related("thread__hub", "author").get(
            pk=post_id, thread__hub__in=hubs_for(user)
        )
    except (ValueError, TypeError, ObjectDoesNotExist) as error:
        raise Http404 from error
    hub = post.thread.hub
    if (post.is_hidden or post.thread.is_hidden) and not can_moderate(user, hub):
        raise Http404
    return post
