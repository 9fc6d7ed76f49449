from django.urls import path

from vivier.careers.space import views

app_name = "space"

# Included under /espace-candidat/ (vivier/urls.py): public French paths, like the careers site.
urlpatterns = [
    path("", views.home, name="home"),
    path("connexion/", views.login, name="login"),
    path("connexion/<str:token>/", views.link, name="link"),
    path("candidatures/<int:pk>/", views.application_detail, name="application"),
    path("candidatures/<int:pk>/cv/", views.new_cv, name="new_cv"),
    path("candidatures/<int:pk>/retirer/", views.withdraw, name="withdraw"),
    path("donnees-personnelles/", views.privacy, name="privacy"),
]
