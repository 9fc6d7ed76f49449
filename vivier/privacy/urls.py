from django.urls import path

from vivier.privacy import views

app_name = "privacy"

# Included at the site's root: the public pages in French words, like the careers site's.
urlpatterns = [
    path("donnees-personnelles/", views.notice, name="notice"),
    path("donnees-personnelles/confirmer/<str:token>/", views.confirm, name="confirm"),
    path("donnees-personnelles/copie/<str:token>/", views.download, name="download"),
    path("donnees-personnelles/renouveler/<str:token>/", views.renew, name="renew"),
    path("app/privacy/", views.dashboard, name="dashboard"),
    path("app/privacy/audit/", views.audit_log, name="audit"),
    path("app/privacy/retention/", views.retention_report, name="retention"),
    path("app/privacy/requests/<int:pk>/", views.request_detail, name="request"),
    path("app/privacy/requests/<int:pk>/answer/", views.answer_request, name="answer"),
    path("app/privacy/requests/<int:pk>/refuse/", views.refuse_request, name="refuse"),
]
