"""``ProcedureVersion.pays_online`` travels with the catalog export and import (JSON and Excel)."""

from __future__ import annotations

import pytest

from cchc.procedures import catalog_io
from cchc.procedures.models import ProcedureVersion
from tests.procedures.test_catalog_io import build_catalog, import_file, wipe_catalog

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("dump", "name"), [(catalog_io.dump_json, "danh-muc.json"), (None, "danh-muc.xlsx")])
def test_pays_online_round_trips(dump, name):
    build_catalog()
    version = ProcedureVersion.objects.order_by("pk").last()
    version.pays_online = True
    version.save(update_fields=["pays_online"])
    key = (version.procedure.code, version.number)
    data = catalog_io.export_catalog()
    content = dump(data) if dump else catalog_io.dump_xlsx(data)
    wipe_catalog()
    import_file(content, name)
    flags = {(v.procedure.code, v.number): v.pays_online for v in ProcedureVersion.objects.all()}
    assert flags[key] is True and sum(flags.values()) == 1
