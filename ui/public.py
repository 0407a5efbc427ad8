"""The public site's pages, shared by the public pages and the internal "Preview public view".

Every function takes a ``source`` with ``.plan``, ``.status`` and ``.dataset``: the public site's
View (from ``metrics.domain.public.public_snapshot``) or a ``PublicSnapshot`` itself. Nothing here
filters: what is not in the snapshot cannot be shown. All text from the plan or the data is
escaped (``esc``), so it shows as text, never as HTML or markdown.
"""

from __future__ import annotations

import datetime as dt
import html
from typing import Protocol

import plotly.graph_objects as go
import streamlit as st

from metrics.domain.data import Dataset
from metrics.domain.plan import Plan
from metrics.domain.public import PublicSnapshot
from metrics.domain.rules import PlanStatus
from metrics.domain.statistics import EMPTY_STATISTICS, Comparison, Statistics
from metrics.domain.status import KEY_ORDER, Status, zero_counts
from metrics.render.site_html import (
    i_statement,
    inspection_body,
    measure_csv_bytes,
    sources_line,
)
from metrics.views.audience import Audience
from metrics.views.chart import (
    ILLUSTRATIVE_LABEL,
    MARKER_LABELS,
    PLAN_LABEL,
    PROJECTION_LABEL,
    PUBLISHED_LABEL,
    KpiChart,
)
from metrics.views.family_words import (
    ACTION_WORDS,
    ILLUSTRATIVE_FIGURE,
    ILLUSTRATIVE_UPDATE,
    LEGEND,
    MEASURE_WORDS,
    family_audience,
    split_terms,
)
from metrics.views.formatting import format_date
from metrics.views.plain_english import (
    Abbreviations,
    count_sentence,
)
from metrics.views.ranking import comparison_rows
from metrics.views.site import (
    AboutPage,
    ActionItem,
    AreaBlock,
    ContactDetails,
    MeasureCard,
    MeasurePage,
    Quote,
    about,
    actions,
    contact_details,
    measure_page,
    progress,
)
from ui.charts import kpi_figure, plotly_text
from ui.components import as_of_banner, badge, esc, heading, html_table

# Where the public pages live (app.py registers them with these url paths). Relative links, so
# the same HTML works on the public site and in the internal preview.
KPI_LINK = "kpi?metric={id}"
ACTIONS_LINK = "actions"
ABOUT_LINK = "about"


