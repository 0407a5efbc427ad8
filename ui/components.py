"""Small UI pieces. Every text from the plan or the data is escaped: it is shown as text,
never as HTML or markdown that could inject links or scripts."""

from __future__ import annotations

import datetime as dt
import html
import re
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

import numpy as np
import streamlit as st

from metrics.domain.data import Series
from metrics.domain.problems import Problem, format_problems, problems_summary
from metrics.domain.rules import MetricStatus
from metrics.domain.status import KEY_ORDER, Status
from metrics.views.audience import ICONS, Audience, StatusWords
from metrics.views.card import kpi_card
from metrics.views.formatting import format_date, format_value

_CSS = (Path(__file__).with_name("style.css")).read_text(encoding="utf-8")


def esc(text: object) -> str:
    return html.escape("" if text is None else str(text), quote=True)


def md(text: object) -> str:
    """Text for Streamlit's markdown-reading elements (st.title, st.header, st.error...): every
    markdown character escaped, so a title like '[click](http://evil)' shows as typed."""
    return re.sub(r"([\\`*_{}\[\]()#+\-.!|~<>$:&=])", r"\\\1", "" if text is None else str(text))


def heading(text: object, level: int = 1, *, anchor: str | None = None) -> None:
    """A title or header whose words come from the plan: plain HTML, escaped, because
    st.title/st.header read markdown and even turn a bare URL into a link."""
    ident = f' id="{esc(anchor)}"' if anchor else ""
    st.html(f'<h{level} class="data-heading"{ident}>{esc(text)}</h{level}>')


def page_style() -> None:
    """Our tile and badge styles (the theme itself is in .streamlit/config.toml)."""
    st.html(f"<style>{_CSS}</style>")


def badge(status: Status, words: Mapping[Status, StatusWords], *, big: bool = False) -> str:
    """Icon and word (the audience's word for this kind of item), never colour alone."""
    size = " badge-big" if big else ""
    return f'<span class="badge badge-{status.value}{size}"><span aria-hidden="true">{ICONS[status]}</span> {esc(words[status].word)}</span>'


def as_of_banner(as_of: dt.date, audience: Audience) -> None:
    st.html(f'<p class="banner" role="status">{esc(audience.as_of_words)} <strong>{esc(format_date(as_of))}</strong></p>')


def status_counts(counts: dict[Status, int], words: Mapping[Status, StatusWords], *, kind: str = "KPIs and actions") -> None:
    items = "".join(
        f'<li class="count count-{s.value}">{badge(s, words)} <span class="count-n">{counts[s]}</span></li>'
        for s in KEY_ORDER
    )
    st.html(f'<ul class="counts" aria-label="How many {esc(kind)} stand at each status">{items}</ul>')


def sparkline(series: Series, *, width: int = 160, height: int = 36, label: str = "") -> str:
    """A tiny inline SVG trend: cheap to draw for hundreds of tiles, with a text alternative."""
    values = series.values[_shown(series)]
    most = (width - 4) // 2 + 1  # one point per 2 px: more cannot be seen at this size, and 1,000 tiles weigh 2 MB
    if len(values) > most:
        values = values[np.linspace(0, len(values) - 1, most).round().astype(int)]  # first and last kept
    values = values.tolist()
    if len(values) < 2:
        return ""
    low, high = min(values), max(values)
    span = (high - low) or 1.0
    step = (width - 4) / (len(values) - 1)
    points = " ".join(f"{2 + i * step:.1f},{height - 3 - (v - low) / span * (height - 6):.1f}" for i, v in enumerate(values))
    return (
        f'<svg class="spark" width="{width}" height="{height}" viewBox="0 0 {width} {height}" role="img" aria-label="{esc(label)}">'
        f'<polyline fill="none" stroke="#0b0c0c" stroke-width="2" points="{points}"/></svg>'
    )


