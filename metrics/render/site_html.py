"""The static public site as files: HTML pages, one CSS file, a CSV per measure.

``site_files(site)`` turns the page models of ``metrics.views.site`` into ``{path: bytes}``; the CLI
(``python -m metrics publish``) writes them. No JavaScript, no request to any other host: charts are
inline SVG (``metrics.render.svgchart``), the legend and the events are HTML lists under the chart,
and every text from the plan or the data is escaped here (``esc``).
"""

from __future__ import annotations

import csv
import html
import io
import math
from collections.abc import Callable
from pathlib import Path

from metrics.domain.status import KEY_ORDER, Status
from metrics.render.svgchart import Frame, chart_svg
from metrics.views.family_words import (
    ACTION_WORDS,
    ICONS,
    ILLUSTRATIVE_FIGURE,
    ILLUSTRATIVE_UPDATE,
    MEASURE_WORDS,
    split_terms,
)
from metrics.views.formatting import format_date
from metrics.views.site import (
    GENERIC_CONTACT,
    MENU,
    SITE_NAME,
    ActionItem,
    AreaBlock,
    Inspection,
    MeasureCard,
    MeasurePage,
    Quote,
    Site,
    measure_csv,
    measure_file,
)
from metrics.views.style import CHART, Mark, Symbol

CSS_FILE = "site.css"
CSS = (Path(__file__).with_name("site.css")).read_text(encoding="utf-8")

# The chart twice: a narrow drawing for phones and a wide one for larger screens (CSS shows one), so
# its text stays readable on both. Neither has a legend inside: that is an HTML list under it.
NARROW = Frame(width=340, height=240, left=62, right=12, top=14, bottom=28)  # room for '10,000' beside the axis title
WIDE = Frame(width=680, height=300, left=68, right=16, top=14, bottom=28)

CSV_COLUMNS = ("date", "value", "shown_as", "unit", "type_of_figure", "responses", "source")


def esc(text: object) -> str:
    return html.escape("" if text is None else str(text), quote=True)


# -- small pieces ---------------------------------------------------------------------------------


def badge(status: Status, kind: str = "measure") -> str:
    """A status as a shape and a word (and a colour): never colour alone."""
    words = MEASURE_WORDS if kind == "measure" else ACTION_WORDS
    return f'<span class="badge badge-{status.value}"><span class="badge-icon" aria-hidden="true">{ICONS[status]}</span> {esc(words[status].word)}</span>'


def with_terms(text: str, root: str) -> str:
    """Escaped text with 'Written Statement of Action' and 'strategy priority' linked to the glossary."""
    out = []
    for piece, term in split_terms(text):
        out.append(f'<a href="{root}about.html#{term.anchor}">{esc(piece)}</a>' if term else esc(piece))
    return "".join(out)


def _page(site: Site, *, title: str, current: str, body: str, root: str = "") -> str:
    here = ' aria-current="page"'
    menu = "".join(f'<li><a href="{root}{file}"{here if file == current else ""}>{esc(label)}</a></li>' for file, label in MENU)
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en-GB"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{esc(title)} – {esc(SITE_NAME)}</title>"
        f'<link rel="stylesheet" href="{root}{CSS_FILE}">'
        '<link rel="icon" href="data:,"></head><body>'
        '<a class="skip" href="#main">Skip to main content</a>'
        f'<header class="site-header"><p class="site-name"><a href="{root}index.html">{esc(SITE_NAME)}</a></p>'
        f'<nav aria-label="Site"><ul class="menu">{menu}</ul></nav></header>'
        f'<main id="main">{body}</main>'
        f"{_footer(site, root)}"
        "</body></html>\n"
    )


def _ways(c) -> str:
    """The contact's form, email and website as a list of links ('' when there are none)."""
    ways = []
    if c.form:
        ways.append(f'<li>Online form: <a href="{esc(c.form)}">{esc(c.form)}</a></li>')
    if c.email:
        ways.append(f'<li>Email: <a href="mailto:{esc(c.email)}">{esc(c.email)}</a></li>')
    if c.website:
        ways.append(f'<li>Website: <a href="{esc(c.website)}">{esc(c.website)}</a></li>')
    return f"<ul>{''.join(ways)}</ul>" if ways else ""