_CSS = """
.pub-lead { font-size: 1.15rem; max-width: 46rem; color: #0b0c0c; margin: 0 0 .6rem 0; }
.pub-glance { border: 1px solid #b1b4b6; border-radius: .4rem; padding: .5rem .9rem; margin: .4rem 0 1rem 0; color: #0b0c0c; }
.pub-glance p { margin: .2rem 0; }
.pub-area { margin: 1.6rem 0 .6rem 0; }
.pub-area h2 { font-size: 1.6rem; font-weight: 700; margin: 0 0 .3rem 0; padding: 0; line-height: 1.25; color: #0b0c0c; border-bottom: 3px solid #1d70b8; }
.pub-area-desc { max-width: 46rem; margin: .3rem 0; color: #0b0c0c; }
.pub-area-summary { margin: .3rem 0 .8rem 0; color: #0b0c0c; }
.pub-cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(min(340px, 100%), 1fr)); gap: .9rem; }
.pub-card { border: 1px solid #b1b4b6; border-left-width: 8px; border-radius: .4rem; padding: .7rem .9rem; background: #ffffff; color: #0b0c0c; }
.pub-blue { border-left-color: #1d70b8; } .pub-green { border-left-color: #00703c; } .pub-amber { border-left-color: #ffdd00; }
.pub-red { border-left-color: #d4351c; } .pub-grey { border-left-color: #505a5f; }
.pub-card h3 { font-size: 1.2rem; font-weight: 700; margin: 0 0 .35rem 0; padding: 0; line-height: 1.3; color: #0b0c0c; }
.pub-card p { margin: .25rem 0; }
.pub-desc { color: #0b0c0c; }
.pub-card dl.pub-facts { margin: .5rem 0 .3rem 0; padding: 0; }
.pub-facts > div { margin: 0 0 .45rem 0; }
.pub-facts dt { font-weight: 700; color: #0b0c0c; }
.pub-card dl.pub-facts dd { margin: 0; padding: 0; color: #0b0c0c; }
.pub-figure { font-size: 1.35rem; font-weight: 700; }
.pub-muted { color: #505a5f; }
.pub-flag { display: inline-block; border: 1px solid #505a5f; border-radius: .2rem; padding: 0 .3rem; font-size: .9rem; color: #0b0c0c; }
.pub-page a, .pub-card a { color: #1d70b8; text-decoration: underline; }
.pub-page a:focus, .pub-card a:focus { outline: 3px solid #ffdd00; background: #ffdd00; color: #0b0c0c; }
.pub-visually-hidden { position: absolute !important; width: 1px !important; height: 1px !important; margin: -1px !important; padding: 0 !important; overflow: hidden !important; clip: rect(0 0 0 0) !important; white-space: nowrap !important; border: 0 !important; }
.pub-section { margin: 1.4rem 0 .6rem 0; max-width: 52rem; color: #0b0c0c; }
.pub-section h2 { font-size: 1.5rem; font-weight: 700; margin: 0 0 .4rem 0; padding: 0; color: #0b0c0c; }
.pub-section h3 { font-size: 1.15rem; font-weight: 700; margin: .8rem 0 .3rem 0; padding: 0; color: #0b0c0c; }
.pub-section p, .pub-section li { color: #0b0c0c; }
.pub-page ul.pub-explain { margin: .2rem 0 .6rem 0; padding-left: 0; list-style: none; }
.pub-page ul.pub-explain li { margin: .3rem 0; padding-left: 0; }
.pub-update-date { display: block; font-size: .9rem; color: #505a5f; }
.pub-page ul.pub-action-list { list-style: none; margin: .4rem 0 1rem 0; padding: 0; }
.pub-page li.pub-action { border-top: 1px solid #b1b4b6; padding: .7rem 0; margin: 0; color: #0b0c0c; }
.pub-action h3.pub-action-title { font-size: 1.1rem; font-weight: 700; line-height: 1.35; margin: 0 0 .35rem 0; padding: 0; color: #0b0c0c; overflow-wrap: anywhere; }
.pub-page dl.pub-action-facts { margin: 0; padding: 0; display: grid; grid-template-columns: 1fr; gap: .35rem; }
.pub-action-facts > div { margin: 0; min-width: 0; }
.pub-action-facts dt { font-size: .9rem; font-weight: 700; color: #505a5f; margin: 0; }
.pub-page .pub-action-facts dd { margin: 0; padding: 0; color: #0b0c0c; overflow-wrap: anywhere; }
.pub-action .badge { white-space: normal; }
@media (min-width: 48rem) {
  .pub-page li.pub-action { display: grid; grid-template-columns: minmax(0, 1fr) minmax(0, 2fr); column-gap: 1.2rem; }
  .pub-page dl.pub-action-facts { grid-template-columns: 11rem 10rem minmax(0, 1fr); column-gap: 1rem; }
}
.pub-menu { margin: 0 0 .6rem 0; border-bottom: 1px solid #b1b4b6; }
.pub-menu ul { list-style: none; margin: 0; padding: 0; display: flex; flex-wrap: wrap; gap: .2rem 1.2rem; }
.pub-menu a { display: inline-flex; align-items: center; min-height: 44px; padding: 0 .2rem; font-size: 1.1rem; font-weight: 700; color: #1d70b8; text-decoration: underline; }
.pub-menu a[aria-current="page"] { color: #0b0c0c; text-decoration: none; border-bottom: 4px solid #1d70b8; }
.pub-footer { margin: 2.5rem 0 1rem 0; padding: 1rem 0 0 0; border-top: 4px solid #1d70b8; max-width: 46rem; color: #0b0c0c; }
.pub-footer h2 { font-size: 1.5rem; font-weight: 700; margin: 0 0 .4rem 0; padding: 0; color: #0b0c0c; }
.pub-footer p { margin: .3rem 0; }
.pub-contact-ways { margin: .4rem 0; padding-left: 1.2rem; }
.pub-contact-ways li { margin: .3rem 0; line-height: 1.6; }
.pub-page a.pub-address { overflow-wrap: anywhere; }
.pub-terms div { margin: 0 0 .6rem 0; }
.pub-terms dt { font-weight: 700; color: #0b0c0c; }
.pub-terms dd { margin: 0; color: #0b0c0c; }
.pub-contents h2 { font-size: 1.3rem; font-weight: 700; margin: .6rem 0 .2rem 0; padding: 0; color: #0b0c0c; }
.pub-contents ol { margin: 0 0 1rem 0; }
.pub-contents li { margin: .35rem 0; line-height: 1.5; }
.pub-events h3 { font-size: 1.1rem; font-weight: 700; margin: .6rem 0 .2rem 0; padding: 0; color: #0b0c0c; }
.pub-events ol { margin: 0 0 .6rem 0; }
.pub-page h1, .pub-page h2, .pub-page h3 { overflow-wrap: anywhere; }
.pub-preview-banner { border: 4px solid #0b0c0c; background: #ffdd00; color: #0b0c0c; padding: .6rem 1rem; margin: 0 0 1rem 0; font-size: 1.05rem; }
.pub-preview-banner p { margin: .2rem 0; }
.pub-page figure.i-statement { margin: .6rem 0; padding: .4rem .8rem; border-left: 4px solid #1d70b8; background: #f3f2f1; color: #0b0c0c; max-width: 46rem; }
.pub-page figure.i-statement figcaption { font-weight: 700; color: #0b0c0c; }
.pub-page figure.i-statement blockquote { margin: .2rem 0; padding: 0; border: 0; color: #0b0c0c; }
.pub-page figure.i-statement blockquote p { margin: 0; }
.pub-said h2 { font-size: 1.3rem; margin: 1rem 0 .3rem 0; }
.pub-said p { max-width: 46rem; }
"""


class PublicSource(Protocol):
    plan: Plan
    status: PlanStatus
    dataset: Dataset


