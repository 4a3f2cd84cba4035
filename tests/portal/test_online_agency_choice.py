"""Online submission of a procedure several agencies perform: the applicant chooses the competent agency
and the place where a paper result is collected (decision 0021)."""

from __future__ import annotations

import pytest

from cchc.dossiers.models import Dossier
from tests.factories import province_world

pytestmark = pytest.mark.django_db
URL = "/thu-tuc/1.001776/nop-truc-tuyen/"
REVIEW = URL + "kiem-tra/"


def _data(**overrides):
    data = {
        "kind": "person",
        "name": "Lê Thị Hoa",
        "id_number": "060190004321",
        "phone": "0987654321",
        "address": "Hàm Thắng, Lâm Đồng",
        "return_channel": "1",
    }
    data.update(overrides)
    return data


def test_the_applicant_chooses_the_agency_and_the_place_of_return(client):
    p = province_world()
    form = client.get(URL).content.decode()
    assert "Cơ quan giải quyết hồ sơ" in form and "Nơi trả kết quả" in form
    missing = client.post(URL, _data())
    assert missing.status_code == 400  # several performers: the agency must be chosen
    filled = client.post(URL, _data(agency=str(p.commune_a.pk), return_place=str(p.branch.pk)))
    assert filled.status_code == 302, filled.content.decode()[:1500]
    review = client.get(REVIEW).content.decode()
    assert "UBND xã Hàm Thắng" in review and "Chi nhánh Trung tâm" in review
    done = client.post(REVIEW, {"declaration": "on"})
    assert done.status_code == 302
    dossier = Dossier.objects.get()
    assert (dossier.agency, dossier.receipt_place, dossier.return_place) == (p.commune_a, None, p.branch)
    assert dossier.code.startswith("000.31.01.H37-")


def test_an_english_applicant_sees_the_choice_in_english(client):
    province_world()
    form = client.get("/en" + URL).content.decode()
    assert "Agency that handles the application" in form and "Place of return" in form
