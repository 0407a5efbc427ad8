"""The board reports (metrics/views/report.py), their charts (metrics/render/svgchart.py), the PDF (metrics/render/pdf.py)
and `python -m metrics report`."""

from __future__ import annotations

import base64
import datetime as dt
import html
import io
import math
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
import zlib
from html.parser import HTMLParser
from pathlib import Path

import pytest

from metrics import cli
from metrics.domain.load import load
from metrics.domain.rules import plan_status
from metrics.render.report_html import render_html
from metrics.views.audience import ICONS, internal_audience, public_audience
from metrics.views.report import (
    anchor_id,
    build_report,
    default_since,
    file_name,
    months_before,
)
from tests.helpers import BASE_YAML, edit, require_pdf, write_plan

ROOT = Path(__file__).resolve().parents[1]
SMALL = ROOT / "tests" / "fixtures" / "small"
AS_OF = dt.date(2025, 8, 1)
SECRETS = ("Zanzibar", "Quixotic", "Internal:", "secret_metric", "act-secret", "observations.csv", "Zanzibar note")


@pytest.fixture(scope="module")
def small():
    loaded = load(SMALL / "targets.yaml", SMALL / "data")
    assert loaded.ok
    return loaded


@pytest.fixture(scope="module")
def sample():
    targets, data = ROOT / "targets.yaml", ROOT / "sample_data"
    loaded = load(targets, data)
    assert loaded.ok, loaded.problems
    return loaded


def report(loaded, kind="progress", *, public=False, **options):
    options.setdefault("generated_on", dt.date(2025, 8, 2))
    audience = public_audience(loaded.plan.defaults) if public else internal_audience(loaded.plan.defaults)
    model = build_report(loaded.plan, loaded.dataset, AS_OF, kind=kind, audience=audience, **options)
    return model, render_html(model)


class Outline(HTMLParser):
    """Headings (level, id, text), h2 section ids, tables and SVGs of a document."""

    def __init__(self, text: str):
        super().__init__()
        self.headings: list[tuple[int, str, str]] = []
        self.sections: list[str] = []
        self.tables: list[dict] = []
        self.svgs: list[dict] = []
        self.tags: list[str] = []
        self._heading: list | None = None
        self._svg_part: str | None = None
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.tags.append(tag)
        if re.fullmatch(r"h[1-6]", tag):
            self._heading = [int(tag[1]), attrs.get("id", ""), ""]
        if tag == "section":
            self.sections.append(attrs.get("id", ""))
        if tag == "table":
            self.tables.append({"th": [], "caption": False})
        if tag == "caption" and self.tables:
            self.tables[-1]["caption"] = True
        if tag == "th" and self.tables:
            self.tables[-1]["th"].append(attrs.get("scope"))
        if tag == "svg":
            self.svgs.append({**attrs, "title": "", "desc": ""})
        if tag in ("title", "desc") and self.svgs and self._svg_open():
            self._svg_part = tag

    def _svg_open(self) -> bool:
        return self.tags.count("svg") > self.tags.count("/svg")

    def handle_endtag(self, tag):
        self.tags.append("/" + tag)
        if self._heading and tag == f"h{self._heading[0]}":
            self.headings.append((self._heading[0], self._heading[1], self._heading[2].strip()))
            self._heading = None
        if tag in ("title", "desc"):
            self._svg_part = None

    def handle_data(self, data):
        if self._heading is not None:
            self._heading[2] += data
        if self._svg_part and self.svgs:
            self.svgs[-1][self._svg_part] += data


def text_of(html_text: str) -> str:
    import html as html_lib

    return re.sub(r"\s+", " ", html_lib.unescape(re.sub(r"<[^>]+>", " ", html_text)))


def section(html_text: str, anchor: str) -> str:
    match = re.search(rf'<section id="{re.escape(anchor)}".*?</section>', html_text, re.S)
    assert match, f"no section {anchor}"
    return match.group(0)


def table_rows(fragment: str) -> list[list[str]]:
    body = re.search(r"<tbody>(.*?)</tbody>", fragment, re.S).group(1)
    return [[text_of(c).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)] for row in re.findall(r"<tr>(.*?)</tr>", body, re.S)]


SVG = "{http://www.w3.org/2000/svg}"


def images(text: str) -> list[str]:
    """The SVG documents of the report's <img> data: URIs."""
    return [base64.b64decode(d).decode("utf-8") for d in re.findall(r'src="data:image/svg\+xml;base64,([^"]+)"', text)]


def pdf_objects(pdf: bytes) -> bytes:
    """The PDF's bytes with its compressed streams (object streams too) inflated after them."""
    inflated = []
    for match in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.S):
        try:
            inflated.append(zlib.decompress(match.group(1)))
        except zlib.error:
            pass
    return pdf + b"".join(inflated)


def pdf_pages(pdf: bytes) -> int:
    """Page objects in a PDF, looking inside compressed object streams too."""
    count = len(re.findall(rb"/Type\s*/Page(?![A-Za-z])", pdf))
    for match in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.S):
        try:
            count += len(re.findall(rb"/Type\s*/Page(?![A-Za-z])", zlib.decompress(match.group(1))))
        except zlib.error:
            pass
    return count


# -- dates -----------------------------------------------------------------------------------


def test_comparison_date_is_a_quarter_earlier():
    assert default_since(dt.date(2025, 8, 1)) == dt.date(2025, 5, 1)
    assert months_before(dt.date(2025, 5, 31)) == dt.date(2025, 2, 28)
    assert months_before(dt.date(2024, 5, 31)) == dt.date(2024, 2, 29)
    assert months_before(dt.date(2025, 2, 15)) == dt.date(2024, 11, 15)


