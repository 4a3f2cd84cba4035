"""Write the stand-in portal's national procedure database (``tools/standins/data/dvcqg_catalogue.json``)
from the demo catalogue: every procedure's current version as the national record
(``cchc.national.catalogue.record_of``), with a few deliberate differences so the demo's catalogue page
shows some, and one national procedure the demo lacks (list it with
``CCHC_DVCQG_CATALOGUE_EXTRA_CODES=1.012999``).

    make demo && .venv/bin/python -m tools.standins.make_dvcqg_catalogue
"""

from __future__ import annotations

import json
import os
from pathlib import Path

OUT = Path(__file__).with_name("data") / "dvcqg_catalogue.json"
ONLY_NATIONAL = "1.012999"


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cchc.settings")
    import django

    django.setup()
    from cchc.national import catalogue
    from cchc.procedures.models import Procedure

    records = {}
    for procedure in Procedure.objects.order_by("code"):
        version = catalogue.current_version(procedure.pk)
        if version is not None:
            records[procedure.code] = catalogue.record_of(version)
    _differ(records)
    records[ONLY_NATIONAL] = {
        "MaTTHC": ONLY_NATIONAL,
        "TENTTHC": "Cấp giấy xác nhận người lao động đủ điều kiện hưởng chế độ hỗ trợ đào tạo nghề",
        "TRANGTHAI": 1,
        "LINHVUCTHUCHIEN": [{"MALINHVUC": "viec-lam", "TENLINHVUC": "Việc làm"}],
    }
    OUT.write_text(json.dumps(list(records.values()), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"{len(records)} thủ tục → {OUT}")


def _differ(records: dict) -> None:
    """The national database amended some procedures since the demo catalogue was published."""
    if "1.001978" in records:  # a shorter time limit
        for channel in records["1.001978"]["CACHTHUCTHUCHIEN"]:
            channel["THOIGIAN"][0]["THOIGIANGIAIQUYET"] = "15"
    if "1.000401" in records:  # one more document
        records["1.000401"]["THANHPHANHOSO"][0]["GIAYTO"].append(
            {
                "MAGIAYTO": "99",
                "TENGIAYTO": "Bản sao căn cước của người lao động",
                "SOBANCHINH": 0,
                "SOBANSAO": 1,
            }
        )
    if "2.001955" in records:  # a new legal basis and a condition reworded
        records["2.001955"]["CANCUPHAPLY"].append(
            {
                "SOVANBAN": "74/2025/QH15",
                "TENVANBAN": "Luật Việc làm",
                "COQUANBANHANH": "Quốc hội",
                "NGAYBANHANH": "16/06/2025",
            }
        )
        records["2.001955"]["YEUCAU"] = (records["2.001955"].get("YEUCAU") or "") + (
            " Hồ sơ nộp trực tuyến phải có chữ ký số của người đại diện theo pháp luật."
        )


if __name__ == "__main__":
    main()
