from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkdaysConfig(AppConfig):
    name = "cchc.workdays"
    verbose_name = _("Lịch làm việc")

    def ready(self) -> None:
        # A committed change to the override table drops this process's calendar (domain.md §5);
        # other processes notice it through the periodic re-check in calendar.get_calendar().
        from django.db.models.signals import post_delete, post_save

        from .calendar import on_override_changed
        from .models import CalendarOverride

        post_save.connect(
            on_override_changed, sender=CalendarOverride, dispatch_uid="workdays_override_saved"
        )
        post_delete.connect(
            on_override_changed, sender=CalendarOverride, dispatch_uid="workdays_override_deleted"
        )