def test_bad_kind_or_comparison_date(small):
    with pytest.raises(ValueError, match="unknown report kind 'monthly'"):
        build_report(small.plan, small.dataset, AS_OF, kind="monthly", audience=internal_audience(small.plan.defaults))
    with pytest.raises(ValueError, match="must be before the as-of date"):
        build_report(small.plan, small.dataset, AS_OF, since=AS_OF, audience=internal_audience(small.plan.defaults))


# -- the progress report ---------------------------------------------------------------------


def test_progress_report_sections_in_order(small):
    model, text = report(small)
    outline = Outline(text)
    assert outline.sections == ["summary", "comparison", "area-waits", "area-voice", "sources", "glossary"]
    assert [h[2] for h in outline.headings if h[0] <= 2] == [
        "Progress report: Test partnership plan",
        "Contents",
        "Summary",
        "Comparison with the previous quarter, 1 May 2025",
        "Waiting times",
        "Parent carer voice",
        "Sources",
        "Glossary",
    ]
    # every KPI of an area under its h2, then its actions
    waits = [h[2] for h in outline.headings if h[0] == 3][:4]
    assert waits == ["Longest wait for an autism assessment", "Children placed out of area", "Zanzibar internal caseload", "Actions"]
    # the contents list links to every section, in order
    assert re.findall(r'<li><a href="#([^"]+)">', text) == outline.sections
    assert file_name(model, "pdf") == "progress-report-2025-08-01.pdf"


def test_cover_counts_and_as_of_date(small):
    model, text = report(small)
    words = text_of(text)
    assert "<title>Progress report: Test partnership plan</title>" in text
    assert '<p class="org">Test council</p>' in text
    assert "Data as at 1 Aug 2025" in words and "Generated on 2 Aug 2025" in words and "Compared with 1 May 2025" in words
    assert "Internal: for the partnership board" in words
    counts = {k.value: n for k, n in plan_status(small.plan, small.dataset, AS_OF).counts().items()}
    assert {k.value: n for k, n in model.total_counts.items()} == counts == {"blue": 1, "green": 1, "amber": 0, "red": 5, "grey": 1}
    rows = table_rows(section(text, "summary"))
    assert rows[:5] == [
        ["★ Blue", "target met", "completed and embedded", "0", "1", "1"],
        ["✔ Green", "on track", "on track, no concerns", "1", "0", "1"],
        ["▲ Amber", "slightly behind plan", "on track, some concerns", "0", "0", "0"],
        ["✖ Red", "off track", "no progress, major concerns", "3", "2", "5"],  # act-2 is overdue: red
        ["○ Grey", "not due yet", "not due yet", "1", "0", "1"],
    ]
    assert rows[5] == ["Total", "", "", "5", "3", "8"]
    assert "At 1 Aug 2025 the plan has 5 KPIs and 3 actions. 3 KPIs are red or amber; 2 actions are overdue." in words


def test_each_kpi_has_chart_latest_status_and_reason(small):
    model, text = report(small)
    article = re.search(r'<article class="kpi" id="kpi-longest_wait".*?</article>', text, re.S).group(0)
    words = text_of(article)
    assert words.startswith(" Longest wait for an autism assessment ")  # the title, then the chart, its legend, the facts
    assert (
        "Status ✖ Red deadline passed Latest value 22 weeks on 30 Sep 2023 "
        "Target 13 weeks by 31 Mar 2024 Why this status Deadline passed: 22 weeks on 30 Sep 2023; the target was 13 weeks by 31 Mar 2024."
    ) in words
    assert "⚠ Data overdue: the next value was due by 14 Nov 2023" in words
    assert "● Published figure" in words and "━━ Plan (baseline, milestones, target)" in words  # the legend, a key before each name
    chart = next(k.chart for a in model.areas for k in a.kpis if k.status.metric.id == "longest_wait")
    assert words.rstrip().endswith(text_of(chart.alt_text).strip())  # the chart's description closes the block
    assert "Chart of Longest wait for an autism assessment, in weeks" in words
    # actions: the action with its lead; status (icon and word) and due date, with how long overdue; latest narrative
    rows = table_rows(section(text, "area-waits").split('id="area-waits-actions"')[1])
    assert rows == [
        ["Publish the autism pathway Lead: Autism pathway lead", "★ Blue completed and embedded Due 31 Mar 2023", "Internal: done (28 Feb 2023)"],
        ["Zanzibar restructure Lead: Quixotic Internal Lead", "✖ Red no progress, major concerns Due 31 Dec 2023: ⚠ 579 days overdue", "Zanzibar going badly (30 Jun 2023)"],
    ]


def test_comparison_with_the_previous_quarter(small):
    _, text = report(small, since=dt.date(2024, 1, 1))
    rows = table_rows(section(text, "comparison"))
    assert rows == [
        ["Longest wait for an autism assessment Waiting times", "✔ Green", "✖ Red", "worse"],
        ["Parent carers confident schools understand needs Parent carer voice", "○ Grey", "✖ Red", "first data"],
        ["Children placed out of area Waiting times", "○ Grey", "✔ Green", "first data"],
        ["Zanzibar internal caseload Waiting times", "○ Grey", "✖ Red", "first data"],
        ["Metric without data Parent carer voice", "○ Grey", "○ Grey", "no change"],
    ]
    assert "Comparison with 1 Jan 2024" in text  # a date other than a quarter earlier is named as it is


