"""Public pages: sections, search without accents, filters, detail, Atom feed, files, security."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse

from cchc.disclosure import services
from cchc.disclosure.models import Kind
from tests.disclosure.conftest import PDF, make

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"
DAY = dt.date(2025, 9, 3)


@pytest.fixture
def published(world):
    legal = make(world, title="Thông tư hướng dẫn trợ cấp thất nghiệp", publish_on=DAY)
    other = make(world, title="Nghị định về người có công", number="55/2025/NĐ-CP", publish_on=DAY)
    draft = make(world, title="Dự thảo quyết định chưa công khai", number="99/QĐ-UBND")
    return legal, other, draft


def _list(client, kind="van-ban", **params):
    return client.get(reverse("portal:disclosure:list", args=[kind]), params)


def test_index_shows_sections_with_counts_and_latest(client, published):
    response = client.get(reverse("portal:disclosure:index"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Văn bản quy phạm pháp luật, chính sách" in html and "Kế hoạch tuyển dụng" in html
    assert "Thông tư hướng dẫn trợ cấp thất nghiệp" in html
    assert "Dự thảo quyết định chưa công khai" not in html
    assert 'type="application/atom+xml"' in html


@pytest.mark.parametrize("query", ["tro cap that nghiep", "TRỢ CẤP", "thất nghiệp", "15/2023"])
def test_search_ignores_accents_and_case(client, published, query):
    response = _list(client, q=query)
    items = response.context["page"].object_list
    assert [p.title for p in items] == ["Thông tư hướng dẫn trợ cấp thất nghiệp"]


def test_search_never_finds_drafts(client, published):
    assert len(_list(client, q="du thao").context["page"].object_list) == 0


def test_year_and_commune_filters(client, world):
    values = {
        "kind": Kind.POOR_HOUSEHOLD,
        "issuer": "UBND",
        "number": "",
        "effective_on": None,
        "poor_households": 10,
        "near_poor_households": 20,
    }
    from cchc.disclosure.models import Commune

    other = Commune.objects.create(code="mui-ne", name="Phường Mũi Né")
    make(world, title="Rà soát Phú Thủy 2024", commune=world.commune, year=2024, publish_on=DAY, **values)
    make(world, title="Rà soát Phú Thủy 2025", commune=world.commune, year=2025, publish_on=DAY, **values)
    make(world, title="Rà soát Mũi Né 2025", commune=other, year=2025, publish_on=DAY, **values)
    titles = lambda r: sorted(p.title for p in r.context["page"].object_list)  # noqa: E731
    assert titles(_list(client, "ra-soat-ho-ngheo", nam=2025)) == [
        "Rà soát Mũi Né 2025",
        "Rà soát Phú Thủy 2025",
    ]
    assert titles(_list(client, "ra-soat-ho-ngheo", nam=2025, xa="phu-thuy")) == ["Rà soát Phú Thủy 2025"]
    assert titles(_list(client, "ra-soat-ho-ngheo", q="mui ne")) == ["Rà soát Mũi Né 2025"]
    assert "10 hộ nghèo, 20 hộ cận nghèo" in _list(client, "ra-soat-ho-ngheo").content.decode()


def test_unknown_kind_is_404(client, db):
    assert _list(client, "khong-co").status_code == 404


def test_recruitment_shown_open_until_round_ends_then_closed(client, world):
    from unittest import mock

    item = make(world, kind=Kind.RECRUITMENT, round_ends_on=dt.date(2025, 10, 31), publish_on=DAY)
    url = reverse("portal:disclosure:detail", args=["tuyen-dung", item.pk])
    for today, text in (
        (dt.date(2025, 10, 31), "Đang tuyển đến 31/10/2025"),
        (dt.date(2025, 11, 1), "Đã kết thúc đợt tuyển dụng"),
    ):
        with mock.patch("django.utils.timezone.localdate", return_value=today):
            assert text in client.get(url).content.decode()
            assert text in _list(client, "tuyen-dung").content.decode()


def test_detail_and_download_of_published(client, published):
    legal = published[0]
    response = client.get(reverse("portal:disclosure:detail", args=["van-ban", legal.pk]))
    assert response.status_code == 200 and "15/2023/TT-BLĐTBXH" in response.content.decode()
    response = client.get(reverse("portal:disclosure:download", args=["van-ban", legal.pk]))
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF
    assert "attachment" in response["Content-Disposition"]


def test_unpublished_files_not_downloadable_publicly(client, world, published):
    draft = published[2]
    assert client.get(reverse("portal:disclosure:detail", args=["van-ban", draft.pk])).status_code == 404
    assert client.get(reverse("portal:disclosure:download", args=["van-ban", draft.pk])).status_code == 404
    legal = services.withdraw(actor=world.office, publication=published[0], reason="Đã được thay thế")
    detail = client.get(reverse("portal:disclosure:detail", args=["van-ban", legal.pk]))
    assert detail.status_code == 410 and "Đã được thay thế" in detail.content.decode()
    assert client.get(reverse("portal:disclosure:download", args=["van-ban", legal.pk])).status_code == 404
    # Wrong kind in the address: not found either.
    assert (
        client.get(reverse("portal:disclosure:download", args=["thong-bao", published[1].pk])).status_code
        == 404
    )


def test_staff_download_of_drafts(client, world, published):
    draft = published[2]
    url = reverse("backoffice:disclosure_staff:download", args=[draft.pk])
    assert client.get(url).status_code == 302  # to the login
    client.force_login(world.office)
    assert client.get(url).status_code == 200
    client.force_login(world.other_specialist)  # the draft belongs to the Office's unit
    assert client.get(url).status_code == 403


def test_atom_feed_is_valid_xml_with_published_entries_only(client, world, published):
    services.withdraw(actor=world.office, publication=published[1], reason="Gỡ")
    response = client.get(reverse("portal:disclosure:feed"))
    assert response.status_code == 200 and response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)
    assert root.tag == f"{ATOM}feed"
    entries = root.findall(f"{ATOM}entry")
    titles = [e.find(f"{ATOM}title").text for e in entries]
    assert titles == ["15/2023/TT-BLĐTBXH Thông tư hướng dẫn trợ cấp thất nghiệp"]
    link = entries[0].find(f"{ATOM}link").get("href")
    assert link.endswith(reverse("portal:disclosure:detail", args=["van-ban", published[0].pk]))
    assert all(e.find(f"{ATOM}updated") is not None and e.find(f"{ATOM}id") is not None for e in entries)


def test_script_in_title_and_summary_shown_as_text(client, world):
    evil = '<script>alert("x")</script><b>đậm</b>'
    item = make(world, title=f"Văn bản {evil}", summary=f"Tóm tắt {evil}", publish_on=DAY)
    pages = [
        reverse("portal:disclosure:index"),
        reverse("portal:disclosure:list", args=["van-ban"]),
        reverse("portal:disclosure:detail", args=["van-ban", item.pk]),
    ]
    for url in pages:
        html = client.get(url).content.decode()
        assert "<script>alert" not in html and "<b>đậm" not in html
        assert "&lt;script&gt;alert" in html
    feed = client.get(reverse("portal:disclosure:feed")).content.decode()
    assert "<script>" not in feed
    client.force_login(world.office)
    staff = client.get(reverse("backoffice:disclosure_staff:detail", args=[item.pk])).content.decode()
    assert "<script>alert" not in staff and "&lt;script&gt;" in staff


@pytest.mark.ratelimit
@pytest.mark.parametrize("name", ["index", "list", "feed"])
def test_public_pages_are_rate_limited(client, settings, db, name):
    settings.CCHC_DISCLOSURE_RATE = "3/m"
    url = reverse(f"portal:disclosure:{name}", args=["van-ban"] if name == "list" else [])
    codes = [client.get(url).status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]


def test_post_to_public_page_refused(client, db):
    assert client.post(reverse("portal:disclosure:index")).status_code == 405


def test_household_counts_use_real_plural_forms_in_english(client, world):
    values = {"kind": Kind.POOR_HOUSEHOLD, "issuer": "UBND", "number": "", "effective_on": None}
    make(
        world,
        title="Rà soát 2025",
        commune=world.commune,
        year=2025,
        publish_on=DAY,
        poor_households=1,
        near_poor_households=20,
        **values,
    )
    make(
        world,
        title="Rà soát 2024",
        commune=world.commune,
        year=2024,
        publish_on=DAY,
        poor_households=0,
        near_poor_households=1,
        **values,
    )
    html = client.get("/en" + reverse("portal:disclosure:list", args=["ra-soat-ho-ngheo"])).content.decode()
    assert "1 poor household, 20 near-poor households" in html
    assert "0 poor households, 1 near-poor household<" in html
    assert "1 poor households" not in html and "1 near-poor households" not in html


def test_dates_read_in_the_page_language(client, published):
    """Vietnamese pages: "29/08/2025"; the English portal: "29 August 2025" (no day/month mix-up)."""
    from django.utils import translation

    legal = published[0]
    vi = client.get(reverse("portal:disclosure:detail", args=["van-ban", legal.pk])).content.decode()
    assert "29/08/2025" in vi and "15/10/2025" in vi and "03/09/2025" in vi
    with translation.override("en"):
        url = reverse("portal:disclosure:detail", args=["van-ban", legal.pk])
        listing = reverse("portal:disclosure:list", args=["van-ban"])
    assert url.startswith("/en/")
    en = client.get(url).content.decode()
    assert "29 August 2025" in en and "15 October 2025" in en and "3 September 2025" in en
    assert "29/08/2025" not in en
    assert "3 September 2025" in client.get(listing).content.decode()
