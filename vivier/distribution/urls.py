from django.urls import path

from vivier.distribution import views

app_name = "distribution"

urlpatterns = [
    path("channels/", views.channel_list, name="channels"),
    path("channels/new/<str:kind>/", views.channel_create, name="channel_create"),
    path("channels/<int:pk>/", views.channel_detail, name="channel"),
    path("channels/<int:pk>/check/", views.channel_check, name="channel_check"),
    path("channels/<int:pk>/toggle/", views.channel_toggle, name="channel_toggle"),
    path("channels/<int:pk>/connect/", views.channel_connect, name="channel_connect"),
    path("oauth/callback/", views.oauth_callback, name="oauth_callback"),
    path("offers/<int:pk>/", views.offer_distribution, name="offer"),
    path("publications/<int:pk>/withdraw/", views.publication_withdraw, name="withdraw"),
    path("publications/<int:pk>/shared/", views.publication_shared, name="shared"),
    path("publications/<int:pk>/metrics/", views.publication_metrics, name="metrics"),
    path("sandbox/", views.sandbox, name="sandbox"),
]
