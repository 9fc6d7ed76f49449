from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from vivier.accounts.forms import StaffChangeForm, StaffCreationForm
from vivier.accounts.models import User
from vivier.privacy import audit
from vivier.privacy.models import AuditAction

# What decides what a person may see: a change to any of these is logged.
PERMISSION_FIELDS = {"role", "is_active", "groups", "user_permissions"}


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    add_form = StaffCreationForm
    form = StaffChangeForm
    ordering = ["email"]
    list_display = ["email", "first_name", "last_name", "role", "is_active"]
    list_filter = ["role", "is_active"]
    search_fields = ["email", "first_name", "last_name"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (_("Identity"), {"fields": ["first_name", "last_name", "role", "is_active"]}),
        (_("Dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (
            None,
            {"fields": ["email", "first_name", "last_name", "role", "password1", "password2"]},
        )
    ]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        changed = sorted(set(form.changed_data) & PERMISSION_FIELDS) if change else ["created"]
        if changed:
            audit.record(
                actor=request.user, action=AuditAction.PERMISSION, obj=obj, via="admin",
                detail=f"{', '.join(changed)}: {obj.role}, active={obj.is_active}",
            )  # fmt: skip