# -- small pieces ----------------------------------------------------------------------------------


# Families see the site, not the tool: no Streamlit menu, toolbar, running indicator or deploy button.
_NO_CHROME = (
    '[data-testid="stToolbar"], [data-testid="stMainMenu"], #MainMenu, [data-testid="stStatusWidget"],'
    '[data-testid="stDecoration"], [data-testid="stAppDeployButton"] { display: none !important; }'
)


def public_style() -> None:
    st.html(f"<style>{_CSS}{_NO_CHROME}</style>")


def measure_badge(status: Status) -> str:
    return badge(status, MEASURE_WORDS)


def action_badge(status: Status) -> str:
    return badge(status, ACTION_WORDS)


def _counts(items) -> dict[Status, int]:
    out = zero_counts()
    for item in items:
        out[item.status] += 1
    return out


def _link(href: str, text: str, hidden: str = "") -> str:
    extra = f'<span class="pub-visually-hidden"> {esc(hidden)}</span>' if hidden else ""
    return f'<a href="{esc(href)}" target="_self">{esc(text)}{extra}</a>'


def measure_key() -> str:
    items = "".join(f"<li>{measure_badge(s)} {esc(MEASURE_WORDS[s].explained)}</li>" for s in KEY_ORDER)
    return f'<ul class="pub-explain" aria-label="What the status of a measure means">{items}</ul>'


def action_key() -> str:
    items = "".join(f"<li>{action_badge(s)} {esc(ACTION_WORDS[s].explained)}</li>" for s in KEY_ORDER)
    return f'<ul class="pub-explain" aria-label="What the status of an action means">{items}</ul>'


# -- on every page: the menu and "Tell us what you think" ---------------------------------------------

# The public site's menu (app.py hides Streamlit's own: on a phone it was an unlabelled "»"): (url, words).
MENU: tuple[tuple[str, str], ...] = (("./", "Our progress"), (ACTIONS_LINK, "What we are doing"), (ABOUT_LINK, "About this data"))
NO_CONTACT = "your local parent carer forum"  # with no contact in the plan (`check` warns): no address invented


def site_contact(plan: Plan) -> ContactDetails:
    """The plan's contact, as the static site has it; with none, the forum in general words."""
    return contact_details(plan) if plan.contact is not None else ContactDetails(NO_CONTACT)


def contact_links(contact: ContactDetails) -> list[str]:
    """Each way to get in touch as a link, built only from the plan's checked addresses (https://
    and an email address; metrics.domain.plan refuses anything else), the text escaped."""
    links = []
    if contact.website and contact.website.startswith("https://"):
        links.append(f'Website: <a class="pub-address" href="{esc(contact.website)}">{esc(contact.website.removeprefix("https://").rstrip("/"))}</a>')
    if contact.email and "@" in contact.email and ":" not in contact.email:
        links.append(f'Email: <a class="pub-address" href="mailto:{esc(contact.email)}">{esc(contact.email)}</a>')
    if contact.form and contact.form.startswith("https://"):
        links.append(f'<a href="{esc(contact.form)}">Fill in the feedback form</a>')
    return links


def contact_footer(plan: Plan) -> None:
    """The end of every public page: where families send what they think."""
    contact = site_contact(plan)
    links = contact_links(contact)
    ways = "<ul class=\"pub-contact-ways\">" + "".join(f"<li>{link}</li>" for link in links) + "</ul>" if links else ""
    st.html(
        '<footer class="pub-page pub-footer" id="feedback" aria-labelledby="feedback-heading">'
        '<h2 id="feedback-heading">Tell us what you think</h2>'
        "<p>Is anything unclear? Is something missing that matters to your family? Tell "
        f"<strong>{esc(contact.name)}</strong>, who pass on what families say to the partnership.</p>"
        f"{ways}</footer>"
    )


def public_menu(current: str) -> str:
    """The site's menu as a labelled list of links at the top of every public page (not in the preview)."""
    here = ' aria-current="page"'
    items = "".join(f'<li><a href="{esc(href)}" target="_self"{here if words == current else ""}>{esc(words)}</a></li>' for href, words in MENU)
    return f'<nav class="pub-menu" aria-label="Menu"><ul>{items}</ul></nav>'


# The public site's own chrome (only on the public site, so the internal one is unaffected): no
# Streamlit header (its menu is ours, above), a focus ring of black on white (19:1) round every control,
# and targets of at least 24 px.
_CHROME = """
[data-testid="stHeader"], [data-testid="stToolbar"], [data-testid="stMainMenu"], #MainMenu, [data-testid="stStatusWidget"],
[data-testid="stDecoration"], [data-testid="stAppDeployButton"], [data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"] { display: none !important; }
[data-testid="stMainBlockContainer"] { padding-top: 1rem !important; }
[data-testid="stApp"] :is(a, button, summary, input, select, textarea, [tabindex="0"], [role="button"], [role="combobox"]):focus-visible {
  outline: 3px solid #0b0c0c !important; outline-offset: 2px !important; box-shadow: 0 0 0 2px #ffffff !important;
}
[data-testid="stApp"] a:focus-visible { background: #ffdd00 !important; color: #0b0c0c !important; text-decoration: none !important; }
[data-testid="stApp"] [data-baseweb="select"]:focus-within { outline: 3px solid #0b0c0c; outline-offset: 2px; }
[data-testid="stApp"] summary { min-height: 24px; padding: .15rem 0; cursor: pointer; }
"""