def _footer(site: Site, root: str) -> str:
    c = site.contact
    reach = _ways(c)
    who = "the parent carer forum" if c.name == GENERIC_CONTACT else esc(c.name)
    return (
        '<footer class="site-footer"><h2 id="footer-feedback">Tell us what you think</h2>'
        f"<p>Is something unclear, missing or wrong? Contact {who}: they pass on what families say to the partnership.</p>"
        f"{reach}"
        f'<p><a href="{root}feedback.html">More about giving feedback</a></p>'
        f'<p class="small">Figures as at {esc(format_date(site.as_of))}. {esc(site.organisation)}.</p>'
        "</footer>"
    )


def _as_of(site: Site) -> str:
    return f'<p class="as-of">Figures as at <strong>{esc(format_date(site.as_of))}</strong></p>'


def _status_key(kind: str) -> str:
    words = MEASURE_WORDS if kind == "measure" else ACTION_WORDS
    items = "".join(f"<li>{badge(s, kind)} <span>{esc(words[s].explained)}</span></li>" for s in KEY_ORDER)
    return f'<ul class="key">{items}</ul>'


def i_statement(quote: Quote, root: str, *, source: bool = False) -> str:
    """An "I statement" as a quotation, introduced by whose words it is (and, on a measure's own
    page, followed by the document it is in)."""
    whom = f"for {esc(quote.who)}" if quote.who else "for children, young people and families"
    cited = ""
    if source:
        where = f" Where it comes from: {with_terms(quote.source, root)}." if quote.source else ""
        cited = f'<p class="small">An <a href="{root}about.html#i-statement">&ldquo;I statement&rdquo;</a> of the plan.{where}</p>'
    return (
        f'<figure class="i-statement"><figcaption>What this should mean {whom}:</figcaption>'
        f"<blockquote><p>&ldquo;{esc(quote.text)}&rdquo;</p></blockquote>{cited}</figure>"
    )


# -- the progress page ----------------------------------------------------------------------------


def _card(card: MeasureCard) -> str:
    status = badge(card.status) if card.status is not None else '<span class="badge badge-context">For context</span>'
    when = f' <span class="muted">({esc(format_date(card.figure_date))})</span>' if card.figure_date else ""
    flag = f' <span class="flag">{esc(ILLUSTRATIVE_FIGURE)}</span>' if card.illustrative else ""
    promise = f'<p>{esc(card.promise)}</p>' if card.promise else ""
    return (
        f'<li class="card card-{card.status.value if card.status else "context"}">'
        f'<h3><a href="{measure_file(card.id)}">{esc(card.title)}</a></h3>'
        f'<p class="status">{status}</p>'
        f'<p><span class="figure">{esc(card.figure)}</span>{when}{flag}</p>'
        f"{promise}<p>{esc(card.where)}</p>"
        + (i_statement(card.i_statement, "") if card.i_statement else "")
        + "</li>"
    )


def _area(block: AreaBlock) -> str:
    actions = ""
    if block.actions:
        actions = f' <a href="actions.html#actions-{esc(block.id)}">{block.actions} action{"s" if block.actions != 1 else ""} in this area</a>.'
    cards = "".join(_card(c) for c in block.cards)
    context = ""
    if block.context:
        context = '<h3 class="sub">Other figures we watch</h3><ul class="cards">' + "".join(_card(c) for c in block.context) + "</ul>"
    return (
        f'<section class="area" aria-labelledby="area-{esc(block.id)}"><h2 id="area-{esc(block.id)}">{esc(block.title)}</h2>'
        + (f"<p>{with_terms(block.description, '')}</p>" if block.description else "")
        + f'<p class="area-summary"><strong>Where this part stands:</strong> {esc(block.summary)}{actions}</p>'
        + (f'<ul class="cards">{cards}</ul>' if cards else "")
        + context
        + "</section>"
    )


