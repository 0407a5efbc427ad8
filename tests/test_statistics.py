"""Published statistics: ours beside England, the region and similar areas (metrics/domain/statistics.py),
their problems, the cache, the benchmark command and the DfE's real timeliness file.

tests/fixtures/statistics/timeliness.csv is worked by hand (values of pc_20_weeks, breakdown 'All plans'):

    LA (old code)        region  2022   2023   2024      neighbours of Ourtown: 802, E06000003 (803), 804, 808
    Ourtown (801) ours   North   60     c      45.5
    Alpha (802)   nb     North   70     65     45.5
    Beta (803)    nb     North   40     65     60
    Gamma (804)   nb     South   x      55     20
    Delta (805)          South   60     75     90
    Epsilon (806)        South   30     low    10
    Zeta (807)           North   80     ''     45.5
    Eta (808)     nb     South   50     45     100
    England                      50     52.5   48.4
    North / South                55/45  x/50   44/47

(plus a 'Male' row for Ourtown in 2022 and 2024 that the filter leaves out).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
from pathlib import Path

import numpy as np
import pytest

from metrics.cli import main
from metrics.domain.load import load
from metrics.domain.plan import ContextMeasure, LocalAuthority, Statistic
from metrics.domain.statistics import (
    EMPTY_STATISTICS,
    PeriodComparison,
    Ranked,
    clear_cache,
    compare,
    competition_ranks,
    load_statistics,
    period_date,
    quartile,
    read_neighbours_file,
    read_statistic,
    statistic_paths,
)
from metrics.views.benchmark import (
    comparison_columns,
    comparison_line,
    comparison_rows,
    ordinal,
)
from tests.helpers import ROOT

FIXTURE = ROOT / "tests" / "fixtures" / "statistics"
SHARED = ROOT.parent / "shared" / "dfe_send_statistics"  # ../shared/dfe_send_statistics beside the repository
OURTOWN = LocalAuthority(name="Ourtown", code="E06000001", old_code="801", neighbours=("802", "E06000003", "804", "808"))
SOURCE = "timeliness.csv (Test release 2025)"


@pytest.fixture(autouse=True)
def _fresh_cache(monkeypatch):
    for name in ("DASHBOARD_TARGETS", "DASHBOARD_DATA", "DASHBOARD_AS_OF", "DASHBOARD_PUBLIC"):
        monkeypatch.delenv(name, raising=False)
    clear_cache()
    yield
    clear_cache()


def fixture_copy(tmp_path: Path, yaml: tuple[str, str] | None = None, csv: tuple[str, str] | None = None, observations: str | None = None) -> Path:
    """The fixture plan copied to tmp_path/plan with one text replaced in the plan, the statistic's file or the data."""
    folder = tmp_path / "plan"
    shutil.copytree(FIXTURE, folder)
    for name, change in (("targets.yaml", yaml), ("timeliness.csv", csv)):
        if change:
            text = (folder / name).read_text(encoding="utf-8")
            assert text.count(change[0]) == 1, change[0]
            (folder / name).write_text(text.replace(*change), encoding="utf-8")
    if observations is not None:
        (folder / "data" / "observations.csv").write_text(observations, encoding="utf-8")
    return folder


def problems(tmp_path: Path, **changes) -> list[str]:
    folder = fixture_copy(tmp_path, **changes)
    loaded = load(folder / "targets.yaml", folder / "data")
    assert loaded.dataset is None and loaded.statistics is EMPTY_STATISTICS
    return [str(p).replace(f"{folder}/", "") for p in loaded.problems]


@pytest.fixture
def loaded():
    result = load(FIXTURE / "targets.yaml", FIXTURE / "data")
    assert [str(p) for p in result.problems] == []
    return result


def period(p: str, date: dt.date, value, symbol, england, region, mean, best, rank, of, quart) -> PeriodComparison:
    return PeriodComparison(p, date, value, symbol, england, region, mean, best, rank, of, quart)


# -- rules -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("identifier", "time_period", "label", "date"),
    [
        ("Calendar year", "2024", "2024", dt.date(2024, 12, 31)),
        ("calendar year", " 2019 ", "2019", dt.date(2019, 12, 31)),
        ("Academic year", "202324", "2023/24", dt.date(2024, 8, 31)),
        ("Academic year", "2023/24", "2023/24", dt.date(2024, 8, 31)),
        ("Academic year", "199900", "1999/00", dt.date(2000, 8, 31)),
        ("Financial year", "202324", "2023-24", dt.date(2024, 3, 31)),
        ("Financial year", "2023-24", "2023-24", dt.date(2024, 3, 31)),
    ],
)
def test_each_period_is_dated_at_its_end(identifier, time_period, label, date):
    assert period_date(identifier, time_period) == (label, date)


