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
    path("candidatures/<int:pk>/documents/<int:document_id>/", views.document, name="document"),
    path("candidatures/<int:pk>/retirer/", views.withdraw, name="withdraw"),
    path("candidatures/<int:pk>/entretien/", views.choose_slot, name="choose_slot"),
    path("candidatures/<int:pk>/repondre/", views.reply, name="reply"),
    path(
        "candidatures/<int:pk>/proposition/<int:letter_pk>/",
        views.answer_offer,
        name="answer_offer",
    ),  # fmt: skip
    path(
        "candidatures/<int:pk>/proposition/<int:letter_pk>/lettre.pdf",
        views.offer_pdf,
        name="offer_pdf",
    ),  # fmt: skip
    path("donnees-personnelles/", views.privacy, name="privacy"),
]
