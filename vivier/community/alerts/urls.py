from django.urls import path

from vivier.community.alerts import staff_views, views
from vivier.community.alerts.feeds import AlertFeed

app_name = "alerts"

urlpatterns = [
    path("alertes/", views.subscribe, name="subscribe"),
    path("alertes/confirmer/<str:token>/", views.confirm, name="confirm"),
    path("alertes/mes-alertes/<str:token>/", views.manage, name="manage"),
    path("alertes/desinscription/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("alertes/flux/<str:token>.atom", AlertFeed(), name="feed"),
    path("offres/<int:pk>-<slug:slug>/questions/", views.ask, name="ask"),
    path("app/community/alerts/", staff_views.overview, name="staff_overview"),
    path("app/community/questions/", staff_views.question_list, name="staff_questions"),
    path("app/community/questions/<int:pk>/", staff_views.question_detail, name="staff_question"),
    path("app/community/questions/<int:pk>/moderate/", staff_views.moderate, name="staff_moderate"),
]
