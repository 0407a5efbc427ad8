"""The sample plan and data say truthfully where every number comes from.

Issue "Truthful statuses and provenance": a plan number that is in no source document is marked
`assumed` with a note saying why and by whom; an action update that was made up is marked
`illustrative`; a narrative's citation vouches only for facts the cited document states. These
tests read the real `targets.yaml` and `sample_data/` (not a fixture), so they fail as soon as the
sample stops saying where its numbers come from.

The source documents themselves live outside the repository (`../shared/seeds`), and so do the
DfE's official statistics (`../shared/dfe_send_statistics`) that `sample_data/statistics` is cut
from. The tests that compare quotes and figures with them fail when they are not there (never a
silent skip).
"""

from __future__ import annotations

import csv
import datetime as dt
import importlib.util
import re
import shutil
from pathlib import Path

import openpyxl
import pytest

from metrics.domain.data import load_data
from metrics.domain.load import load
from metrics.domain.plan import load_plan
from tests.conftest import ROOT

TARGETS = ROOT / "targets.yaml"
DATA = ROOT / "sample_data"
SEEDS = ROOT.parent / "shared" / "seeds"

SEED_FILES = {
    "000_9729ffdfda7c06fd.txt": "Council news release",
    "001_64e3e2f8964ad6f4.txt": "SEND and Inclusion Strategy",
    "002_35c0b211b197df13.txt": "local newspaper",
    "003_bc988dd4f38747a2.txt": "Written Statement of Action",
    "004_0d438a1616ad04c9.txt": "inspection letter",
}

# The survey and web baselines the WSoA planned but never published: invented for the sample.
INVENTED_BASELINES = {
    "schools_understand_services": 48,
    "parents_confident_schools_understand": 34,
    "families_confident_mainstream": 38,
    "school_staff_confident": 52,
    "families_report_staff_confident": 31,
    "training_delegates_understanding": 74,
    "landing_page_feedback_good": 64,
    "users_find_what_they_need": 58,
}

# Targets in no source document, kept and marked assumed (see targets.yaml's header for why).
ASSUMED_TARGETS = {
    "ehc_plans_within_20_weeks": (dt.date(2029, 12, 31), 100),  # strategy: "meet the statutory timescales", no figure
    "local_offer_visits": (dt.date(2023, 12, 31), 30000),  # in no document at all
    "diagnosis_needed_for_adjustments": (dt.date(2022, 12, 31), 75),  # WSoA: a "reduction" from 85%, no figure
    "autism_adhd_diagnosis_wait": (dt.date(2029, 12, 31), 18),  # strategy: waits "in excess of 18 weeks", no target
}

# Action updates that are real reported updates, not made up. Empty on purpose: no source document
# gives the BRAG status of any single action (the newspaper, 002, says only that "most actions are
# on track" in February 2024), so every status in the sample, and the date it is given on, is
# invented, even where the narrative beside it quotes only published facts. An update may join
# this list only if a document gives that action's status on that date and states every fact in
# its narrative.
REAL_UPDATES: set[tuple[str, dt.date]] = set()

# A citation of a source document inside a narrative, as the sample writes them.
CITATION = re.compile(r"\((Council news release|SEND and Inclusion Strategy|local newspaper|Written Statement of Action|WSoA|Ofsted)[^)]*\)")
CITED_SEED = {
    "Council news release": "000_9729ffdfda7c06fd.txt",
    "SEND and Inclusion Strategy": "001_64e3e2f8964ad6f4.txt",
    "local newspaper": "002_35c0b211b197df13.txt",
    "Written Statement of Action": "003_bc988dd4f38747a2.txt",
    "WSoA": "003_bc988dd4f38747a2.txt",
    "Ofsted": "004_0d438a1616ad04c9.txt",
}


@pytest.fixture(scope="module")
def sample():
    loaded = load(TARGETS, DATA)
    assert loaded.ok, loaded.problems
    return loaded


@pytest.fixture(scope="module")
def plan():
    plan, problems = load_plan(TARGETS, "targets.yaml")
    assert problems == [], problems
    return plan


def points(plan):
    """(metric id, field name, point) for every plan number: baselines, milestones, targets."""
    return [(m.id, name, point) for m in plan.metrics for name, point in m.plan_points]


