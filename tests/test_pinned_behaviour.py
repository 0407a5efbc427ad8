"""Behaviours the README and the pages promise, pinned by what a user sees.

* A changed data file shows on the next click, without a restart (a size change, and a same-size
  edit with a later modification time).
* ``?as_of=YYYY-MM-DD`` in a link is honoured: the banner and the statuses are as at that date.
* An overview tile says "data overdue" when the KPI's data is overdue at the as-of date, and only then.
* A public report shows no SPC icons for a ``suppress_small`` KPI, while the internal one does.

The pages run through app.py with AppTest; the report through ``python -m metrics report``.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from tests.conftest import html_text, page_text

ROOT = Path(__file__).resolve().parents[1]
SMALL = ROOT / "tests" / "fixtures" / "small"

WAIT = "Longest wait for an autism assessment"  # monthly; last value 22 weeks on 30 Sep 2023
OUT_OF_AREA = "Children placed out of area"  # quarterly; last value on 31 Mar 2025
CONFIDENCE = "Parent carers confident schools understand needs"  # termly; last value on 31 Jul 2025


def tiles(at) -> dict[str, str]:
    """The overview's tiles as drawn: the KPI title (from the tile's label) -> the tile's HTML."""
    found = {}
    for element in at.get("html"):
        for tile in re.findall(r'<article class="tile\b.*?</article>', element.proto.body, flags=re.DOTALL):
            label = re.search(r'aria-label="([^"]*)"', tile)
            assert label, tile
            found[html_text(label.group(1)).rsplit(": ", 1)[0]] = tile
    assert found, "the overview shows no tiles"
    return found


def tile_text(at, title: str) -> str:
    return html_text(tiles(at)[title])


def copy_small(tmp_path: Path) -> tuple[Path, Path]:
    shutil.copytree(SMALL, tmp_path / "plan")
    return tmp_path / "plan" / "targets.yaml", tmp_path / "plan" / "data"


# -- a changed data file shows on the next click ------------------------------------------------------------


def test_a_changed_data_file_shows_on_the_next_run(make_app, tmp_path):
    targets, data = copy_small(tmp_path)
    observations = data / "observations.csv"
    at = make_app("--as-of", "2025-08-01", targets=targets, data=data).run()
    assert not at.exception
    assert "22 weeks on 30 Sep 2023" in tile_text(at, WAIT)

    # a new value with more digits: the file grows by a byte
    before = observations.stat()
    text = observations.read_text(encoding="utf-8")
    old_row = "longest_wait,2023-09-30,22,"
    assert text.count(old_row) == 1
    observations.write_text(text.replace(old_row, "longest_wait,2023-09-30,125,"), encoding="utf-8", newline="")
    assert observations.stat().st_size != before.st_size

    at.run()
    assert not at.exception
    shown = tile_text(at, WAIT)
    assert "125 weeks on 30 Sep 2023" in shown and "22 weeks" not in shown
    assert "Deadline passed: 125 weeks on 30 Sep 2023" in page_text(at)


def test_a_same_size_edit_with_a_later_mtime_shows_on_the_next_run(make_app, tmp_path):
    targets, data = copy_small(tmp_path)
    observations = data / "observations.csv"
    at = make_app("--as-of", "2025-08-01", targets=targets, data=data).run()
    assert "22 weeks on 30 Sep 2023" in tile_text(at, WAIT)

    # same number of bytes; only the modification time tells the files apart
    before = observations.stat()
    text = observations.read_text(encoding="utf-8")
    observations.write_text(text.replace("longest_wait,2023-09-30,22,", "longest_wait,2023-09-30,19,"), encoding="utf-8", newline="")
    later = before.st_mtime_ns + 2_000_000_000
    os.utime(observations, ns=(later, later))
    after = observations.stat()
    assert after.st_size == before.st_size and after.st_mtime_ns == later

    at.run()
    assert not at.exception
    shown = tile_text(at, WAIT)
    assert "19 weeks on 30 Sep 2023" in shown and "22 weeks" not in shown


