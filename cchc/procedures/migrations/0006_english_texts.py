"""Optional English twins of the catalog texts the public procedure page shows.

On SQLite, adding these NOT NULL columns rebuilds ``procedures_procedureversion`` (Django copies it to a
new table), which drops the triggers that keep the FTS5 search index in step (0003): the last operation
creates them again and refreshes the index.
"""

import importlib

from django.db import migrations, models

from cchc.common.migrations import sql_for

FTS5 = importlib.import_module("cchc.procedures.migrations.0003_sqlite_fts5_search")


class Migration(migrations.Migration):
    dependencies = [
        ("procedures", "0005_search_columns_c_collation"),
    ]

    operations = [
        migrations.AddField(
            model_name="fee",
            name="name_en",
            field=models.CharField(blank=True, max_length=255, verbose_name="tên phí, lệ phí (tiếng Anh)"),
        ),
        migrations.AddField(
            model_name="fee",
            name="note_en",
            field=models.CharField(blank=True, max_length=500, verbose_name="ghi chú (tiếng Anh)"),
        ),
        migrations.AddField(
            model_name="formtemplate",
            name="guidance_en",
            field=models.TextField(blank=True, verbose_name="hướng dẫn kê khai (tiếng Anh)"),
        ),
        migrations.AddField(
            model_name="formtemplate",
            name="title_en",
            field=models.CharField(blank=True, max_length=500, verbose_name="tên mẫu (tiếng Anh)"),
        ),
        migrations.AddField(
            model_name="legalbasis",
            name="issuer_en",
            field=models.CharField(blank=True, max_length=255, verbose_name="cơ quan ban hành (tiếng Anh)"),
        ),
        migrations.AddField(
            model_name="legalbasis",
            name="title_en",
            field=models.CharField(blank=True, max_length=500, verbose_name="trích yếu (tiếng Anh)"),
        ),
        migrations.AddField(
            model_name="procedureversion",
            name="conditions_en",
            field=models.TextField(blank=True, verbose_name="yêu cầu, điều kiện (tiếng Anh)"),
        ),
        migrations.AddField(
            model_name="procedureversion",
            name="data_note_en",
            field=models.CharField(blank=True, max_length=255, verbose_name="ghi chú dữ liệu (tiếng Anh)"),
        ),
        migrations.AddField(
            model_name="procedureversion",
            name="fee_note_en",
            field=models.CharField(
                blank=True, max_length=500, verbose_name="ghi chú phí, lệ phí (tiếng Anh)"
            ),
        ),
        migrations.AddField(
            model_name="procedureversion",
            name="result_name_en",
            field=models.CharField(blank=True, max_length=500, verbose_name="kết quả thực hiện (tiếng Anh)"),
        ),
        migrations.AddField(
            model_name="procedureversion",
            name="steps_en",
            field=models.TextField(
                blank=True, help_text="Mỗi bước một dòng.", verbose_name="trình tự thực hiện (tiếng Anh)"
            ),
        ),
        migrations.AddField(
            model_name="procedureversion",
            name="subjects_note_en",
            field=models.CharField(blank=True, max_length=500, verbose_name="ghi chú đối tượng (tiếng Anh)"),
        ),
        migrations.AddField(
            model_name="procedureversion",
            name="time_note_en",
            field=models.CharField(blank=True, max_length=500, verbose_name="ghi chú thời hạn (tiếng Anh)"),
        ),
        migrations.AddField(
            model_name="processstep",
            name="name_en",
            field=models.CharField(blank=True, max_length=500, verbose_name="nội dung công việc (tiếng Anh)"),
        ),
        migrations.AddField(
            model_name="requireddocument",
            name="name_en",
            field=models.CharField(blank=True, max_length=500, verbose_name="tên giấy tờ (tiếng Anh)"),
        ),
        migrations.AddField(
            model_name="requireddocument",
            name="note_en",
            field=models.CharField(blank=True, max_length=500, verbose_name="ghi chú (tiếng Anh)"),
        ),
        sql_for("sqlite", FTS5.FORWARD, []),
    ]
