"""The public site's pages, shared by the public pages and the internal "Preview public view".

Every function takes a ``source`` with ``.plan``, ``.status`` and ``.dataset``: the public site's
View (from ``metrics.domain.public.public_snapshot``) or a ``PublicSnapshot`` itself. Nothing here
filters: what is not in the snapshot cannot be shown. All text from the plan or the data is
escaped (``esc``), so it shows as text, never as HTML or markdown.
"""

from __future__ import annotations

import datetime as dt
from typing import Protocol

import streamlit as st

from metrics.domain.context import context_reading
from metrics.domain.data import Dataset
from metrics.domain.plan import ContextMeasure, Plan
from metrics.domain.rules import ActionStatus, MetricStatus, PlanStatus
from metrics.domain.status import KEY_ORDER, Status, zero_counts
from metrics.views.audience import (
    FAMILY_ACTION_WORDS,
    FAMILY_METRIC_WORDS,
    public_audience,
    withheld_short,
)
from metrics.views.card import kpi_card
from metrics.views.formatting import format_date, format_value
from metrics.views.overview import AreaSummary, by_area
from metrics.views.plain_english import (
    Abbreviations,
    action_due,
    action_update,
    assumed_start,
    better_means,
    count_sentence,
    figures_late,
    how_often,
    promise_sentence,
    what_happens_next,
    where_it_stands,
)
from metrics.views.ranking import plain_comparison
from metrics.views.wording import public_value_text
from ui.components import as_of_banner, badge, esc, html_table

# Where the public pages live (app.py registers them with these url paths). Relative links, so
# the same HTML works on the public site and in the internal preview.
KPI_LINK = "kpi?metric={id}"
ACTIONS_LINK = "actions"
ABOUT_LINK = "about"

