"""Accessibility checks in the browser tests: axe-core (vendored, tests/browser/vendor) run on a page.

``assert_accessible(page, label)`` injects axe-core into the page as it is now and fails on any
violation of impact "serious" or "critical" against WCAG 2.1 A and AA, listing each rule, its help
text and the elements that break it. Minor and moderate findings are not failures but are printed,
so that they stay visible.
"""

from __future__ import annotations

import json
from pathlib import Path

AXE = Path(__file__).resolve().parent / "vendor" / "axe-core-4.14.1" / "axe.min.js"
RUN = Path(__file__).resolve().parent / "js" / "axe_run.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BLOCKING = {"serious", "critical"}


def violations(page) -> list[dict]:
    """axe-core's violations on ``page`` (WCAG 2.1 A/AA rules)."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        # Evaluated over the DevTools protocol: a <script> element added to the page would be refused
        # by the Content-Security-Policy (no inline scripts).
        page.evaluate(AXE.read_text(encoding="utf-8") + "\n;undefined")
    result = page.evaluate(RUN.read_text(encoding="utf-8"), TAGS)
    return result


def assert_accessible(page, label: str = "") -> None:
    found = violations(page)
    blocking = [v for v in found if v["impact"] in BLOCKING]
    minor = [v for v in found if v["impact"] not in BLOCKING]
    if minor:
        print(f"axe (not blocking) on {label or page.url}: {json.dumps(minor, ensure_ascii=False)}")
    assert not blocking, f"axe on {label or page.url}:\n" + "\n".join(
        f"- [{v['impact']}] {v['id']}: {v['help']}\n    " + "\n    ".join(v["nodes"]) for v in blocking
    )