def test_sources_and_glossary(small):
    _, text = report(small)
    sources = text_of(section(text, "sources"))
    assert "Longest wait for an autism assessment (KPI) test fixture test; news release" in sources
    assert "tests/fixtures/small/data/updates.csv" in sources
    glossary = text_of(section(text, "glossary"))
    assert "Tolerance How far behind the trajectory" in glossary and "Fewer than 5" in glossary


# -- the exception report --------------------------------------------------------------------


def test_exception_report_sections_and_worst_first(small):
    model, text = report(small, "exception", since=dt.date(2024, 1, 1))
    assert Outline(text).sections == ["summary", "attention", "kpis", "overdue-actions", "overdue-data", "changes", "glossary"]
    rows = table_rows(section(text, "attention"))
    # reds whose date has passed first, then reds only behind their plan line
    assert [r[0] for r in rows] == [
        "Longest wait for an autism assessment KPI · Waiting times",
        "Train school staff Action · Parent carer voice",
        "Zanzibar restructure Action · Waiting times",
        "Parent carers confident schools understand needs KPI · Parent carer voice",
        "Zanzibar internal caseload KPI · Waiting times",
        "Metric without data KPI · Parent carer voice",
    ]
    assert [r[2] for r in rows] == [  # the status now, and at the comparison date
        "✖ Red at 1 Jan 2024: ✔ Green", "✖ Red at 1 Jan 2024: ✖ Red", "✖ Red at 1 Jan 2024: ✖ Red",
        "✖ Red at 1 Jan 2024: ○ Grey", "✖ Red at 1 Jan 2024: ○ Grey", "○ Grey at 1 Jan 2024: ○ Grey",
    ]
    assert [r[1] for r in rows][:2] == ["Autism pathway lead", "Training lead"]
    assert rows[5][3] == "Data overdue (due by 1 Jul 2025)"
    # the red and amber KPIs with their charts, worst first
    kpis = Outline(section(text, "kpis")).headings
    assert [h[2] for h in kpis if h[0] == 3] == ["Longest wait for an autism assessment", "Parent carers confident schools understand needs", "Zanzibar internal caseload"]
    assert section(text, "kpis").count('class="kpi-chart"') == 3
    overdue = table_rows(section(text, "overdue-actions"))
    assert [r[0] for r in overdue] == [  # equal due dates: plan order
        "Train school staff Parent carer voice · Lead: Training lead", "Zanzibar restructure Waiting times · Lead: Quixotic Internal Lead"
    ]
    assert overdue[0][1:] == ["✖ Red no progress, major concerns Due 31 Dec 2023: ⚠ 579 days overdue", "Internal: slow uptake (30 Jun 2023)"]
    data = table_rows(section(text, "overdue-data"))
    assert [r[0] for r in data] == ["Longest wait for an autism assessment Waiting times", "Zanzibar internal caseload Waiting times", "Metric without data Parent carer voice"]
    assert "Children placed out of area" not in section(text, "attention")  # green, data fresh
    assert model.title == "Exception report: Test partnership plan"


def test_exception_report_status_changes_since_a_date(small):
    _, text = report(small, "exception", since=dt.date(2024, 1, 1))
    changes = section(text, "changes")
    assert "Status changes since 1 Jan 2024" in changes
    rows = table_rows(changes)
    assert [r[:4] for r in rows] == [
        ["Longest wait for an autism assessment Waiting times", "✔ Green", "✖ Red", "worse"],
        ["Parent carers confident schools understand needs Parent carer voice", "○ Grey", "✖ Red", "first data"],
        ["Zanzibar internal caseload Waiting times", "○ Grey", "✖ Red", "first data"],
        ["Children placed out of area Waiting times", "○ Grey", "✔ Green", "first data"],
    ]
    # a quarter earlier nothing changed
    _, quiet = report(small, "exception")
    assert "No KPI has changed status since 1 May 2025." in text_of(section(quiet, "changes"))


def test_exception_report_on_the_sample_plan_every_red_kpi_and_no_blue_one(sample):
    status = plan_status(sample.plan, sample.dataset, AS_OF)
    model, text = report(sample, "exception")
    attention = section(text, "attention")
    red = [s.metric.title for s in status.metrics if s.status.value == "red"]
    blue = [s.metric.title for s in status.metrics if s.status.value == "blue"]
    assert red and blue
    for title in red:
        assert f"<strong>{title}</strong>" in attention.replace("&#x27;", "'")
    unchanged_blue = {c.title for c in model.comparison if c.now.value == "blue" and not c.changed}
    for title in blue:
        assert f"<strong>{title}</strong>" not in attention
        if title in unchanged_blue:
            assert f">{title}<" not in text  # a blue KPI that did not change is not in the report at all
    assert all(item.status.value != "blue" for item in model.attention)
    counts = {k.value: n for k, n in status.counts().items()}
    assert {k.value: n for k, n in model.total_counts.items()} == counts
    assert f"{len(status.metrics)} KPIs and {len(status.actions)} actions" in text_of(section(text, "summary"))


def test_progress_report_on_the_sample_plan(sample):
    model, text = report(sample)
    outline = Outline(text)
    assert outline.sections[:2] == ["summary", "comparison"] and outline.sections[-2:] == ["sources", "glossary"]
    assert len(outline.sections) == len(model.areas) + 4
    assert text.count('class="kpi-chart"') == len(sample.plan.metrics) + len(sample.plan.context)  # a chart for every measure
    long_series = [m.id for m in sample.plan.metrics if len(sample.dataset.series(m.id).upto(AS_OF)) >= 13]
    with_spc = {k.status.metric.id for a in model.areas for k in a.kpis if k.spc is not None}
    assert with_spc <= set(long_series)  # SPC icons only where there are 13 or more values
    if long_series:
        assert with_spc and ("Special cause" in text or "Common cause variation" in text)