@pytest.mark.parametrize(
    ("identifier", "time_period", "field", "message"),
    [
        ("Spring term", "202324", "time_identifier", "'Spring term' cannot be dated (use Calendar year, Academic year or Financial year)"),
        ("Calendar year", "2024/25", "time_period", "'2024/25' is not a calendar year (write e.g. 2024)"),
        ("Academic year", "202325", "time_period", "'202325' is not an academic year (write e.g. 202324 or 2023/24)"),
        ("Academic year", "2023", "time_period", "'2023' is not an academic year (write e.g. 202324 or 2023/24)"),
        ("Financial year", "2023/2024", "time_period", "'2023/2024' is not a financial year (write e.g. 202324 or 2023-24)"),
    ],
)
def test_a_period_that_cannot_be_dated(identifier, time_period, field, message):
    with pytest.raises(ValueError) as raised:
        period_date(identifier, time_period)
    assert raised.value.args == (field, message)


def test_competition_ranking_shares_a_rank_and_skips_the_next():
    assert competition_ranks([5, 3, 3, 1], "increase") == [1, 2, 2, 4]
    assert competition_ranks([5, 3, 3, 1], "decrease") == [4, 2, 2, 1]
    assert competition_ranks([7, 7, 7], "increase") == [1, 1, 1]
    assert competition_ranks([5, 3], None) == [None, None]


@pytest.mark.parametrize(("rank", "of", "expected"), [(1, 151, 1), (37, 151, 1), (38, 151, 2), (76, 151, 3), (126, 151, 4), (151, 151, 4), (4, 8, 2), (5, 8, 3), (1, 4, 1), (4, 4, 4), (1, 3, None), (1, 1, None), (None, 8, None)])
def test_quartile_is_ceil_four_rank_over_of(rank, of, expected):
    assert quartile(rank, of) == expected


# -- the comparison, worked by hand ----------------------------------------------------------


def test_the_comparison_period_by_period(loaded):
    c = loaded.statistics.comparison("plans_20_weeks")
    assert (c.measure_id, c.statistic_id, c.source, c.area_name, c.region_name, c.direction) == ("plans_20_weeks", "timeliness", SOURCE, "Ourtown", "North", "increase")
    assert c.neighbour_names == ("Alpha", "Beta", "Gamma", "Eta")  # from old and new codes alike
    assert c.periods == (
        # neighbours 70, 40, (Gamma x), 50: mean 53.33; ranks 80, 70, 60 = 60, 50, 40, 30 -> 3rd of 7
        period("2022", dt.date(2022, 12, 31), 60.0, None, 50.0, 55.0, pytest.approx(160 / 3), 70.0, 3, 7, 2),
        # ours 'c', the region 'x', Epsilon 'low', Zeta empty: 5 LAs with a value; neighbours 65, 65, 55, 45
        period("2023", dt.date(2023, 12, 31), None, "c", 52.5, None, 57.5, 65.0, None, 5, None),
        # 100, 90, 60, then three at 45.5 share 4th (Alpha, ours, Zeta), 20 is 7th: 4th of 8 -> ceil(16/8) = 2
        period("2024", dt.date(2024, 12, 31), 45.5, None, 48.4, 44.0, 56.375, 100.0, 4, 8, 2),
    )
    assert c.period("2023").symbol == "c" and c.period(dt.date(2024, 12, 31)).rank == 4 and c.period("2021") is None


def test_every_la_of_the_latest_period_best_first_with_shared_ranks(loaded):
    latest = loaded.statistics.comparison("plans_20_weeks").latest
    assert latest == (
        Ranked("E06000008", "Eta", 100.0, 1, False, True),
        Ranked("E06000005", "Delta", 90.0, 2, False, False),
        Ranked("E06000003", "Beta", 60.0, 3, False, True),
        Ranked("E06000002", "Alpha", 45.5, 4, False, True),
        Ranked("E06000001", "Ourtown", 45.5, 4, True, False),
        Ranked("E06000007", "Zeta", 45.5, 4, False, False),
        Ranked("E06000004", "Gamma", 20.0, 7, False, True),
        Ranked("E06000006", "Epsilon", 10.0, 8, False, False),
    )


def test_without_a_direction_there_is_no_rank_no_quartile_and_no_best(loaded):
    c = loaded.statistics.comparison("plans_20_weeks_published")
    assert c.direction is None
    assert [(p.rank, p.quartile, p.neighbours_best) for p in c.periods] == [(None, None, None)] * 3
    assert [p.of for p in c.periods] == [7, 5, 8]
    assert [p.neighbours_mean for p in c.periods][1:] == [57.5, 56.375]
    assert [(r.name, r.rank) for r in c.latest] == [("Eta", None), ("Delta", None), ("Beta", None), ("Alpha", None), ("Ourtown", None), ("Zeta", None), ("Gamma", None), ("Epsilon", None)]