# -- ?as_of= in a link ---------------------------------------------------------------------------------------


def test_as_of_in_the_link_sets_the_banner_and_the_statuses(make_app):
    # today (no --as-of, no link date): the 13-week target of 31 Mar 2024 has passed at 22 weeks
    today = make_app().run()
    assert not today.exception
    assert "Data as at 1 Oct 2023" not in page_text(today)
    assert tile_text(today, WAIT).startswith("✖ Red ")

    # a board paper's link to 1 Oct 2023: the same 22 weeks was far better than planned
    linked = make_app(query={"as_of": "2023-10-01"}).run()
    assert not linked.exception
    text = page_text(linked)
    assert "Data as at 1 Oct 2023" in text
    assert not linked.warning, [w.value for w in linked.warning]
    assert linked.sidebar.date_input[0].value == dt.date(2023, 10, 1)
    wait = tile_text(linked, WAIT)
    assert wait.startswith("✔ Green "), wait
    assert "22 weeks on 30 Sep 2023; plan was 87.5 weeks; 65.5 weeks better than planned." in wait
    # the later values are not there yet on 1 Oct 2023
    assert "No data yet" in tile_text(linked, OUT_OF_AREA)


# -- the "data overdue" flag on a tile ----------------------------------------------------------------------


def test_tile_flags_data_overdue_only_for_the_kpi_whose_data_is_overdue(make_app):
    at = make_app("--as-of", "2025-08-01").run()
    assert not at.exception
    shown = tiles(at)
    # monthly, last value 30 Sep 2023: long overdue by 1 Aug 2025
    assert "data overdue" in html_text(shown[WAIT])
    # quarterly, last value 31 Mar 2025; termly, last value 31 Jul 2025: both fresh on 1 Aug 2025
    assert "data overdue" not in html_text(shown[OUT_OF_AREA])
    assert "data overdue" not in html_text(shown[CONFIDENCE])


def test_tile_data_overdue_flag_follows_the_as_of_date(make_app):
    # the same monthly KPI two weeks after its 30 Sep 2023 value: fresh, so no flag
    at = make_app("--as-of", "2023-10-15").run()
    assert not at.exception
    assert "data overdue" not in tile_text(at, WAIT)


# -- the public report leaves out SPC for small counts -----------------------------------------------------

SPC_PLAN = textwrap.dedent(
    """\
    title: SPC test plan
    organisation: Test council
    areas:
      - id: places
        title: Placements
    metrics:
      - id: out_of_area
        title: Children placed out of area
        area: places
        unit: children
        direction: decrease
        baseline: {date: 2022-12-31, value: 12}
        target: {date: 2026-12-31, value: 2}
        frequency: monthly
        lead: Placements manager
        source: Placements team
        public: true
        suppress_small: true
      - id: residential
        title: Children in residential placements
        area: places
        unit: children
        direction: decrease
        baseline: {date: 2022-12-31, value: 14}
        target: {date: 2026-12-31, value: 5}
        frequency: monthly
        lead: Placements manager
        source: Placements team
        public: true
        suppress_small: true
      - id: assessed
        title: Assessments completed
        area: places
        unit: assessments
        direction: increase
        baseline: {date: 2022-12-31, value: 40}
        target: {date: 2026-12-31, value: 80}
        frequency: monthly
        lead: Assessment manager
        source: Assessment team
        public: true
    actions:
      - id: act-1
        title: Review placements
        area: places
        due: 2026-06-30
        lead: Placements manager
        public: true
    """
)
# 24 month ends, Jan 2023 to Dec 2024: even without the 4 small values there are 20, enough for SPC
def month_end(year: int, month: int) -> dt.date:
    return dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)


