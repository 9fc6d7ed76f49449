from django.urls import path

from vivier.hiring import bulk_views, collaboration_views, setup_views, views

app_name = "hiring"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("offers/<int:pk>/board/", views.board, name="board"),
    path("offers/<int:pk>/bulk/", bulk_views.bulk, name="bulk"),
    path("tasks/", collaboration_views.tasks, name="tasks"),
    path("tasks/count/", collaboration_views.task_badge, name="task_badge"),
    path("reviews/", collaboration_views.reviews, name="reviews"),
    path("reviews/<int:pk>/", collaboration_views.review, name="review"),
    path("applications/<int:pk>/", views.application_detail, name="application"),
    path("applications/<int:pk>/move/", views.move, name="move"),
    path("applications/<int:pk>/notes/", views.add_note, name="note"),
    path("applications/<int:pk>/reject/", views.reject, name="reject"),
    path(
        "applications/<int:pk>/documents/<int:document_id>/",
        views.document,
        name="document",
    ),
    path("settings/pipelines/", setup_views.pipelines, name="pipelines"),
    path("settings/pipelines/<int:pk>/", setup_views.pipeline, name="pipeline"),
    path(
        "settings/pipelines/<int:pk>/delete/", setup_views.pipeline_delete, name="pipeline_delete"
    ),
    path("settings/stages/", setup_views.stages, name="stages"),
    path("settings/stages/<int:pk>/", setup_views.stage_edit, name="stage_edit"),
    path("settings/stages/<int:pk>/delete/", setup_views.stage_delete, name="stage_delete"),
    path("settings/templates/", setup_views.message_templates, name="templates"),
    path(
        "settings/templates/<str:kind>/<str:language>/",
        setup_views.message_template_edit,
        name="template_edit",
    ),
]