def test_decrease_ranks_the_smallest_first_and_the_best_neighbour_is_the_smallest():
    statistic = Statistic(id="timeliness", file="timeliness.csv", value="pc_20_weeks", filters={"breakdown": "All plans"})
    measure = ContextMeasure(id="m", title="M", area="a", unit="percent", direction="decrease", frequency="annual", lead="L", source="S", public=True)
    c = compare(read_statistic(statistic, FIXTURE / "timeliness.csv"), measure, OURTOWN, OURTOWN.neighbours)
    # 2022: 30, 40, 50 are better than our 60 -> 4th of 7, ceil(16/7) = 3; best neighbour Beta's 40
    # 2024: 10, 20, then 45.5 three times -> 3rd of 8, ceil(12/8) = 2; best neighbour Gamma's 20
    assert [(p.rank, p.of, p.quartile, p.neighbours_best) for p in c.periods] == [(4, 7, 3, 40.0), (None, 5, None, 45.0), (3, 8, 2, 20.0)]
    assert [r.name for r in c.latest] == ["Epsilon", "Gamma", "Alpha", "Ourtown", "Zeta", "Beta", "Delta", "Eta"]
    assert [r.rank for r in c.latest] == [1, 2, 3, 3, 3, 6, 7, 8]


def test_symbols_are_missing_values_with_the_symbol_kept():
    statistic = Statistic(id="t", file="timeliness.csv", value="pc_20_weeks", filters={"breakdown": "All plans"})
    table = read_statistic(statistic, FIXTURE / "timeliness.csv")
    assert table.las["801"]["2023"] == (None, "c", 17)  # (value, symbol, line)
    assert table.las["804"]["2022"] == (None, "x", 8)
    assert table.las["806"]["2023"] == (None, "low", 22)
    assert table.las["807"]["2023"] == (None, None, 23)  # an empty cell: missing, no symbol
    assert table.regions[("E12000001", "2023")] == (None, "x", 15)
    assert table.las["801"]["2024"] == (45.5, None, 28)  # not the 'Male' row on line 36


def test_observations_from_a_statistic_are_ours_with_missing_ones_skipped(loaded):
    series = loaded.dataset.series("plans_20_weeks_published")
    assert [str(d) for d in series.dates] == ["2022-12-31", "2024-12-31"]  # 2023 is 'c'
    assert list(series.values) == [60.0, 45.5]
    assert series.sources == (SOURCE, SOURCE) and series.notes == ("", "")
    assert not series.illustrative.any() and np.isnan(series.n).all()
    rows = loaded.dataset.observations
    mine = rows[rows["metric_id"] == "plans_20_weeks_published"]
    assert list(mine["line"]) == [5, 28] and set(mine["file"]) == {str(FIXTURE / "timeliness.csv")}
    # the data files' own observations are still there, and the frame is sorted by metric and date
    assert list(loaded.dataset.series("plans_20_weeks").values) == [52.0]
    assert list(rows["metric_id"]) == ["plans_20_weeks", "plans_20_weeks_published", "plans_20_weeks_published"]


def test_load_statistics_returns_the_observation_rows_in_the_data_files_columns(loaded):
    statistics, found, rows = load_statistics(loaded.plan, FIXTURE / "targets.yaml")
    assert found == [] and set(statistics.comparisons) == {"plans_20_weeks", "plans_20_weeks_published"}
    assert list(rows.columns) == ["metric_id", "date", "value", "n", "source", "note", "illustrative", "file", "line"]
    assert [str(d.date()) for d in rows["date"]] == ["2022-12-31", "2024-12-31"]


def test_statistic_paths_are_every_file_the_statistics_read(tmp_path, loaded):
    assert statistic_paths(loaded.plan, FIXTURE / "targets.yaml") == (FIXTURE / "timeliness.csv",)
    folder = fixture_copy(tmp_path, yaml=("neighbours: [802, E06000003, 804, 808]", "neighbours_file: sn.xlsx"))
    write_workbook(folder / "sn.xlsx", SN_ROWS)
    plan = load(folder / "targets.yaml", folder / "data").plan
    assert statistic_paths(plan, folder / "targets.yaml") == (folder / "timeliness.csv", folder / "sn.xlsx")


