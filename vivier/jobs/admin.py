from django.contrib import admin

from vivier.jobs.models import JobOffer


@admin.register(JobOffer)
class JobOfferAdmin(admin.ModelAdmin):
    list_display = ["title", "reference", "status", "contract_type", "city", "published_at"]
    list_filter = ["status", "contract_type", "department"]
    search_fields = ["title", "reference", "city"]
    filter_horizontal = ["hiring_managers"]
    readonly_fields = ["status", "published_at", "closed_at", "archived_at"]