def seed_text(name: str) -> str:
    path = SEEDS / name
    assert path.is_file(), f"the source documents are missing: expected {path} (../shared/seeds relative to the repository root)"
    return path.read_text(encoding="utf-8")


def folded(text: str) -> str:
    """Lower case, one space between words, typographic quotes made plain: for finding quotes."""
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("\u201c", '"').replace("\u201d", '"')
    return re.sub(r"\s+", " ", text).strip().lower()


# -- the plan: every number says where it comes from -------------------------------------------


def test_every_assumed_plan_number_has_a_note(plan):
    assumed = [(mid, name, p) for mid, name, p in points(plan) if p.assumed]
    assert assumed, "the sample plan has assumed numbers; none were read as assumed"
    assert [(mid, name) for mid, name, p in assumed if not (p.note and p.note.strip())] == []


def test_every_plan_number_in_the_sample_has_a_note(plan):
    missing = [f"{mid}.{name}" for mid, name, p in points(plan) if not (p.note and p.note.strip())]
    assert missing == [], "every baseline, milestone and target should say where it comes from"


def test_the_eight_invented_baselines_are_assumed_with_a_note_saying_so(plan):
    for metric_id, value in INVENTED_BASELINES.items():
        baseline = plan.metric(metric_id).baseline
        assert (baseline.value, baseline.assumed) == (value, True), metric_id
        assert "Invented for the demonstration" in baseline.note, metric_id
        assert "Replace with the real" in baseline.note, metric_id


def test_exactly_the_audited_numbers_are_assumed(plan):
    assumed = {(mid, name) for mid, name, p in points(plan) if p.assumed}
    expected = {(mid, "baseline") for mid in INVENTED_BASELINES} | {(mid, "target") for mid in ASSUMED_TARGETS}
    assert assumed == expected


def test_assumed_notes_say_why_and_by_whom(plan):
    for mid, name, p in points(plan):
        if p.assumed:
            assert "the dashboard's authors" in p.note, f"{mid}.{name}: say who assumed it"
            assert any(w in p.note for w in ("Invented", "Assumed", "In no source document")), f"{mid}.{name}: say why"


def test_targets_in_no_source_are_assumed_and_say_so(plan):
    for metric_id, (date, value) in ASSUMED_TARGETS.items():
        target = plan.metric(metric_id).target
        assert (target.date, target.value, target.assumed) == (date, value, True), metric_id
    for metric_id in ("ehc_plans_within_20_weeks", "local_offer_visits"):
        assert plan.metric(metric_id).target.note.startswith("In no source document."), metric_id


def test_zero_baselines_are_zero_by_definition_and_not_assumed(plan):
    zeros = [m for m in plan.metrics if m.baseline.value == 0]
    assert len(zeros) >= 9
    for metric in zeros:
        assert not metric.baseline.assumed, metric.id
        assert metric.baseline.note.startswith("0 by definition"), metric.id


def test_not_assumed_numbers_do_not_claim_to_be_assumed(plan):
    for mid, name, p in points(plan):
        if not p.assumed:
            assert "Invented" not in p.note and "Assumed by" not in p.note and "In no source" not in p.note, f"{mid}.{name}"


def test_every_metric_and_action_names_its_source_document(plan):
    for item in (*plan.metrics, *plan.actions):
        assert item.source and any(name in item.source for name in SEED_FILES), item.id


def test_quotes_in_plan_notes_are_in_the_source_documents(plan):
    corpus = folded(" ".join(seed_text(name) for name in SEED_FILES))
    quote = re.compile(r"(?:^|(?<=[\s(]))'(.+?)'(?=[\s.,;:)]|$)")
    checked = 0
    for mid, name, p in points(plan):
        for text in quote.findall(p.note):
            for part in text.split("..."):
                assert folded(part) in corpus, f"{mid}.{name}: '{part}' is not in any source document"
                checked += 1
    assert checked >= 40


# -- the KPIs the seeds give that were missing --------------------------------------------------


