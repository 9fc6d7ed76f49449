from django.urls import path

from vivier.hiring.conversations import views

app_name = "conversations"

# Included at the root of the language prefixes (docs/decisions/0004-hiring-sub-apps.md).
urlpatterns = [
    path("app/applications/<int:pk>/conversation/", views.thread, name="thread"),
    path(
        "app/conversations/scheduled/<int:pk>/cancel/",
        views.cancel_scheduled,
        name="cancel_scheduled",
    ),
    path("app/conversations/attachments/<int:pk>/", views.attachment, name="attachment"),
    path("app/conversations/messages/<int:pk>/original/", views.original, name="original"),
    path("app/conversations/quarantine/", views.quarantine, name="quarantine"),
    path("app/conversations/quarantine/<int:pk>/", views.quarantined, name="quarantined"),
    path("app/conversations/quarantine/<int:pk>/discard/", views.discard, name="discard"),
    path("app/settings/reply-templates/", views.reply_templates, name="templates"),
    path("app/settings/reply-templates/new/", views.reply_template_edit, name="template_create"),
    path("app/settings/reply-templates/<int:pk>/", views.reply_template_edit, name="template_edit"),
    # The mail server's endpoint (a machine, not a page): see docs/operations.md.
    path("mail/inbound/", views.inbound, name="inbound"),
]