FEEDBACK_CONTACT = "your local parent carer forum"

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
.pub-actions table.data { table-layout: fixed; }
.pub-actions table.data th:nth-child(1) { width: 34%; } .pub-actions table.data th:nth-child(2) { width: 17%; }
.pub-actions table.data th:nth-child(3) { width: 14%; } .pub-actions table.data th:nth-child(4) { width: 35%; }
.pub-actions table.data caption { position: absolute; width: 1px; height: 1px; margin: -1px; padding: 0; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; border: 0; }
.pub-preview-banner { border: 4px solid #0b0c0c; background: #ffdd00; color: #0b0c0c; padding: .6rem 1rem; margin: 0 0 1rem 0; font-size: 1.05rem; }
.pub-preview-banner p { margin: .2rem 0; }
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
    return badge(status, FAMILY_METRIC_WORDS)


def action_badge(status: Status) -> str:
    return badge(status, FAMILY_ACTION_WORDS)


def _counts(items) -> dict[Status, int]:
    out = zero_counts()
    for item in items:
        out[item.status] += 1
    return out


def _link(href: str, text: str, hidden: str = "") -> str:
    extra = f'<span class="pub-visually-hidden"> {esc(hidden)}</span>' if hidden else ""
    return f'<a href="{esc(href)}" target="_self">{esc(text)}{extra}</a>'


def measure_key() -> str:
    items = "".join(f"<li>{measure_badge(s)} {esc(FAMILY_METRIC_WORDS[s].explained)}</li>" for s in KEY_ORDER)
    return f'<ul class="pub-explain" aria-label="What the status of a measure means">{items}</ul>'


def action_key() -> str:
    items = "".join(f"<li>{action_badge(s)} {esc(FAMILY_ACTION_WORDS[s].explained)}</li>" for s in KEY_ORDER)
    return f'<ul class="pub-explain" aria-label="What the status of an action means">{items}</ul>'


# -- "Our progress" --------------------------------------------------------------------------------


INTRO = (
    "This page shows how the partnership is doing against its plan to improve support for children and young "
    "people with special educational needs and disabilities (SEND) and their families. For each part of the plan "
    "you can see what was promised, where things stand now and what happens next."
)


def metric_card(s: MetricStatus, plan: Plan, words: Abbreviations, source: PublicSource | None = None) -> str:
    m = s.metric
    statistics = getattr(source, "statistics", None)
    comparison = statistics.comparison(m.id) if statistics is not None else None
    compared = plain_comparison(comparison, m.unit) if comparison is not None else ""
    title = words(m.title)
    parts = [
        f'<article class="pub-card pub-{s.status.value}" aria-label="{esc(m.title)}: {esc(FAMILY_METRIC_WORDS[s.status].word)}">',
        f"<h3>{esc(title)}</h3>",
        f'<p class="pub-status">{measure_badge(s.status)}</p>',
    ]
    if m.description:
        parts.append(f'<p class="pub-desc">{esc(words(m.description))}</p>')
    start = public_value_text(m, m.baseline.value, None, plan.defaults)
    better = "" if "is better" in (m.description or "") else f" {esc(better_means(m))}"
    promise = (
        f"{esc(promise_sentence(s))} "
        f'<span class="pub-muted">Starting point: {esc(start)} on {esc(format_date(m.baseline.date))}.{esc(assumed_start(m))}{better}</span>'
    )
    card = kpi_card(s, public_audience(plan.defaults))
    if card.value_date is None:
        now = esc(where_it_stands(s))
    else:
        flags = ""
        if card.illustrative:
            flags = ' <span class="pub-flag">Example figure, not a real measurement</span>'
        late = figures_late(s)
        now = (
            f'<span class="pub-figure">{esc(card.figure)}</span> '
            f'<span class="pub-muted">(latest figure, {esc(format_date(card.value_date))})</span>{flags}<br>'
            f"{esc(where_it_stands(s))}"
            + (f" {esc(late)}" if late else "")
        )
    parts += [
        '<dl class="pub-facts">',
        f"<div><dt>What was promised</dt><dd>{promise}</dd></div>",
        f"<div><dt>Where it stands now</dt><dd>{now}</dd></div>",
        f"<div><dt>What happens next</dt><dd>{esc(what_happens_next(s))}</dd></div>",
        *([f"<div><dt>How this compares</dt><dd>{esc(compared)}</dd></div>"] if compared else []),
        "</dl>",
        f"<p>{_link(KPI_LINK.format(id=m.id), 'See the figures over time', f'for {m.title}')}</p>",
        "</article>",
    ]
    return "".join(parts)


def context_card(measure: ContextMeasure, source: PublicSource, words: Abbreviations) -> str:
    """A measure shown for context: its latest public figure and how it compares, no status."""
    series = source.dataset.series(measure.id).upto(source.status.as_of)
    reading = context_reading(measure, series, source.status.as_of)
    if reading.latest_date is None:
        now = "No figures have been published yet."
    else:
        figure = withheld_short(reading.withheld) if reading.withheld is not None else format_value(reading.latest_value, measure.unit)
        flag = ' <span class="pub-flag">Example figure, not a real measurement</span>' if reading.latest_illustrative else ""
        now = f'<span class="pub-figure">{esc(figure)}</span> <span class="pub-muted">(latest figure, {esc(format_date(reading.latest_date))})</span>{flag}'
        if reading.withheld is not None:
            now += " We do not publish this figure exactly, so that no one can be identified."
    statistics = getattr(source, "statistics", None)
    comparison = statistics.comparison(measure.id) if statistics is not None else None
    compared = plain_comparison(comparison, measure.unit) if comparison is not None else ""
    forecasts = " ".join(f"A forecast of {format_value(f.value, measure.unit)} by {format_date(f.date)} has been published{f' ({f.source})' if f.source else ''}; it is a forecast, not a figure." for f in measure.forecasts)
    parts = [
        f'<article class="pub-card pub-context" aria-label="{esc(measure.title)}: shown for context">',
        f"<h3>{esc(words(measure.title))}</h3>",
        '<p class="pub-status"><span class="pub-muted">Shown for context: there is no target for this, so it is not marked on track or off track.</span></p>',
    ]
    if measure.description:
        parts.append(f'<p class="pub-desc">{esc(words(measure.description))}</p>')
    parts += [
        '<dl class="pub-facts">',
        f"<div><dt>The latest figure</dt><dd>{now}</dd></div>",
        *( [f"<div><dt>How this compares</dt><dd>{esc(compared)}</dd></div>"] if compared else []),
        *( [f"<div><dt>Looking ahead</dt><dd>{esc(forecasts)}</dd></div>"] if forecasts else []),
        "</dl>",
        f"<p>{_link(KPI_LINK.format(id=measure.id), 'See the figures over time', f'for {measure.title}')}</p>",
        "</article>",
    ]
    return "".join(parts)


def area_section(summary: AreaSummary, plan: Plan, words: Abbreviations, source: PublicSource | None = None) -> str:
    area = summary.area
    title = words(area.title)
    parts = [f'<section class="pub-area" aria-labelledby="area-{esc(area.id)}">', f'<h2 id="area-{esc(area.id)}">{esc(title)}</h2>']
    if area.description:
        parts.append(f'<p class="pub-area-desc">{esc(words(area.description))}</p>')
    measures = count_sentence(_counts(summary.metrics), FAMILY_METRIC_WORDS, "measure") if summary.metrics else "No measures in this area."
    actions = ""
    if summary.actions:
        n = len(summary.actions)
        actions = f" There {'is' if n == 1 else 'are'} {n} action{'s' if n != 1 else ''} in this area: see " + _link(ACTIONS_LINK, "what we are doing") + "."
    parts.append(f'<p class="pub-area-summary"><strong>Where this area stands:</strong> {esc(measures)}{actions}</p>')
    if summary.metrics:
        parts.append('<div class="pub-cards">' + "".join(metric_card(s, plan, words, source) for s in summary.metrics) + "</div>")
    if summary.context and source is not None:
        parts.append("<h3>Other figures we watch</h3>")
        parts.append('<div class="pub-cards">' + "".join(context_card(m, source, words) for m in summary.context) + "</div>")
    parts.append("</section>")
    return "".join(parts)


def progress_page(source: PublicSource) -> None:
    """The public "Our progress" page (also shown, unchanged, by the internal preview)."""
    plan, status = source.plan, source.status
    words = Abbreviations()
    public_style()
    st.title("Our progress", anchor=False)
    intro = words(INTRO)
    st.html(
        f'<div class="pub-page"><p class="pub-lead">{esc(intro)}</p>'
        f"<p><strong>The plan:</strong> {esc(words(plan.title))}<br>"
        f"<strong>The partnership:</strong> {esc(words(plan.organisation))}</p></div>"
    )
    as_of_banner(status.as_of, public_audience(plan.defaults))
    glance = [
        f"<p>{esc(count_sentence(_counts(status.metrics), FAMILY_METRIC_WORDS, 'measure'))}</p>",
        f"<p>{esc(count_sentence(_counts(status.actions), FAMILY_ACTION_WORDS, 'action'))} "
        f"See {_link(ACTIONS_LINK, 'what we are doing')}.</p>",
    ]
    st.html(
        '<div class="pub-page pub-glance" role="group" aria-label="At a glance">'
        + "".join(glance)
        + '<details><summary>What the status words mean</summary>'
        + measure_key()
        + f"<p>{_link(ABOUT_LINK, 'How we work out each status')}</p></details></div>"
    )
    areas = by_area(status)
    if not areas:
        st.html('<p class="pub-lead">There is nothing to show yet.</p>')
    for summary in areas:
        st.html(f'<div class="pub-page">{area_section(summary, plan, words, source)}</div>')
    st.html(
        f'<div class="pub-page"><p class="pub-lead">{_link(ABOUT_LINK, "About this data")}: where the figures come from, '
        "how we protect families' privacy, and how to tell us what you think.</p></div>"
    )


# -- "What we are doing" -----------------------------------------------------------------------------


def action_rows(actions: tuple[ActionStatus, ...], words: Abbreviations) -> list[list[str]]:
    rows = []
    for s in actions:
        update = esc(words(action_update(s)))
        if s.latest is not None and s.latest.narrative.strip():
            update += f'<span class="pub-update-date">Update of {esc(format_date(s.latest.date))}</span>'
        rows.append([words(s.action.title), action_badge(s.status), action_due(s), update])
    return rows


def actions_page(source: PublicSource) -> None:
    status = source.status
    words = Abbreviations()
    public_style()
    st.title("What we are doing", anchor=False)
    lead = words(
        "These are the actions the partnership has promised to take to improve support for children and young "
        "people with special educational needs and disabilities (SEND). For each one you can see how it is going, "
        "when it is due and the latest update."
    )
    st.html(
        f'<div class="pub-page"><p class="pub-lead">{esc(lead)}</p>'
        f"<p>{esc(count_sentence(_counts(status.actions), FAMILY_ACTION_WORDS, 'action'))}</p>"
        "<details><summary>What the status words mean</summary>" + action_key() + "</details></div>"
    )
    as_of_banner(status.as_of, public_audience(source.plan.defaults))
    shown = 0
    for summary in by_area(status):
        if not summary.actions:
            continue
        shown += 1
        title = words(summary.area.title)
        table_html = html_table(
            ["Action", "Status", "Due by", "Latest update"],
            action_rows(summary.actions, words),
            caption=f"Actions: {title}",
            raw_columns=(1, 3),
        )
        st.html(
            f'<section class="pub-page pub-area pub-actions" aria-labelledby="actions-{esc(summary.area.id)}">'
            f'<h2 id="actions-{esc(summary.area.id)}">{esc(title)}</h2>{table_html}</section>'
        )
    if not shown:
        st.html('<p class="pub-lead">There are no actions to show yet.</p>')


# -- "About this data" --------------------------------------------------------------------------------


def last_updated(dataset: Dataset) -> tuple[dt.date | None, dt.date | None]:
    """The latest observation date and the latest action update date in the (public) data."""
    obs = dataset.observations
    latest_obs = None
    if len(obs):
        value = obs["date"].max()
        latest_obs = value.date() if hasattr(value, "date") else value
    latest_update = max((u.date for u in dataset.updates), default=None)
    return latest_obs, latest_update


def _section(heading: str, body: str, anchor: str) -> str:
    return f'<section class="pub-page pub-section" aria-labelledby="about-{anchor}"><h2 id="about-{anchor}">{esc(heading)}</h2>{body}</section>'


def about_page(source: PublicSource) -> None:
    plan, status, dataset = source.plan, source.status, source.dataset
    defaults = plan.defaults
    words = Abbreviations()
    public_style()
    st.title("About this data", anchor=False)
    lead = words(
        "This site shows how the local partnership for special educational needs and disabilities (SEND) is doing "
        "against its improvement plan. This page explains where the figures come from, how we decide whether "
        "something is on track, and how we protect families' privacy."
    )
    st.html(f'<div class="pub-page"><p class="pub-lead">{esc(lead)}</p></div>')
    as_of_banner(status.as_of, public_audience(defaults))

    # When the data was last updated
    latest_obs, latest_update = last_updated(dataset)
    updated = [
        f"<li>Latest figure for any measure: <strong>{esc(format_date(latest_obs)) if latest_obs else 'no figures yet'}</strong></li>",
        f"<li>Latest update on any action: <strong>{esc(format_date(latest_update)) if latest_update else 'no updates yet'}</strong></li>",
    ]
    st.html(
        _section(
            "When the data was last updated",
            f"<ul>{''.join(updated)}</ul><p>Statuses are worked out from the figures published on or before "
            f"{esc(format_date(status.as_of))}.</p>",
            "updated",
        )
    )

    # Sources
    rows = []
    for m in plan.metrics:
        latest = status.metric(m.id)
        when = format_date(latest.latest_date) if latest and latest.latest_date else "No figures yet"
        rows.append([words(m.title), words(m.source), how_often(m.frequency).capitalize(), when])
    sources = "<p>Each measure's figures come from the source named below.</p>" + (
        html_table(["Measure", "Where the figures come from", "How often", "Latest figure"], rows, caption="Where each measure's figures come from")
        if rows
        else "<p>There are no measures to show yet.</p>"
    )
    sources += "<p>Updates on actions come from the progress reports of the people leading each action.</p>"
    st.html(_section("Where the figures come from", sources, "sources"))

    # How statuses are worked out
    tolerance = f"{defaults.amber_tolerance * 100:g}%"
    how = (
        "<p>For each measure the plan sets a starting point, a target and a deadline, and sometimes steps along the "
        "way. Joining these up with straight lines shows where the plan expects the figure to be on any date. We "
        "compare the latest figure with that line.</p>"
        f"{measure_key()}"
        f"<p>&ldquo;Behind plan&rdquo; means the figure is behind the line, but by no more than {esc(tolerance)} of the "
        "distance between the starting point and the target (a few measures set their own margin). Any further "
        "behind is &ldquo;Off track&rdquo;. Once the deadline has passed, a measure that has not reached its target "
        "is &ldquo;Off track&rdquo;.</p>"
        "<h3>Actions</h3>"
        "<p>The people leading each action say how it is going each time they report on it.</p>"
        f"{action_key()}"
        "<p>An action that is not finished by its due date is shown as overdue.</p>"
        "<p>Every status is shown with a symbol and a word as well as a colour, so you do not need to tell colours "
        "apart to read it.</p>"
    )
    st.html(_section("How we decide whether something is on track", how, "statuses"))

    # Small numbers
    small = (
        f"<p>To protect the privacy of children and families, we do not publish exact numbers between 1 and "
        f"{defaults.suppress_below - 1} for measures that count a small number of children. These are shown as "
        f"&ldquo;fewer than {defaults.suppress_below}&rdquo;.</p>"
        f"<p>We do not publish the result of a survey if fewer than {defaults.min_public_n} people answered it, because "
        "the result may not be reliable and could identify who answered. These are shown as &ldquo;withheld&rdquo;.</p>"
        "<p>The status of these measures is still worked out from the real figure, so it stays accurate.</p>"
    )
    st.html(_section("How we handle small numbers", small, "small-numbers"))

    # Words and abbreviations
    glossary = Abbreviations()
    for text in _public_texts(source):
        glossary(text)
    used = glossary.used()
    if used:
        items = "".join(f"<li><strong>{esc(a)}</strong>: {esc(e)}</li>" for a, e in used)
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
        f"tell us through {esc(FEEDBACK_CONTACT)}. Say which page you were on and what went wrong. We will reply and "
        "try to fix it.</p>"
        "<p>If you are not happy with how we respond, you can contact the Equality Advisory and Support Service "
        "(EASS).</p>"
    )
    st.html(_section("Accessibility", access, "accessibility"))

    feedback = (
        "<p>We want to hear what you think of this site and of the plan. Is anything unclear? Is something missing "
        f"that matters to your family? Please tell us through {esc(FEEDBACK_CONTACT)}, who share what families say "
        "with the partnership.</p>"
    )
    st.html(_section("Tell us what you think", feedback, "feedback"))


def _public_texts(source: PublicSource) -> list[str]:
    """The plan's words the public pages show, in page order (for the abbreviations list)."""
    plan = source.plan
    texts = [plan.title, plan.organisation]
    for area in plan.areas:
        texts += [area.title, area.description or ""]
    for m in plan.metrics:
        texts += [m.title, m.description or "", m.source]
    for a in plan.actions:
        texts.append(a.title)
    for s in source.status.actions:
        texts.append(action_update(s))
    return texts
