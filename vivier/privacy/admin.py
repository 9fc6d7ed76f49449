from django.contrib import admin

from vivier.privacy import audit
from vivier.privacy.models import AuditAction, AuditEntry, ConsentRecord, RightsRequest


class AuditedAdmin(admin.ModelAdmin):
    """An admin of personal data: opening a record is logged like in the back office."""

    def change_view(self, request, object_id, form_url="", extra_context=None):
        response = super().change_view(request, object_id, form_url, extra_context)
        obj = self.get_object(request, object_id)
        if obj is not None and request.method == "GET" and response.status_code == 200:
            audit.record(actor=request.user, action=AuditAction.VIEW, obj=obj, via="admin")
        return response

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change:
            audit.record(
                actor=request.user, action=AuditAction.CHANGE, obj=obj, via="admin",
                detail=", ".join(form.changed_data)[:300],
            )  # fmt: skip


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin):
    list_display = ["at", "actor_label", "action", "object_type", "object_id", "person", "via"]
    list_filter = ["action", "via"]
    search_fields = ["actor_label", "person", "object_type"]
    date_hierarchy = "at"


@admin.register(ConsentRecord)
class ConsentRecordAdmin(ReadOnlyAdmin):
    list_display = ["at", "purpose", "is_given", "text_version", "collected_at"]
    list_filter = ["purpose", "is_given"]


@admin.register(RightsRequest)
class RightsRequestAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "kind", "status", "due_by"]
    list_filter = ["kind", "status"]