# -- the public variant ----------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["progress", "exception"])
def test_public_variant_shows_only_public_items(small, kind):
    model, text = report(small, kind, since=dt.date(2024, 1, 1), public=True)
    for secret in SECRETS:
        assert secret not in text, secret
    assert "public version" in model.title
    assert "Public version: only the measures and actions cleared for publication" in text_of(text)
    assert "Autism pathway lead" in text or kind == "exception"
    if kind == "progress":
        out_of_area = text_of(re.search(r'<article class="kpi" id="kpi-tribunals".*?</article>', text, re.S).group(0))
        assert " Status ✔ On track Latest value fewer than 5 on 31 Mar 2025" in out_of_area  # the families' words, not BRAG colours
        assert "Published in February" in text  # the public narrative
    assert "3 children" not in text and "3 children" not in text_of(text)


def test_public_variant_on_the_sample_plan(sample):
    public = {m.id for m in sample.plan.metrics if m.public}
    hidden = [m.title for m in sample.plan.metrics if not m.public] + [a.title for a in sample.plan.actions if not a.public]
    model, text = report(sample, public=True)
    assert {k.status.metric.id for a in model.areas for k in a.kpis} == public
    for title in hidden:
        assert f">{title}<" not in text


def test_the_public_report_names_documents_by_title_and_the_boards_keeps_the_files(sample):
    """Families read sources by document title, as on their site (never a file or a folder); the
    board's report keeps the plan's own words, files included, so an officer can trace them."""
    def images_out(text: str) -> str:
        return re.sub(r'src="data:[^"]+"', "", text)

    _, public = report(sample, public=True)
    readable = html.unescape(images_out(public)) + "".join(images(public))  # the charts' own words too
    assert not re.search(r"\b\d{3}_[0-9a-f]{16}\.txt", readable)
    assert "sample_data/" not in readable and "../shared" not in readable and ".csv" not in readable
    assert "Written Statement of Action, January 2022, section 5, area 1, action 1.1.1" in readable
    assert "SEND and Inclusion Strategy 2024 to 2029, November 2024, 'Our approach'" in readable  # a context measure's source
    _, board = report(sample)
    assert "003_bc988dd4f38747a2.txt, Area 1, action 1.1.1" in html.unescape(images_out(board))


# -- escaping and accessibility --------------------------------------------------------------


def test_text_from_the_plan_and_data_is_escaped(tmp_path):
    yaml_text = edit(BASE_YAML, "title: Test plan", "title: '<script>alert(1)</script> Plan & co'")
    yaml_text = edit(yaml_text, "title: Longest wait", "title: 'Longest <b>wait</b>'")
    yaml_text = edit(yaml_text, "title: Publish pathway", 'title: "Publish </style><img src=x onerror=alert(2)>"')
    csvs = {
        "observations.csv": "metric_id,date,value\nwait,2024-03-01,45\nconfidence,2024-03-01,50\n",
        "updates.csv": 'action_id,date,status,narrative\nact-1,2024-03-01,green,"<iframe src=""http://evil""></iframe>"\n',
    }
    targets, data = write_plan(tmp_path, yaml_text, csvs)
    loaded = load(targets, data)
    assert loaded.ok, loaded.problems
    for kind in ("progress", "exception"):
        text = render_html(build_report(loaded.plan, loaded.dataset, dt.date(2024, 8, 1), kind=kind, audience=internal_audience(loaded.plan.defaults)))
        assert "<script>" not in text and "<b>wait</b>" not in text and "<iframe" not in text and "onerror" not in "".join(re.findall(r"<[^>]*>", text))
        assert set(re.findall(r"<img\b", text)) <= {"<img"} and all(images(text))  # only the report's own pictures
        for svg in images(text):  # the text inside each chart is escaped too: each is well-formed XML
            assert "<script>" not in svg and "<b>wait</b>" not in svg and ET.fromstring(svg) is not None
        assert "&lt;script&gt;alert(1)&lt;/script&gt; Plan &amp; co" in text
        assert text.count("</style>") == 1
    assert "Longest &lt;b&gt;wait&lt;/b&gt;" in text
    progress = render_html(build_report(loaded.plan, loaded.dataset, dt.date(2024, 8, 1), audience=internal_audience(loaded.plan.defaults)))
    assert "&lt;iframe src=&quot;http://evil&quot;&gt;&lt;/iframe&gt;" in progress