def test_a_plan_without_statistics_has_none(tmp_path):
    loaded = load(ROOT / "tests" / "fixtures" / "small" / "targets.yaml", ROOT / "tests" / "fixtures" / "small" / "data")
    assert loaded.ok and loaded.statistics is EMPTY_STATISTICS and loaded.statistics.comparison("confidence") is None


def test_check_says_how_many_statistics_it_read(capsys):
    args = ["--targets", str(FIXTURE / "targets.yaml"), "--data", str(FIXTURE / "data")]
    assert main(["check", *args]) == 0
    out = capsys.readouterr().out
    assert out.endswith("1 metric, 0 actions, 3 observations, 0 action updates, 1 published statistic; no problems.\n")


# -- the neighbours workbook -----------------------------------------------------------------


def write_workbook(path: Path, rows: list[list]) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "LA SN Groups"
    for row in rows:
        sheet.append(row)
    book.save(path)


SN_HEADER = ["LA num", "LA Name", "LA number", "GOInd", "GOReg", "SN1", "SNP", "SN2", "SNP", "SN3", "SNP", "SN4", "SNP"]
SN_ROWS = [
    ["A", "B", "C", "D", "E", 3, 4, 5, 6, 7, 8, 9, 10],  # the DfE file's two rows of column letters and numbers
    [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13],
    SN_HEADER,
    [802, "Alpha", 802, 1, "North", 801, "Close", 803, "Close", 807, "Close", 805, "Close"],
    [801, "Ourtown", 801, 1, "North", 802, "Very close", 803, "Close", 804, "Close", 808, "Close"],
    [None] * 13,
    [None, "Old SNs:"] + [None] * 11,
    [801, "Ourtown (pre LG)", 801, 1, "North", 805, "Close", 806, "Close", 807, "Close", 808, "Close"],
]


def test_neighbours_from_the_dfe_workbook(tmp_path):
    folder = fixture_copy(tmp_path, yaml=("neighbours: [802, E06000003, 804, 808]", "neighbours_file: sn.xlsx"))
    write_workbook(folder / "sn.xlsx", SN_ROWS)
    book = read_neighbours_file(folder / "sn.xlsx")
    assert book.rows["801"] == ("Ourtown", ("802", "803", "804", "808"))  # the first row for 801, not the 'Old SNs' one
    loaded = load(folder / "targets.yaml", folder / "data")
    c = loaded.statistics.comparison("plans_20_weeks")
    assert c.neighbour_names == ("Alpha", "Beta", "Gamma", "Eta")
    assert [p.neighbours_mean for p in c.periods] == [pytest.approx(160 / 3), 57.5, 56.375]


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        ([SN_HEADER, SN_ROWS[3]], "targets.yaml:13: local_authority.neighbours_file: Ourtown (801 or E06000001) is not in sn.xlsx (its rows are keyed by LA number)"),
        ([["LA", "Name"], [801, "Ourtown"]], "targets.yaml:13: local_authority.neighbours_file: sn.xlsx has no sheet with a header row naming 'LA number' and SN1 to SN10 (expected the DfE statistical neighbours workbook)"),
        ([SN_HEADER, [801, "Ourtown", 801, 1, "North", 802, "Close", 999, "Close", 804, "Close", 808, "Close"]],
         "targets.yaml:13: local_authority.neighbours_file: neighbour 999 (SN2 in sn.xlsx) is not a local authority in timeliness.csv (statistic 'timeliness')"),
    ],
)  # fmt: skip
def test_problems_with_the_neighbours_workbook(tmp_path, rows, message):
    folder = fixture_copy(tmp_path, yaml=("neighbours: [802, E06000003, 804, 808]", "neighbours_file: sn.xlsx"))
    write_workbook(folder / "sn.xlsx", rows)
    loaded = load(folder / "targets.yaml", folder / "data")
    assert [str(p).replace(f"{folder}/", "") for p in loaded.problems] == [message]


def test_a_neighbours_workbook_that_is_missing_or_not_a_workbook(tmp_path):
    assert problems(tmp_path, yaml=("neighbours: [802, E06000003, 804, 808]", "neighbours_file: sn.xlsx")) == [
        "targets.yaml:13: local_authority.neighbours_file: 'sn.xlsx' not found (looked for sn.xlsx)"  # the full path, here without tmp_path
    ]
    assert problems(tmp_path / "2", yaml=("neighbours: [802, E06000003, 804, 808]", "neighbours_file: timeliness.csv")) == [
        "targets.yaml:13: local_authority.neighbours_file: timeliness.csv cannot be read as an Excel workbook (.xlsx)"
    ]
    assert problems(tmp_path / "3", yaml=("neighbours: [802, E06000003, 804, 808]", "neighbours: [802]\n  neighbours_file: sn.xlsx")) == [
        "targets.yaml:14: local_authority.neighbours_file: give neighbours or neighbours_file, not both"
    ]