def progress_html(site: Site) -> str:
    p = site.progress
    counts = "".join(
        f'<li>{badge(s)} <span class="count">{n}</span> <span class="visually-hidden">measure{"s" if n != 1 else ""}</span></li>' for s, n in p.counts if n
    )
    contents = "".join(f'<li><a href="#area-{esc(a.id)}">{esc(a.title)}</a> <span class="muted">{esc(a.summary)}</span></li>' for a in p.areas)
    body = (
        "<h1>Our progress</h1>"
        f'<p class="lead">{esc(p.intro)}</p>'
        f"<p><strong>The plan:</strong> {esc(site.plan_title)}<br><strong>The partnership:</strong> {esc(site.organisation)}</p>"
        f"{_as_of(site)}"
        '<section class="glance" aria-labelledby="glance"><h2 id="glance">At a glance</h2>'
        f"<p>{esc(p.measures_sentence)}</p>"
        f'<ul class="counts" aria-label="Measures by status">{counts}</ul>'
        f'<p>{esc(p.actions_sentence)} <a href="actions.html">See what we are doing</a>.</p>'
        f'<details><summary>What the status words mean</summary>{_status_key("measure")}'
        '<p><a href="about.html#reading">How to read this site</a></p></details></section>'
        f'<nav class="contents" aria-labelledby="contents"><h2 id="contents">Contents</h2><ol>{contents}</ol></nav>'
        + "".join(_area(a) for a in p.areas)
    )
    return _page(site, title="Our progress", current="index.html", body=body)


# -- a measure's page -----------------------------------------------------------------------------


def _key_svg(key: str) -> str:
    """A small drawing of a legend key: the same shape, line and colour as on the chart."""
    def line(style) -> str:
        dash = f' stroke-dasharray="{style.dash.svg}"' if style.dash.svg else ""
        return f'<line x1="1" x2="27" y1="8" y2="8" stroke="{style.colour}" stroke-width="{max(1.5, style.width * 0.8):g}"{dash}/>'

    def mark(m: Mark) -> str:
        paint = f'fill="{m.fill}" stroke="{m.edge}" stroke-width="{max(1.0, m.edge_width):g}"'
        if m.symbol is Symbol.CIRCLE:
            return f'<circle cx="14" cy="8" r="5" {paint}/>'
        if m.symbol is Symbol.SQUARE:
            return f'<rect x="9" y="3" width="10" height="10" {paint}/>'
        if m.symbol is Symbol.TRIANGLE:
            return f'<polygon points="14,2 20,13 8,13" {paint}/>'
        if m.symbol is Symbol.DIAMOND:
            return f'<polygon points="14,2 20,8 14,14 8,8" {paint}/>'
        star = " ".join(
            f"{14 + (6 if k % 2 == 0 else 2.7) * math.cos(math.pi / 2 + k * math.pi / 5):.1f},{8 - (6 if k % 2 == 0 else 2.7) * math.sin(math.pi / 2 + k * math.pi / 5):.1f}"
            for k in range(10)
        )
        return f'<polygon points="{star}" {paint}/>'

    colour, opacity = CHART.band_fill_svg
    inner = {
        "published": lambda: mark(CHART.published),
        "illustrative": lambda: mark(CHART.illustrative),
        "plan": lambda: line(CHART.plan),
        "england": lambda: line(CHART.england),
        "neighbours": lambda: line(CHART.neighbours),
        "forecast": lambda: mark(CHART.forecast_mark),
        "baseline": lambda: mark(CHART.baseline),
        "milestone": lambda: mark(CHART.milestone),
        "target": lambda: mark(CHART.target),
        "band": lambda: f'<rect x="1" y="3" width="26" height="10" fill="{colour}" fill-opacity="{opacity}" stroke="{CHART.band_edge.colour}" stroke-dasharray="4 2"/>',
        "projection": lambda: line(CHART.projection),
        "event": lambda: f'<polygon points="9,2 19,2 14,11" fill="{CHART.event.colour}"/>',
        "as_of": lambda: f'<line x1="14" x2="14" y1="0" y2="16" stroke="{CHART.as_of.colour}" stroke-width="1.5" stroke-dasharray="{CHART.as_of.dash.svg or "2 3"}"/>',
    }[key]()
    return f'<svg class="key-svg" width="28" height="16" viewBox="0 0 28 16" aria-hidden="true" focusable="false">{inner}</svg>'