def public_chrome(current: str) -> None:
    """The public site's frame: its chrome CSS and its menu. Call first on every public page."""
    st.html(f"<style>{_CSS}{_CHROME}</style>{public_menu(current)}")


# -- the measure page: the chart in families' words, its events and legend below it -------------------

_LEGEND_NAMES = {
    PUBLISHED_LABEL: LEGEND["published"],
    ILLUSTRATIVE_LABEL: LEGEND["illustrative"],
    PLAN_LABEL: LEGEND["plan"],
    PROJECTION_LABEL: LEGEND["projection"],
    MARKER_LABELS["baseline"]: LEGEND["baseline"],
    MARKER_LABELS["milestone"]: LEGEND["milestone"],
    MARKER_LABELS["target"]: LEGEND["target"],
    "Published forecast (not data)": LEGEND["forecast"],
}


def wrap_words(text: str, width: int = 28) -> list[str]:
    """Lines of at most ``width`` characters (a longer word stays whole): legend entries that fit a phone."""
    lines: list[str] = []
    for word in text.split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines


AS_OF_EVENT = "the date of the figures on this page"


def numbered_events(chart: KpiChart) -> tuple[KpiChart, list[tuple[int, dt.date, str]]]:
    """The chart with each event labelled by its number only (labels of a few characters cannot
    overlap or be cut off on a phone), and the numbered events to list under the chart: the
    as-of date last (the chart marks it with its own line)."""
    events = [(i, when, label) for i, (when, label) in enumerate(sorted(chart.events), start=1)]
    events.append((len(events) + 1, chart.as_of, AS_OF_EVENT))
    numbered = KpiChart(**{**chart.__dict__, "events": [(when, str(i)) for i, when, _ in events[:-1]]})
    return numbered, events


def public_figure(chart: KpiChart) -> go.Figure:
    """The KPI chart as families see it: their words in a legend below the chart, each entry short
    enough for a phone; events numbered (listed under the chart); no labels at the ends of lines."""
    fig = kpi_figure(KpiChart(**{**chart.__dict__, "band_label": LEGEND["band"]}))
    for trace in fig.data:
        name = trace.name or ""
        key = next((k for k in _LEGEND_NAMES if name.startswith(k)), None)
        words = _LEGEND_NAMES[key] + name[len(key):] if key else html.unescape(name)
        if name:
            trace.name = "<br>".join(plotly_text(line) for line in wrap_words(words))
    fig.layout.annotations = [a for a in fig.layout.annotations if a.yref == "paper"]  # events and the as-of date
    as_of = plotly_text(f"As at {format_date(chart.as_of)}")  # ui.charts labels the as-of line so: numbered like the events
    for annotation in fig.layout.annotations:
        if annotation.text == as_of:
            annotation.text = str(len(chart.events) + 1)
    fig.update_layout(
        height=(fig.layout.height or 580) + 90,
        legend=dict(orientation="h", x=0, xanchor="left", y=-0.08, yanchor="top", font=dict(size=14), itemwidth=30, itemsizing="constant"),
        margin=dict(l=56, r=12),
    )
    return fig


def chart_and_events(chart: KpiChart) -> None:
    """The measure's chart, its summary sentence and the numbered events under it."""
    numbered, events = numbered_events(chart)
    st.plotly_chart(public_figure(numbered), theme=None, alt=chart.alt_text, config={"displaylogo": False, "displayModeBar": False})
    st.html(f'<p class="chart-summary pub-page"><strong>In short:</strong> {esc(chart.summary)}</p>{event_list(events)}')


def _snapshot(source: PublicSource) -> PublicSnapshot:
    """The page models' input from a public View or a PublicSnapshot (the same three parts)."""
    return source if isinstance(source, PublicSnapshot) else PublicSnapshot(source.plan, source.status, source.dataset)


def _statistics(source: PublicSource) -> Statistics:
    return getattr(source, "statistics", None) or EMPTY_STATISTICS


def public_measure(source: PublicSource, measure_id: str) -> MeasurePage | None:
    """The measure's page model, the one the static site renders (metrics.views.site.measure_page)."""
    return measure_page(_snapshot(source), _statistics(source), measure_id)


def quote_html(quote: Quote, *, cited: bool = False) -> str:
    """An "I statement" as the static site shows it (metrics.render.site_html.i_statement); on a
    measure's own page followed by the document it is in, linked to what an "I statement" is."""
    where = ""
    if cited:
        source = f" Where it comes from: {with_terms(quote.source)}." if quote.source else ""
        where = f'<p class="pub-muted">An {_link(f"{ABOUT_LINK}#i-statement", "“I statement”")} of the plan.{source}</p>'
    return f'<div class="pub-page pub-quote">{i_statement(quote, "")}{where}</div>'