# -- every problem, with its exact message ---------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        pytest.param(
            {"yaml": ("value: pc_20_weeks", "value: pc_20_week")},
            "targets.yaml:17: statistic 'timeliness': value: no column 'pc_20_week' in timeliness.csv (did you mean 'pc_20_weeks'?)",
            id="value column",
        ),
        pytest.param(
            {"yaml": ("value: pc_20_weeks", "value: percent")},
            "targets.yaml:17: statistic 'timeliness': value: no column 'percent' in timeliness.csv (its columns: time_period, time_identifier, "
            "geographic_level, country_code, country_name, region_code, region_name, new_la_code, old_la_code, la_name, breakdown, plans, ...)",
            id="value column, nothing close",
        ),
        pytest.param(
            {"yaml": ("filters: {breakdown: All plans}", "filters: {breakdwn: All plans}")},
            "targets.yaml:18: statistic 'timeliness': filters.breakdwn: no column 'breakdwn' in timeliness.csv (did you mean 'breakdown'?)",
            id="filter column",
        ),
        pytest.param(
            {"yaml": ("filters: {breakdown: All plans}", "filters: {breakdown: All plan}")},
            "targets.yaml:18: statistic 'timeliness': filters.breakdown: no row of timeliness.csv has breakdown 'All plan' (did you mean 'All plans'?)",
            id="filter value",
        ),
        pytest.param(
            {"csv": ("time_period,time_identifier", "period,time_identifier")},
            "targets.yaml:15: statistic 'timeliness': columns.time_period: no column 'time_period' in timeliness.csv "
            "(did you mean 'period'? Then add columns: {time_period: period} to the statistic)",
            id="mapped column",
        ),
        pytest.param(
            {"yaml": ('    release: "Test release 2025"', '    release: "Test release 2025"\n    columns: {la_name: authority}')},
            "targets.yaml:20: statistic 'timeliness': columns.la_name: no column 'authority' in timeliness.csv (its columns: time_period, "
            "time_identifier, geographic_level, country_code, country_name, region_code, region_name, new_la_code, old_la_code, la_name, breakdown, plans, ...)",
            id="renamed column",
        ),
        pytest.param(
            {"yaml": ("file: timeliness.csv", "file: timeliness_2025.csv")},
            "targets.yaml:16: statistic 'timeliness': file: 'timeliness_2025.csv' not found (looked for timeliness_2025.csv)",
            id="missing file",
        ),
        pytest.param(
            {"yaml": ("code: E06000001\n  old_code: 801", "code: E06000099\n  old_code: 899")},
            "targets.yaml:11: local_authority.code: Ourtown (E06000099, old code 899) is not a local authority in timeliness.csv (statistic 'timeliness')",
            id="our code",
        ),
        pytest.param(
            {"yaml": ("neighbours: [802, E06000003, 804, 808]", "neighbours: [802, E06000003, 999, 808]")},
            "targets.yaml:13: local_authority.neighbours[2]: '999' is not a local authority in timeliness.csv (statistic 'timeliness')",
            id="neighbour code",
        ),
        pytest.param(
            {"csv": ("2023,Calendar year,Local authority,E92000001,England,E12000001,North,E06000002", "2023,Spring term,Local authority,E92000001,England,E12000001,North,E06000002")},
            "timeliness.csv:18: statistic 'timeliness': time_identifier: 'Spring term' cannot be dated (use Calendar year, Academic year or Financial year)",
            id="time identifier",
        ),
        pytest.param(
            {"csv": ("2024,Calendar year,National", "2024/25,Calendar year,National")},
            "timeliness.csv:25: statistic 'timeliness': time_period: '2024/25' is not a calendar year (write e.g. 2024)",
            id="time period",
        ),
        pytest.param(
            {"csv": ("Alpha,All plans,100,65", "Alpha,All plans,100,65%")},
            "timeliness.csv:18: statistic 'timeliness': pc_20_weeks: '65%' is not a number or a DfE symbol (x, z, c, low, u, k, :, ~, ..)",
            id="value not a number",
        ),
        pytest.param(
            {"csv": ("Alpha,All plans,100,65", "Alpha\x0b,All plans,100,65")},
            "timeliness.csv:18: statistic 'timeliness': contains a control character (U+000B, vertical tab) at column 89: delete it (it cannot be seen, and spreadsheets refuse it)",
            id="control character",
        ),
        pytest.param(
            {"yaml": ("file: timeliness.csv", "file: data")},
            "targets.yaml:16: statistic 'timeliness': file: 'data' is a folder, not a file",
            id="a folder given for the file",
        ),
        pytest.param(
            {"yaml": ("    filters: {breakdown: All plans}\n", "")},
            "targets.yaml:15: statistic 'timeliness': filters: timeliness.csv has more than one row for Ourtown in 2022 (lines 5 and 13; "
            "2 repeated rows in all): add filters so that one row is left for each area and period; the rows differ in breakdown",
            id="two rows for an area and period",
        ),
        pytest.param(
            {"observations": "metric_id,date,value\nplans_20_weeks,2024-06-30,52\nplans_20_weeks_published,2024-12-31,45\nplans_20_weeks_published,2023-12-31,45\n"},
            "data/observations.csv:3: context measure 'plans_20_weeks_published': metric_id: 2 rows here (the first on this line), but its "
            "observations come from statistic 'timeliness' (observations_from in targets.yaml): remove them, or remove observations_from",
            id="observations in the data files too",
        ),
    ],
)
def test_each_statistics_problem_gives_one_exact_message(tmp_path, changes, expected):
    assert problems(tmp_path, **changes) == [expected]  # paths shown relative to the plan's folder


