"""The board reports as one self-contained HTML file that prints to A4: inline CSS, and the charts
and "Making Data Count" icons as SVG in ``data:`` URIs, so the file opens with no network.
``metrics.render.pdf`` turns it into a PDF (page numbers and the contents' page numbers come from
the ``@page`` CSS here).

The layout packs the page: page 1 holds the title, the contents and the summary (for the
exception report also what changed and the worst items); each KPI is a compact block (its facts
beside a small chart, its description under both) kept whole on a page, about three to a page;
sections follow on without page breaks except where a new part begins.

It is also written to be quick to print (WeasyPrint's cost is per element and per line, and SVG
text is drawn letter by letter): charts are ``<img>`` with no tooltips and their marks batched into
one path per style, legends are one paragraph of HTML, small type is a class on a table cell
rather than a ``<span>`` in it, and nothing uses CSS grid or inline blocks.
See ``benchmarks/bench_report.py``.

Every text from the plan or the data is HTML-escaped; texts placed in CSS are CSS-escaped.
"""

from __future__ import annotations

import html
from collections.abc import Mapping

from metrics.domain.rules import ActionStatus
from metrics.domain.status import KEY_ORDER, Status
from metrics.render.mdc_icons import icon_with_words
from metrics.render.svgchart import COMPACT, LEGEND_CSS, chart_image, legend_html
from metrics.views.audience import ICONS, Audience, StatusWords, withheld_text
from metrics.views.card import kpi_card
from metrics.views.formatting import format_date, format_value
from metrics.views.report import (
    KIND_TITLES,
    ActionEntry,
    ContextEntry,
    KpiEntry,
    Report,
    anchor_id,
    area_anchor,
)
from metrics.views.style import INK, STATUS_FILL, STATUS_TEXT
from metrics.views.wording import assumed_notes

# -- HTML ------------------------------------------------------------------------------------


def esc(text: object) -> str:
    return html.escape("" if text is None else str(text), quote=True)


def css_string(text: str) -> str:
    """A CSS string literal that no text can break out of (every non-alphanumeric escaped)."""
    return '"' + "".join(c if c.isascii() and c.isalnum() else f"\\{ord(c):06x} " for c in text) + '"'


def badge(status: Status, words: Mapping[Status, StatusWords]) -> str:
    """Icon and word (in the audience's words), never colour alone."""
    return f'<span class="badge badge-{status.value}"><span class="icon" aria-hidden="true">{ICONS[status]}</span> {esc(words[status].word)}</span>'


def _status_cell(status: Status, words: Mapping[Status, StatusWords], meaning: str) -> str:
    """The badge, then what it means, unless the badge's word already says it ('On track')."""
    if meaning.casefold() == words[status].word.casefold():
        return badge(status, words)
    return f'{badge(status, words)} <span class="meaning">{esc(meaning)}</span>'


def _table(columns: list[str], rows: list[list[str]], caption: str, cls: str = "", widths: list[int] | None = None, small: tuple[int, ...] = ()) -> str:
    """Cells are HTML already (escape before); header cells get scope="col"; widths in percent;
    the columns in ``small`` are set in small type (a class on the cell, not a <span> in it)."""
    head = "".join(f'<th scope="col">{esc(c)}</th>' for c in columns)
    tds = ['<td class="small-cell">' if i in small else "<td>" for i in range(len(columns))]
    body = "".join("<tr>" + "".join(f"{tds[i]}{cell}</td>" for i, cell in enumerate(row)) + "</tr>" for row in rows)
    cols = ""
    if widths:
        cls += " fixed"
        cols = "<colgroup>" + "".join(f'<col style="width: {w}%">' for w in widths) + "</colgroup>"
    return f'<table class="data {cls.strip()}"><caption>{esc(caption)}</caption>{cols}<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


