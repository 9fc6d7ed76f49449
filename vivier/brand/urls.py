from django.urls import path

from vivier.brand import views

app_name = "brand"

urlpatterns = [
    path("", views.edit_employer, name="edit"),
    path("departments/", views.departments, name="departments"),
    path("departments/<int:pk>/delete/", views.department_delete, name="department_delete"),
]
