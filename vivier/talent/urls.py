from django.urls import path

from vivier.talent import csv_views, document_views, merge_views, occupation_views, views

app_name = "talent"

urlpatterns = [
    path("", views.profile_list, name="list"),
    path("new/", views.profile_create, name="create"),
    path("searches/", views.save_search, name="save_search"),
    path("import/", views.import_files, name="import"),
    path("import/<int:pk>/", views.import_batch, name="batch"),
    path("import/csv/", csv_views.csv_upload, name="csv_import"),
    path("import/csv/columns/", csv_views.csv_columns, name="csv_columns"),
    path("duplicates/", merge_views.duplicate_list, name="duplicates"),
    path("duplicates/<int:pk>/", merge_views.duplicate_review, name="duplicate"),
    path("duplicates/<int:pk>/not-same/", merge_views.duplicate_not_same, name="not_same"),
    path("<int:pk>/", views.profile_detail, name="detail"),
    path("<int:pk>/links/", views.add_link, name="add_link"),
    path("<int:pk>/qualify/", views.qualify, name="qualify"),
    path("<int:pk>/notes/", views.add_note, name="note"),
    path("<int:pk>/shortlist/", views.add_to_shortlist, name="shortlist"),
    path("<int:pk>/shortlist/<int:entry_id>/invite/", views.invite, name="invite"),
    path("<int:pk>/checks/", views.record_claim_check, name="claim"),
    path("<int:pk>/occupations/", occupation_views.decide, name="decide_occupation"),
    path(
        "<int:pk>/occupations/suggestions/",
        occupation_views.occupation_suggestions,
        name="occupation_suggestions",
    ),
    path("<int:pk>/documents/", document_views.add_document, name="add_document"),
    path("<int:pk>/documents/<int:document_id>/", document_views.document, name="document"),
]
