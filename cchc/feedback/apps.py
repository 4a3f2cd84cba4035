from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FeedbackConfig(AppConfig):
    name = "cchc.feedback"
    verbose_name = _("Hỏi đáp, phản ánh kiến nghị")

    def ready(self) -> None:
        from cchc.common import public_cache

        # What this app publishes shows on public pages: a committed change renews their cache.
        public_cache.bump_on_change("feedback", *self.get_models())
