"""`python -m metrics publish`: the static public site, built from the public snapshot only.

What a family's browser would get: every page and CSV is there, nothing non-public or withheld is in
any file, nothing is fetched from another host, links and glossary anchors resolve, and the words
are the families' vocabulary (metrics/views/family_words.py)."""

from __future__ import annotations

import csv
import html
import io
import re
from pathlib import Path

import pytest

from metrics.cli import main
from metrics.domain.load import load, parse_as_of
from metrics.domain.plan import load_plan
from metrics.domain.public import public_snapshot
from metrics.domain.status import Status
from metrics.views.family_words import (
    MEASURE_WORDS,
    document_titles,
    measure_label,
    source_title,
    split_terms,
)
from tests import public_fixture
from tests.helpers import BASE_YAML, edit, write_plan
from tests.test_public_suppression import CSVS as SMALL_PLAN_CSVS
from tests.test_public_suppression import SMALL as SMALL_PLAN_NUMBER
from tests.test_public_suppression import YAML as SMALL_PLAN_YAML

ROOT = Path(__file__).resolve().parents[1]
SAMPLE_AS_OF = "2025-08-01"
PAGES = ("index.html", "actions.html", "about.html", "feedback.html")


def publish(out: Path, *args: str) -> int:
    return main(["publish", "--out", str(out), *args])