_CSS = """
@page { size: A4; margin: 16mm 15mm 18mm 15mm;
  @bottom-left { content: FOOTER; font: 8.5pt "Liberation Sans", Arial, sans-serif; color: #505a5f; }
  @bottom-right { content: "Page " counter(page) " of " counter(pages); font: 8.5pt "Liberation Sans", Arial, sans-serif; color: #505a5f; } }
html { font-family: "Liberation Sans", Arial, "DejaVu Sans", sans-serif; font-size: 10pt; color: #0b0c0c; line-height: 1.3; }
body { margin: 0 auto; max-width: 180mm; padding: 0 4mm; }
h1 { font-size: 18pt; line-height: 1.15; margin: 0 0 2mm 0; }
h2 { font-size: 15pt; margin: 5mm 0 2mm 0; padding-bottom: 1mm; border-bottom: 2px solid #0b0c0c; break-after: avoid; }
h2 + p, h2 + table, h3 + table { break-before: avoid; }
h3 { font-size: 12pt; margin: 3mm 0 1.2mm 0; break-after: avoid; }
h4 { font-size: 11pt; margin: 0 0 1.5mm 0; }
p { margin: 0 0 1.5mm 0; }
a { color: #1d70b8; }
.cover .org { font-size: 11pt; margin: 0 0 2mm 0; }
.cover dl { margin: 0 0 2.5mm 0; font-size: 10pt; }
.cover dl div { display: inline; margin: 0 8mm 0 0; }
.cover dt { display: inline; font-weight: 700; } .cover dd { display: inline; margin: 0 0 0 1.5mm; }
.notice { border-left: 5px solid #1d70b8; background: #f3f2f1; padding: 1.5mm 3mm; margin: 0 0 3mm 0; font-size: 9.5pt; }
nav h2 { font-size: 12pt; margin: 3mm 0 1.5mm 0; border-bottom: 1px solid #0b0c0c; }
nav ol { list-style: none; padding: 0; margin: 0; font-size: 9.5pt; line-height: 1.2; }
nav li { margin: 0 0 .3mm 0; }
nav a { text-decoration: none; color: #0b0c0c; }
nav a::after { content: leader(".") target-counter(attr(href), page); }
.page { break-before: page; }
.badge { padding: 0 1.4mm; border-radius: 1mm; font-weight: 700; white-space: nowrap; }
""" + "".join(
    f".badge-{s.value} {{ background: {STATUS_FILL[s]}; color: {STATUS_TEXT[s]}; }}\n" for s in KEY_ORDER
) + f".badge-{Status.AMBER.value} {{ border: 1px solid {INK}; }}" + """
.meaning { white-space: nowrap; }
table.data { border-collapse: separate; border-spacing: 0; width: 100%; margin: 0 0 3mm 0; font-size: 9pt; }
table.data caption { text-align: left; font-weight: 700; padding: 0 0 1mm 0; caption-side: top; break-after: avoid; }
table.data thead { break-after: avoid; }
table.data th, table.data td { border-bottom: 1px solid #b1b4b6; padding: 1mm 1.4mm; text-align: left; vertical-align: top; }
table.data thead th { background: #f3f2f1; border-bottom: 2px solid #0b0c0c; }
table.data tr { break-inside: avoid; }
table.data td.num, table.data th.num { text-align: right; }
table.counts { width: auto; min-width: 60%; }
table.counts td, table.counts th { padding: .6mm 1.4mm; }
table.attention { font-size: 8.5pt; } table.attention td { padding: .8mm 1.2mm; }
table.fixed { table-layout: fixed; }
table.data td { overflow-wrap: break-word; }
.small-cell { font-size: 8pt; }
.item-area { display: block; font-size: 8pt; color: #505a5f; font-weight: 400; }
article.kpi::after { content: ""; display: block; clear: both; }
article.kpi { display: flow-root; break-inside: avoid; margin: 0 0 2mm 0; padding: 0 0 1mm 0; border-bottom: 1px solid #b1b4b6; font-size: 8.8pt; line-height: 1.2; }
article.kpi h3, article.kpi h4 { font-size: 11pt; margin: 0 0 1.2mm 0; }
article.kpi figure { float: right; width: 84mm; margin: 0 0 1mm 4mm; }
article.kpi figure img { width: 84mm; height: auto; display: block; }
article.kpi dl { margin: 0; }
article.kpi dt { float: left; clear: left; width: 23mm; font-weight: 700; }
article.kpi dd { margin: 0 0 .4mm 24mm; }
article.kpi .meaning { white-space: normal; }
article.kpi .note { font-size: 7.5pt; line-height: 1.2; margin: .8mm 0 0 0; }
.chart-key { font-size: 7pt; line-height: 1.3; margin: .5mm 0 0 0; }
.chart-desc { clear: both; font-size: 7pt; line-height: 1.15; color: #505a5f; margin: .8mm 0 0 0; }
.flag { font-weight: 700; }
.mdc { display: block; }
.mdc-icon { vertical-align: middle; margin-right: 1mm; }
.small { font-size: 8.5pt; color: #505a5f; }
.intro { break-inside: avoid; break-after: avoid; }  /* an area's heading and its introduction never left at the foot of a page */
ul.changes { margin: 0 0 2mm 0; padding-left: 5mm; font-size: 9pt; }
""" + LEGEND_CSS + """
@media screen { body { padding: 8mm 4mm; } .cover { border-bottom: 3px solid #0b0c0c; padding-bottom: 4mm; margin-bottom: 4mm; } }
"""


