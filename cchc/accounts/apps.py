from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "cchc.accounts"
    label = "accounts"
    verbose_name = "Tài khoản, đăng nhập"

    def ready(self):
        from cchc.accounts import signals  # noqa: F401  (sign-in events into the security log)
