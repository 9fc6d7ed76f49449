from django.contrib import admin

from vivier.hiring.models import Application, Candidate, MessageTemplate, PipelineStage
from vivier.privacy.admin import AuditedAdmin


@admin.register(PipelineStage)
class PipelineStageAdmin(admin.ModelAdmin):
    list_display = ["label", "kind", "position", "is_active"]


@admin.register(Candidate)
class CandidateAdmin(AuditedAdmin):
    list_display = ["last_name", "first_name", "email", "created_at"]
    search_fields = ["last_name", "first_name", "email"]


@admin.register(Application)
class ApplicationAdmin(AuditedAdmin):
    list_display = ["candidate", "offer", "stage", "submitted_at"]
    list_filter = ["stage", "declared_source"]
    raw_id_fields = ["candidate", "offer"]


admin.site.register(MessageTemplate)
