from django.contrib import admin

from vivier.notifications.models import Digest, Notification, NotificationPreference


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["recipient", "verb", "variant", "created_at", "read_at", "email", "emailed_at"]
    list_filter = ["verb", "email", "is_shown"]
    search_fields = ["recipient__email"]
    raw_id_fields = ["recipient", "actor", "digest"]
    readonly_fields = ["created_at", "email_claimed_at", "email_attempts", "emailed_at"]
    date_hierarchy = "created_at"


@admin.register(NotificationPreference)
class NotificationPreferenceAdmin(admin.ModelAdmin):
    list_display = ["user", "verb", "in_app", "email"]
    list_filter = ["verb", "in_app", "email"]
    search_fields = ["user__email"]
    raw_id_fields = ["user"]


@admin.register(Digest)
class DigestAdmin(admin.ModelAdmin):
    list_display = ["recipient", "day", "sent_at", "send_attempts"]
    list_filter = ["day"]
    search_fields = ["recipient__email"]
    raw_id_fields = ["recipient"]
    readonly_fields = ["created_at", "claimed_at", "sent_at", "send_attempts"]