def test_check_prints_statistics_problems_and_exits_2(tmp_path, capsys):
    folder = fixture_copy(tmp_path, yaml=("value: pc_20_weeks", "value: pc_20_week"))
    assert main(["check", "--targets", str(folder / "targets.yaml"), "--data", str(folder / "data")]) == 2
    err = capsys.readouterr().err
    assert err == (
        f"{folder}/targets.yaml:17: statistic 'timeliness': value: no column 'pc_20_week' in timeliness.csv (did you mean 'pc_20_weeks'?)\n"
        "1 problem found; nothing was changed.\n"
    )


# -- the cache -------------------------------------------------------------------------------


def test_an_unchanged_file_is_parsed_once_and_a_changed_one_again(tmp_path):
    folder = fixture_copy(tmp_path)
    statistic = Statistic(id="t", file="timeliness.csv", value="pc_20_weeks", filters={"breakdown": "All plans"})
    path = folder / "timeliness.csv"
    first = read_statistic(statistic, path)
    assert read_statistic(statistic, path) is first
    assert read_statistic(statistic.model_copy(update={"value": "plans"}), path) is not first  # other settings: parsed for them
    text = path.read_text(encoding="utf-8").replace("Ourtown,All plans,100,45.5", "Ourtown,All plans,100,47.5")  # the same size
    path.write_text(text, encoding="utf-8")
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))  # a new modification time
    again = read_statistic(statistic, path)
    assert again is not first and again.las["801"]["2024"].value == 47.5
    assert read_statistic(statistic, path) is again


def test_load_reads_the_changed_file(tmp_path):
    folder = fixture_copy(tmp_path)
    before = load(folder / "targets.yaml", folder / "data").statistics.comparison("plans_20_weeks").period("2024")
    path = folder / "timeliness.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("Ourtown,All plans,100,45.5", "Ourtown,All plans,100,95"), encoding="utf-8")
    after = load(folder / "targets.yaml", folder / "data").statistics.comparison("plans_20_weeks").period("2024")
    assert (before.value, before.rank) == (45.5, 4) and (after.value, after.rank) == (95.0, 2)


# -- what people read ------------------------------------------------------------------------


def test_the_tile_line_and_the_table_rows(loaded):
    c = loaded.statistics.comparison("plans_20_weeks")
    assert comparison_line(c, "percent") == "2024: England 48.4%, similar areas 56.4%; 4th of 8"
    assert comparison_line(loaded.statistics.comparison("plans_20_weeks_published"), "percent") == "2024: England 48.4%, similar areas 56.4%"
    assert [h for _, h in comparison_columns(c)] == ["Period", "Ourtown", "England", "North", "Similar areas (mean)", "Best similar area", "Rank", "Quartile"]
    assert comparison_rows(c, "percent") == [
        {"period": "2022", "ours": "60%", "england": "50%", "region": "55%", "neighbours_mean": "53.3%", "neighbours_best": "70%", "rank": "3rd of 7", "quartile": "2"},
        {"period": "2023", "ours": "c (confidential)", "england": "52.5%", "region": "–", "neighbours_mean": "57.5%", "neighbours_best": "65%", "rank": "–", "quartile": "–"},
        {"period": "2024", "ours": "45.5%", "england": "48.4%", "region": "44%", "neighbours_mean": "56.4%", "neighbours_best": "100%", "rank": "4th of 8", "quartile": "2"},
    ]


