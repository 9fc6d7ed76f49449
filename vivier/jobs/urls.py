from django.urls import path, re_path

from vivier.jobs import views

app_name = "jobs"

urlpatterns = [
    path("", views.offer_list, name="list"),
    path("new/", views.offer_create, name="create"),
    path("<int:pk>/", views.offer_detail, name="detail"),
    path("<int:pk>/edit/", views.offer_edit, name="edit"),
    path("<int:pk>/duplicate/", views.offer_duplicate, name="duplicate"),
    path("<int:pk>/occupation/", views.offer_occupation, name="occupation"),
    re_path(
        r"^(?P<pk>\d+)/(?P<action>publish|close|archive)/$",
        views.offer_transition,
        name="transition",
    ),
]