def _svg(page: MeasurePage, frame: Frame) -> str:
    """The chart without the texts that run across it on a phone: the as-at date, a published
    forecast's label and the names at the ends of the England and similar-areas lines (each is in
    the legend under the chart instead, beside a drawing of its line or mark)."""
    return chart_svg(page.chart, frame=frame, legend=False, hover=False, labels=False)


def _chart(page: MeasurePage) -> str:
    keys = [*page.legend, *(("forecast", f"{f.label} (published forecast, not a figure)") for f in page.chart.forecasts)]
    keys = [k for k in keys if k != ("forecast", "Published forecast (not a figure)") or not page.chart.forecasts]
    keys.append(("as_of", f"Figures as at {format_date(page.chart.as_of)}"))
    legend = "".join(f"<li>{_key_svg(key)} {esc(words)}</li>" for key, words in keys)
    events = ""
    if page.events:
        items = "".join(f'<li value="{n}">{with_terms(label, "../")} <span class="muted">({esc(format_date(when))})</span></li>' for n, when, label in page.events)
        events = f'<h3 class="sub" id="events">What happened, numbered as on the chart</h3><ol class="events">{items}</ol>'
    return (
        '<figure class="chart">'
        f'<div class="chart-narrow">{_svg(page, NARROW)}</div>'
        f'<div class="chart-wide">{_svg(page, WIDE)}</div>'
        f"<figcaption>{esc(page.chart.summary)}</figcaption></figure>"
        f'<h3 class="sub">What the chart shows</h3><ul class="legend">{legend}</ul>{events}'
        f'<details><summary>The chart described in words</summary><p>{esc(page.chart.alt_text)}</p></details>'
    )


def _table(page: MeasurePage) -> str:
    if not page.table_rows:
        return "<p>No figures have been published yet.</p>"
    head = "".join(f'<th scope="col" role="columnheader">{esc(c)}</th>' for c in page.table_columns)
    rows = "".join(
        '<tr role="row">' + "".join(f'<td role="cell" data-label="{esc(c)}">{esc(v)}</td>' for c, v in zip(page.table_columns, row)) + "</tr>"
        for row in page.table_rows
    )
    return (
        f'<table class="data" role="table"><caption>Every public figure for {esc(page.title)}, newest first</caption>'
        f'<thead role="rowgroup"><tr role="row">{head}</tr></thead><tbody role="rowgroup">{rows}</tbody></table>'
    )


def measure_html(site: Site, page: MeasurePage) -> str:
    root = "../"
    status = badge(page.status) if page.status is not None else '<span class="badge badge-context">For context: no target</span>'
    when = f' <span class="muted">(latest figure, {esc(format_date(page.figure_date))})</span>' if page.figure_date else ""
    flag = f' <span class="flag">{esc(ILLUSTRATIVE_FIGURE)}</span>' if page.illustrative else ""
    facts = "".join(f"<div><dt>{esc(q)}</dt><dd>{with_terms(a, root)}</dd></div>" for q, a in page.facts)
    sections = [
        ("What was promised", page.promise),
        ("Where it stands now", page.where),
        ("What happens next", page.next),
        ("How this compares", page.comparison),
    ]
    said = "".join(f'<h2 class="h3">{esc(h)}</h2><p>{esc(t)}</p>' for h, t in sections if t)
    body = (
        f'<p class="back"><a href="{root}index.html#area-{esc(page.area_id)}">Back to {esc(page.area_title) or "Our progress"}</a></p>'
        f"<h1>{esc(page.title)}</h1>"
        f"{_as_of(site)}"
        f'<p class="status">{status}</p>'
        f'<p><span class="figure">{esc(page.figure)}</span>{when}{flag}</p>'
        + (f'<p class="lead">{with_terms(page.description, root)}</p>' if page.description else "")
        + (i_statement(page.i_statement, root, source=True) if page.i_statement else "")
        + said
        + '<h2 id="chart">The figures over time</h2>'
        + _chart(page)
        + '<h2 id="figures">The figures</h2>'
        + _table(page)
        + (f'<p><a href="{esc(page.id)}.csv" download>Download these figures (CSV file)</a></p>' if page.table_rows else "")
        + f'<h2 id="about-measure">About this measure</h2><dl class="facts">{facts}</dl>'
    )
    return _page(site, title=page.title, current="", body=body, root=root)


