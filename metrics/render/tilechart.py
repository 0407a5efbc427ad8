"""The small trend chart on an overview tile: the values, the plan line and the target, as an SVG
image. An image, because Streamlit's st.html removes inline <svg> before the browser sees it; a
data: URI image is kept and drawn, with its text alternative in ``alt``."""

from __future__ import annotations

import base64
import datetime as dt
import html

from metrics.views.style import BLUE, GREEN, INK

WIDTH, HEIGHT = 240, 64


def tile_chart(
    values: list[tuple[dt.date, float]],
    plan: list[tuple[dt.date, float]],
    target: tuple[dt.date, float] | None,
    *,
    label: str,
    width: int = WIDTH,
    height: int = HEIGHT,
) -> str:
    """'' when there is nothing to draw (fewer than two values and no plan)."""
    if len(values) < 2 and not plan:
        return ""
    points = values + plan + ([target] if target else [])
    first = min(d for d, _ in points).toordinal()
    last = max(d for d, _ in points).toordinal()
    low = min(v for _, v in points)
    high = max(v for _, v in points)
    span_x = (last - first) or 1
    span_y = (high - low) or 1.0

    def xy(when: dt.date, value: float) -> str:
        x = 4 + (when.toordinal() - first) / span_x * (width - 8)
        y = height - 4 - (value - low) / span_y * (height - 8)
        return f"{x:.1f},{y:.1f}"

    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}">']
    if len(plan) > 1:
        parts.append(f'<polyline fill="none" stroke="{BLUE}" stroke-width="2" stroke-dasharray="6 3" points="{" ".join(xy(d, v) for d, v in plan)}"/>')
    if target:
        x, y = xy(*target).split(",")
        parts.append(f'<circle cx="{x}" cy="{y}" r="4" fill="{GREEN}" stroke="{INK}" stroke-width="1"/>')
    if len(values) > 1:
        parts.append(f'<polyline fill="none" stroke="{INK}" stroke-width="2.5" points="{" ".join(xy(d, v) for d, v in values)}"/>')
    if values:
        x, y = xy(*values[-1]).split(",")
        parts.append(f'<circle cx="{x}" cy="{y}" r="3.5" fill="{INK}"/>')
    parts.append("</svg>")
    data = base64.b64encode("".join(parts).encode("utf-8")).decode("ascii")
    return f'<img class="spark" src="data:image/svg+xml;base64,{data}" width="{width}" height="{height}" alt="{html.escape(label, quote=True)}">'
