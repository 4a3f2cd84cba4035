from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FeedbackConfig(AppConfig):
    name = "cchc.feedback"
    verbose_name = _("Hỏi đáp, phản ánh kiến nghị")