@pytest.fixture(scope="module")
def sample_site(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("sample") / "site"
    assert publish(out, "--targets", str(ROOT / "targets.yaml"), "--data", str(ROOT / "sample_data"), "--as-of", SAMPLE_AS_OF) == 0
    return out


@pytest.fixture(scope="module")
def fixture_site(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("fixture") / "site"
    assert publish(out, "--targets", str(public_fixture.TARGETS), "--data", str(public_fixture.DATA), "--as-of", public_fixture.AS_OF) == 0
    return out


def files(site: Path) -> dict[str, str]:
    return {p.relative_to(site).as_posix(): p.read_text(encoding="utf-8") for p in sorted(site.rglob("*")) if p.is_file()}


def visible(text: str) -> str:
    """The text of an HTML or CSV file as a reader meets it: tags out, entities decoded."""
    return html.unescape(re.sub(r"<[^>]+>", " ", text))


def reading(text: str) -> str:
    """``visible`` as one line of words, with no space left before punctuation where a tag was."""
    return re.sub(r"\s+([,.;:)])", r"\1", re.sub(r"([(])\s+", r"\1", " ".join(visible(text).split())))


# -- what is written ----------------------------------------------------------------------------


def test_every_page_and_every_public_measures_csv_is_written(sample_site, capsys):
    loaded = load(ROOT / "targets.yaml", ROOT / "sample_data")
    snapshot = public_snapshot(loaded.plan, loaded.dataset, parse_as_of(SAMPLE_AS_OF))
    public = {m.id for m in snapshot.plan.measures}
    written = set(files(sample_site))
    expected = {*PAGES, "site.css", ".metrics-site"} | {f"measures/{i}.html" for i in public} | {f"measures/{i}.csv" for i in public}
    assert written == expected
    internal = {m.id for m in loaded.plan.measures} - public
    assert internal, "the sample has internal measures, so this test can tell"
    assert not {f"measures/{i}.html" for i in internal} & written


def test_the_command_says_what_it_wrote(tmp_path, capsys):
    assert publish(tmp_path / "out", "--as-of", SAMPLE_AS_OF) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"Wrote {tmp_path / 'out'}: 33 pages, 29 CSV files and site.css (figures as at {SAMPLE_AS_OF}; largest page ")


def test_every_page_links_one_stylesheet_and_no_script_and_ends_with_the_feedback_footer(sample_site):
    for name, text in files(sample_site).items():
        if not name.endswith(".html"):
            continue
        assert text.count('<link rel="stylesheet"') == 1, name
        assert "<script" not in text.lower() and " on" + "click=" not in text.lower(), name
        assert '<nav aria-label="Site">' in text, name
        footer = text[text.index('<footer class="site-footer">'):]
        assert "Tell us what you think" in footer and "Warwickshire Parent Carer Voice (WPCV)" in footer, name
        assert text.rstrip().endswith("</footer></body></html>"), name


def test_no_request_or_link_to_another_host(sample_site, fixture_site):
    contact = {"https://forum.example.org/send", "mailto:feedback@forum.example.org", "https://forum.example.org/feedback-form?site=send&page=1"}
    for site, allowed in ((sample_site, set()), (fixture_site, contact)):
        for name, text in files(site).items():
            assert "@import" not in text, name
            assert all(u.startswith("#") for u in re.findall(r"url\(\s*['\"]?([^)'\"]*)", text)), name  # only the chart's own clip path
            for attribute, value in re.findall(r'\b(src|href|xlink:href|action)="([^"]*)"', text):
                value = html.unescape(value)
                if value == "data:,":  # the empty icon: no request at all
                    continue
                if re.match(r"^[a-z][a-z0-9+.-]*:", value, re.I):
                    assert attribute == "href" and value in allowed, (name, attribute, value)
                    continue
                assert not value.startswith("//"), (name, value)


@pytest.mark.parametrize("which", ["sample", "fixture"])
def test_every_internal_link_and_anchor_resolves(sample_site, fixture_site, which):
    written = files(sample_site if which == "sample" else fixture_site)
    ids = {name: set(re.findall(r'\bid="([^"]+)"', text)) for name, text in written.items() if name.endswith(".html")}
    for name, text in written.items():
        if not name.endswith(".html"):
            continue
        for href in re.findall(r'href="([^"]+)"', text):
            if href.startswith(("http", "mailto:", "data:")):
                continue
            path, _, anchor = html.unescape(href).partition("#")
            target = (Path(name).parent / path).as_posix() if path else name
            target = str(Path(target)).replace("measures/../", "")
            assert target in written, (name, href)
            if anchor:
                assert anchor in ids[target], (name, href)


# -- the boundary -------------------------------------------------------------------------------


def test_nothing_non_public_in_any_file(fixture_site):
    written = files(fixture_site)
    assert len(written) > 8
    forbidden = public_fixture.forbidden_strings()
    for name, text in written.items():
        for shown in (text, visible(text)):
            leaks = [s for s in forbidden if s in shown]
            assert not leaks, (name, leaks)


def test_no_small_number_in_any_file(fixture_site):
    for name, text in files(fixture_site).items():
        for pattern in public_fixture.SMALL_VALUES:
            for shown in (text, visible(text)):
                assert not re.search(pattern, shown), (name, pattern, re.search(pattern, shown))


def test_a_withheld_figure_is_in_the_csv_only_as_its_words(fixture_site):
    rows = list(csv.DictReader(io.StringIO((fixture_site / "measures/out_of_area.csv").read_text(encoding="utf-8-sig"))))
    assert [(r["date"], r["value"], r["shown_as"]) for r in rows] == [("2024-03-31", "9", "9 children"), ("2025-03-31", "", "fewer than 5")]
    survey = list(csv.DictReader(io.StringIO((fixture_site / "measures/listened_to.csv").read_text(encoding="utf-8-sig"))))
    assert [(r["value"], r["shown_as"], r["responses"]) for r in survey] == [("52", "52%", "40"), ("", "withheld (fewer than 10 responses)", "")]
    page = visible((fixture_site / "measures/out_of_area.html").read_text(encoding="utf-8"))
    assert "Fewer than 5" in page and "We do not publish exact numbers between 1 and 4" in page


def test_the_plans_small_numbers_are_in_no_file(tmp_path):
    targets, data = write_plan(tmp_path, SMALL_PLAN_YAML, SMALL_PLAN_CSVS)
    out = tmp_path / "site"
    assert publish(out, "--targets", str(targets), "--data", str(data), "--as-of", "2024-06-01") == 0
    written = files(out)
    assert "measures/wait.html" in written
    for name, text in written.items():
        assert not SMALL_PLAN_NUMBER.search(visible(text)), (name, SMALL_PLAN_NUMBER.search(visible(text)))
    assert "fewer than 5" in visible(written["measures/wait.html"])


def test_the_contact_from_the_plan_is_text_and_its_addresses_are_links(fixture_site):
    text = (fixture_site / "index.html").read_text(encoding="utf-8")
    footer = text[text.index("<footer"):]
    assert "Example Parent Carer Forum [link](http://evil.example) &lt;b&gt;soon&lt;/b&gt;" in footer
    assert '<a href="mailto:feedback@forum.example.org">' in footer
    assert '<a href="https://forum.example.org/feedback-form?site=send&amp;page=1">' in footer


def test_with_no_contact_the_footer_names_the_parent_carer_forum_with_no_address(tmp_path):
    targets, data = write_plan(tmp_path, SMALL_PLAN_YAML, SMALL_PLAN_CSVS)
    assert "contact:" not in targets.read_text(encoding="utf-8")
    publish(tmp_path / "site", "--targets", str(targets), "--data", str(data), "--as-of", "2024-06-01")
    footer = visible((tmp_path / "site/index.html").read_text(encoding="utf-8").split("<footer", 1)[1])
    assert "Contact the parent carer forum: they pass on what families say to the partnership." in " ".join(footer.split())
    assert "mailto:" not in footer and "Email:" not in footer


# -- the words ------------------------------------------------------------------------------------


def test_no_source_file_name_reaches_a_reader(sample_site):
    for name, text in files(sample_site).items():
        if name.startswith("."):
            continue
        assert not re.search(r"\b\d{3}_[0-9a-f]{16}\.txt", text), name
        assert ".csv (" not in text and "sample_data/" not in text and "../shared" not in text, name


def test_sources_read_as_document_titles():
    titles = document_titles(load_plan(ROOT / "targets.yaml", "targets.yaml")[0])  # the plan's documents
    assert source_title("003_bc988dd4f38747a2.txt, Area 1", titles) == "Written Statement of Action, January 2022, section 5, area 1"
    assert source_title("003_bc988dd4f38747a2.txt, Area 1, action 1.1.1, KPIs (242 -> 125 -> 13 weeks)", titles) == (
        "Written Statement of Action, January 2022, section 5, area 1, action 1.1.1, KPIs (242 to 125 to 13 weeks)"
    )
    assert source_title("A note (003, Area 5)", titles) == "A note (Written Statement of Action, Area 5)"  # a document by its file's number
    assert source_title("timeliness_20_week.csv (DfE, Education, health and care plans, 2025 release (SEN2))", titles) == "DfE, Education, health and care plans, 2025 release (SEN2)"
    assert source_title(
        "timeliness_20_week.csv (../shared/dfe_send_statistics; DfE, EHC plans (SEN2)), Warwickshire (E10000031), 2019-2024, via sample_data/statistics/timeliness_20_week.csv", titles
    ) == "DfE, EHC plans (SEN2), Warwickshire, 2019-2024"
    assert source_title("illustrative sample data (no published figure)", titles) == "Example figure, not from a published source"
    assert source_title("Placements register", titles) == "Placements register"
    # another plan's documents: nothing of the sample's is in the code
    other = document_titles(load_plan(ROOT / "targets.yaml", "targets.yaml")[0].model_copy(update={"documents": ()}))
    assert source_title("003_bc988dd4f38747a2.txt, Area 1", other) == "Area 1"  # no title to give: the file name is still left out
    assert source_title("A note (003, Area 5)", other) == "A note (003, Area 5)"


def test_a_plans_documents_are_checked(tmp_path):
    from metrics.domain.plan import load_plan as read_plan

    document = "  - file: a.txt\n    title: The first document\n    part: section 2\n"
    targets, _ = write_plan(tmp_path, BASE_YAML + "documents:\n" + document + document.replace("The first", "Another") + "  - file: b.txt\n    tilte: Typo\n")
    plan, problems = read_plan(targets, "targets.yaml")
    assert plan is None
    messages = [str(p) for p in problems]
    assert any("document 'a.txt': file: duplicate file (first listed on line" in m for m in messages), messages
    assert any("document 'b.txt'" in m and "tilte" in m and "unknown field" in m for m in messages), messages
    assert any("document 'b.txt'" in m and "title" in m and "missing (required)" in m for m in messages), messages


def test_the_tolerance_band_is_a_little_behind_everywhere(sample_site):
    assert measure_label(Status.AMBER) == "▲ A little behind"
    assert MEASURE_WORDS[Status.AMBER].counted == "a little behind"
    index = visible((sample_site / "index.html").read_text(encoding="utf-8"))
    assert "25 measures: 10 target met, 1 a little behind, 14 off track." in " ".join(index.split())
    for name, text in files(sample_site).items():
        words = visible(text)
        for internal in ("Amber tolerance", "illustrative value", "behind plan", "Plan (baseline, milestones, target)", "(assumed)"):
            assert internal.lower() not in words.lower(), (name, internal)


def test_the_terms_link_to_their_one_explanation(sample_site):
    index = (sample_site / "index.html").read_text(encoding="utf-8")
    assert index.count('<a href="about.html#wsoa">Written Statement of Action</a>') == 5
    assert index.count('<a href="about.html#strategy-priority">Strategy priority</a>') == 6
    about = visible((sample_site / "about.html").read_text(encoding="utf-8"))
    assert about.count("An improvement plan a local area has to write when Ofsted and the Care Quality Commission") == 1
    pieces = split_terms("Written Statement of Action area 1. Strategy priority 2.")
    assert "".join(p for p, _ in pieces) == "Written Statement of Action area 1. Strategy priority 2."
    assert [t.anchor for _, t in pieces if t] == ["wsoa", "strategy-priority"]


def test_a_measure_page_has_its_chart_summary_table_and_csv(sample_site):
    text = (sample_site / "measures/autism_longest_wait.html").read_text(encoding="utf-8")
    words = " ".join(visible(text).split())
    assert text.count("<svg") >= 2 and 'role="img"' in text  # the narrow and the wide drawing
    assert "<figcaption>Longest wait for an autism diagnostic assessment fell from 242 weeks in Dec 2021 to 20 weeks (an example figure) in Jul 2025" in text
    assert "What happened, numbered as on the chart" in words and "Ofsted and Care Quality Commission inspection letter (14 Sep 2021)" in words
    assert "as at 1 Aug 2025</text>" not in text  # on the chart's top edge it would collide with the events
    comparison = (sample_site / "measures/ehc_plans_within_20_weeks.html").read_text(encoding="utf-8")
    assert ">England</text>" not in comparison and ">Similar areas (mean)</text>" not in comparison
    assert "England</li>" in comparison and "Similar areas (mean): the average of areas like ours</li>" in comparison
    assert '<a href="autism_longest_wait.csv" download>' in text
    rows = list(csv.DictReader(io.StringIO((sample_site / "measures/autism_longest_wait.csv").read_text(encoding="utf-8-sig"))))
    assert rows[0] == {
        "date": "2021-12-20", "value": "242", "shown_as": "242 weeks", "unit": "weeks", "type_of_figure": "Published figure",
        "responses": "", "source": "Written Statement of Action, January 2022, section 5, area 1, action 1.1.1, KPIs",
    }
    assert all(r["date"] <= SAMPLE_AS_OF for r in rows)
    assert rows[-1]["type_of_figure"] == "Example figure, not a real measurement"


def test_the_actions_page_is_a_stacked_list_with_status_words(sample_site):
    text = (sample_site / "actions.html").read_text(encoding="utf-8")
    assert "<table" not in text
    assert text.count('<li class="action ') == 63
    words = " ".join(visible(text).split())
    assert "Increase capacity for autism diagnostic assessment and post-diagnostic support ✖ Serious concerns Due by 31 Mar 2024 (overdue)" in words


# -- the output folder ---------------------------------------------------------------------------


def test_publishing_again_removes_what_is_no_longer_public(tmp_path):
    out = tmp_path / "site"
    assert publish(out, "--targets", str(public_fixture.TARGETS), "--data", str(public_fixture.DATA), "--as-of", public_fixture.AS_OF) == 0
    (out / "measures/old_measure.html").write_text("stale", encoding="utf-8")
    mark = out / ".metrics-site"
    mark.write_text(mark.read_text(encoding="utf-8") + "measures/old_measure.html\n", encoding="utf-8")
    assert publish(out, "--targets", str(public_fixture.TARGETS), "--data", str(public_fixture.DATA), "--as-of", public_fixture.AS_OF) == 0
    assert not (out / "measures/old_measure.html").exists()
    assert (out / "index.html").exists()


@pytest.mark.parametrize("case", ["not empty", "a file", "the data folder"])
def test_refuses_a_folder_it_should_not_write_into(tmp_path, capsys, case):
    if case == "not empty":
        out = tmp_path / "mine"
        out.mkdir()
        (out / "holiday.jpg").write_bytes(b"x")
        expected = f"--out: '{out}' is not empty and was not written by publish: choose a new or empty folder"
    elif case == "a file":
        out = tmp_path / "site.html"
        out.write_text("x", encoding="utf-8")
        expected = f"--out: '{out}' is a file: give a folder for the site, e.g. site/"
    else:
        out = public_fixture.DATA
        expected = f"--out: '{out}' is or holds the data folder ({public_fixture.DATA}): write the site somewhere else (the data folder is only ever read)"
    assert publish(out, "--targets", str(public_fixture.TARGETS), "--data", str(public_fixture.DATA), "--as-of", public_fixture.AS_OF) == 2
    assert capsys.readouterr().err.strip() == expected
    if case == "not empty":
        assert sorted(p.name for p in out.iterdir()) == ["holiday.jpg"]


# -- the plan's "I statements" ------------------------------------------------------------------


def test_a_measure_shows_its_i_statement_with_whose_words_and_where_from(sample_site):
    page = (sample_site / "measures/restorative_practice_training.html").read_text(encoding="utf-8")
    assert (
        '<figure class="i-statement"><figcaption>What this should mean for parent carers:</figcaption>'
        "<blockquote><p>&ldquo;I feel understood, involved, valued and respected&rdquo;</p></blockquote>"
    ) in page
    words = reading(page)
    assert "An “I statement” of the plan. Where it comes from: Written Statement of Action, January 2022, section 5, area 2, action 2.1." in words
    assert '<a href="../about.html#i-statement">' in page
    # the same statement on the measure's card on the progress page, before the next card
    index = (sample_site / "index.html").read_text(encoding="utf-8")
    card = index[index.index('href="measures/restorative_practice_training.html"'):]
    card = card[: card.index("</li>")]
    assert "What this should mean for parent carers:" in card and "&ldquo;I feel understood, involved, valued and respected&rdquo;" in card
    # a statement that names no one is for children, young people and families
    autism = visible((sample_site / "measures/autism_longest_wait.html").read_text(encoding="utf-8"))
    assert "What this should mean for children, young people and families: “I can access specialist support" in " ".join(autism.split())
    # a measure of the strategy has none (the strategy writes no I statements)
    assert 'class="i-statement"' not in (sample_site / "measures/srp_places.html").read_text(encoding="utf-8")
    about = visible((sample_site / "about.html").read_text(encoding="utf-8"))
    assert "I statement A sentence in the plan written as a child, young person or parent carer would say it" in " ".join(about.split())


def test_every_i_statement_of_the_public_plan_is_shown_word_for_word(sample_site):
    loaded = load(ROOT / "targets.yaml", ROOT / "sample_data")
    snapshot = public_snapshot(loaded.plan, loaded.dataset, parse_as_of(SAMPLE_AS_OF))
    with_one = [m for m in snapshot.plan.measures if m.i_statement is not None]
    assert len(with_one) >= 20
    index = visible((sample_site / "index.html").read_text(encoding="utf-8"))
    for m in with_one:
        quoted = f"“{m.i_statement.text}”"
        assert quoted in visible((sample_site / f"measures/{m.id}.html").read_text(encoding="utf-8")), m.id
        assert quoted in index, m.id


def _plan_with_statements_and_background() -> str:
    text = edit(
        BASE_YAML, "    source: Health data\n",
        "    source: Health data\n    i_statement: {text: 'I <b>wait</b> less & \"know why\"', source: Plan document 1.1}\n",
    )
    text = edit(text, "    title: Waiting times\n", "    title: Waiting times\n  - id: backoffice\n    title: QUOKKA internal area\n")
    text = edit(text, "actions:\n", (
        "  - id: secret\n    title: Secret measure\n    area: backoffice\n    unit: count\n    direction: increase\n"
        "    baseline: {date: 2024-01-01, value: 10}\n    target: {date: 2025-01-01, value: 20}\n    frequency: monthly\n"
        "    lead: Nobody\n    source: Internal\n    public: false\n"
        "    i_statement: {text: I-STATEMENT-ZANZIBAR, who: QUOKKA-WHO}\n"
        "actions:\n"
    ))
    return text + (
        "background:\n  inspection:\n    by: The <i>Inspectors</i>\n    end: 2023-05-05\n"
        "    weaknesses:\n      - {text: the waits, area: waits}\n      - {text: the back office, area: backoffice}\n"
    )


def test_i_statements_and_the_background_are_text_and_nothing_internal_leaks(tmp_path):
    targets, data = write_plan(tmp_path, _plan_with_statements_and_background())
    assert publish(tmp_path / "site", "--targets", str(targets), "--data", str(data), "--as-of", "2024-06-01") == 0
    written = files(tmp_path / "site")
    page = written["measures/wait.html"]
    assert "&ldquo;I &lt;b&gt;wait&lt;/b&gt; less &amp; &quot;know why&quot;&rdquo;" in page
    assert "What this should mean for children, young people and families:" in page
    assert "Where it comes from: Plan document 1.1." in " ".join(visible(page).split())
    for name, text in written.items():
        for shown in (text, visible(text)):
            assert "ZANZIBAR" not in shown and "QUOKKA" not in shown, name
    about = written["about.html"]
    assert "The &lt;i&gt;Inspectors&lt;/i&gt; inspected the local area" in about and "on 5 May 2023." in about
    # a weakness answered by an internal area is listed, but not linked to it (its title is not public)
    assert '<li>the waits <span class="muted">(see <a href="index.html#area-waits">Waiting times</a>)</span></li>' in about
    assert "<li>the back office</li>" in about


# -- the background: the about page tells the inspection only when the plan does ----------------


def test_the_about_page_tells_the_inspection_from_the_plans_background(sample_site):
    about = (sample_site / "about.html").read_text(encoding="utf-8")
    words = reading(about)
    assert '<li><a href="#inspection">The inspection that led to the plan</a></li>' in about
    assert (
        "Ofsted and the Care Quality Commission (CQC) inspected the local area's support for children and young people "
        "with special educational needs and disabilities (SEND) between 12 Jul 2021 and 16 Jul 2021. They published their "
        "findings on 14 Sep 2021."
    ) in words
    assert "Their letter said: 'The inspection raises significant concerns about the effectiveness of the local area.'" in words
    assert about.count('(see <a href="index.html#area-wsoa') == 5
    assert "the quality of the online local offer (see The online local offer)" in words
    assert "Where this comes from: Ofsted and Care Quality Commission inspection letter, 14 September 2021" in words
    assert "It ran from January 2022 to June 2023, and its five areas are the first five parts of this site." in words


def test_with_no_background_the_about_page_says_nothing_about_an_inspection(fixture_site):
    text = public_fixture.TARGETS.read_text(encoding="utf-8")
    assert "background:" not in text
    about = (fixture_site / "about.html").read_text(encoding="utf-8")
    words = visible(about)
    assert 'id="inspection"' not in about and "#inspection" not in about
    for word in ("inspect", "Ofsted", "weakness", "2021", "Warwickshire", "January 2022"):
        assert word.lower() not in words.lower(), word
    assert "Each part of the plan has measures (figures with a target and a date)" in words


def test_no_area_or_inspection_of_the_sample_is_written_into_the_site_code():
    for module in ("metrics/views/site.py", "metrics/render/site_html.py"):
        code = (ROOT / module).read_text(encoding="utf-8")
        for word in ("Warwickshire", "Ofsted", "Care Quality", "July", "September", "five areas", "six strategy", "local offer", "ASD"):
            assert word not in code, (module, word)
    from metrics.views.family_words import TERMS

    for term in TERMS:
        assert not re.search(r"\b(19|20)\d\d\b|Warwickshire|\bfive\b|\bsix\b", term.explained), term.anchor


# -- the chart without the words across it ---------------------------------------------------------


def test_the_charts_labels_option_leaves_out_exactly_the_words_across_the_plot():
    import itertools

    from metrics.render import svgchart
    from metrics.views.site import build_site

    loaded = load(ROOT / "targets.yaml", ROOT / "sample_data")
    site = build_site(public_snapshot(loaded.plan, loaded.dataset, parse_as_of(SAMPLE_AS_OF)), loaded.statistics)
    pages = {p.id: p for p in site.measures}
    for measure, words in (
        ("autism_longest_wait", ["as at 1 Aug 2025"]),
        ("ehc_plans_within_20_weeks", ["as at 1 Aug 2025", "England", "Similar areas (mean)"]),
        ("ehc_plans_all", ["as at 1 Aug 2025", *(f.label for f in pages["ehc_plans_all"].chart.forecasts)]),
    ):
        drawn = {}
        for labels in (True, False):
            svgchart._ids = itertools.count(1)  # the same element ids in both drawings
            drawn[labels] = svgchart.chart_svg(pages[measure].chart, legend=False, hover=False, labels=labels)
        with_labels = drawn[True]
        for word in words:
            label = re.compile(r"<text [^>]*>" + re.escape(html.escape(word)) + "</text>")
            assert len(label.findall(with_labels)) == 1, (measure, word)
            assert not label.search(drawn[False]), (measure, word)
            with_labels = label.sub("", with_labels)
        assert with_labels == drawn[False], measure  # nothing else differs
