from django.urls import path  # noqa: F401

app_name = "offer_letters"

urlpatterns: list = []