def test_the_diagnosis_for_adjustments_kpi_cites_the_wsoa(plan, sample):
    metric = plan.metric("diagnosis_needed_for_adjustments")
    assert "003_bc988dd4f38747a2.txt" in metric.source and "1.2.3" in metric.source
    assert (metric.unit, metric.direction) == ("percent", "decrease")
    assert (metric.baseline.value, metric.baseline.assumed) == (85, False)
    [published] = [r for r in sample.dataset.series(metric.id).rows() if not r["illustrative"]]
    assert (published["value"], published["date"]) == (85, metric.baseline.date)
    assert published["source"].startswith("003_bc988dd4f38747a2.txt")


def test_the_autism_and_adhd_wait_kpi_cites_the_strategy(plan, sample):
    metric = plan.metric("autism_adhd_diagnosis_wait")
    assert "001_64e3e2f8964ad6f4.txt" in metric.source and "in excess of 18 weeks" in metric.source
    assert (metric.unit, metric.direction, metric.area) == ("weeks", "decrease", "strategy1")
    assert (metric.baseline.date, metric.baseline.value, metric.baseline.assumed) == (dt.date(2024, 11, 30), 18, False)
    assert "lower bound" in metric.baseline.note
    # "in excess of 18 weeks" is not a value: no row of the series may present it as published
    assert all(r["illustrative"] for r in sample.dataset.series(metric.id).rows())


def test_the_wsoa_local_offer_visits_kpi_keeps_the_wsoa_dates(plan, sample):
    metric = plan.metric("local_offer_visits_increase")
    assert "003_bc988dd4f38747a2.txt" in metric.source and "5.1.2" in metric.source
    assert (metric.baseline.value, metric.baseline.assumed) == (0, False)
    assert (metric.target.date, metric.target.value, metric.target.assumed) == (dt.date(2022, 12, 31), 50, False)
    assert all(r["illustrative"] for r in sample.dataset.series(metric.id).rows())


# -- the data: each row says which kind it is ---------------------------------------------------


@pytest.mark.parametrize(("name", "illustrative"), [("observations_published.csv", False), ("observations_illustrative.csv", True)])
def test_each_observation_file_holds_one_kind(tmp_path, plan, name, illustrative):
    shutil.copy(DATA / name, tmp_path / name)
    dataset, problems = load_data(tmp_path, plan, "sample_data")
    assert problems == []
    obs = dataset.observations
    assert len(obs) and set(obs["illustrative"]) == {illustrative}
    if not illustrative:
        assert all(any(s.startswith(seed) for seed in SEED_FILES) for s in obs["source"])


def test_every_sample_action_update_is_illustrative(sample):
    updates = sample.dataset.updates
    assert len(updates) >= 145
    real = {(u.action_id, u.date) for u in updates if not u.illustrative}
    assert real == REAL_UPDATES, "an update not made up must be justified in REAL_UPDATES"


def test_a_citation_in_a_narrative_vouches_only_for_its_own_published_sentence(sample):
    cited = 0
    for u in sample.dataset.updates:
        for text in (u.narrative, u.public_narrative):
            for sentence in re.split(r"(?<=[.!?])\s+(?=[A-Z])", text):
                if CITATION.search(sentence):
                    cited += 1
                    assert sentence.startswith("Published: "), f"{u.action_id} {u.date}: {sentence}"
    assert cited >= 10


def test_published_sentences_only_give_figures_the_cited_document_states(sample):
    checked = 0
    for u in sample.dataset.updates:
        for sentence in re.split(r"(?<=[.!?])\s+(?=[A-Z])", u.narrative):
            if not sentence.startswith("Published: "):
                continue
            docs = {CITED_SEED[m.group(1)] for m in CITATION.finditer(sentence)}
            assert docs, f"{u.action_id} {u.date}: a 'Published:' sentence must cite its document"
            text = folded(" ".join(seed_text(d) for d in docs))
            claims = CITATION.sub("", sentence)
            for number in re.findall(r"\d[\d,./]*\d|\d", claims):
                assert number in text, f"{u.action_id} {u.date}: {number} is not in {sorted(docs)}"
                checked += 1
    assert checked >= 15


# -- the official statistics (issue: "the sample plan must use the real published series") ------

