"""A simple SVG flow diagram of a procedure version's internal process (boxes and arrows)."""

from __future__ import annotations

import textwrap
from decimal import Decimal
from xml.sax.saxutils import escape

WIDTH = 640
BOX_W = 520
BOX_H = 74
GAP = 34
TOP = 64
FONT = "'Times New Roman', 'DejaVu Serif', 'Liberation Serif', serif"
COLOURS = {
    "counter": "#e8f1fb",
    "return": "#e8f1fb",
    "partner": "#fdf0e0",
    "director": "#eaf6ea",
}


def _num(value: Decimal) -> str:
    return f"{Decimal(value).normalize():f}".replace(".", ",")


def build_svg(title: str, steps: list[dict], total: Decimal, unit_label: str) -> str:
    """``steps``: dicts with order, name, owner, budget, role.

    Accessible as one image: ``role="img"`` named by its ``<title>`` and described by its ``<desc>``,
    which reads every step in order (who, how long) and the total — what the boxes show.
    """
    height = TOP + len(steps) * (BOX_H + GAP) + 30
    x = (WIDTH - BOX_W) // 2
    described = " ".join(
        [f"Gồm {len(steps)} bước, theo thứ tự:"]
        + [
            f"Bước {step['order']}. {step['name']} — {step['owner']}, {_num(step['budget'])} {unit_label}."
            for step in steps
        ]
        + [f"Tổng thời gian: {_num(total)} {unit_label}."]
    )
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height}" '
        f'viewBox="0 0 {WIDTH} {height}" font-family="{FONT}" role="img" lang="vi" '
        'aria-labelledby="so-do-ten" aria-describedby="so-do-mo-ta">',
        f'<title id="so-do-ten">{escape(f"Sơ đồ quy trình nội bộ: {title}")}</title>',
        f'<desc id="so-do-mo-ta">{escape(described)}</desc>',
        '<defs><marker id="a" markerWidth="10" markerHeight="8" refX="9" refY="4" orient="auto">'
        '<path d="M0,0 L10,4 L0,8 z" fill="#444"/></marker></defs>',
        '<rect width="100%" height="100%" fill="#fff"/>',
    ]
    for i, line in enumerate(textwrap.wrap(f"Quy trình nội bộ: {title}", 78)[:2]):
        out.append(
            f'<text x="{WIDTH // 2}" y="{22 + i * 18}" text-anchor="middle" font-size="15" '
            f'font-weight="bold">{escape(line)}</text>'
        )
    for i, step in enumerate(steps):
        y = TOP + i * (BOX_H + GAP)
        fill = COLOURS.get(step["role"], "#f4f4f4")
        out.append(
            f'<rect x="{x}" y="{y}" width="{BOX_W}" height="{BOX_H}" rx="8" fill="{fill}" '
            'stroke="#335" stroke-width="1.2"/>'
        )
        lines = textwrap.wrap(f"Bước {step['order']}. {step['name']}", 68)[:2]
        for j, line in enumerate(lines):
            out.append(
                f'<text x="{x + 12}" y="{y + 22 + j * 18}" font-size="14" '
                f'font-weight="bold">{escape(line)}</text>'
            )
        out.append(
            f'<text x="{x + 12}" y="{y + BOX_H - 10}" font-size="13" fill="#333">'
            f"{escape(step['owner'])} — {_num(step['budget'])} {escape(unit_label)}</text>"
        )
        if i < len(steps) - 1:
            ax = WIDTH // 2
            out.append(
                f'<line x1="{ax}" y1="{y + BOX_H}" x2="{ax}" y2="{y + BOX_H + GAP - 2}" stroke="#444" '
                'stroke-width="1.5" marker-end="url(#a)"/>'
            )
    out.append(
        f'<text x="{WIDTH // 2}" y="{height - 10}" text-anchor="middle" font-size="13">'
        f"Tổng thời gian: {_num(total)} {escape(unit_label)}</text>"
    )
    out.append("</svg>")
    return "\n".join(out) + "\n"