def measure_csv_bytes(page: MeasurePage) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    for row in page.csv_rows:
        writer.writerow({k: _csv_safe(row[k]) for k in CSV_COLUMNS})
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def _csv_safe(value: str) -> str:
    """A cell a spreadsheet will not run as a formula."""
    return "'" + value if value[:1] in ("=", "+", "@") or (value[:1] == "-" and not _number(value)) else value


def _number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


# -- actions ---------------------------------------------------------------------------------------


def _action(item: ActionItem) -> str:
    due = esc(format_date(item.due)) + (' <strong class="overdue">(overdue)</strong>' if item.overdue else "")
    update = with_terms(item.update, "")
    if item.illustrative:
        update = f'<span class="flag">{esc(ILLUSTRATIVE_UPDATE)}</span> {update}'
    dated = f' <span class="muted">(update of {esc(format_date(item.update_date))})</span>' if item.update_date else ""
    return (
        f'<li class="action card-{item.status.value}"><h3>{with_terms(item.title, "")}</h3>'
        f'<p class="status">{badge(item.status, "action")}</p>'
        f'<dl class="facts"><div class="inline"><dt>Due by</dt><dd>{due}</dd></div>'
        f"<div><dt>Latest update</dt><dd>{update}{dated}</dd></div></dl></li>"
    )


def actions_html(site: Site) -> str:
    contents = "".join(f'<li><a href="#actions-{esc(a.id)}">{esc(a.title)}</a></li>' for a in site.actions)
    sections = "".join(
        f'<section class="area" aria-labelledby="actions-{esc(a.id)}"><h2 id="actions-{esc(a.id)}">{esc(a.title)}</h2>'
        f'<p class="area-summary">{esc(a.summary)}</p><ul class="actions">{"".join(_action(i) for i in a.items)}</ul></section>'
        for a in site.actions
    )
    body = (
        "<h1>What we are doing</h1>"
        '<p class="lead">These are the actions the partnership has promised to take. For each one you can see how it '
        "is going, when it is due and the latest update.</p>"
        f"{_as_of(site)}<p>{esc(site.actions_sentence)}</p>"
        f'<details><summary>What the status words mean</summary>{_status_key("action")}</details>'
        + (f'<nav class="contents" aria-labelledby="contents"><h2 id="contents">Contents</h2><ol>{contents}</ol></nav>' if contents else "")
        + (sections or "<p>There are no actions to show yet.</p>")
    )
    return _page(site, title="What we are doing", current="actions.html", body=body)


# -- about and feedback -----------------------------------------------------------------------------

PLAN = (
    "<p>Each part of the plan has measures (figures with a target and a date) and actions (pieces of work with a due "
    "date).</p>"
)


def sources_line(sources: list[str], *, terms: Callable[[str], str], css_class: str) -> str:
    """'Where this comes from: ...' for a passage (each source once, in order; '' with none)."""
    shown = list(dict.fromkeys(s for s in sources if s))
    return f'<p class="{css_class}">Where this comes from: {terms("; ".join(shown))}.</p>' if shown else ""


def _sources(sources: list[str]) -> str:
    return sources_line(sources, terms=lambda text: with_terms(text, ""), css_class="small")