MONTHS = [month_end(2023 + i // 12, i % 12 + 1) for i in range(24)]
SERIES = {
    # 3, 4, 2 and 4 are small counts (1 to 4): "fewer than 5" in public
    "out_of_area": [9, 8, 3, 9, 6, 4, 8, 7, 2, 6, 10, 4, 7, 9, 6, 8, 7, 9, 6, 8, 7, 10, 6, 8],
    # a suppress_small KPI that happens to have no small value
    "residential": [12, 11, 9, 12, 10, 8, 11, 10, 9, 12, 10, 11, 9, 10, 12, 8, 11, 9, 10, 12, 11, 9, 10, 11],
    "assessed": [41, 44, 39, 45, 42, 47, 43, 46, 44, 48, 45, 49, 47, 50, 48, 46, 49, 51, 47, 50, 52, 48, 51, 53],
}
RESIDENTIAL = "Children in residential placements"
ASSESSED = "Assessments completed"
SPC_WORDS = ("Common cause variation", "Special cause")


def kpi_article(report_html: str, title: str) -> str:
    match = re.search(rf'<article class="kpi"[^>]*>\s*<h3[^>]*>{re.escape(title)}</h3>.*?</article>', report_html, flags=re.DOTALL)
    assert match, f"the report has no KPI section for {title!r}"
    return match.group(0)


def shows_spc(article: str) -> bool:
    """The report's SPC row, with the variation in words."""
    return "<dt>SPC</dt>" in article and any(w in html_text(article) for w in SPC_WORDS)


def mentions_spc(article: str) -> bool:
    return "<dt>SPC</dt>" in article or any(w in html_text(article) for w in SPC_WORDS)


@pytest.fixture(scope="module")
def spc_reports(tmp_path_factory) -> dict[str, str]:
    """The progress report of SPC_PLAN as `python -m metrics report` writes it: internal and public."""
    root = tmp_path_factory.mktemp("spc-plan")
    plan, data = root / "targets.yaml", root / "data"
    data.mkdir()
    plan.write_text(SPC_PLAN, encoding="utf-8")
    rows = [f"{metric},{day.isoformat()},{value}" for metric, values in SERIES.items() for day, value in zip(MONTHS, values, strict=True)]
    (data / "observations.csv").write_text("metric_id,date,value\n" + "\n".join(rows) + "\n", encoding="utf-8")
    reports = {}
    for name, extra in (("internal", []), ("public", ["--public"])):
        out = root / f"{name}.html"
        args = ["report", "--kind", "progress", "--targets", str(plan), "--data", str(data), "--as-of", "2025-01-15", "--out", str(out), *extra]
        done = subprocess.run([sys.executable, "-m", "metrics", *args], cwd=ROOT, capture_output=True, text=True, timeout=120, check=False)
        assert done.returncode == 0, done.stdout + done.stderr
        reports[name] = out.read_text(encoding="utf-8")
    assert "Public version" in html_text(reports["public"]) and "Public version" not in html_text(reports["internal"])
    return reports


def test_internal_report_shows_spc_for_every_kpi_with_enough_values(spc_reports):
    for title in (OUT_OF_AREA, RESIDENTIAL, ASSESSED):
        article = kpi_article(spc_reports["internal"], title)
        assert shows_spc(article), f"{title}: {html_text(article)}"


def test_public_report_omits_spc_for_a_kpi_with_small_counts(spc_reports):
    assert any(1 <= v <= 4 for v in SERIES["out_of_area"]) and sum(v >= 5 for v in SERIES["out_of_area"]) >= 13
    article = kpi_article(spc_reports["public"], OUT_OF_AREA)
    # the KPI itself is public; only its SPC (limits worked out around the withheld values) is left out
    assert "Children placed out of area" in html_text(article)
    assert not mentions_spc(article), html_text(article)
    # a public KPI without small counts keeps its SPC icons: the omission is about small counts
    assert shows_spc(kpi_article(spc_reports["public"], ASSESSED))


def test_public_report_omits_spc_for_any_suppress_small_kpi(spc_reports):
    # docs/targets.md, suppress_small: "...and no trend is shown", even when no value is small yet
    assert min(SERIES["residential"]) >= 5
    article = kpi_article(spc_reports["public"], RESIDENTIAL)
    assert not mentions_spc(article), html_text(article)
