"""Public addresses: tracked links, job-board feeds, unsubscribing from an e-mail list."""

from django.urls import path

from vivier.distribution import feeds, redirect, views

app_name = "tracking"

urlpatterns = [
    path("r/<str:code>", redirect.follow_link, name="follow"),
    path("flux/<slug:slug>.xml", feeds.job_board_feed, name="job_board_feed"),
    path("desabonnement/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