def _figure_line(figure: str, when: dt.date | None, illustrative: bool, css: str) -> str:
    date = f' <span class="pub-muted">(latest figure, {esc(format_date(when))})</span>' if when else ""
    flag = f' <span class="pub-flag">{esc(ILLUSTRATIVE_FIGURE)}</span>' if illustrative else ""
    return f'<span class="{css}">{esc(figure)}</span>{date}{flag}'


def measure_summary(page: MeasurePage) -> None:
    """The top of a measure's page, in the static page's order: status, latest figure, what it is,
    what was promised, where it stands now, what happens next and the plan's "I statement"."""
    if page.status is not None:
        status = f"<p>{measure_badge(page.status)} {esc(MEASURE_WORDS[page.status].explained)}</p>"
    else:
        status = '<p><span class="pub-flag">For context: no target</span> There is no target for this, so it is not marked on track or off track.</p>'
    lead = f'<p class="pub-lead">{with_terms(page.description)}</p>' if page.description else ""
    st.html(f'<div class="kpi-status pub-page">{status}<p>{_figure_line(page.figure, page.figure_date, page.illustrative, "pub-figure")}</p>{lead}</div>')
    said = [("What was promised", page.promise), ("Where it stands now", page.where), ("What happens next", page.next)]
    st.html(
        '<section class="pub-page pub-section pub-said" aria-label="Progress in words">'
        + "".join(f"<h2>{esc(h)}</h2><p>{esc(t)}</p>" for h, t in said if t)
        + "</section>"
    )
    if page.i_statement is not None:
        st.html(quote_html(page.i_statement, cited=True))


def comparison_words(page: MeasurePage, comparison: Comparison | None, audience: Audience) -> None:
    """How the measure compares: the page model's sentence, then the figures beside England and similar areas."""
    if comparison is None and not page.comparison:
        return
    st.header("How this compares", anchor=False)
    if page.comparison:
        st.html(f'<p class="pub-page">{esc(page.comparison)}</p>')
    if comparison is not None:
        columns, rows = comparison_rows(comparison, page.chart.unit, audience)
        st.html(html_table(columns, rows, caption=f"{page.title}: {comparison.area_name} beside England and similar areas (newest first)"))


def public_series_table(page: MeasurePage) -> None:
    """The figures of the chart, newest first, as the static page lists them; the same CSV as its download."""
    if page.table_rows:
        markup = html_table(page.table_columns, page.table_rows, caption=f"Every public figure for {page.title}, newest first")
        if len(page.table_rows) > 12:
            markup = markup.replace('<div class="table-wrap"', '<div class="table-wrap" style="max-height: 36rem; overflow-y: auto"', 1)
        st.html(f'<div class="pub-page pub-figures">{markup}</div>')
    else:
        st.html('<p class="pub-page">No figures have been published yet.</p>')
    st.download_button(
        "Download these figures (CSV)",
        data=measure_csv_bytes(page),
        file_name=f"{page.id}_{page.chart.as_of.isoformat()}.csv",
        mime="text/csv",
        on_click="ignore",
    )


def public_definition(page: MeasurePage) -> None:
    """What the measure means: the page model's questions and answers."""
    rows = "".join(f'<tr><th scope="row">{esc(q)}</th><td>{with_terms(a)}</td></tr>' for q, a in page.facts)
    caption = "What this measure means"
    st.html(
        f'<div class="pub-page table-wrap" tabindex="0" role="region" aria-label="{esc(caption)}"><table class="data">'
        f"<caption>{esc(caption)}</caption><tbody>{rows}</tbody></table></div>"
    )


def measure_details(source: PublicSource, page: MeasurePage, comparison: Comparison | None) -> None:
    """A measure's page on the live site: the static page's model, with the interactive chart."""
    audience = family_audience(source.plan.defaults)
    heading(page.title)
    as_of_banner(source.status.as_of, audience)
    measure_summary(page)
    comparison_words(page, comparison, audience)
    st.header("The figures over time", anchor=False)
    chart_and_events(page.chart)
    st.header("The figures", anchor=False)
    public_series_table(page)
    st.header("About this measure", anchor=False)
    public_definition(page)


def event_list(events: list[tuple[int, dt.date, str]]) -> str:
    if not events:
        return ""
    items = "".join(f'<li value="{i}">{esc(format_date(when))}: {esc(label)}</li>' for i, when, label in events)
    return f'<div class="pub-page pub-events"><h3>Marked on the chart</h3><ol>{items}</ol></div>'


# -- "Our progress" --------------------------------------------------------------------------------


