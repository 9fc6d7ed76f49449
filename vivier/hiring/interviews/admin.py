from django.contrib import admin

from vivier.hiring.interviews.models import Criterion, Interview, InterviewKit, Scorecard


@admin.register(InterviewKit)
class InterviewKitAdmin(admin.ModelAdmin):
    list_display = ["stage", "duration_minutes"]


@admin.register(Interview)
class InterviewAdmin(admin.ModelAdmin):
    # Changes go through the team's screens (services send the invitations): read-only here.
    list_display = ["application", "status", "starts_at", "sequence"]
    list_filter = ["status"]
    readonly_fields = [field.name for field in Interview._meta.fields]

    def has_add_permission(self, request):
        return False


@admin.register(Criterion)
class CriterionAdmin(admin.ModelAdmin):
    list_display = ["label", "offer", "skill", "position"]


@admin.register(Scorecard)
class ScorecardAdmin(admin.ModelAdmin):
    list_display = ["interview", "interviewer", "recommendation", "submitted_at"]
    readonly_fields = ["interview", "interviewer", "submitted_at"]
