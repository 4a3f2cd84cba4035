"""The leaders' dashboard charts at 1366 px and on a phone: percent axes fitted to the values (on-time
rates of 95–100 % are not drawn on a 0–100 axis) and no axis label cut off or rotated."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from tests.browser.conftest import ARTIFACTS, STAFF_PASSWORD, fill_sign_in
from tests.indicators.conftest import at, ensure_rules_766, make_user, world  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LONG_A = "Phòng Bảo trợ xã hội và phòng, chống tệ nạn xã hội"
LONG_B = "Trung tâm Dịch vụ việc làm tỉnh Bình Thuận"

# Every label Chart.js draws on every axis of the dashboard's charts, with its box in the canvas.
LABEL_BOXES = """() => {
  const out = [];
  for (const id of ["chart-trend", "chart-ranking", "chart-766"]) {
    const canvas = document.getElementById(id);
    const chart = canvas && Chart.getChart(canvas);
    if (!chart) { continue; }
    const ctx = chart.ctx;
    for (const scale of Object.values(chart.scales)) {
      if (!scale.options.display) { continue; }
      for (const item of scale.getLabelItems()) {
        const o = item.options;
        const lines = Array.isArray(item.label) ? item.label.map(String) : [String(item.label)];
        ctx.save();
        ctx.font = item.font.string;
        const width = Math.max(...lines.map(line => ctx.measureText(line).width));
        ctx.restore();
        const x = o.translation[0];
        const left = o.textAlign === "right" ? x - width : o.textAlign === "center" ? x - width / 2 : x;
        out.push({chart: id, axis: scale.id, label: lines.join(" "), left, right: left + width,
                  top: o.translation[1], rotation: o.rotation, canvas: chart.width, height: chart.height});
      }
    }
  }
  return out;
}"""

SCALES = """() => Object.fromEntries(["chart-trend", "chart-ranking"].map(id => {
  const chart = Chart.getChart(document.getElementById(id));
  const axis = id === "chart-trend" ? chart.scales.y : chart.scales.x;
  const values = chart.data.datasets[0].data.filter(v => v !== null);
  return [id, {min: axis.min, max: axis.max, lo: Math.min(...values), hi: Math.max(...values)}];
}))"""


@pytest.fixture
def high_rates(world):  # noqa: F811
    """A year of on-time rates between 95 and 100 %, for two units with long names."""
    from cchc.org import roles
    from cchc.org.models import Unit
    from tests.factories import UnitFactory

    ensure_rules_766()
    Unit.objects.filter(pk=world.a.pk).update(name=LONG_A)
    Unit.objects.filter(pk=world.b.pk).update(name=LONG_B)
    leadership = UnitFactory(agency=world.agency, code="ban-giam-doc", kind=Unit.Kind.LEADERSHIP)
    make_user("giamdoc", roles.DIRECTOR, leadership)
    for month in range(1, 13):
        for version, on_time, late in (
            (world.va, 24, month % 2),
            (world.vb, 20, 1 if month in (3, 8) else 0),
        ):
            for i in range(on_time + late):
                world.dossier(
                    version,
                    received=at(2025, month, 2, 8 + i % 8),
                    due=at(2025, month, 16, 17),
                    finished=at(2025, month, 20 if i < late else 10),
                )


def _open_dashboard(new_page, base: str, **size):
    page = new_page(**size)
    page.goto(f"{base}/quan-tri/dang-nhap/?next=/quan-tri/chi-so/%3Fky%3D2025")
    fill_sign_in(page, get_user_model().objects.get(username="giamdoc"), STAFF_PASSWORD)
    page.wait_for_url("**/quan-tri/chi-so/?ky=2025")
    for chart in ("chart-trend", "chart-ranking", "chart-766"):
        page.wait_for_function(f"() => window.Chart && Chart.getChart(document.getElementById('{chart}'))")
    page.wait_for_timeout(300)  # the first layout pass
    return page


@pytest.mark.parametrize(
    "size", [{"width": 1366, "height": 768}, {"viewport": {"width": 360, "height": 740}}]
)
def test_axes_fit_the_values_and_every_label_is_whole(live_server, new_page, high_rates, size):
    page = _open_dashboard(new_page, live_server.url, **size)
    expect(page.locator("#bang-xep-hang")).to_contain_text(LONG_A)

    scales = page.evaluate(SCALES)
    for chart, s in scales.items():
        assert s["lo"] >= 95, (chart, s)  # the data this test is about
        assert 50 < s["min"] <= s["lo"] and s["hi"] <= s["max"] <= 100, (chart, s)
        assert s["max"] - s["min"] <= 30, (chart, s)  # the change of a few points is visible

    boxes = page.evaluate(LABEL_BOXES)
    assert {b["chart"] for b in boxes} == {"chart-trend", "chart-ranking", "chart-766"}
    cut = [b for b in boxes if b["left"] < -0.5 or b["right"] > b["canvas"] + 0.5 or b["rotation"]]
    assert cut == [], cut
    names = " ".join(b["label"] for b in boxes if b["chart"] == "chart-ranking")
    assert LONG_A in names and LONG_B in names  # wrapped onto lines, never shortened

    width = size.get("width") or size["viewport"]["width"]
    ARTIFACTS.mkdir(exist_ok=True)
    for chart in ("chart-trend", "chart-ranking", "chart-766"):
        box = page.locator(f"#{chart}").locator("xpath=..")
        box.scroll_into_view_if_needed()
        box.screenshot(path=str(ARTIFACTS / f"dashboard-{chart}-{width}.png"))