@pytest.mark.parametrize("kind", ["progress", "exception"])
@pytest.mark.parametrize("public", [False, True])
def test_accessible_and_self_contained(small, kind, public):
    _, text = report(small, kind, since=dt.date(2024, 1, 1), public=public)
    assert text.startswith("<!DOCTYPE html>\n<html lang=\"en-GB\">")
    assert re.search(r"<title>[^<]+</title>", text)
    outline = Outline(text)
    levels = [h[0] for h in outline.headings]
    assert levels[0] == 1 and levels.count(1) == 1
    assert all(b - a <= 1 for a, b in zip(levels, levels[1:])), levels  # h1 -> h2 -> h3, never skipping
    assert outline.tables and all(t["caption"] and t["th"] and set(t["th"]) == {"col"} for t in outline.tables)
    # every chart: an <img> of SVG with its name in alt, described by the paragraph that closes its block
    charts = re.findall(r'<img class="kpi-chart" src="data:image/svg\+xml;base64,([^"]+)" alt="([^"]+)" aria-describedby="([^"]+)">', text)
    assert charts and len(charts) == text.count('class="kpi-chart"')
    for data, alt, described_by in charts:
        assert alt.startswith("Chart of ")
        description = re.search(rf'<p class="chart-desc" id="{re.escape(described_by)}">([^<]+)</p>', text)
        assert description and len(description.group(1)) > 80
        svg = ET.fromstring(base64.b64decode(data))
        assert svg.get("role") == "img" and svg.find(f"{SVG}title").text == alt and svg.find(f"{SVG}desc").text == html.unescape(description.group(1))
        assert svg.find(f".//{SVG}title[2]") is None and not svg.findall(f".//{SVG}g/{SVG}title")  # no tooltips on paper
    # status never by colour alone: every badge carries its icon and word
    badges = re.findall(r'<span class="badge badge-(\w+)"><span class="icon" aria-hidden="true">([^<]+)</span> ([^<]+)</span>', text)
    assert badges and len(badges) == text.count('<span class="badge ')
    audience = public_audience(small.plan.defaults) if public else internal_audience(small.plan.defaults)
    words = {(ICONS[st], w.word) for words in (audience.metric_words, audience.action_words) for st, w in words.items()}
    assert {(icon, word) for _, icon, word in badges} <= words
    # the Making Data Count icons have their names, and their words beside them
    for alt in re.findall(r'<img class="mdc-icon" src="data:image/svg\+xml;base64,[^"]+" alt="([^"]+)"', text):
        assert alt.startswith(("Variation icon: ", "Assurance icon: "))
    # nothing to fetch: no scripts, links or frames, images only as data: URIs of SVG, no external URLs
    # (the SVG namespace is a name, not a fetch)
    assert not re.search(r"<(script|link|iframe|object|embed)\b", text)
    assert all(src.startswith("data:image/svg+xml;base64,") for src in re.findall(r'<img [^>]*src="([^"]+)"', text))
    everything = text + "".join(images(text))
    assert set(re.findall(r"https?://[^\s\"'<>)]+", everything)) <= {"http://www.w3.org/2000/svg"}
    assert "@page" in text and "counter(page)" in text and "target-counter" in text


def test_chart_draws_the_shared_style(small):
    """The report's SVG draws a KPI as the page's plotly chart does (metrics.views.style.CHART)."""
    from metrics.render.svgchart import chart_svg
    from metrics.views.chart import kpi_chart
    from metrics.views.style import CHART

    status = plan_status(small.plan, small.dataset, AS_OF).metric("longest_wait")
    svg = chart_svg(kpi_chart(status, small.dataset.series("longest_wait"), internal_audience(small.plan.defaults)))
    # published: a filled circle; illustrative: a hollow diamond; each with its hover text
    published = re.findall(r'<circle cx="[\d.]+" cy="[\d.]+" r="[\d.]+" fill="(#\w+)" stroke="(#\w+)"[^>]*><title>([^<]*)</title>', svg)
    assert published == [(CHART.published.fill, CHART.published.edge, "22 weeks on 30 Sep 2023; Published figure; Source: news release")]
    illustrative = re.findall(r'<polygon points="(?:[\d.]+,[\d.]+ ){3}[\d.]+,[\d.]+" fill="(#\w+)" stroke="(#\w+)"[^>]*><title>([^<]*)</title>', svg)
    assert (CHART.illustrative.fill, CHART.illustrative.edge, "200 weeks on 30 Jun 2022; Illustrative (not a published figure); Source: test") in illustrative
    # the plan: a solid blue line; the target: a star (ten points) in the target's green
    assert re.search(rf'<polyline points="[^"]+" fill="none" stroke="{CHART.plan.colour}" stroke-width="[\d.]+"/>', svg)
    star = re.search(r'<polygon points="((?:[\d.]+,[\d.]+ ?)+)" fill="(#\w+)"[^>]*><title>Target: ', svg)
    assert star and len(star.group(1).split()) == 10 and star.group(2) == CHART.target.fill
    assert f'stroke-dasharray="{CHART.projection.dash.svg}"' in svg  # the projection, dotted
    for words in ("Published figure", "Illustrative (not a published figure)", "Projection (current trend)", "Baseline", "Milestone", "Target", "Amber tolerance"):
        assert f">{words}</text>" in svg, words
    assert 'role="img"' in svg and "<title" in svg and "<desc" in svg


# -- PDF -------------------------------------------------------------------------------------


ENGINES = ["chromium", "weasyprint"]


def pdf_reader(pdf: bytes):
    import pypdf

    return pypdf.PdfReader(io.BytesIO(pdf))


@pytest.mark.parametrize("engine", ENGINES)
def test_pdf_is_a_real_tagged_pdf_with_pages(small, engine):
    """Either engine: a tagged PDF (marked, a structure tree, its language) with the report's title
    and page footers, read from the PDF itself (no outside tool needed to check it)."""
    from metrics.render.pdf import html_to_pdf

    require_pdf(engine)  # a machine without it fails with how to install it, never a skip
    _, text = report(small, "exception", since=dt.date(2024, 1, 1))
    pdf = html_to_pdf(text, engine=engine)
    assert pdf.startswith(b"%PDF-")
    reader = pdf_reader(pdf)
    assert len(reader.pages) == pdf_pages(pdf) >= 2
    root = reader.trailer["/Root"]
    assert bool(root["/MarkInfo"]["/Marked"]) and "/StructTreeRoot" in root
    assert root["/Lang"] == "en-GB"
    assert reader.metadata.title == "Exception report: Test partnership plan"
    last = len(reader.pages)
    assert f"Page {last} of {last}" in reader.pages[-1].extract_text()
    if engine == "weasyprint":
        assert b'pdfuaid:part="1"' in pdf_objects(pdf)  # WeasyPrint also marks it PDF/UA-1


