from django.urls import path

from vivier.careers import views
from vivier.careers.feeds import OpenOffersFeed

app_name = "careers"

urlpatterns = [
    path("", views.home, name="home"),
    path("offres/", views.offer_list, name="offers"),
    path("offres/flux.atom", OpenOffersFeed(), name="feed"),
    path("offres/<int:pk>-<slug:slug>/", views.offer_detail, name="offer"),
    path("offres/<int:pk>-<slug:slug>/postuler/", views.apply, name="apply"),
    path("offres/<int:pk>/merci/", views.applied, name="applied"),
    path("offres/<int:pk>/partager/mastodon/", views.share_on_mastodon, name="share_mastodon"),
    path("campagnes/<slug:slug>/", views.campaign, name="campaign"),
]
