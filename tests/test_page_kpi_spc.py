"""The KPI page's SPC view on the sample data: icons in words, summary, alt text; or why there is none."""

from tests.conftest import ROOT, page_text

SAMPLE = dict(targets=ROOT / "targets.yaml", data=ROOT / "sample_data")


def open_kpi(make_app, metric_id):
    at = make_app("--as-of", "2026-11-23", query={"metric": metric_id}, **SAMPLE).run()
    at.switch_page("app_pages/kpi.py").run()
    assert not at.exception
    return at


def test_spc_view_shows_icons_in_words_and_a_summary(make_app):
    at = open_kpi(make_app, "autism_longest_wait")
    control = at.get("button_group")[0]
    control.set_value("SPC").run()
    assert not at.exception
    text = page_text(at)
    assert "Variation: Special cause improvement (low)" in text
    assert "Assurance: Consistently failing the target" in text
    assert (
        "In short: Since 31 Oct 2023 the mean is 19.4 weeks, with process limits 15 weeks to 23.8 weeks; "
        "17 of 37 points show special cause. Special cause improvement (low). Consistently failing the target."
    ) in text
    chart = at.get("plotly_chart")[0].proto
    assert chart.alt.startswith("Statistical process control chart of Longest wait for an autism diagnostic assessment")
    assert "Limits recalculated" in chart.spec


def test_too_few_points_says_why_there_is_no_spc_view(make_app):
    at = open_kpi(make_app, "srp_places")
    at.get("button_group")[0].set_value("SPC").run()
    assert "There is no SPC view for this KPI. SPC needs at least 13 observations; there are 11." in [i.value for i in at.info]
