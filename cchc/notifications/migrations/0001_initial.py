"""The outbox moves here from the dossiers app, with its rows.

The table ``dossiers_outbox`` already exists (dossiers 0001): this migration only adopts it in the
migration state (``SeparateDatabaseAndState``, no SQL); dossiers 0008 drops it from the dossiers
app's state; 0002 then renames the table to ``notifications_outbox``. The content type moves too,
so permissions and admin history that name the outbox follow it.
"""

import django.db.models.deletion
from django.db import migrations, models


def _move_content_type(source: str, target: str):
    def move(apps, schema_editor):
        ContentType = apps.get_model("contenttypes", "ContentType")
        types = ContentType.objects.using(schema_editor.connection.alias)
        if not types.filter(app_label=target, model="outbox").exists():
            types.filter(app_label=source, model="outbox").update(app_label=target)

    return move


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("dossiers", "0007_online_loop"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Outbox",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        (
                            "kind",
                            models.CharField(
                                choices=[("email", "Thư điện tử"), ("sms", "Tin nhắn")],
                                max_length=8,
                                verbose_name="loại",
                            ),
                        ),
                        ("recipient", models.CharField(max_length=255, verbose_name="người nhận")),
                        ("subject", models.CharField(blank=True, max_length=255, verbose_name="tiêu đề")),
                        ("body", models.TextField(verbose_name="nội dung")),
                        ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="tạo lúc")),
                        ("attempts", models.PositiveSmallIntegerField(default=0, verbose_name="số lần gửi")),
                        ("next_attempt_at", models.DateTimeField(blank=True, null=True, verbose_name="gửi lại lúc")),
                        ("sent_at", models.DateTimeField(blank=True, null=True, verbose_name="đã gửi lúc")),
                        ("last_error", models.TextField(blank=True, verbose_name="lỗi lần gửi gần nhất")),
                        (
                            "dossier",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to="dossiers.dossier",
                                verbose_name="hồ sơ",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "thông báo chờ gửi",
                        "verbose_name_plural": "thông báo chờ gửi",
                        "db_table": "dossiers_outbox",
                        "indexes": [models.Index(fields=["sent_at", "next_attempt_at"], name="outbox_due")],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(
            _move_content_type("dossiers", "notifications"), _move_content_type("notifications", "dossiers")
        ),
    ]
