from django.apps import AppConfig


class BackupsConfig(AppConfig):
    name = "cchc.backups"
    verbose_name = "Sao lưu"