def render_html(report: Report) -> str:
    """The report as one self-contained HTML document (inline CSS and SVG; no scripts, no links out)."""
    footer = f"{KIND_TITLES[report.kind]}{' (public)' if report.public else ''} · data as at {format_date(report.as_of)}"
    css = _CSS.replace("FOOTER", css_string(footer))
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en-GB">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{esc(report.title)}</title>",
        f'<meta name="description" content="{esc(KIND_TITLES[report.kind])} of {esc(report.plan_title)}, data as at {esc(format_date(report.as_of))}">',
        f'<meta name="author" content="{esc(report.organisation)}">',
        f'<meta name="dcterms.created" content="{report.generated_on.isoformat()}">',
        f"<style>{css}</style>",
        "</head>",
        "<body>",
        _cover(report),
        "<main>",
    ]
    if report.kind == "progress":
        parts += _progress_body(report)
    else:
        parts += _exception_body(report)
    parts += ["</main>", "</body>", "</html>"]
    return "\n".join(parts)


def _cover(report: Report) -> str:
    heading = f"{KIND_TITLES[report.kind]}{' (public version)' if report.public else ''}"
    rows = [
        ("Data as at", format_date(report.as_of)),
        ("Compared with", format_date(report.since)),
        ("Generated on", format_date(report.generated_on)),
    ]
    dl = "".join(f"<div><dt>{esc(k)}</dt><dd>{esc(v)}</dd></div>" for k, v in rows)  # one line: the plan and organisation are above
    if report.public:
        notice = f"Public version: only the measures and actions cleared for publication; {report.audience.suppression_rule()}."
    else:
        notice = "Internal: for the partnership board. Not for publication (the public version leaves out internal items, notes and small numbers)."
    if report.kind == "exception":
        notice += " This report lists only what needs the board's attention: red and amber KPIs, overdue actions, overdue data, and status changes since the comparison date."
    contents = "".join(f'<li><a href="#{esc(anchor)}">{esc(title)}</a></li>' for anchor, title in report.sections)
    return (
        '<header class="cover">'
        f"<h1>{esc(heading)}: {esc(report.plan_title)}</h1>"
        f'<p class="org">{esc(report.organisation)}</p>'
        f"<dl>{dl}</dl>"
        f'<p class="notice">{esc(notice)}</p>'
        f'<nav aria-labelledby="contents"><h2 id="contents">Contents</h2><ol>{contents}</ol></nav>'
        "</header>"
    )


def _section(report: Report, anchor: str, body: str, cls: str = "") -> str:
    heading = dict(report.sections)[anchor]
    klass = f' class="{cls}"' if cls else ""
    return f'<section id="{esc(anchor)}"{klass} aria-labelledby="{esc(anchor)}-h"><h2 id="{esc(anchor)}-h">{esc(heading)}</h2>{body}</section>'


def _counts_table(report: Report) -> str:
    rows = []
    audience = report.audience
    for s in KEY_ORDER:
        k, a = report.counts["KPIs"][s], report.counts["Actions"][s]
        rows.append([badge(s, audience.metric_words), esc(audience.metric_words[s].meaning), esc(audience.action_words[s].meaning), f"{k}", f"{a}", f"{k + a}"])
    totals = [sum(report.counts["KPIs"].values()), sum(report.counts["Actions"].values())]
    rows.append(["<strong>Total</strong>", "", "", f"<strong>{totals[0]}</strong>", f"<strong>{totals[1]}</strong>", f"<strong>{sum(totals)}</strong>"])
    return _table(["Status", "For a KPI", "For an action", "KPIs", "Actions", "Total"], rows, f"KPIs and actions by status at {format_date(report.as_of)}", "counts")