def inspection_html(site: Site) -> str:
    """The inspection that led to the plan, from the plan's ``background`` ('' without one)."""
    i = site.background.inspection if site.background is not None else None
    if i is None:
        return ""

    def area_link(area_id: str, title: str) -> str:
        return f' <span class="muted">(see <a href="index.html#area-{esc(area_id)}">{esc(title)}</a>)</span>'

    body = inspection_body(i, area_link=area_link, terms=lambda text: with_terms(text, ""), sources=_sources)
    return f'<section aria-labelledby="inspection"><h2 id="inspection">The inspection that led to the plan</h2>{body}</section>'


def inspection_body(
    i: Inspection, *, area_link: Callable[[str, str], str], terms: Callable[[str], str], sources: Callable[[list[str]], str]
) -> str:
    """The inspection's paragraphs, for the static site and the live public page alike: each
    brings its own link to an area, glossary links and sources line (escaped by them)."""
    reported = f" They published their findings on {esc(i.reported)}." if i.reported else ""
    weaknesses = ""
    if i.weaknesses:
        items = "".join(f"<li>{esc(w.text)}" + (area_link(w.area_id, w.area_title) if w.area_id else "") + "</li>" for w in i.weaknesses)
        weaknesses = f"<p>They named these areas of significant weakness, in their words:</p><ul>{items}</ul>"
    return (
        f"<p>{esc(i.by)} inspected the local area's support for children and young people with special educational "
        f"needs and disabilities (SEND) {esc(i.when)}.{reported}</p>"
        + (f"<p>{terms(i.summary)}</p>" if i.summary else "")
        + weaknesses
        + sources([i.source, *(w.source for w in i.weaknesses)])
    )


def about_html(site: Site) -> str:
    inspection = inspection_html(site)
    story = site.background.plan if site.background is not None else ()
    plan = "".join(f"<p>{with_terms(text, '')}</p>" for text, _ in story) + _sources([s for _, s in story]) + PLAN
    terms = "".join(f'<div id="{esc(t.anchor)}"><dt>{esc(t.term)}</dt><dd>{esc(t.explained)}</dd></div>' for t in site.terms)
    abbreviations = "".join(f"<div><dt>{esc(a)}</dt><dd>{esc(e[:1].upper() + e[1:])}</dd></div>" for a, e in site.abbreviations)
    sources = "".join(f"<div><dt>{esc(t)}</dt><dd>{with_terms(s, '')}</dd></div>" for t, s in site.sources)
    parts = "".join(f'<li><a href="index.html#area-{esc(a.id)}">{esc(a.title)}</a></li>' for a in site.progress.areas)
    latest = esc(format_date(site.latest_figure)) if site.latest_figure else "no figures yet"
    update = esc(format_date(site.latest_update)) if site.latest_update else "no updates yet"
    body = (
        "<h1>About this site</h1>"
        f'<p class="lead">{esc(site.plan_title)}: how the partnership is doing against its plan, in plain words.</p>'
        f"{_as_of(site)}"
        '<nav class="contents" aria-labelledby="contents"><h2 id="contents">On this page</h2><ol>'
        + ('<li><a href="#inspection">The inspection that led to the plan</a></li>' if inspection else "")
        + '<li><a href="#plan">The plan</a></li><li><a href="#reading">How to read this site</a></li>'
        '<li><a href="#small-numbers">Small numbers</a></li><li><a href="#glossary">Words we use</a></li>'
        '<li><a href="#sources">Where the figures come from</a></li><li><a href="#accessibility">Accessibility</a></li></ol></nav>'
        + inspection
        + f'<section aria-labelledby="plan"><h2 id="plan">The plan</h2>{plan}<p>Its parts:</p><ol class="links">{parts}</ol>'
        f"<p><strong>The partnership:</strong> {esc(site.organisation)}</p></section>"
        '<section aria-labelledby="reading"><h2 id="reading">How to read this site</h2>'
        "<p>For each measure the plan sets a starting point, a target and a deadline, and sometimes steps along the way. "
        "Joining these up gives the line the plan expects the figure to follow. We compare the latest figure with that line.</p>"
        f"{_status_key('measure')}"
        f"<p>&ldquo;A little behind&rdquo; means behind the line by no more than {esc(site.tolerance_percent)} of the distance "
        "from the starting point to the target (a few measures set their own margin). Further behind is &ldquo;Off track&rdquo;. "
        "Once the deadline has passed, a measure that has not reached its target is &ldquo;Off track&rdquo;.</p>"
        "<h3>Actions</h3>"
        f"{_status_key('action')}"
        "<p>An action that is not finished by its due date is shown as overdue.</p>"
        f'<h3 id="example-figures">Example figures and estimates</h3><p>Some figures on this site are examples, made up to show how '
        f"it works: each is labelled &ldquo;{esc(ILLUSTRATIVE_FIGURE)}&rdquo;. Some of the plan's own numbers are not in any published "
        "document, so the partnership set them: they are called estimates wherever they appear.</p>"
        "<p>Every status is shown with a symbol and a word as well as a colour, so you do not need to tell colours apart.</p>"
        f"<p>Latest figure for any measure: <strong>{latest}</strong>. Latest update on any action: <strong>{update}</strong>.</p></section>"
        '<section aria-labelledby="small-numbers"><h2 id="small-numbers">Small numbers</h2>'
        f"<p>To protect children's and families' privacy we do not publish exact numbers from 1 to {site.suppress_below - 1} "
        f"for measures that count a few children: they are shown as &ldquo;fewer than {site.suppress_below}&rdquo;. We do not publish a "
        f"survey result when fewer than {site.min_public_n} people answered. The status still uses the real figure.</p></section>"
        f'<section aria-labelledby="glossary"><h2 id="glossary">Words we use</h2><dl class="facts glossary">{terms}{abbreviations}</dl></section>'
        f'<section aria-labelledby="sources"><h2 id="sources">Where the figures come from</h2><dl class="facts">{sources}</dl></section>'
        '<section aria-labelledby="accessibility"><h2 id="accessibility">Accessibility</h2>'
        "<p>We aim to meet the Web Content Accessibility Guidelines (WCAG) 2.2 at level AA. You should be able to use this site "
        "with a keyboard or a screen reader, zoom in to 400% on a phone or a computer without losing anything, and read every "
        "status without telling colours apart. The site needs no JavaScript and loads nothing from other websites.</p>"
        '<p>If something gets in your way, please <a href="feedback.html">tell us</a>.</p></section>'
    )
    return _page(site, title="About this site", current="about.html", body=body)


