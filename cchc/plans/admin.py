"""Admin for the plan's reference data (plan, requirements, targets); tasks change only through services."""

from django.contrib import admin

from cchc.plans.models import Plan, Requirement, Target


class RequirementInline(admin.TabularInline):
    model = Requirement
    extra = 0
    fields = ["order", "code", "section", "title", "text"]


class TargetInline(admin.TabularInline):
    model = Target
    extra = 0
    fields = [
        "order",
        "code",
        "indicator",
        "comparator",
        "value",
        "measure",
        "year",
        "baseline_value",
        "baseline_year",
    ]


@admin.register(Plan)
class PlanAdmin(admin.ModelAdmin):
    list_display = ["number", "title", "agency", "issued_on", "period_from", "period_to"]
    list_filter = ["agency"]
    search_fields = ["number", "title"]
    inlines = [RequirementInline, TargetInline]


@admin.register(Requirement)
class RequirementAdmin(admin.ModelAdmin):
    list_display = ["code", "title", "section", "plan"]
    list_filter = ["plan", "section"]
    search_fields = ["code", "title", "text"]


@admin.register(Target)
class TargetAdmin(admin.ModelAdmin):
    list_display = [
        "code",
        "indicator",
        "comparator",
        "value",
        "measure",
        "year",
        "baseline_value",
        "baseline_year",
    ]
    list_filter = ["plan", "indicator"]
