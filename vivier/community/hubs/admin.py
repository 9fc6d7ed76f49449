from django.contrib import admin

from vivier.community.hubs.models import (
    Hub,
    HubInvitation,
    MemberOffer,
    Membership,
    ModerationAction,
    PartnerOrganisation,
    Thread,
)


@admin.register(Hub)
class HubAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "is_archived"]
    list_filter = ["kind", "is_archived"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(PartnerOrganisation)
class PartnerOrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "contact_name", "contact_email"]
    filter_horizontal = ["members"]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "hub", "role", "is_banned"]
    list_filter = ["hub", "role", "is_banned"]


@admin.register(HubInvitation)
class HubInvitationAdmin(admin.ModelAdmin):
    list_display = ["email", "hub", "created_at", "expires_at", "used_at", "revoked_at"]
    exclude = ["token_hash"]


@admin.register(Thread)
class ThreadAdmin(admin.ModelAdmin):
    list_display = ["title", "hub", "is_pinned", "is_hidden", "last_post_at"]


@admin.register(MemberOffer)
class MemberOfferAdmin(admin.ModelAdmin):
    list_display = ["title", "hub", "proposed_by", "status", "job_offer"]
    list_filter = ["status"]


@admin.register(ModerationAction)
class ModerationActionAdmin(admin.ModelAdmin):
    """Read-only: the audit is append-only."""

    list_display = ["created_at", "actor", "hub", "action", "target"]
    list_filter = ["action", "hub"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
