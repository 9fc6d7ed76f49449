from django.urls import path

from vivier.analytics import views

app_name = "analytics"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("followers/", views.enter_followers, name="followers"),
    path("offers/", views.offer_choices, name="offers"),
]