def measure_card(card: MeasureCard) -> str:
    """One measure of the progress page's model (metrics.views.site.MeasureCard): its status, what
    was promised, where it stands, what happens next, how it compares and its "I statement"."""
    if card.status is not None:
        label, status = MEASURE_WORDS[card.status].word, measure_badge(card.status)
        css = f"pub-{card.status.value}"
    else:
        label, status, css = "shown for context", '<span class="pub-flag">For context: no target</span>', "pub-context"
    parts = [
        f'<article class="pub-card {css}" aria-label="{esc(card.title)}: {esc(label)}">',
        f"<h3>{esc(card.title)}</h3>",
        f'<p class="pub-status">{status}</p>',
    ]
    if card.description:
        parts.append(f'<p class="pub-desc">{esc(card.description)}</p>')
    now = esc(card.where)
    if card.figure_date is not None:
        now = f"{_figure_line(card.figure, card.figure_date, card.illustrative, 'pub-figure')}<br>{now}"
    facts = [("What was promised", esc(card.promise)) if card.promise else None]
    facts += [
        ("Where it stands now" if card.status is not None else "The latest figure", now),
        ("What happens next" if card.status is not None else "Looking ahead", esc(card.next)) if card.next else None,
        ("How this compares", esc(card.comparison)) if card.comparison else None,
    ]
    parts.append('<dl class="pub-facts">' + "".join(f"<div><dt>{esc(q)}</dt><dd>{a}</dd></div>" for q, a in filter(None, facts)) + "</dl>")
    if card.i_statement is not None:
        parts.append(i_statement(card.i_statement, ""))
    parts += [f"<p>{_link(KPI_LINK.format(id=card.id), 'See the figures over time', f'for {card.title}')}</p>", "</article>"]
    return "".join(parts)


def with_terms(text: str) -> str:
    """``text`` escaped, with "Written Statement of Action" and "strategy priority" linked to where
    the About page explains them (family_words.TERMS)."""
    return "".join(
        _link(f"{ABOUT_LINK}#{term.anchor}", piece, "(what this means)") if term else esc(piece) for piece, term in split_terms(text)
    )


def contents(areas: tuple[AreaBlock, ...]) -> str:
    """The progress page's contents: a link to each area."""
    items = "".join(f'<li><a href="#area-{esc(a.id)}" target="_self">{esc(a.title)}</a></li>' for a in areas)
    return f'<nav class="pub-page pub-contents" aria-label="Contents"><h2>Contents</h2><ol>{items}</ol></nav>'


def area_section(block: AreaBlock) -> str:
    parts = [f'<section class="pub-area" aria-labelledby="area-{esc(block.id)}">', f'<h2 id="area-{esc(block.id)}">{esc(block.title)}</h2>']
    if block.description:
        parts.append(f'<p class="pub-area-desc">{with_terms(block.description)}</p>')
    actions = ""
    if block.actions:
        n = block.actions
        actions = f" There {'is' if n == 1 else 'are'} {n} action{'s' if n != 1 else ''} in this area: see " + _link(ACTIONS_LINK, "what we are doing") + "."
    parts.append(f'<p class="pub-area-summary"><strong>Where this area stands:</strong> {esc(block.summary)}{actions}</p>')
    if block.cards:
        parts.append('<div class="pub-cards">' + "".join(measure_card(c) for c in block.cards) + "</div>")
    if block.context:
        parts.append("<h3>Other figures we watch</h3>")
        parts.append('<div class="pub-cards">' + "".join(measure_card(c) for c in block.context) + "</div>")
    parts.append("</section>")
    return "".join(parts)


def progress_page(source: PublicSource) -> None:
    """The public "Our progress" page (also shown, unchanged, by the internal preview), from the
    static site's progress model (metrics.views.site.progress)."""
    plan, status = source.plan, source.status
    model = progress(_snapshot(source), _statistics(source))
    public_style()
    st.title("Our progress", anchor=False)
    st.html(
        f'<div class="pub-page"><p class="pub-lead">{esc(model.intro)}</p>'
        f"<p><strong>The plan:</strong> {esc(plan.title)}<br>"
        f"<strong>The partnership:</strong> {esc(plan.organisation)}</p></div>"
    )
    as_of_banner(status.as_of, family_audience(plan.defaults))
    glance = [
        f"<p>{esc(model.measures_sentence)}</p>",
        f"<p>{esc(model.actions_sentence)} See {_link(ACTIONS_LINK, 'what we are doing')}.</p>",
    ]
    st.html(
        '<div class="pub-page pub-glance" role="group" aria-label="At a glance">'
        + "".join(glance)
        + '<details><summary>What the status words mean</summary>'
        + measure_key()
        + f"<p>{_link(ABOUT_LINK, 'How we work out each status')}</p></details></div>"
    )
    if not model.areas:
        st.html('<p class="pub-lead">There is nothing to show yet.</p>')
    elif len(model.areas) > 1:
        st.html(contents(model.areas))
    for block in model.areas:
        st.html(f'<div class="pub-page">{area_section(block)}</div>')
    st.html(
        f'<div class="pub-page"><p class="pub-lead">{_link(ABOUT_LINK, "About this data")}: where the figures come from, '
        "how we protect families' privacy, and how to tell us what you think.</p></div>"
    )
    contact_footer(plan)


# -- "What we are doing" -----------------------------------------------------------------------------