SHARED = ROOT.parent / "shared" / "dfe_send_statistics"
STATISTICS = DATA / "statistics"
RELEASE = "DfE, Education, health and care plans, 2025 release (SEN2)"
WARWICKSHIRE = ("E10000031", "937")
# Warwickshire's row (937) of sn_may_2025.xlsx, SN1-SN10, closest first.
NEIGHBOURS = ("916", "895", "931", "802", "855", "938", "850", "877", "865", "881")


def shared_path(name: str):
    path = SHARED / name
    assert path.is_file(), f"the DfE statistics are missing: expected {path} (../shared/dfe_send_statistics relative to the repository root)"
    return path


def csv_rows(path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


def warwickshire(rows: list[dict[str, str]], year: str) -> dict[str, str]:
    [row] = [r for r in rows if (r["new_la_code"], r["old_la_code"]) == WARWICKSHIRE and r["time_period"] == year]
    return row


def tidy_tribunals_module():
    spec = importlib.util.spec_from_file_location("tidy_tribunals", ROOT / "scripts" / "tidy_tribunals.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_plan_names_warwickshire_and_its_ten_statistical_neighbours(plan):
    la = plan.local_authority
    assert (la.name, la.code, la.old_code) == ("Warwickshire", *WARWICKSHIRE)
    assert la.neighbours == NEIGHBOURS
    book = openpyxl.load_workbook(shared_path("sn_may_2025.xlsx"), read_only=True, data_only=True)
    [row] = [r for r in book["LA SN Groups"].iter_rows(values_only=True) if r[0] == 937]
    assert row[1] == "Warwickshire"
    assert tuple(str(code) for code in row[5:25:2]) == NEIGHBOURS  # SN1..SN10; the columns between are closeness
    assert "sn_may_2025.xlsx" in TARGETS.read_text(encoding="utf-8"), "say in targets.yaml where the neighbours come from"


def test_each_statistic_file_is_in_sample_data_and_names_its_release(plan):
    assert {s.id for s in plan.statistics} == {"timeliness_20wk", "tribunal_appeal_rate"}
    readme = (DATA / "README.md").read_text(encoding="utf-8")
    for statistic in plan.statistics:
        path = (TARGETS.parent / statistic.file).resolve()
        assert path.is_file() and path.parent == STATISTICS.resolve(), statistic.file
        assert statistic.release and statistic.release.startswith(RELEASE), statistic.id
        assert path.name in readme, f"sample_data/README.md should describe {path.name}"
        header = path.read_text(encoding="utf-8").splitlines()[0].split(",")
        assert statistic.value in header, statistic.id
        for column in ("time_period", "time_identifier", "geographic_level", "new_la_code", "old_la_code", "la_name", "region_code"):
            assert column in header, f"{path.name}: no EES column {column}"
    assert "2025 release" in readme and "tidy_tribunals.py" in readme


def test_the_timeliness_file_is_every_all_plans_row_of_the_shared_file_unchanged(plan):
    shared = shared_path("timeliness_20_week.csv").read_text(encoding="utf-8-sig").splitlines()
    column = next(csv.reader(shared[:1])).index("breakdown")
    expected = [shared[0]] + [line for line in shared[1:] if next(csv.reader([line]))[column] == "All EHC plans issued"]
    ours = (STATISTICS / "timeliness_20_week.csv").read_text(encoding="utf-8").splitlines()
    assert ours == expected
    rows = csv_rows(STATISTICS / "timeliness_20_week.csv")
    levels = {(r["time_period"], r["geographic_level"]) for r in rows}
    assert all((str(y), level) in levels for y in range(2019, 2025) for level in ("National", "Regional", "Local authority"))
    assert sum(r["geographic_level"] == "Local authority" for r in rows if r["time_period"] == "2024") > 150  # every LA, not only ours


def test_warwickshire_2020_and_2024_timeliness_rows_equal_the_shared_file(plan):
    shared = csv_rows(shared_path("timeliness_20_week.csv"))
    shared = [r for r in shared if r["breakdown"] == "All EHC plans issued"]
    ours = csv_rows(STATISTICS / "timeliness_20_week.csv")
    statistic = plan.statistic("timeliness_20wk")
    assert statistic.value == "PC_plans_issued_20_weeks_ex" and statistic.filters == {"breakdown": "All EHC plans issued"}
    for year, value in (("2020", 90.0), ("2024", 21.3)):
        assert warwickshire(ours, year) == warwickshire(shared, year)
        assert float(warwickshire(ours, year)[statistic.value]) == value  # the inspection letter's 90%; the latest year
    [england] = [r for r in ours if r["geographic_level"] == "National" and r["time_period"] == "2024"]
    assert float(england[statistic.value]) == 46.4


def test_the_ehc_timeliness_metric_takes_its_observations_from_the_official_file(plan, sample):
    metric = plan.metric("ehc_plans_within_20_weeks")
    assert (metric.observations_from, metric.compare, metric.frequency) == ("timeliness_20wk", "timeliness_20wk", "annual")
    assert "timeliness_20_week.csv" in metric.source and "004_0d438a1616ad04c9.txt" in metric.source
    baseline = metric.baseline
    assert (baseline.date, baseline.value, baseline.assumed) == (dt.date(2020, 12, 31), 90, False)
    assert "timeliness_20_week.csv" in baseline.note and "PC_plans_issued_20_weeks_ex" in baseline.note
    assert metric.target.assumed and "21.3%" in metric.target.note
    rows = sample.dataset.series(metric.id).rows()
    assert [(r["date"], r["value"]) for r in rows] == [
        (dt.date(2019, 12, 31), 88.5),
        (dt.date(2020, 12, 31), 90.0),
        (dt.date(2021, 12, 31), 74.9),
        (dt.date(2022, 12, 31), 56.2),
        (dt.date(2023, 12, 31), 42.9),
        (dt.date(2024, 12, 31), 21.3),
    ]
    assert all(not r["illustrative"] and RELEASE in r["source"] for r in rows)
    assert not any("7,500" in e.label for e in metric.events), "the forecast is a forecast on ehc_plans_all, not an event"


def test_a_measure_with_observations_from_has_no_rows_in_the_data_files(plan):
    from_statistics = {m.id for m in plan.measures if m.observations_from}
    assert {"ehc_plans_within_20_weeks", "send_tribunal_appeal_rate"} <= from_statistics
    for path in DATA.glob("observations_*.csv"):
        ids = {r["metric_id"] for r in csv_rows(path)}
        assert not ids & from_statistics, f"{path.name}: {sorted(ids & from_statistics)}"


def test_the_tribunal_file_is_what_the_script_makes_from_the_shared_table(plan):
    shared_path("SEND Tribunals and appeal rate 2014-2024.csv")
    module = tidy_tribunals_module()
    assert module.SOURCE == SHARED / "SEND Tribunals and appeal rate 2014-2024.csv"
    made = module.render(module.tidy())
    assert (STATISTICS / "send_tribunal_appeal_rate.csv").read_text(encoding="utf-8") == made, "run scripts/tidy_tribunals.py"
    rows = csv_rows(STATISTICS / "send_tribunal_appeal_rate.csv")
    assert {r["time_identifier"] for r in rows} == {"Calendar year"}  # the table's note 3: calendar years
    for year in range(2014, 2025):
        this_year = [r for r in rows if r["time_period"] == str(year)]
        assert sum(r["geographic_level"] == "National" for r in this_year) == 1
        assert sum(r["geographic_level"] == "Local authority" for r in this_year) >= 150, year  # every LA


def test_warwickshire_and_england_tribunal_rows_equal_the_shared_table(plan):
    with shared_path("SEND Tribunals and appeal rate 2014-2024.csv").open(encoding="utf-8-sig", newline="") as f:
        table = list(csv.reader(f))
    [ours_raw] = [r for r in table if r[:2] == ["Warwickshire", "937"]]
    [england_raw] = [r for r in table if r[0].startswith("England Total")]
    rows = csv_rows(STATISTICS / "send_tribunal_appeal_rate.csv")
    assert plan.statistic("tribunal_appeal_rate").value == "appeal_rate"
    england = {r["time_period"]: r for r in rows if r["geographic_level"] == "National"}
    for i, year in enumerate(range(2014, 2025)):
        for raw, row in ((ours_raw, warwickshire(rows, str(year))), (england_raw, england[str(year)])):
            appeals, decisions, rate = (c.strip().replace(",", "") for c in raw[2 + 3 * i : 5 + 3 * i])
            assert (row["appeals_registered"], row["appealable_decisions"]) == (appeals, decisions), (raw[0], year)
            assert float(row["appeal_rate"]) == float(rate.rstrip("%")), (raw[0], year)
    assert warwickshire(rows, "2024")["appeal_rate"] == "3.1"


def test_the_tribunal_appeal_rate_is_a_context_measure_from_the_official_file(plan, sample):
    assert plan.metric("send_tribunal_appeal_rate") is None, "no seed gives a target: it is a context measure"
    measure = plan.context_measure("send_tribunal_appeal_rate")
    assert (measure.direction, measure.unit, measure.frequency) == ("decrease", "percent", "annual")
    assert (measure.observations_from, measure.compare) == ("tribunal_appeal_rate", "tribunal_appeal_rate")
    assert "SEND Tribunals and appeal rate 2014-2024.csv" in measure.source and "003_bc988dd4f38747a2.txt" in measure.source
    rows = sample.dataset.series(measure.id).rows()
    assert [r["date"] for r in rows] == [dt.date(year, 12, 31) for year in range(2014, 2025)]
    assert rows[-1]["value"] == 3.1 and all(not r["illustrative"] for r in rows)


def test_the_strategy_ehc_plan_counts_are_context_measures_with_sourced_figures(plan, sample):
    strategy = folded(seed_text("001_64e3e2f8964ad6f4.txt"))
    expected = {
        "ehc_plans_in_mainstream": [(dt.date(2021, 1, 31), 1430), (dt.date(2024, 1, 31), 2132)],
        "ehc_plans_in_special_schools": [(dt.date(2021, 1, 31), 1544), (dt.date(2024, 1, 31), 1723)],
    }
    for measure_id, points_expected in expected.items():
        assert plan.metric(measure_id) is None
        measure = plan.context_measure(measure_id)
        assert measure.source.startswith("001_64e3e2f8964ad6f4.txt") and measure.observations_from is None
        rows = sample.dataset.series(measure_id).rows()
        assert [(r["date"], r["value"]) for r in rows] == points_expected
        for row in rows:
            assert not row["illustrative"] and row["source"].startswith("001_64e3e2f8964ad6f4.txt")
            assert f"{int(row['value']):,}" in strategy
            for quote in re.findall(r"'(.+?)'", row["note"]):
                assert folded(quote) in strategy, quote
    assert plan.context_measure("ehc_plans_in_mainstream").direction == "increase"  # "sought to increase"
    assert plan.context_measure("ehc_plans_in_special_schools").direction is None
    every_event = [e.label for m in plan.measures for e in m.events]
    assert not any("2,132" in label or "7,500" in label for label in every_event), "measures now, not chart events"


def test_the_7500_forecast_is_a_labelled_forecast_not_data(plan, sample):
    measure = plan.context_measure("ehc_plans_all")
    [forecast] = measure.forecasts
    assert (forecast.date, forecast.value) == (dt.date(2028, 8, 31), 7500)  # 2027/28 -> 31 August 2028
    assert "forecast" in forecast.label.lower() and forecast.source.startswith("001_64e3e2f8964ad6f4.txt")
    assert "approximately 7,500 children and young people with ehc plans by 2027/28" in folded(seed_text("001_64e3e2f8964ad6f4.txt"))
    assert sample.dataset.series(measure.id).rows() == [], "no count of all EHC plans is published in the seeds or ../shared"


def test_every_context_measure_names_its_source(plan):
    assert len(plan.context) >= 4
    for measure in plan.context:
        assert any(name in measure.source for name in SEED_FILES), measure.id
        if measure.observations_from:
            statistic = plan.statistic(measure.observations_from)
            assert Path(statistic.file).name in measure.source or "SEND Tribunals and appeal rate" in measure.source, measure.id


# -- the plan's "I statements" and its background -------------------------------------------------

# Whose words each "I statement" is, as the WSoA heads it ('I statement for Parent Carers and CYP: ...').
_I_HEAD = re.compile(r"I statement(?: for ([^:\"“]+?))?\s*:\s*[\"“]([^\"”]+)[\"”]")


def test_every_i_statement_is_the_wsoas_word_for_word_with_its_who_and_part(plan):
    wsoa = seed_text("003_bc988dd4f38747a2.txt")
    heads = {folded(text): (who, text) for who, text in _I_HEAD.findall(wsoa)}
    assert len(heads) == 10, "the WSoA has ten I statements, one for each of its parts 1.1 to 5.1"
    measures = [m for m in plan.measures if m.i_statement is not None]
    assert len(measures) >= 20
    for m in measures:
        s = m.i_statement
        assert s.source and s.source.startswith("003_bc988dd4f38747a2.txt, "), m.id
        assert folded(s.text) in heads, f"{m.id}: '{s.text}' is not an I statement of the WSoA, word for word"
        who, _ = heads[folded(s.text)]
        expected = folded(who).replace("cyp", "children and young people") if who else None
        assert (folded(s.who) if s.who else None) == expected, m.id
        # the statement is the one of the part its measure's action is in ('action 1.2.2' -> 1.2)
        part = re.search(r"Area (\d), action (\d\.\d)$", s.source)
        assert part, (m.id, s.source)
        line = next(line for line in wsoa.splitlines() if s.text in line)
        previous = wsoa[: wsoa.index(line) + len(line)]
        assert re.findall(r"\n(\d\.\d) ", previous)[-1] == part.group(2), (m.id, part.group(0))  # the heading it sits under
        assert re.findall(r"\nArea (\d):", previous)[-1] == part.group(1), (m.id, part.group(0))
        actions = re.findall(r"003_bc988dd4f38747a2\.txt, Area (\d), actions? (\d\.\d)", m.source)
        assert all((a, p) == part.groups() for a, p in actions), (m.id, actions, part.groups())
        assert actions or f"003, Area {part.group(1)}" in m.source, m.id


def test_no_strategy_measure_has_an_i_statement(plan):
    # The strategy (001) writes no I statements: a measure only it sources must not borrow one.
    assert "I statement" not in seed_text("001_64e3e2f8964ad6f4.txt")
    for m in plan.measures:
        if "003_bc988dd4f38747a2.txt" not in m.source and "003, Area" not in m.source:
            assert m.i_statement is None, m.id


def test_the_background_quotes_the_inspection_letter_and_names_its_sources(plan):
    letter = folded(seed_text("004_0d438a1616ad04c9.txt"))
    inspection = plan.background.inspection
    assert folded(inspection.by) in letter
    assert "between 12 july and 16 july 2021" in letter and inspection.start == dt.date(2021, 7, 12) and inspection.end == dt.date(2021, 7, 16)
    assert letter.startswith(folded("Ofsted Agora")) and "14 september 2021" in letter[:400] and inspection.reported == dt.date(2021, 9, 14)
    [said] = re.findall(r"'(.+)'", inspection.summary)
    assert folded(said) in letter
    raw = seed_text("004_0d438a1616ad04c9.txt")
    listed = raw[raw.index("tackle the following areas of significant weakness:"):raw.index("Yours sincerely")]
    items = [line[2:] for line in listed.splitlines() if line.startswith("- ")]
    assert len(items) == 5 and [folded(w.text) for w in inspection.weaknesses] == [folded(x).rstrip(".") for x in items]
    assert [w.area for w in inspection.weaknesses] == ["wsoa1", "wsoa2", "wsoa3", "wsoa4", "wsoa5"]
    for text, source in [(inspection.summary, inspection.source), *((w.text, w.source) for w in inspection.weaknesses), *((p.text, p.source) for p in plan.background.plan)]:
        assert source and any(name in source for name in SEED_FILES), text
    story = folded(" ".join(p.text for p in plan.background.plan))
    assert "january 2022 to june 2023" in story and folded(seed_text("003_bc988dd4f38747a2.txt")).count("january 2022 – june 2023") >= 1
    assert "six strategy priorities" in story and "a framework of six priorities" in folded(seed_text("001_64e3e2f8964ad6f4.txt"))