def trend_words(series: Series, unit: str) -> str:
    shown = np.flatnonzero(_shown(series))
    if len(shown) < 2:
        return ""
    (d0, v0), (d1, v1) = ((series.date(i), float(series.values[i])) for i in (shown[0], shown[-1]))
    return f"Trend: {format_value(v0, unit)} on {format_date(d0)} to {format_value(v1, unit)} on {format_date(d1)}, {len(shown)} values."


def _shown(series: Series) -> np.ndarray:
    """Which values a tile may draw: not withheld, not missing (one array op, not one per point:
    1,000 tiles x 120 values made these loops most of the overview's time)."""
    keep = ~np.isnan(series.values)
    if series.withheld:
        keep &= np.array([w is None for w in series.withheld], dtype=bool)
    return keep


def kpi_tile(s: MetricStatus, series: Series, audience: Audience, *, link: str | None = None, spc_text: str = "", comparison: str = "") -> str:
    card = kpi_card(s, audience)
    title = esc(card.title)
    if link:
        title = f'<a href="{esc(link)}" target="_self">{title}</a>'
    when = f' <span class="tile-date">on {esc(format_date(card.value_date))}</span>' if card.value_date else ""
    flags = []
    if card.illustrative:
        flags.append('<span class="flag">illustrative value</span>')
    if card.assumed:
        flags.append(f'<span class="flag">{esc(card.assumed)}</span>')
    if card.data_overdue:
        flags.append('<span class="flag flag-overdue">data overdue</span>')
    spark = sparkline(series, label=trend_words(series, s.metric.unit) or "Not enough values for a trend")
    return (
        f'<article class="tile tile-{card.status.value}" aria-label="{esc(card.title)}: {esc(card.word)}">'
        f'<div class="tile-head">{badge(card.status, audience.metric_words)} <span class="meaning">{esc(card.meaning)}</span>{"".join(flags)}</div>'
        f'<h3 class="tile-title">{title}</h3>'
        f'<p class="tile-value">{esc(card.value)}{when}</p>'
        f'<p class="tile-target">Target: {esc(card.target)}</p>'
        f"{spark}"
        f'<p class="tile-reason">{esc(card.reason)}</p>'
        + (f'<p class="tile-reason tile-compare">{esc(comparison)}</p>' if comparison else "")
        + (f'<p class="tile-spc">{esc(spc_text)}</p>' if spc_text else "")
        + "</article>"
    )


def tiles_grid(tiles: Sequence[str]) -> None:
    if tiles:
        st.html(f'<div class="tiles">{"".join(tiles)}</div>')


def html_table(columns: Sequence[str], rows: Iterable[Sequence[object]], *, caption: str, raw_columns: Iterable[int] = ()) -> str:
    """An accessible HTML table; cells are escaped unless their column is listed in raw_columns
    (used only for badges built here)."""
    raw = set(raw_columns)
    head = "".join(f'<th scope="col">{esc(c)}</th>' for c in columns)
    body = []
    for row in rows:
        cells = "".join(f"<td>{cell if i in raw else esc(cell)}</td>" for i, cell in enumerate(row))
        body.append(f"<tr>{cells}</tr>")
    return (
        f'<div class="table-wrap" tabindex="0" role="region" aria-label="{esc(caption)}"><table class="data"><caption>{esc(caption)}</caption>'
        f'<thead><tr>{head}</tr></thead><tbody>{"".join(body)}</tbody></table></div>'
    )


def table(columns: Sequence[str], rows: Iterable[Sequence[object]], *, caption: str, raw_columns: Iterable[int] = ()) -> None:
    st.html(html_table(columns, rows, caption=caption, raw_columns=raw_columns))


def problem_list(problems: Sequence[Problem]) -> None:
    """The same lines as `python -m metrics check`, so a manager can fix the file they name."""
    st.error("The plan or the data has problems, so the dashboard cannot show them yet. Nothing has been changed. Fix these and reload:")
    st.code(format_problems(problems), language=None, wrap_lines=True)
    st.caption(problems_summary(problems))
