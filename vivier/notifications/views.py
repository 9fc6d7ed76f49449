"""The notifications list, its badge, and each person's notification settings.

Every page exists twice, with the same views: in the back office for the recruiting team
(/app/notifications/…, staff layout) and in the members' pages for everyone signed in
(/communaute/notifications/…, the hubs' layout). Each person sees only their own notifications:
another's answers 404, like one that does not exist.
"""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, translate_url
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from vivier.notifications import selectors, services
from vivier.notifications.delivery import in_language
from vivier.notifications.forms import PreferencesForm
from vivier.notifications.models import Notification

PER_PAGE = 25
PAGES = {
    "staff": "notifications/_staff_page.html",
    "member": "notifications/_member_page.html",
}


def _url(request, name: str, **kwargs) -> str:
    prefix = "staff_" if request.notifications_layout == "staff" else ""
    return reverse(f"notifications:{prefix}{name}", kwargs=kwargs or None)


def with_layout(view):
    """Signed in, and for the staff pages a member of the recruiting team (else 404)."""

    @wraps(view)
    def wrapper(request, *args, layout: str, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not request.user.is_active or (layout == "staff" and not request.user.is_team_member):
            raise Http404
        request.notifications_layout = layout
        return view(request, *args, **kwargs)

    return wrapper


def _context(request, **values) -> dict:
    return {
        "base_template": PAGES[request.notifications_layout],
        "layout": request.notifications_layout,
        "list_url": _url(request, "list"),
        "preferences_url": _url(request, "preferences"),
        "read_all_url": _url(request, "read_all"),
        **values,
    }


@with_layout
def notification_list(request):
    rows = services.shown_to(request.user).select_related("actor")
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))
    items = selectors.describe(list(page.object_list), request.user)
    for item in items:
        item.open_url = _url(request, "open", pk=item.pk)
        item.read_url = _url(request, "read", pk=item.pk)
    context = _context(
        request, page=page, notifications=items, unread=services.unread_count(request.user),
        page_title=_("Notifications"),
    )  # fmt: skip
    return render(request, "notifications/list.html", context)


@with_layout
def badge(request):
    """The unread count next to "Notifications", loaded after the page so that no page pays."""
    count = services.unread_count(request.user)
    return render(request, "notifications/_badge.html", {"count": count})


def _own(request, pk) -> Notification:
    return get_object_or_404(Notification, pk=pk, recipient=request.user, is_shown=True)


@with_layout
def open_notification(request, pk):
    """Open a notification: it is read, and its link is followed (only within this site), in
    the language of the page it was opened from."""
    notification = _own(request, pk)
    services.mark_read(notification=notification)
    target = notification.target_url
    if url_has_allowed_host_and_scheme(target, allowed_hosts=None):
        return redirect(in_language(target, translation.get_language()))
    return redirect(_url(request, "list"))


@with_layout
@require_POST
def mark_read(request, pk):
    services.mark_read(notification=_own(request, pk))
    page = request.POST.get("page", "")
    back = _url(request, "list")
    return redirect(f"{back}?page={page}" if page.isdigit() else back)


@with_layout
@require_POST
def mark_all_read(request):
    services.mark_all_read(user=request.user)
    messages.success(request, _("All notifications are marked as read."))
    return redirect(_url(request, "list"))


@with_layout
def preferences(request):
    user = request.user
    current = services.preferences_of(user)
    data = request.POST if request.method == "POST" else None
    form = PreferencesForm(data, user=user, current=current)
    if request.method == "POST" and form.is_valid():
        language = form.cleaned_data["language"]
        services.save_preferences(user=user, choices=form.choices(), language=language)
        with translation.override(language):
            messages.success(request, _("Your notification settings are saved."))
        # The interface follows the language chosen for the e-mails.
        return redirect(translate_url(_url(request, "preferences"), language))
    context = _context(request, form=form, page_title=_("Notification settings"))
    return render(
        request, "notifications/preferences.html", context, status=400 if form.errors else 200
    )