def test_the_tile_line_when_ours_is_withheld(tmp_path):
    folder = fixture_copy(tmp_path, csv=("Ourtown,All plans,100,45.5", "Ourtown,All plans,3,c"))
    c = load(folder / "targets.yaml", folder / "data").statistics.comparison("plans_20_weeks")
    assert comparison_line(c, "percent") == "2024: England 48.4%, similar areas 56.4%; Ourtown: c (confidential)"


@pytest.mark.parametrize(("n", "text"), [(1, "1st"), (2, "2nd"), (3, "3rd"), (4, "4th"), (11, "11th"), (12, "12th"), (13, "13th"), (21, "21st"), (102, "102nd"), (111, "111th"), (126, "126th")])
def test_ordinal(n, text):
    assert ordinal(n) == text


# -- python -m metrics benchmark -------------------------------------------------------------

ARGS = ["--targets", str(FIXTURE / "targets.yaml"), "--data", str(FIXTURE / "data")]


def test_benchmark_json(capsys):
    assert main(["benchmark", *ARGS, "--metric", "plans_20_weeks", "--format", "json"]) == 0
    record = json.loads(capsys.readouterr().out)
    assert {k: record[k] for k in ("metric", "statistic", "source", "area", "region")} == {
        "metric": "plans_20_weeks", "statistic": "timeliness", "source": SOURCE, "area": "Ourtown", "region": "North",
    }  # fmt: skip
    assert record["periods"] == [
        {"period": "2022", "date": "2022-12-31", "value": 60.0, "symbol": None, "england": 50.0, "region": 55.0,
         "neighbours_mean": 53.333333, "neighbours_best": 70.0, "rank": 3, "of": 7, "quartile": 2},
        {"period": "2023", "date": "2023-12-31", "value": None, "symbol": "c", "england": 52.5, "region": None,
         "neighbours_mean": 57.5, "neighbours_best": 65.0, "rank": None, "of": 5, "quartile": None},
        {"period": "2024", "date": "2024-12-31", "value": 45.5, "symbol": None, "england": 48.4, "region": 44.0,
         "neighbours_mean": 56.375, "neighbours_best": 100.0, "rank": 4, "of": 8, "quartile": 2},
    ]  # fmt: skip


def test_benchmark_csv(capsys):
    assert main(["benchmark", *ARGS, "--metric", "plans_20_weeks", "--format", "csv"]) == 0
    assert capsys.readouterr().out == (
        "period,date,value,symbol,england,region,neighbours_mean,neighbours_best,rank,of,quartile\n"
        "2022,2022-12-31,60.0,,50.0,55.0,53.333333,70.0,3,7,2\n"
        "2023,2023-12-31,,c,52.5,,57.5,65.0,,5,\n"
        "2024,2024-12-31,45.5,,48.4,44.0,56.375,100.0,4,8,2\n"
    )


