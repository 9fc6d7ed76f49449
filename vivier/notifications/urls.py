"""The same pages twice: in the back office (staff_…) and in the members' pages, whose paths
are French like the rest of the public site's."""

from django.urls import path

from vivier.notifications import views

app_name = "notifications"

STAFF = {"count": "count", "read_all": "read", "settings": "settings", "read": "read"}
MEMBER = {"count": "nombre", "read_all": "tout-lire", "settings": "reglages", "read": "lue"}


def _pages(prefix: str, names: str, layout: str, words: dict) -> list:
    kwargs = {"layout": layout}
    return [
        path(prefix, views.notification_list, kwargs, name=f"{names}list"),
        path(f"{prefix}{words['count']}/", views.badge, kwargs, name=f"{names}badge"),
        path(f"{prefix}{words['read_all']}/", views.mark_all_read, kwargs, name=f"{names}read_all"),
        path(
            f"{prefix}{words['settings']}/", views.preferences, kwargs, name=f"{names}preferences"
        ),
        path(f"{prefix}<int:pk>/", views.open_notification, kwargs, name=f"{names}open"),
        path(f"{prefix}<int:pk>/{words['read']}/", views.mark_read, kwargs, name=f"{names}read"),
    ]


urlpatterns = [
    *_pages("app/notifications/", "staff_", "staff", STAFF),
    *_pages("communaute/notifications/", "", "member", MEMBER),
]