def feedback_html(site: Site) -> str:
    c = site.contact
    if c.configured:
        how = f"<p>Please tell {esc(c.name)}. They collect what families say and take it to the partnership.</p>"
    else:
        how = (
            "<p>Please contact the parent carer forum for your area. They collect what families say and take it to the "
            "partnership.</p>"
            + (f"<p>Here that is {esc(c.name)}.</p>" if c.name != GENERIC_CONTACT else "")
        )
    body = (
        "<h1>Tell us what you think</h1>"
        '<p class="lead">We want to hear what you think of this site and of the plan.</p>'
        f"{how}"
        "<h2>What to tell us</h2><ul>"
        "<li>anything on the site that is unclear, missing or wrong (say which page)</li>"
        "<li>what the plan means for your family, and what matters most to you</li>"
        "<li>anything that makes the site hard to use, or a format you need it in</li></ul>"
        + (f"<h2>How to reach them</h2>{_ways(c)}" if c.configured else "<p>This site does not give their address yet.</p>")
    )
    return _page(site, title="Tell us what you think", current="feedback.html", body=body)


# -- the whole site ---------------------------------------------------------------------------------


def site_files(site: Site) -> dict[str, bytes]:
    """Every file of the site by its path under the output folder."""
    files = {
        CSS_FILE: CSS.encode("utf-8"),
        "index.html": progress_html(site).encode("utf-8"),
        "actions.html": actions_html(site).encode("utf-8"),
        "about.html": about_html(site).encode("utf-8"),
        "feedback.html": feedback_html(site).encode("utf-8"),
    }
    for page in site.measures:
        files[measure_file(page.id)] = measure_html(site, page).encode("utf-8")
        files[measure_csv(page.id)] = measure_csv_bytes(page)
    return files


__all__ = ["CSS_FILE", "site_files"]
