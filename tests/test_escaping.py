"""One way to put text on a page: whatever the plan, the data or the link says is shown as typed.

Streamlit reads markdown in st.title/header/caption/write, in st.error/warning/info/success, in
widget labels and help, and in radio and segmented-control options: a link, an image (fetched
from another host), HTML, LaTeX, :red[colour], :material/icons: and bare URLs and e-mail
addresses (linked by remark-gfm *after* backslash escapes are read). ``ui.components.md`` is
the one helper for those elements; ``esc`` is the one for HTML (st.html, tiles, tables).

Here: unit tests of both helpers, then every page of both sites (AppTest) on
tests/fixtures/hostile_text (every text field holds the payload of its ``make.py``) with the same
payload in every query parameter the pages read. What the browser draws from this is checked
in tests/browser/test_injection.py.
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass, field

import pytest
from pydantic import BaseModel

from metrics.domain.load import load
from tests.conftest import ROOT, html_text
from ui.components import WORD_JOINER, esc, md

HOSTILE = ROOT / "tests" / "fixtures" / "hostile_text"
TARGETS, DATA = HOSTILE / "targets.yaml", HOSTILE / "data"
AS_OF = "2025-08-01"

# What a link could carry: the warning-box phishing of the Hardening issue, and the rest.
QUERY = (
    'Your session expired. [Sign in again](https://evil.example/sso) ![i](http://evil.example/q.png) <b id="planted">q</b> '
    "$x^2$ :red[PLANTED-COLOUR] :material/skull: http://evil.example/q www.evil.example planted@evil.example"
)

_PUNCTUATION = r"[!-/:-@\[-`{-~]"  # what CommonMark lets a backslash escape


def hidden(text: str) -> str:
    """The text with every escaped character taken out: what markdown may still act on."""
    return re.sub(rf"\\{_PUNCTUATION}", "", text)


def shown(text: str) -> str:
    """The text as the reader sees it once the escapes are read (the word joiners kept)."""
    return re.sub(rf"\\({_PUNCTUATION})", r"\1", text)


# Planted markdown that must never be left active (in `hidden`), and what remark-gfm and
# Streamlit turn into links, icons and colours even after the escapes are read (in `shown`).
ACTIVE_MARKDOWN = ["](", "![", "<b", "<i ", "<img", "<script", "$", "**PLANTED", ":red[", ":material/", ":skull:", "evil.example",
                   "# PLANTED", "- PLANTED", "> PLANTED", "|---"]  # fmt: skip
AUTOLINKED = [r"(?i)https?://", r"(?i)\bwww\.", r"[\w.+-]@[\w-]+(\.[\w-]+)+", r":material/", r":[a-z-]+\[", r":skull:"]
ACTIVE_HTML = [r'<b id="planted"', r'<i id="planted"', r'<img\b(?![^>]*\bsrc="data:)', r"<script", r'\b(href|src)="https?://evil']  # our own icons are data: images


def markdown_problems(text: str) -> list[str]:
    found = [m for m in ACTIVE_MARKDOWN if m in hidden(text)]
    found += [p for p in AUTOLINKED if re.search(p, shown(text))]
    return found


# -- the helpers --------------------------------------------------------------------------------------

SAMPLES = [
    QUERY,
    "Your session expired. [Sign in again](https://evil.example/sso)",
    "![i](http://evil.example/x.png)",
    "<b>bold</b> <script>alert(1)</script> &amp; &lt;",
    "$x^2$ and $$y$$ and \\(z\\)",
    ":red[colour] :blue-background[x] :material/home: :smile:",
    "http://evil.example https://evil.example/a?b=c www.evil.example WWW.EVIL.EXAMPLE mail@evil.example mailto:x@evil.example",
    "# heading\n- list\n+ list\n1. list\n1) list\n> quote\n| a | b |\n|---|---|\n\n    code\n***\n===",
    "**bold** __bold__ *em* _em_ ~~strike~~ `code` ```fence```",
    "back\\slash \\[not a link\\](x) \\",
    "Plain words: 12.5% of 1,000 (2024-25) are fine.",
    "",
]


@pytest.mark.parametrize("text", SAMPLES)
def test_md_shows_the_text_as_typed(text):
    assert shown(md(text)).replace(WORD_JOINER, "") == text


@pytest.mark.parametrize("text", SAMPLES)
def test_md_leaves_no_markdown_active(text):
    escaped = md(text)
    assert not markdown_problems(escaped), (escaped, markdown_problems(escaped))
    # every markdown character is escaped (an odd run of backslashes before it)
    for match in re.finditer(r"[`*_{}\[\]()#+\-.!|~<>$:&=]", escaped):
        run = len(escaped[: match.start()]) - len(escaped[: match.start()].rstrip("\\"))
        assert run % 2 == 1, (escaped, match.start())


def test_md_breaks_bare_urls_and_icons_with_an_invisible_word_joiner():
    assert md("https://evil.example") == "https\\:\u2060//evil\\.example"
    assert md("www.evil.example") == "www\u2060\\.evil\\.example"
    assert md("a@evil.example") == "a@\u2060evil\\.example"
    assert md(":material/home:") == "\\:\u2060material/home\\:"
    assert md("Ready: the plan") == "Ready\\: the plan"  # a colon before a space is left alone


def test_md_and_esc_take_none_and_non_text():
    assert md(None) == "" and esc(None) == ""
    assert md(12.5) == "12\\.5" and esc(3) == "3"


def test_esc_leaves_no_html():
    assert esc('<b id="planted">x</b> "\'>&') == "&lt;b id=&quot;planted&quot;&gt;x&lt;/b&gt; &quot;&#x27;&gt;&amp;"


# -- the fixture plants in every text field ----------------------------------------------------------

NOT_SHOWN_TEXT = {"code", "old_code", "neighbours_file", "file", "value", "time_period", "time_identifier", "geographic_level", "new_la_code", "old_la_code", "la_name", "region_code"}


def _text_fields(model: BaseModel, path: str = ""):
    for name, value in model:
        where = f"{path}.{name}" if path else name
        if isinstance(value, BaseModel):
            yield from _text_fields(value, where)
        elif isinstance(value, tuple):
            for i, item in enumerate(value):
                if isinstance(item, BaseModel):
                    yield from _text_fields(item, f"{where}[{i}]")
        elif isinstance(value, str) and name not in {"id", "area", "compare", "observations_from", "frequency", "direction", "rules"} | NOT_SHOWN_TEXT:
            yield where, value


def test_the_fixture_plants_the_payload_in_every_text_field():
    loaded = load(TARGETS, DATA)
    assert loaded.ok, loaded.problems
    fields = dict(_text_fields(loaded.plan))
    assert len(fields) > 30
    unplanted = [f for f, v in fields.items() if "evil.example" not in v and f not in {"metrics[1].unit"}]  # one percentage unit
    assert not unplanted
    obs = loaded.dataset.observations
    for column in ("source", "note"):
        own = obs[obs["metric_id"] != "published"][column]  # the published rows come from the statistics file
        assert own.str.contains("evil.example").all(), column
    for update in loaded.dataset.updates:
        assert "evil.example" in update.narrative and "evil.example" in update.public_narrative
    comparison = loaded.statistics.comparison("timely")
    assert "evil.example" in comparison.area_name and all("evil.example" in n for n in comparison.neighbour_names)


# -- every page of both sites ------------------------------------------------------------------------


@dataclass
class Seen:
    """What the server sent for one page, sorted by how the browser will read it."""

    markdown: list[tuple[str, str]] = field(default_factory=list)  # (element, text read as markdown)
    html: list[str] = field(default_factory=list)  # st.html bodies
    plotly: list[str] = field(default_factory=list)  # every string in the charts' specs
    plain: list[str] = field(default_factory=list)  # selectbox and multiselect options: plain text


MARKDOWN_ELEMENTS = ("title", "header", "subheader", "markdown", "caption", "error", "warning", "info", "success", "toast")
WIDGETS = ("radio", "selectbox", "multiselect", "date_input", "checkbox", "button", "download_button", "button_group", "text_input", "toggle")


def _strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for v in value.values():
            yield from _strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from _strings(v)


def seen(at) -> Seen:
    out = Seen()
    for kind in MARKDOWN_ELEMENTS:
        out.markdown += [(kind, str(e.value)) for e in at.get(kind)]
    for kind in WIDGETS:
        for e in at.get(kind):
            proto = e.proto
            out.markdown += [(f"{kind} label", proto.label)] + ([(f"{kind} help", proto.help)] if proto.help else [])
            if kind == "radio":
                out.markdown += [("radio option", o) for o in e.options]
            elif kind == "button_group":
                out.markdown += [("segmented option", o.content) for o in proto.options]
            elif kind in ("selectbox", "multiselect"):
                out.plain += list(e.options)
    out.html = [e.proto.body for e in at.get("html")]
    for chart in at.get("plotly_chart"):
        out.plotly += list(_strings(json.loads(chart.proto.spec)))
    return out


def problems(page: str, s: Seen) -> list[str]:
    found = [f"{page}: {kind} reads {markdown_problems(text)} as markdown in {text!r}" for kind, text in s.markdown if markdown_problems(text)]
    found += [f"{page}: st.html holds {m!r}" for body in s.html for m in ACTIVE_HTML if re.search(m, body)]
    found += [f"{page}: a chart holds {m!r} in {text!r}" for text in s.plotly for m in ("<b id", "<i id", "<img", "<a ", "<script") if m in text]
    return found


def visible(s: Seen) -> str:
    return "\n".join([shown(t).replace(WORD_JOINER, "") for _, t in s.markdown] + [html_text(b) for b in s.html] + s.plain + [html.unescape(t) for t in s.plotly])


HOSTILE_QUERY = {"as_of": QUERY, "present": QUERY}
INTERNAL = [
    ("overview", "app_pages/overview.py", {}),
    ("kpi", "app_pages/kpi.py", {"metric": "wait"}),
    ("kpi (SPC)", "app_pages/kpi.py", {"metric": "wait"}),
    ("kpi (context measure)", "app_pages/kpi.py", {"metric": "published"}),
    ("kpi (comparison)", "app_pages/kpi.py", {"metric": "timely"}),
    ("kpi (unknown id)", "app_pages/kpi.py", {"metric": QUERY}),
    ("kpi (id-shaped URL)", "app_pages/kpi.py", {"metric": "www.evil.example"}),
    ("kpi (no id)", "app_pages/kpi.py", {}),
    ("off track", "app_pages/off_track.py", {}),
    ("actions", "app_pages/actions.py", {}),
    ("data", "app_pages/data_sources.py", {}),
    ("reports", "app_pages/reports.py", {}),
    ("public preview", "app_pages/public_preview.py", {}),
    ("projector", "app_pages/overview.py", {"present": "1", "area": QUERY, "advance": QUERY}),
    ("projector (area 2)", "app_pages/overview.py", {"present": "1", "area": "2"}),
]
PUBLIC = [
    ("progress", "app_pages/public_progress.py", {}),
    ("measure", "app_pages/public_kpi.py", {"metric": "wait"}),
    ("measure (context)", "app_pages/public_kpi.py", {"metric": "published"}),
    ("measure (comparison)", "app_pages/public_kpi.py", {"metric": "timely"}),
    ("measure (unknown id)", "app_pages/public_kpi.py", {"metric": QUERY}),
    ("measure (no id)", "app_pages/public_kpi.py", {}),
    ("actions", "app_pages/public_actions.py", {}),
    ("about", "app_pages/public_about.py", {}),
]


def visit(make_app, site: str, name: str, page: str, query: dict) -> list[Seen]:
    """The page as first drawn, and after each interaction that draws more of it."""
    args = ["--as-of", AS_OF] + (["--public"] if site == "public" else [])
    at = make_app(*args, targets=TARGETS, data=DATA, query={**HOSTILE_QUERY, **query}).run()
    at.switch_page(page).run()
    assert not at.exception, (name, at.exception)
    views = [seen(at)]
    if name == "kpi (SPC)":
        at.get("button_group")[0].set_value("SPC").run()
        views.append(seen(at))
    elif name == "reports":
        next(b for b in at.button if b.label == "Prepare report").click().run()
        views.append(seen(at))
    elif name == "public preview":
        for choice in ("What we are doing", "About this data"):
            at.radio[0].set_value(choice).run()
            views.append(seen(at))
    elif (site, name) == ("internal", "actions"):
        at.selectbox[0].set_value("act-2").run()
        views.append(seen(at))
    assert not at.exception, (name, at.exception)
    return views


@pytest.fixture(scope="module")
def every_page():
    """(site, page name) -> what the server sent, for every page of both sites."""
    return {}


@pytest.mark.parametrize("site,name,page,query", [("internal", *p) for p in INTERNAL] + [("public", *p) for p in PUBLIC],
                         ids=[f"internal-{p[0]}" for p in INTERNAL] + [f"public-{p[0]}" for p in PUBLIC])  # fmt: skip
def test_no_page_acts_on_planted_text(make_app, every_page, site, name, page, query):
    views = visit(make_app, site, name, page, query)
    every_page[(site, name)] = views
    found = [p for s in views for p in problems(f"{site} {name}", s)]
    assert not found, "\n".join(found)
    # not vacuous: the planted text reached the page, shown as typed (the public "not found" page
    # repeats nothing from the link, and shows nothing from the plan)
    if (site, name) != ("public", "measure (unknown id)"):
        assert "evil.example" in "\n".join(visible(s) for s in views), f"{site} {name}: nothing planted is shown"


def test_the_pages_show_every_planted_field_somewhere(every_page):
    """The walk above saw the fields a person reads (run after it, in the same module)."""
    if len(every_page) < len(INTERNAL) + len(PUBLIC):
        pytest.skip("needs every page of test_no_page_acts_on_planted_text in this run")
    text = "\n".join(visible(s) for views in every_page.values() for s in views)
    tags = set(re.findall(r'"([a-z0-9-]+) <b id=\\"planted\\">', TARGETS.read_text(encoding="utf-8")))
    tags |= {"observation-1-source", "observation-timely-note", "update-1-narrative", "update-1-public-narrative", "la-neighbour-1", "region-north"}
    # No page shows these: an action's description and source, a forecast's label (the chart words
    # the forecast itself), and the note of a milestone that is not assumed.
    tags -= {"action-1-description", "action-1-source", "forecast-label", "milestone-note"}
    missing = sorted(t for t in tags if f"{t} <b id=\"planted\">" not in text)
    assert not missing, f"planted fields no page shows (the walk misses them): {missing}"


def test_a_link_date_that_is_not_a_date_is_quoted_as_text(make_app):
    at = make_app("--as-of", AS_OF, targets=TARGETS, data=DATA, query={"as_of": QUERY}).run()
    (warning,) = at.warning
    assert not markdown_problems(warning.value)
    assert shown(warning.value).replace(WORD_JOINER, "") == f"Link parameter as_of: as-of date '{QUERY}' is not a date (use YYYY-MM-DD). Showing {AS_OF} instead."