def action_item(item: ActionItem) -> str:
    """One action from the shared model (metrics.views.site.ActionItem): its title, then status,
    due date and latest update as labelled facts (a list, not a wide table, so nothing overlaps on
    a phone: the facts stack under the title)."""
    due = esc(format_date(item.due)) + (" <strong>(overdue)</strong>" if item.overdue else "")
    update = with_terms(item.update)
    if item.illustrative:
        update = f'<span class="pub-flag">{esc(ILLUSTRATIVE_UPDATE)}</span> {update}'
    if item.update_date is not None:
        update += f'<span class="pub-update-date">Update of {esc(format_date(item.update_date))}</span>'
    return (
        '<li class="pub-action">'
        f'<h3 class="pub-action-title">{with_terms(item.title)}</h3>'
        '<dl class="pub-action-facts">'
        f'<div class="pub-fact-status"><dt>Status</dt><dd>{action_badge(item.status)}</dd></div>'
        f'<div class="pub-fact-due"><dt>Due by</dt><dd>{due}</dd></div>'
        f'<div class="pub-fact-update"><dt>Latest update</dt><dd>{update}</dd></div>'
        "</dl></li>"
    )


def actions_page(source: PublicSource) -> None:
    """The public "What we are doing" page (also shown by the internal preview), from the static
    site's actions model (metrics.views.site.actions)."""
    status = source.status
    areas = actions(_snapshot(source))
    public_style()
    st.title("What we are doing", anchor=False)
    # the static site's lead (metrics.render.site_html.actions_html): the model spells out each
    # abbreviation at its first use in the actions, so the lead uses none
    lead = (
        "These are the actions the partnership has promised to take. For each one you can see how it is going, "
        "when it is due and the latest update."
    )
    st.html(
        f'<div class="pub-page"><p class="pub-lead">{esc(lead)}</p>'
        f"<p>{esc(count_sentence(_counts(status.actions), ACTION_WORDS, 'action'))}</p>"
        "<details><summary>What the status words mean</summary>" + action_key() + "</details></div>"
    )
    as_of_banner(status.as_of, family_audience(source.plan.defaults))
    for area in areas:
        items = "".join(action_item(i) for i in area.items)
        st.html(
            f'<section class="pub-page pub-area pub-actions" aria-labelledby="actions-{esc(area.id)}">'
            f'<h2 id="actions-{esc(area.id)}">{esc(area.title)}</h2>'
            f'<p class="pub-area-summary">{esc(area.summary)}</p>'
            f'<ul class="pub-action-list" aria-label="{esc(f"Actions: {area.title}")}">{items}</ul></section>'
        )
    if not areas:
        st.html('<p class="pub-lead">There are no actions to show yet.</p>')
    contact_footer(source.plan)


# -- "About this data" --------------------------------------------------------------------------------


def _section(heading: str, body: str, anchor: str) -> str:
    return f'<section class="pub-page pub-section" aria-labelledby="about-{anchor}"><h2 id="about-{anchor}">{esc(heading)}</h2>{body}</section>'


def _sources_line(sources: list[str]) -> str:
    return sources_line(sources, terms=with_terms, css_class="pub-sources")


def inspection_section(model: AboutPage) -> str:
    """The inspection that led to the plan, from the plan's ``background`` ('' without one): the
    static site's words (`inspection_body`), with this site's links."""
    i = model.background.inspection if model.background is not None else None
    if i is None:
        return ""
    body = inspection_body(i, area_link=lambda area_id, title: f" (see {_link(f'./#area-{area_id}', title)})", terms=with_terms, sources=_sources_line)
    return _section("The inspection that led to the plan", body, "inspection")


def plan_section(model: AboutPage, areas: tuple[AreaBlock, ...]) -> str:
    story = model.background.plan if model.background is not None else ()
    parts = "".join(f"<li>{_link(f'./#area-{a.id}', a.title)}</li>" for a in areas)
    body = (
        "".join(f"<p>{with_terms(text)}</p>" for text, _ in story)
        + _sources_line([s for _, s in story])
        + "<p>Each part of the plan has measures (figures with a target and a date) and actions (pieces of work with a due date).</p>"
        + (f"<p>Its parts:</p><ol>{parts}</ol>" if parts else "")
        + f"<p><strong>The plan:</strong> {esc(model.plan_title)}<br><strong>The partnership:</strong> {esc(model.organisation)}</p>"
    )
    return _section("The plan", body, "plan")