def test_benchmark_table_is_the_default(capsys):
    assert main(["benchmark", *ARGS, "--metric", "plans_20_weeks"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[:5] == [
        "EHC plans issued within 20 weeks: Ourtown beside England, North and similar areas",
        "PERIOD  OURTOWN           ENGLAND  NORTH  SIMILAR AREAS (MEAN)  BEST SIMILAR AREA  RANK      QUARTILE",
        "2022    60%               50%      55%    53.3%                 70%                3rd of 7  2",
        "2023    c (confidential)  52.5%    –      57.5%                 65%                –         –",
        "2024    45.5%             48.4%    44%    56.4%                 100%               4th of 8  2",
    ]
    assert lines[5].startswith("Similar areas: the mean of Ourtown's 4 statistical neighbours") and lines[5].endswith(f"Source: {SOURCE}.")


def test_benchmark_of_an_unknown_metric_or_one_without_compare_exits_2(tmp_path, capsys):
    assert main(["benchmark", *ARGS, "--metric", "nope"]) == 2
    assert capsys.readouterr().err == "--metric: no metric 'nope' in the plan (known: plans_20_weeks, plans_20_weeks_published)\n"
    folder = fixture_copy(tmp_path, yaml=("    public: true\n    compare: timeliness\n  - id", "    public: true\n  - id"))
    targets = str(folder / "targets.yaml")
    assert main(["benchmark", "--targets", targets, "--data", str(folder / "data"), "--metric", "plans_20_weeks"]) == 2
    assert capsys.readouterr().err == (
        f"--metric: metric 'plans_20_weeks' is not compared with published statistics (give it compare: STATISTIC_ID in {targets}; "
        "metrics compared: plans_20_weeks_published)\n"
    )


def test_benchmark_needs_a_metric(capsys):
    with pytest.raises(SystemExit) as exited:
        main(["benchmark", *ARGS])
    assert exited.value.code == 2 and "the following arguments are required: --metric" in capsys.readouterr().err


# -- the DfE's real file ---------------------------------------------------------------------


def test_the_real_timeliness_file_gives_the_dfe_figures(tmp_path):
    timeliness, neighbours = SHARED / "timeliness_20_week.csv", SHARED / "sn_may_2025.xlsx"
    for path in (timeliness, neighbours):
        assert path.is_file(), f"the DfE statistics are missing: expected {path} (../shared/dfe_send_statistics relative to the repository root)"
    plan = (FIXTURE / "targets.yaml").read_text(encoding="utf-8")
    for old, new in (
        ("  name: Ourtown\n  code: E06000001\n  old_code: 801\n  neighbours: [802, E06000003, 804, 808]",
         f"  name: Warwickshire\n  code: E10000031\n  old_code: 937\n  neighbours_file: {neighbours}"),
        ("    file: timeliness.csv\n    value: pc_20_weeks\n    filters: {breakdown: All plans}",
         f"    file: {timeliness}\n    value: PC_plans_issued_20_weeks_ex\n    filters: {{breakdown_topic: All EHC plans issued, breakdown: All EHC plans issued}}"),
    ):  # fmt: skip
        assert plan.count(old) == 1
        plan = plan.replace(old, new)
    (tmp_path / "targets.yaml").write_text(plan, encoding="utf-8")
    shutil.copytree(FIXTURE / "data", tmp_path / "data")
    loaded = load(tmp_path / "targets.yaml", tmp_path / "data")
    assert [str(p) for p in loaded.problems] == []
    c = loaded.statistics.comparison("plans_20_weeks")
    years = [p.period for p in c.periods]
    assert years == ["2019", "2020", "2021", "2022", "2023", "2024"]
    # EHC plans issued within 20 weeks excluding exceptions, %: the DfE's figures (2025 release)
    assert [p.value for p in c.periods] == [88.5, 90.0, 74.9, 56.2, 42.9, 21.3]  # Warwickshire
    assert [p.england for p in c.periods] == [60.4, 58.0, 59.9, 49.2, 50.3, 46.4]
    assert [p.region for p in c.periods] == [53.7, 50.0, 62.6, 50.1, 49.5, 42.3]  # West Midlands
    assert c.region_name == "West Midlands" and len(c.neighbour_names) == 10 and c.neighbour_names[0] == "Gloucestershire"
    latest = c.period("2024")
    assert (latest.rank, latest.of, latest.quartile) == (126, 151, 4)
    assert latest.neighbours_mean == pytest.approx(33.49) and latest.neighbours_best == 61.5
    assert comparison_line(c, "percent") == "2024: England 46.4%, similar areas 33.5%; 126th of 151"
    assert [r.name for r in c.latest[:3]] == ["Barnet", "Isles of Scilly", "Kensington and Chelsea"] and c.latest[0].rank == c.latest[2].rank == 1
    published = loaded.dataset.series("plans_20_weeks_published")
    assert list(published.values) == [88.5, 90.0, 74.9, 56.2, 42.9, 21.3] and str(published.dates[-1]) == "2024-12-31"


# -- the documentation -----------------------------------------------------------------------


def statistics_docs() -> str:
    text = (ROOT / "docs" / "data-format.md").read_text(encoding="utf-8")
    return text[text.index("## Statistics files") :]


def test_the_documented_benchmark_output_is_what_the_sample_plan_prints(capsys):
    [(info, documented)] = re.findall(r"^```text (benchmark .*?)\n(.*?)^```", statistics_docs(), re.M | re.S)
    assert main([*info.split(), "--targets", str(ROOT / "targets.yaml"), "--data", str(ROOT / "sample_data")]) == 0
    assert capsys.readouterr().out == documented


def test_every_benchmark_key_and_symbol_is_documented(capsys):
    from metrics.domain.statistics import SYMBOLS
    from metrics.views.benchmark import PERIOD_KEYS, SYMBOL_MEANINGS

    text = statistics_docs()
    assert main(["benchmark", *ARGS, "--metric", "plans_20_weeks", "--format", "json"]) == 0
    record = json.loads(capsys.readouterr().out)
    keys = set(record) | {k for p in record["periods"] for k in p}
    assert keys == set(PERIOD_KEYS) | {"metric", "statistic", "source", "area", "region", "neighbours", "direction", "periods"}
    assert sorted(k for k in keys if f"`{k}`" not in text) == []
    assert set(SYMBOL_MEANINGS) == set(SYMBOLS)
    for symbol in SYMBOLS:
        assert f"`{symbol}`" in text and SYMBOL_MEANINGS[symbol] in text, symbol
