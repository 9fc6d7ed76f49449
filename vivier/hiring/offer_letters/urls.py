from django.urls import path

from vivier.hiring.offer_letters import views

app_name = "offer_letters"

# Included at the root of the language prefixes (docs/decisions/0004-hiring-sub-apps.md).
urlpatterns = [
    path("app/applications/<int:pk>/offer-letter/", views.create, name="create"),
    path("app/offer-letters/<int:pk>/", views.detail, name="detail"),
    path("app/offer-letters/<int:pk>/edit/", views.edit, name="edit"),
    path("app/offer-letters/<int:pk>/send/", views.send, name="send"),
    path("app/offer-letters/<int:pk>/withdraw/", views.withdraw, name="withdraw"),
    path("app/offer-letters/<int:pk>/pdf/", views.pdf, name="pdf"),
    path("app/offer-letters/<int:pk>/close-others/", views.close_others, name="close_others"),
    path("app/settings/offer-letters/", views.templates, name="templates"),
    path("app/settings/offer-letters/<str:language>/", views.template_edit, name="template_edit"),
    # The candidate's link: public, in French words like the careers site.
    path("proposition-embauche/<str:token>/", views.answer, name="answer"),
    path("proposition-embauche/<str:token>/lettre.pdf", views.answer_pdf, name="answer_pdf"),
]
