from django.contrib import admin

from vivier.hiring.models import (
    Application,
    Candidate,
    MessageTemplate,
    PipelineStage,
    PipelineTemplate,
    ReviewRequest,
)
from vivier.privacy.admin import AuditedAdmin


@admin.register(PipelineTemplate)
class PipelineTemplateAdmin(admin.ModelAdmin):
    list_display = ["label", "is_default"]


@admin.register(PipelineStage)
class PipelineStageAdmin(admin.ModelAdmin):
    list_display = ["label", "template", "kind", "position", "is_active", "time_limit_days"]
    list_filter = ["template"]


@admin.register(ReviewRequest)
class ReviewRequestAdmin(admin.ModelAdmin):
    list_display = ["offer", "requested_by", "reviewer", "due_on", "completed_at"]
    raw_id_fields = ["offer", "requested_by", "reviewer"]


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