def _summary(report: Report) -> str:
    kpis = sum(report.counts["KPIs"].values())
    actions = sum(report.counts["Actions"].values())
    off = report.counts["KPIs"][Status.RED] + report.counts["KPIs"][Status.AMBER]
    words = report.audience.metric_words
    overdue = sum(1 for a in report.areas for e in a.actions if e.status.overdue) if report.kind == "progress" else len(report.overdue_actions)
    worse = sum(1 for c in report.changes if c.direction == "worse")
    better = sum(1 for c in report.changes if c.direction == "better")
    text = (
        f"At {format_date(report.as_of)} the plan has {kpis} KPI{_s(kpis)} and {actions} action{_s(actions)}. "
        f"{off} KPI{_s(off)} {'is' if off == 1 else 'are'} {words[Status.RED].counted} or {words[Status.AMBER].counted}; {overdue} action{_s(overdue)} {'is' if overdue == 1 else 'are'} overdue. "
        f"Since {format_date(report.since)}, {len(report.changes)} KPI{_s(len(report.changes))} changed status "
        f"({better} better, {worse} worse)."
    )
    out = f"<p>{esc(text)}</p>{_counts_table(report)}"
    if report.kind == "exception":
        out += _what_changed(report) + _worst_items(report)
    return out


WORST_ITEMS = 5  # the exception report's summary names this many of the worst items


def _what_changed(report: Report) -> str:
    """The exception summary's 'what changed': status changes, worst first, and newly overdue actions."""
    since = format_date(report.since)
    words = report.audience.metric_words
    items = [
        f"<li>{_item_inline(c.title)}: {badge(c.then, words)} → {badge(c.now, words)} ({esc(c.direction)})</li>" for c in report.changes[:WORST_ITEMS]
    ]
    more = len(report.changes) - len(items)
    if more > 0:
        items.append(f"<li>{esc(f'and {more} more: see Status changes since {since}.')}</li>")
    if report.changes:
        kpis = f"<p>{esc(f'KPIs whose status changed since {since}, worst first:')}</p><ul class=\"changes\">{''.join(items)}</ul>"
    else:
        kpis = f"<p>{esc(f'No KPI has changed status since {since}.')}</p>"
    newly = report.newly_overdue
    n = len(report.overdue_actions)
    actions = (
        f"{n} action{_s(n)} {'is' if n == 1 else 'are'} overdue; {len(newly)} of them became overdue after {since}"
        + (f": {'; '.join(e.status.action.title for e in newly[:WORST_ITEMS])}{' and more' if len(newly) > WORST_ITEMS else ''}." if newly else ".")
    )
    return f'<h3 id="summary-changes">What changed since {esc(since)}</h3>{kpis}<p>{esc(actions)}</p>'


def _worst_items(report: Report) -> str:
    worst = report.attention[:WORST_ITEMS]
    if not worst:
        return f"<p>{esc(f'Nothing needs the board’s attention at {format_date(report.as_of)}.')}</p>"
    rows = []
    for item in worst:
        words = report.audience.metric_words if item.kind == "metric" else report.audience.action_words
        rows.append([f"{_item_inline(item.title)} {_small(f'({item.kind_word})')}", badge(item.status, words), esc(item.why)])
    heading = f'<h3 id="summary-worst">The {len(worst)} worst items</h3>'
    caption = f"The first {len(worst)} of {len(report.attention)} items that need attention (all are listed next)"
    return heading + _table(["Item (type)", "Status", "Why it is here"], rows, caption, widths=[60, 12, 28])


def _item_inline(title: str) -> str:
    return f"<strong>{esc(title)}</strong>"


def _s(n: int) -> str:
    return "" if n == 1 else "s"


def _comparison(report: Report) -> str:
    words = report.audience.metric_words
    rows = [[_item(c.title, c.area_title), badge(c.then, words), badge(c.now, words), esc(c.direction)] for c in report.comparison]
    intro = f"The status of every KPI at {format_date(report.since)} and at {format_date(report.as_of)}."
    return f"<p>{esc(intro)}</p>" + _table(
        ["KPI (area)", f"At {format_date(report.since)}", f"At {format_date(report.as_of)}", "Change"], rows, "Status then and now, by KPI", widths=[58, 14, 14, 14]
    )


