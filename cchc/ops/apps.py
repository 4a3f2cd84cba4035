from django.apps import AppConfig


class OpsConfig(AppConfig):
    """Operations: health and readiness checks, Prometheus metrics, request ids in the logs."""

    name = "cchc.ops"
    verbose_name = "Vận hành"

    def ready(self) -> None:
        from cchc.ops import metrics

        metrics.connect_signals()
