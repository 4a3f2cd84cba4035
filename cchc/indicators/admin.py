from django.contrib import admin

from cchc.indicators.models import Criterion, Evidence, ExternalResult, Rule766, SelfAssessment


@admin.register(Rule766)
class Rule766Admin(admin.ModelAdmin):
    list_display = (
        "code",
        "label",
        "group_name",
        "max_points",
        "threshold",
        "computable",
        "valid_from",
        "valid_to",
    )
    list_filter = ("group_name", "computable")
    ordering = ("group_order", "order", "code")


@admin.register(ExternalResult)
class ExternalResultAdmin(admin.ModelAdmin):
    list_display = ("index", "year", "score", "max_score", "rank", "rank_of", "illustrative")
    list_filter = ("index", "illustrative")


class EvidenceInline(admin.TabularInline):
    model = Evidence
    extra = 0
    fields = ("title", "url", "original_name")
    readonly_fields = ("original_name",)


@admin.register(Criterion)
class CriterionAdmin(admin.ModelAdmin):
    list_display = ("assessment", "code", "title", "max_points", "self_score")
    list_filter = ("assessment",)
    inlines = [EvidenceInline]


class CriterionInline(admin.TabularInline):
    model = Criterion
    extra = 0
    fields = ("order", "code", "title", "max_points", "self_score")


@admin.register(SelfAssessment)
class SelfAssessmentAdmin(admin.ModelAdmin):
    list_display = ("year", "title", "illustrative")
    inlines = [CriterionInline]
