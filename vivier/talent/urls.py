from django.urls import path

from vivier.talent import views

app_name = "talent"

urlpatterns = [
    path("", views.profile_list, name="list"),
    path("new/", views.profile_create, name="create"),
    path("import/", views.import_files, name="import"),
    path("import/<int:pk>/", views.import_batch, name="batch"),
    path("<int:pk>/", views.profile_detail, name="detail"),
    path("<int:pk>/links/", views.add_link, name="add_link"),
]