def about_page(source: PublicSource) -> None:
    """The public "About this data" page (also shown by the internal preview), from the static
    site's about model (metrics.views.site.about)."""
    plan, status = source.plan, source.status
    snapshot = _snapshot(source)
    model = about(snapshot)
    words = Abbreviations()
    public_style()
    st.title("About this data", anchor=False)
    lead = words(
        "This site shows how the local partnership for special educational needs and disabilities (SEND) is doing "
        "against its improvement plan. This page explains where the figures come from, how we decide whether "
        "something is on track, and how we protect families' privacy."
    )
    contact = site_contact(plan)
    st.html(
        f'<div class="pub-page"><p class="pub-lead">{esc(lead)}</p>'
        f'<p class="pub-lead">Something unclear or missing? {_link("#feedback", "Tell us what you think")}: '
        f"{esc(contact.name)} pass on what families say.</p></div>"
    )
    as_of_banner(status.as_of, family_audience(plan.defaults))

    inspection = inspection_section(model)
    if inspection:
        st.html(inspection)
    st.html(plan_section(model, progress(snapshot, _statistics(source)).areas))

    # When the data was last updated
    updated = [
        f"<li>Latest figure for any measure: <strong>{esc(format_date(model.latest_figure)) if model.latest_figure else 'no figures yet'}</strong></li>",
        f"<li>Latest update on any action: <strong>{esc(format_date(model.latest_update)) if model.latest_update else 'no updates yet'}</strong></li>",
    ]
    st.html(
        _section(
            "When the data was last updated",
            f"<ul>{''.join(updated)}</ul><p>Statuses are worked out from the figures published on or before "
            f"{esc(format_date(status.as_of))}.</p>",
            "updated",
        )
    )

    # Sources, by the documents' titles
    sources = "<p>Each measure's figures come from the source named below.</p>" + (
        html_table(["Measure", "Where the figures come from"], model.sources, caption="Where each measure's figures come from")
        if model.sources
        else "<p>There are no measures to show yet.</p>"
    )
    sources += "<p>Updates on actions come from the progress reports of the people leading each action.</p>"
    st.html(_section("Where the figures come from", sources, "sources"))

    # How statuses are worked out (how to read this site)
    how = (
        "<p>For each measure the plan sets a starting point, a target and a deadline, and sometimes steps along the "
        "way. Joining these up with straight lines shows where the plan expects the figure to be on any date. We "
        "compare the latest figure with that line.</p>"
        f"{measure_key()}"
        f"<p>&ldquo;{esc(MEASURE_WORDS[Status.AMBER].word)}&rdquo; means the figure is behind the line, but by no more than {esc(model.tolerance_percent)} of the "
        "distance between the starting point and the target (a few measures set their own margin). Any further "
        f"behind is &ldquo;{esc(MEASURE_WORDS[Status.RED].word)}&rdquo;. Once the deadline has passed, a measure that has not reached its target "
        f"is &ldquo;{esc(MEASURE_WORDS[Status.RED].word)}&rdquo;.</p>"
        "<h3>Actions</h3>"
        "<p>The people leading each action say how it is going each time they report on it.</p>"
        f"{action_key()}"
        "<p>An action that is not finished by its due date is shown as overdue.</p>"
        '<h3 id="example-figures">Example figures and estimates</h3><p>Some figures on this site are examples, made up to show how '
        f"it works: each is labelled &ldquo;{esc(ILLUSTRATIVE_FIGURE)}&rdquo;. Some of the plan's own numbers are not in any published "
        "document, so the partnership set them: they are called estimates wherever they appear.</p>"
        "<p>Every status is shown with a symbol and a word as well as a colour, so you do not need to tell colours "
        "apart to read it.</p>"
    )
    st.html(_section("How we decide whether something is on track", how, "statuses"))

    # Small numbers
    small = (
        f"<p>To protect the privacy of children and families, we do not publish exact numbers between 1 and "
        f"{model.suppress_below - 1} for measures that count a small number of children. These are shown as "
        f"&ldquo;fewer than {model.suppress_below}&rdquo;.</p>"
        f"<p>We do not publish the result of a survey if fewer than {model.min_public_n} people answered it, because "
        "the result may not be reliable and could identify who answered. These are shown as &ldquo;withheld&rdquo;.</p>"
        "<p>The status of these measures is still worked out from the real figure, so it stays accurate.</p>"
    )
    st.html(_section("How we handle small numbers", small, "small-numbers"))

    # Words we use: the glossary terms this plan uses, then its abbreviations
    terms = "".join(f'<div id="{esc(t.anchor)}"><dt>{esc(t.term)}</dt><dd>{esc(t.explained)}</dd></div>' for t in model.terms)
    st.html(_section("Words we use", f'<dl class="pub-terms">{terms}</dl>', "words"))
    if model.abbreviations:
        items = "".join(f"<li><strong>{esc(a)}</strong>: {esc(e)}</li>" for a, e in model.abbreviations)
        st.html(_section("Abbreviations", f"<p>These abbreviations are used on this site:</p><ul>{items}</ul>", "abbreviations"))

    # Accessibility
    access = (
        "<p>We want as many people as possible to be able to use this site. We aim to meet the Web Content "
        "Accessibility Guidelines (WCAG) version 2.2 at level AA. This means you should be able to:</p><ul>"
        "<li>move around the site using just a keyboard</li>"
        "<li>use the site with a screen reader</li>"
        "<li>zoom in without losing any information</li>"
        "<li>read every status as a word and a symbol, without needing to tell colours apart</li></ul>"
        "<p>We check every page with automated accessibility tests each time the site changes. Automated tests "
        "cannot find every problem, so please tell us about anything that gets in your way.</p>"
        "<h3>Reporting a problem</h3>"
        f"<p>If you find a part of this site hard to use, or you need the information in a different format, please "
        f"tell {esc(contact.name)} (see {_link('#feedback', 'how to get in touch')}). Say which page you were on and what went wrong. We will reply and "
        "try to fix it.</p>"
        "<p>If you are not happy with how we respond, you can contact the Equality Advisory and Support Service "
        "(EASS).</p>"
    )
    st.html(_section("Accessibility", access, "accessibility"))

    contact_footer(plan)
