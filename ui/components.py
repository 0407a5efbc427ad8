"""Small UI pieces, and the one way to put text on a page.

Every text from the plan, the data or the link is shown as typed, never as HTML or markdown that
could inject links, images, scripts or LaTeX: into HTML (st.html, tiles, tables) through ``esc``;
into anything Streamlit reads as markdown (titles, headers, captions, st.write, alert boxes,
widget labels and help, radio and segmented-control options) through ``md``. Selectbox and
multiselect options are drawn as plain text: give them the text as it is.
tests/test_escaping.py and tests/browser/test_injection.py plant hostile text everywhere."""

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
from metrics.render.tilechart import WIDTH, tile_chart
from metrics.views.audience import ICONS, Audience, StatusWords
from metrics.views.card import kpi_card
from metrics.views.formatting import format_date, format_value

_CSS = (Path(__file__).with_name("style.css")).read_text(encoding="utf-8")


def esc(text: object) -> str:
    """Text for HTML (st.html, tables, tiles): shown as typed, never as markup."""
    return html.escape("" if text is None else str(text), quote=True)


# Every character markdown gives a meaning to: emphasis, code, links and images ([]()!), headings,
# lists, tables, HTML (<>&), LaTeX ($), Streamlit's :colour[...] and :material/icon: (:).
_MARKDOWN = re.compile(r"([\\`*_{}\[\]()#+\-.!|~<>$:&=])")
# Streamlit links bare URLs and e-mail addresses (remark-gfm) *after* the escapes are read, so
# 'http\://evil\.example' still becomes a link, and ':material/x:' an icon: an invisible word
# joiner after ':' (unless a space follows), between 'www' and '.', and after '@' breaks them.
_AUTOLINKS = re.compile(r"(?<=\\:)(?=\S)|(?i:(?<=www)(?=\\\.))|(?<=@)")
WORD_JOINER = "\u2060"


def md(text: object) -> str:
    """Text for every element that reads markdown (st.title/header/caption/write, st.error/warning/
    info/success, widget labels, radio and segmented-control options): shown exactly as typed.
    No link, image, HTML, LaTeX, colour, icon or bare URL in the text is acted on."""
    escaped = _MARKDOWN.sub(r"\\\1", "" if text is None else str(text))
    return _AUTOLINKS.sub(WORD_JOINER, escaped)


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


def sparkline(series: Series, *, label: str = "", plan: list | None = None, target: tuple | None = None) -> str:
    """A tile's small trend chart (values, plan line, target) as an image a browser draws: cheap
    for hundreds of tiles, with its text alternative in ``alt``."""
    keep = _shown(series)
    dates = series.dates[keep]
    values = series.values[keep]
    most = (WIDTH - 8) // 2 + 1  # one point per 2 px: more cannot be seen at this size, and 1,000 tiles weigh 2 MB
    if len(values) > most:
        pick = np.linspace(0, len(values) - 1, most).round().astype(int)  # first and last kept
        dates, values = dates[pick], values[pick]
    points = list(zip(dates.tolist(), values.tolist()))
    return tile_chart(points, plan or [], target, label=label)


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
    plan = [(p.date, p.value) for p in s.metric.trajectory] if not s.plan_withheld else []
    target = (s.metric.target.date, s.metric.target.value) if s.plan_shown("target") else None
    words = trend_words(series, s.metric.unit) or "Not enough values for a trend"
    spark = sparkline(series, label=f"{words} Dashed blue line: the plan; green dot: the target of {card.target}.", plan=plan, target=target)
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