@pytest.mark.parametrize("engine", ENGINES)
def test_making_a_pdf_reaches_no_server_runs_no_script_and_reads_no_file(engine, tmp_path):
    """Whatever a document names, the PDF engine opens no connection (not even a preconnect),
    runs no script and reads no local file: it uses data: URLs only."""
    import socket

    from metrics.render.pdf import html_to_pdf

    require_pdf(engine)
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    listener.settimeout(0.5)
    secret = tmp_path / "secret.txt"
    secret.write_text("SECRET-FILE-TEXT", encoding="utf-8")
    port = listener.getsockname()[1]
    base = f"http://127.0.0.1:{port}"
    document = (
        f'<!doctype html><html lang="en-GB"><head><title>Kept title</title><link rel="stylesheet" href="{base}/style.css">'
        f'<link rel="preconnect" href="http://localhost:{port}"></head><body><h1>Report</h1><img src="{base}/chart.png" alt="a chart">'
        f'<img src="http://localhost:{port}/chart.png" alt="by name"><img src="file://{secret}" alt="a file">'
        f'<iframe src="file://{secret}"></iframe><object data="{base}/object"></object><a href="{base}/link">a link</a>'
        f'<script>document.title = "script ran"; fetch("{base}/script");</script></body></html>'
    )
    pdf = html_to_pdf(document, engine=engine)
    connections = 0
    with listener:
        try:
            while True:
                listener.accept()[0].close()
                connections += 1
        except TimeoutError:
            pass
    assert connections == 0
    reader = pdf_reader(pdf)
    assert reader.metadata.title == "Kept title"
    text = "".join(page.extract_text() for page in reader.pages)
    assert "Report" in text and "SECRET-FILE-TEXT" not in text


def test_auto_uses_chromium_where_it_is_and_weasyprint_where_it_is_not(small, monkeypatch):
    import metrics.render.pdf as pdf_module

    require_pdf("chromium")
    _, text = report(small, "exception", since=dt.date(2024, 1, 1))
    assert b"Skia/PDF" in pdf_objects(pdf_module.html_to_pdf(text))  # Chromium's PDF writer
    assert pdf_module.close_printer()  # it was open
    monkeypatch.setattr(pdf_module, "chromium_path", lambda: None)
    assert b"WeasyPrint" in pdf_objects(pdf_module.html_to_pdf(text))
    with pytest.raises(pdf_module.PdfUnavailable, match="Chromium"):
        pdf_module.html_to_pdf(text, engine="chromium")
    with pytest.raises(ValueError, match="unknown PDF engine 'acrobat'"):
        pdf_module.html_to_pdf(text, engine="acrobat")


def test_a_closed_chromium_is_started_again_for_the_next_pdf(small):
    import metrics.render.pdf as pdf_module

    require_pdf("chromium")
    _, text = report(small, "exception", since=dt.date(2024, 1, 1))
    first = pdf_module.html_to_pdf(text, engine="chromium")
    assert pdf_module.close_printer() and pdf_module._PRINTER is None
    assert not pdf_module.close_printer()  # nothing left open
    again = pdf_module.html_to_pdf(text, engine="chromium")
    assert pdf_pages(again) == pdf_pages(first) >= 2


def test_chromium_pdf_contents_gives_the_page_each_section_starts_on(sample):
    """Chromium has no target-counter(): the numbers are written in after a first print. Each
    number in the contents is the page on which that section's heading is printed."""
    from metrics.render.pdf import html_to_pdf

    require_pdf("chromium")
    as_of = dt.date(2025, 8, 1)
    model = build_report(sample.plan, sample.dataset, as_of, kind="progress", audience=internal_audience(sample.plan.defaults), statistics=sample.statistics, generated_on=as_of)
    pdf = html_to_pdf(render_html(model), engine="chromium")
    reader = pdf_reader(pdf)
    links = {name.lstrip("/"): reader.get_destination_page_number(dest) + 1 for name, dest in reader.named_destinations.items()}
    pages = [page.extract_text() for page in reader.pages]
    contents = pages[0].split("Contents", 1)[1].split("Summary\nAt ", 1)[0]
    checked = 0
    for anchor, title in model.sections:
        found = re.search(re.escape(title).replace("\\ ", "\\s+") + r"\s*(\d+)\s*$", contents, re.M)
        assert found, (title, contents)
        number = int(found.group(1))
        assert 1 <= number <= len(pages)
        heading = " ".join(title.split())
        assert heading in " ".join(pages[number - 1].split()), (title, number)
        assert links[anchor] == number  # where the contents' link goes
        checked += 1
    assert checked == len(model.sections) >= 14


