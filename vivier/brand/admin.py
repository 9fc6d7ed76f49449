from django.contrib import admin

from vivier.brand.models import (
    Department,
    Employer,
    EmployerValue,
    Location,
    SocialAccount,
    Video,
)


class ValueInline(admin.TabularInline):
    model = EmployerValue
    extra = 0


class LocationInline(admin.TabularInline):
    model = Location
    extra = 0


class SocialAccountInline(admin.TabularInline):
    model = SocialAccount
    extra = 0


class VideoInline(admin.TabularInline):
    model = Video
    extra = 0


@admin.register(Employer)
class EmployerAdmin(admin.ModelAdmin):
    inlines = [ValueInline, LocationInline, SocialAccountInline, VideoInline]


@admin.register(Department)
class DepartmentAdmin(admin.ModelAdmin):
    list_display = ["name", "employer"]