def _small(text: str) -> str:
    return f'<span class="small-cell">{esc(text)}</span>'


def _item(title: str, area: str | None = None) -> str:
    """A title in bold with its area in small type under it."""
    under = f'<span class="item-area">{esc(area)}</span>' if area else ""
    return f"<strong>{esc(title)}</strong>{under}"


def _kpi_article(entry: KpiEntry, audience: Audience, *, show_area: bool = False) -> str:
    """A compact KPI block: the facts on the left, the chart and its description on the right."""
    s = entry.status
    m = s.metric
    card = kpi_card(s, audience)
    words = audience.metric_words
    anchor = anchor_id("kpi", m.id)
    latest = card.value
    if card.value_date:
        latest += f" on {format_date(card.value_date)}"
        if card.illustrative:
            latest += " (illustrative value, not a published figure)"
    facts = [
        ("Status", _status_cell(card.status, words, card.meaning)),
        ("Latest value", esc(latest)),
        ("Target", esc(card.target)),
        ("Why this status", esc(card.reason)),
    ]
    if entry.comparison:
        facts.append(("Compared with England and similar areas", esc(entry.comparison)))
    if entry.then is not None:
        facts.append((f"At {format_date(entry.then.as_of)}", badge(entry.then.status, words) + ("" if entry.then.status is not s.status else ' <span class="meaning">(no change)</span>')))
    if card.data_overdue:
        facts.append(("Data", f'<span class="flag">⚠ Data overdue:</span> {esc(f"the next value was due by {format_date(card.data_due_by)}")}'))
    if entry.spc is not None:
        spc = icon_with_words(entry.spc.variation, size=22, as_img=True)
        if entry.spc.assurance:
            spc += icon_with_words(entry.spc.assurance, size=22, as_img=True)
        facts.append(("SPC", spc))
    if show_area:
        facts.append(("Area", esc(entry.area_title)))
    facts.append(("Lead", esc(m.lead)))
    dl = "".join(f"<dt>{esc(k)}</dt><dd>{v}</dd>" for k, v in facts)
    note = ""
    if card.assumed:  # the board reads why each was assumed; families read that it is an estimate
        text = " ".join(f"{n}." for n in assumed_notes(m)) if not audience.public else f"Not from a published source: {card.assumed}, set by the partnership."
        note = f'<p class="note"><strong>Assumed plan numbers:</strong> {esc(text)}</p>'
    return (
        f'<article class="kpi" id="{esc(anchor)}" aria-labelledby="{esc(anchor)}-h">'
        f'<h3 id="{esc(anchor)}-h">{esc(m.title)}</h3>'
        f"{_figure(entry.chart, anchor)}"
        f"<dl>{dl}</dl>{note}"
        f"{_description(entry.chart, anchor)}"
        "</article>"
    )


def _figure(chart, anchor: str) -> str:
    """The compact chart floated right of the facts, its legend under it in HTML.

    The SVG goes in as an ``<img>`` with a ``data:`` URI: WeasyPrint then reads it with its XML
    parser and draws it without running the page's CSS over every line and point, which makes
    the PDF markedly quicker than inline SVG (see benchmarks/bench_report.py). Nothing is
    fetched. Its text alternative is the ``alt`` and the description that follows the facts
    (``_description``), linked by ``aria-describedby``.
    """
    image = chart_image(chart, frame=COMPACT, alt=f"Chart of {chart.title}", attributes=f' aria-describedby="{esc(anchor)}-desc"')
    return f"<figure>{image}{legend_html(chart)}</figure>"


def _description(chart, anchor: str) -> str:
    """The chart's text description (the same words as the SVG's <desc>), across the whole block."""
    return f'<p class="chart-desc" id="{esc(anchor)}-desc">{esc(chart.alt_text)}</p>'


