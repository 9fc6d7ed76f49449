"""Staff pages under app/; the candidate's link and the calendar feeds under public paths."""

from django.urls import path

from vivier.hiring.interviews import views

app_name = "interviews"

urlpatterns = [
    path("app/applications/<int:pk>/interviews/new/", views.schedule, name="schedule"),
    path("app/applications/<int:pk>/panel/", views.panel, name="panel"),
    path("app/interviews/<int:pk>/", views.detail, name="detail"),
    path("app/interviews/<int:pk>/edit/", views.edit, name="edit"),
    path("app/interviews/<int:pk>/cancel/", views.cancel, name="cancel"),
    path("app/interviews/<int:pk>/scorecard/", views.scorecard, name="scorecard"),
    path("app/interviews/calendar/", views.calendar, name="calendar"),
    path("app/offers/<int:pk>/scorecard/", views.criteria, name="criteria"),
    path("app/settings/interview-kits/", views.kits, name="kits"),
    path("app/settings/interview-kits/<int:stage_pk>/", views.kit_edit, name="kit_edit"),
    # Public: the secret token is the only key.
    path("entretiens/<str:token>/", views.choose, name="choose"),
    path("entretiens/<str:token>/invitation.ics", views.candidate_ics, name="candidate_ics"),
    path("agenda/<str:token>.ics", views.feed, name="feed"),
]
