"""Staff.full_name: the name as the person writes it, one field (Vietnamese order).

Existing staff get "last_name first_name" of their account (family and middle names, then the
given name), or the user name when both are empty.
"""

from django.db import migrations, models


def copy_names(apps, schema_editor):
    Staff = apps.get_model("org", "Staff")
    for staff in Staff.objects.select_related("user").iterator():
        user = staff.user
        name = " ".join(" ".join(p for p in (user.last_name, user.first_name) if p).split())
        staff.full_name = name or user.username
        staff.save(update_fields=["full_name"])


class Migration(migrations.Migration):
    dependencies = [
        ("org", "0003_english_texts"),
    ]

    operations = [
        migrations.AddField(
            model_name="staff",
            name="full_name",
            field=models.CharField(
                default="",
                help_text=(
                    "Viết đầy đủ như trên giấy tờ, theo thứ tự họ, tên đệm, tên — ví dụ Nguyễn Thị Lan Anh. "
                    "Tên này hiện ở mọi nơi: màn hình cán bộ, phiếu, báo cáo, danh sách liên hệ."
                ),
                max_length=150,
                verbose_name="họ và tên",
            ),
            preserve_default=False,
        ),
        migrations.RunPython(copy_names, migrations.RunPython.noop),
        migrations.AlterModelOptions(
            name="staff",
            options={
                "ordering": ["unit__name", "contact_order", "full_name"],
                "verbose_name": "cán bộ",
                "verbose_name_plural": "cán bộ",
            },
        ),
    ]