def _context_article(entry: ContextEntry, audience: Audience) -> str:
    r = entry.reading
    m = r.measure
    anchor = anchor_id("context", m.id)
    if r.latest_date is None:
        latest = "No data yet"
    elif r.withheld is not None:
        latest = f"{withheld_text(r.withheld)} on {format_date(r.latest_date)}"
    else:
        latest = f"{format_value(r.latest_value, m.unit)} on {format_date(r.latest_date)}" + (" (illustrative value, not a published figure)" if r.latest_illustrative else "")
    facts = [("Kind", "Context measure: no target, so no status; not counted"), ("Latest value", latest)]
    if entry.comparison:
        facts.append(("Compared", entry.comparison))
    facts += [(f"Forecast ({f.label})", f"{format_value(f.value, m.unit)} by {format_date(f.date)}: a forecast, not data") for f in m.forecasts]
    if not audience.public:
        facts.append(("Lead", m.lead))
    facts.append(("Source", entry.source))
    dl = "".join(f"<dt>{esc(k)}</dt><dd>{esc(v)}</dd>" for k, v in facts)
    return (
        f'<article class="kpi" id="{esc(anchor)}" aria-labelledby="{esc(anchor)}-h">'
        f'<h4 id="{esc(anchor)}-h">{esc(m.title)}</h4>'
        f"{_figure(entry.chart, anchor)}"
        f"<dl>{dl}</dl>"
        f"{_description(entry.chart, anchor)}"
        "</article>"
    )


def _narrative(s: ActionStatus, audience: Audience) -> str:
    if s.latest is None:
        return "No update yet."
    text = s.latest.narrative.strip()
    if not text:
        text = "No public update yet." if audience.public else "No narrative given."
    elif s.latest.illustrative:
        text = f"Illustrative update: {text}"
    return f"{text} ({format_date(s.latest.date)})"


def _due_cell(s: ActionStatus) -> str:
    """The due date, then how long overdue the action is."""
    if not s.overdue:
        return esc(format_date(s.action.due))
    days = (s.as_of - s.action.due).days
    return f'{esc(format_date(s.action.due))}: <span class="flag">{esc(f"⚠ {days:,} day{_s(days)} overdue")}</span>'


def _actions_table(entries: tuple[ActionEntry, ...], caption: str, audience: Audience, *, show_area: bool = False) -> str:
    """Three columns, so that the latest update has room: the action (area, lead), its status and
    due date, the latest update."""
    rows = []
    for e in entries:
        s = e.status
        under = (f"{e.area_title} · " if show_area else "") + f"Lead: {s.action.lead}"
        status = _status_cell(s.status, audience.action_words, audience.action_words[s.status].meaning).replace('class="meaning"', 'class="item-area"')
        rows.append([
            _item(s.action.title, under),
            f'{status}<span class="item-area">{esc("Due")} {_due_cell(s)}</span>',
            esc(_narrative(s, audience)),
        ])
    columns = ["Action (area, lead)" if show_area else "Action (lead)", "Status and due date", "Latest update"]
    return _table(columns, rows, caption, "actions", widths=[33, 22, 45], small=(2,))


def _progress_body(report: Report) -> list[str]:
    parts = [_section(report, "summary", _summary(report)), _section(report, "comparison", _comparison(report), "page")]
    for area in report.areas:
        body = []
        if area.area.description:
            body.append(f'<p class="intro">{esc(area.area.description)}</p>')
        words = report.audience.metric_words
        kpi_counts = ", ".join(f"{sum(1 for k in area.kpis if k.status.status is s)} {words[s].counted}" for s in KEY_ORDER if any(k.status.status is s for k in area.kpis))
        summary = f"{len(area.kpis)} KPI{_s(len(area.kpis))}" + (f": {kpi_counts}" if kpi_counts else "") + f". {area.actions_sentence}"
        body.append(f'<p class="small intro">{esc(summary)}</p>')
        body += [_kpi_article(k, report.audience) for k in area.kpis]
        if area.context:
            body.append(f'<h3 id="{esc(area_anchor(area.area.id))}-context">Context measures (no target, no status)</h3>')
            body += [_context_article(c, report.audience) for c in area.context]
        if area.actions:
            heading_id = f"{area_anchor(area.area.id)}-actions"
            body.append(f'<h3 id="{esc(heading_id)}">Actions</h3>')
            body.append(_actions_table(area.actions, f"Actions: {area.area.title}", report.audience))
        parts.append(_section(report, area_anchor(area.area.id), "".join(body), "area"))
    parts.append(_section(report, "sources", _sources_html(report), "page"))
    parts.append(_section(report, "glossary", _glossary_html(report)))
    return parts