def test_the_sample_exception_report_packs_its_pages(sample, monkeypatch):
    """The exception report of the sample as a board member prints it: the summary alone on page 1,
    the red and amber KPIs three to a page, and no more pages than its parts need."""
    import weasyprint

    from metrics.render.pdf import html_to_pdf

    require_pdf("weasyprint")
    documents = []
    render = weasyprint.HTML.render

    def keep(self, *args, **kwargs):  # the laid-out pages html_to_pdf writes, to see what is on each
        documents.append(render(self, *args, **kwargs))
        return documents[-1]

    monkeypatch.setattr(weasyprint.HTML, "render", keep)
    as_of = dt.date(2026, 11, 23)
    model = build_report(sample.plan, sample.dataset, as_of, kind="exception", audience=internal_audience(sample.plan.defaults), statistics=sample.statistics, generated_on=as_of)
    pdf = html_to_pdf(render_html(model), engine="weasyprint")
    (document,) = documents
    pages = pdf_pages(pdf)
    assert pages == len(document.pages)
    first_page = {}  # anchor -> the first page (from 0) it is on
    for number, page in enumerate(document.pages):
        for anchor in page.anchors:
            first_page.setdefault(anchor, number)
    # page 1: title, contents and the whole summary (counts, what changed, the worst items)
    assert first_page["summary"] == first_page["summary-changes"] == first_page["summary-worst"] == 0
    assert first_page["attention"] == 1  # nothing of the summary spilled onto page 2
    # the red and amber KPIs, each block whole, at least three to a page
    kpis = len(model.attention_kpis)
    assert kpis == 15
    on = sorted({first_page[anchor_id("kpi", k.status.metric.id)] for k in model.attention_kpis})
    assert len(on) <= math.ceil(kpis / 3), on
    # the whole report: 1 page of summary; the KPIs at three a page; the needs-attention list
    # (KPIs and actions, with leads) at 12 or more rows a page; the overdue actions, with their
    # latest updates, at 8 or more a page; one page for overdue data, status changes and the glossary
    bound = 1 + math.ceil(kpis / 3) + math.ceil(len(model.attention) / 12) + math.ceil(len(model.overdue_actions) / 8) + 1
    assert (len(model.attention), len(model.overdue_actions)) == (25, 10)
    assert pages <= bound == 12, (pages, bound)  # 24 pages before the blocks were packed


def test_the_sample_exception_report_packs_its_pages_in_chromium_too(sample):
    """The same packing from Chromium's print: the summary alone on page 1, the 15 red and amber
    KPI blocks on at most 5 pages, and no more pages than WeasyPrint's bound."""
    from metrics.render.pdf import html_to_pdf

    require_pdf("chromium")
    as_of = dt.date(2026, 11, 23)
    model = build_report(sample.plan, sample.dataset, as_of, kind="exception", audience=internal_audience(sample.plan.defaults), statistics=sample.statistics, generated_on=as_of)
    reader = pdf_reader(html_to_pdf(render_html(model), engine="chromium"))
    starts = {name.lstrip("/"): reader.get_destination_page_number(dest) + 1 for name, dest in reader.named_destinations.items()}
    assert starts["summary"] == 1 and starts["attention"] == 2  # nothing of the summary spilled onto page 2
    texts = [" ".join(page.extract_text().split()) for page in reader.pages]
    on = set()
    for kpi in model.attention_kpis:
        title = " ".join(kpi.status.metric.title.split())
        on.add(next(n for n in range(starts["kpis"], starts["overdue-actions"]) if title in texts[n - 1]))
    assert len(model.attention_kpis) == 15 and len(on) <= 5, sorted(on)
    assert len(reader.pages) <= 12


def test_the_exception_summary_says_what_changed_and_names_the_worst(small):
    model, text = report(small, "exception", since=dt.date(2024, 1, 1))
    summary = text_of(section(text, "summary"))
    assert "What changed since 1 Jan 2024 KPIs whose status changed since 1 Jan 2024, worst first:" in summary
    assert "Longest wait for an autism assessment : ✔ Green → ✖ Red (worse)" in summary
    assert "2 actions are overdue; 0 of them became overdue after 1 Jan 2024." in summary
    worst = table_rows(section(text, "summary").split('id="summary-worst"')[1])
    assert [r[0] for r in worst] == [f"{i.title} ({i.kind_word})" for i in model.attention[:5]]
    assert worst[0] == ["Longest wait for an autism assessment (KPI)", "✖ Red", "Red; deadline passed; data overdue (due by 14 Nov 2023)"]
    assert "The first 5 of 6 items that need attention (all are listed next)" in summary
    # compared with a date before both fell due, both overdue actions are named as newly overdue
    _, quiet = report(small, "exception", since=dt.date(2023, 12, 1))
    assert "2 actions are overdue; 2 of them became overdue after 1 Dec 2023: Train school staff; Zanzibar restructure." in text_of(section(quiet, "summary"))


def test_the_report_chart_is_compact_and_quick_to_print(small):
    """In the report a chart is 390 units wide, its legend is HTML beside it, and its marks are one
    path per style (no tooltips): the same picture in fewer elements."""
    from metrics.render.svgchart import COMPACT, chart_svg, legend_html
    from metrics.views.chart import kpi_chart
    from metrics.views.style import CHART

    status = plan_status(small.plan, small.dataset, AS_OF).metric("longest_wait")
    chart = kpi_chart(status, small.dataset.series("longest_wait"), internal_audience(small.plan.defaults))
    full = chart_svg(chart)
    compact = chart_svg(chart, frame=COMPACT, legend=False, hover=False)
    assert 'viewBox="0 0 390 144"' in compact and 'viewBox="0 0 680 270"' in full
    root = ET.fromstring(compact)
    assert [t.text for t in root.iter(f"{SVG}title")] == ["Chart of Longest wait for an autism assessment"]  # no tooltips
    assert ">Published figure</text>" in full and "Published figure" not in compact  # the legend moved out...
    key = legend_html(chart)
    for words in ("Published figure", "Illustrative (not a published figure)", "Plan (baseline, milestones, target)", "Baseline", "Target", "Amber tolerance"):
        assert f">{words}</text>" in full and words in key, words  # ...with the same names
    assert '<span class="k k-published" aria-hidden="true">●</span>' in key
    # one path for all the illustrative diamonds, in their style
    paths = [p for p in root.iter(f"{SVG}path") if p.get("fill") == CHART.illustrative.fill and p.get("stroke") == CHART.illustrative.edge]
    assert len(paths) == 1 and paths[0].get("d").count("Z") == len(chart.illustrative)
    assert len(list(root.iter())) < 0.6 * len(list(ET.fromstring(full).iter()))  # 38 elements instead of 67


