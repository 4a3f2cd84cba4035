"""Admin: the communes list only. Publications change through the staff screens (services), never here."""

from django.contrib import admin

from cchc.disclosure.models import Commune


@admin.register(Commune)
class CommuneAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "order", "valid_from", "valid_to"]
    search_fields = ["name", "code"]