def _sources_html(report: Report) -> str:
    rows = [[f"{esc(r.title)} ({esc(r.kind)})", esc(r.source or "–"), esc(r.observed or "–")] for r in report.sources]
    out = _table(["Item (type)", "Source in the plan", "Sources of the values"], rows, "Where each KPI and action comes from", widths=[32, 34, 34], small=(1, 2))
    if report.data_files:
        files = "".join(f"<li>{esc(f)}</li>" for f in report.data_files)
        out += f'<p>The values were read from these data files:</p><ul class="small">{files}</ul>'
    return out


def _glossary_html(report: Report) -> str:
    rows = [[f"<strong>{esc(t)}</strong>", esc(m)] for t, m in report.glossary]
    return _table(["Term", "Meaning"], rows, "Words and abbreviations used in this report", widths=[24, 76])


def _exception_body(report: Report) -> list[str]:
    since = format_date(report.since)
    parts = [_section(report, "summary", _summary(report))]
    # the list, worst first
    if report.attention:
        rows = []
        for item in report.attention:
            words = report.audience.metric_words if item.kind == "metric" else report.audience.action_words
            was = report.then.get((item.kind, item.id))
            was = badge(was, words) if was else esc("–")
            status = f'{badge(item.status, words)}<span class="item-area">{esc(f"at {since}:")} {was}</span>'
            rows.append([_item(item.title, f"{item.kind_word} · {item.area_title}"), esc(item.lead), status, esc(item.why)])
        body = f"<p>{esc(_attention_sentence(report))}</p>" + _table(
            ["Item (type · area)", "Lead", f"Status (and at {since})", "Why it is here"], rows, "Needs attention, worst first", "attention", widths=[38, 27, 15, 20], small=(1, 3)
        )
    else:
        body = f"<p>{esc(f'Nothing needs the board’s attention at {format_date(report.as_of)}.')}</p>"
    parts.append(_section(report, "attention", body, "page"))
    # the red and amber KPIs, with their charts
    kpis = "".join(_kpi_article(k, report.audience, show_area=True) for k in report.attention_kpis) or f"<p>{esc('No KPI is red or amber.')}</p>"
    parts.append(_section(report, "kpis", kpis))
    overdue = (
        _actions_table(report.overdue_actions, "Overdue actions, worst first", report.audience, show_area=True)
        if report.overdue_actions
        else f"<p>{esc('No action is overdue.')}</p>"
    )
    parts.append(_section(report, "overdue-actions", overdue))
    if report.overdue_data:
        rows = [
            [_item(k.status.metric.title, k.area_title), badge(k.status.status, report.audience.metric_words), esc(format_date(k.status.latest_date) if k.status.latest_date else "No data yet"), esc(format_date(k.status.data_due_by)), esc(k.status.metric.frequency), esc(k.status.metric.lead)]
            for k in report.overdue_data
        ]
        data = _table(["KPI (area)", "Status", "Latest value dated", "Next value due by", "Frequency", "Lead"], rows, "KPIs whose data is overdue", widths=[34, 11, 12, 12, 11, 20], small=(5,))
    else:
        data = f"<p>{esc('No KPI’s data is overdue.')}</p>"
    parts.append(_section(report, "overdue-data", data))
    if report.changes:
        words = report.audience.metric_words
        rows = [[_item(c.title, c.area_title), badge(c.then, words), badge(c.now, words), esc(c.direction), esc(c.reason)] for c in report.changes]
        changes = f"<p>{esc(f'Every KPI whose status at {format_date(report.as_of)} differs from its status at {since}, worst first.')}</p>" + _table(
            ["KPI (area)", f"At {since}", f"At {format_date(report.as_of)}", "Change", "Why (now)"], rows, f"Status changes since {since}", widths=[30, 12, 12, 10, 36]
        )
    else:
        changes = f"<p>{esc(f'No KPI has changed status since {since}.')}</p>"
    parts.append(_section(report, "changes", changes))
    parts.append(_section(report, "glossary", _glossary_html(report)))
    return parts


def _attention_sentence(report: Report) -> str:
    kpis = sum(1 for i in report.attention if i.kind == "metric")
    actions = len(report.attention) - kpis
    return (
        f"{kpis} KPI{_s(kpis)} and {actions} action{_s(actions)} need the board's attention at {format_date(report.as_of)}: "
        "red first, then amber; KPIs furthest behind plan first, then overdue actions, longest overdue first."
    )