# -- the command line ------------------------------------------------------------------------


def run_cli(*args: str) -> int:
    return cli.main(["report", "--targets", str(SMALL / "targets.yaml"), "--data", str(SMALL / "data"), *args])


def test_cli_writes_html(tmp_path, capsys):
    out = tmp_path / "board.html"
    assert run_cli("--kind", "progress", "--as-of", "2025-08-01", "--out", str(out)) == 0
    text = out.read_text(encoding="utf-8")
    assert "Data as at</dt><dd>1 Aug 2025" in text and "Zanzibar internal caseload" in text
    assert f"Wrote {out}" in capsys.readouterr().out


def test_cli_exception_public_with_since(tmp_path):
    out = tmp_path / "exception.html"
    assert run_cli("--kind", "exception", "--as-of", "2025-08-01", "--since", "2024-01-01", "--public", "--out", str(out)) == 0
    text = out.read_text(encoding="utf-8")
    assert "Status changes since 1 Jan 2024" in text and "Zanzibar" not in text


def test_cli_writes_pdf(tmp_path, capsys):
    require_pdf()  # no Pango is a failure that says how to install it, never a skip
    out = tmp_path / "board.html"
    assert run_cli("--kind", "exception", "--as-of", "2025-08-01", "--out", str(out), "--pdf") == 0
    assert out.exists() and (tmp_path / "board.pdf").read_bytes().startswith(b"%PDF-")
    only = tmp_path / "only.pdf"
    assert run_cli("--kind", "progress", "--as-of", "2025-08-01", "--out", str(only)) == 0
    assert pdf_pages(only.read_bytes()) >= 2
    assert not (tmp_path / "only.html").exists()


@pytest.mark.parametrize(
    "args, message",
    [
        (["--kind", "monthly"], "argument --kind: invalid choice: 'monthly'"),
        (["--kind", "progress", "--as-of", "2025-02-30"], "--as-of: as-of date '2025-02-30' is not a date"),
        (["--kind", "progress", "--since", "1/5/2025"], "--since: '1/5/2025' is not a date (use YYYY-MM-DD)"),
        (["--kind", "progress", "--as-of", "2025-08-01", "--since", "2025-08-01"], "must be before the as-of date"),
    ],
)
def test_cli_bad_arguments_exit_2_with_a_message(tmp_path, capsys, args, message):
    out = tmp_path / "r.html"
    try:
        code = run_cli(*args, "--out", str(out))
    except SystemExit as exc:  # argparse
        code = exc.code
    assert code == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err
    assert not out.exists()


def test_cli_missing_pdf_tool_is_a_clear_error(tmp_path, capsys, monkeypatch):
    import metrics.render.pdf

    def missing():
        raise metrics.render.pdf.PdfUnavailable(metrics.render.pdf.INSTALL_HINT + " (No module named 'weasyprint')")

    monkeypatch.setattr(metrics.render.pdf, "_weasyprint", missing)
    monkeypatch.setattr(metrics.render.pdf, "chromium_path", lambda: None)  # neither engine here
    assert run_cli("--kind", "progress", "--as-of", "2025-08-01", "--out", str(tmp_path / "r.pdf")) == 2
    err = capsys.readouterr().err
    assert err.startswith("Cannot write the PDF: PDF output needs WeasyPrint and the Pango library.") and "Traceback" not in err
    assert not (tmp_path / "r.pdf").exists()


def test_python_dash_m_metrics_report(tmp_path):
    out = tmp_path / "r.html"
    args = ["report", "--kind", "exception", "--as-of", "2025-08-01", "--targets", str(SMALL / "targets.yaml"), "--data", str(SMALL / "data"), "--out", str(out)]
    done = subprocess.run([sys.executable, "-m", "metrics", *args], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    bad = subprocess.run([sys.executable, "-m", "metrics", "report", "--kind", "weekly", "--out", str(out)], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert bad.returncode == 2 and "invalid choice: 'weekly'" in bad.stderr and "Traceback" not in bad.stderr


def test_public_report_threshold_sentence_follows_suppress_below(tmp_path):
    """The public report says which numbers it leaves out with the plan's own thresholds, never a fixed 5."""
    import shutil

    plan = tmp_path / "targets.yaml"
    plan.write_text((SMALL / "targets.yaml").read_text(encoding="utf-8").replace("  suppress_below: 5\n", "  suppress_below: 12\n"), encoding="utf-8")
    shutil.copytree(SMALL / "data", tmp_path / "data")
    loaded = load(plan, tmp_path / "data")
    assert loaded.ok, loaded.problems
    model, text = report(loaded, public=True)
    words = text_of(text)
    assert "numbers from 1 to 11 are not shown, so that no child can be identified" in words
    assert "numbers under 5" not in words and "Fewer than 5" not in words
    assert ("Fewer than 12", "A small number not shown, so that no child can be identified.") in model.glossary
