"""Who may see and change what: the one place where the back office checks access.

Not found and forbidden answer the same 404, so that nobody learns what exists by probing ids.
"""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ObjectDoesNotExist
from django.db.models import QuerySet
from django.http import Http404

from vivier.accounts.models import Role, User
from vivier.hiring.models import Application
from vivier.jobs.models import JobOffer


def team_member_required(view):
    """The view is for the recruiting team (administrators, recruiters, hiring managers)."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not request.user.is_team_member:
            raise Http404
        return view(request, *args, **kwargs)

    return wrapper


def roles_required(*roles: Role):
    def decorator(view):
        @team_member_required
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if request.user.role not in roles:
                raise Http404
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


recruiter_required = roles_required(Role.ADMINISTRATOR, Role.RECRUITER)
administrator_required = roles_required(Role.ADMINISTRATOR)


def offers_for_user(user: User) -> QuerySet:
    if not user.is_authenticated or not user.is_team_member:
        return JobOffer.objects.none()
    if user.sees_all_offers:
        return JobOffer.objects.all()
    return JobOffer.objects.filter(hiring_managers=user)


def get_offer_for_user(user: User, offer_id, *, write: bool = False):
    """The offer if the user may see it (or change it, with write=True), else 404."""
    if write and not (user.is_authenticated and user.sees_all_offers):
        raise Http404
    try:
        return offers_for_user(user).select_related("department", "recruiter").get(pk=offer_id)
    except (ValueError, TypeError, ObjectDoesNotExist) as error:
        raise Http404 from error


def applications_for_user(user: User) -> QuerySet:
    if not user.is_authenticated or not user.is_team_member:
        return Application.objects.none()
    if user.sees_all_offers:
        return Application.objects.all()
    return Application.objects.filter(offer__hiring_managers=user)


def get_application_for_user(user: User, application_id):
    """Hiring managers may read, annotate and move the applications of their offers."""
    try:
        return (
            applications_for_user(user)
            .select_related(
                "offer", "candidate", "stage", "last_touch__channel", "first_touch__channel"
            )
            .get(pk=application_id)
        )
    except (ValueError, TypeError, ObjectDoesNotExist) as error:
        raise Http404 from error


# --- The candidate's space ----------------------------------------------------------------------


def candidate_required(view):
    """The view is a candidate's own (their space): others signed in get 404, like missing."""
    from vivier.accounts.candidates import is_candidate

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path(), login_url="space:login")
        if not is_candidate(request.user):
            raise Http404
        return view(request, *args, **kwargs)

    return wrapper


def applications_of_candidate(user: User) -> QuerySet:
    """The applications sent with one of the person's verified addresses, and only those."""
    from vivier.accounts.candidates import is_candidate, verified_emails

    if not is_candidate(user):
        return Application.objects.none()
    return Application.objects.filter(
        candidate__email__in=verified_emails(user), candidate__anonymised_at__isnull=True
    )


def get_application_of_candidate(user: User, application_id) -> Application:
    """One of the person's own applications, else 404 (another's id answers the same)."""
    try:
        return (
            applications_of_candidate(user)
            .select_related("offer", "candidate", "stage")
            .get(pk=application_id)
        )
    except (ValueError, TypeError, ObjectDoesNotExist) as error:
        raise Http404 from error
