"""The KPI page's SPC view on the sample data: icons with their words, summary, alt text, the
axis fitted to the period shown; or why there is no SPC view."""

import json
import re

from tests.conftest import ROOT, page_text

SAMPLE = dict(targets=ROOT / "targets.yaml", data=ROOT / "sample_data")


def open_kpi(make_app, metric_id):
    at = make_app("--as-of", "2026-11-23", query={"metric": metric_id}, **SAMPLE).run()
    at.switch_page("app_pages/kpi.py").run()
    assert not at.exception
    return at


def y_range(chart) -> list[float]:
    return json.loads(chart.proto.spec)["layout"]["yaxis"]["range"]


def drawn_values(chart) -> list[float]:
    return [y for trace in json.loads(chart.proto.spec)["data"] for y in trace.get("y", [])]


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
    # the icons: coloured SVG pictures as <img> data URIs (st.html strips inline SVG), each named
    icons = " ".join(h.proto.body for h in at.get("html") if "mdc-icon" in h.proto.body)
    assert icons.count('<img class="mdc-icon" src="data:image/svg+xml;base64,') == 2
    assert 'alt="Variation icon: special cause improvement (low)"' in icons and 'alt="Assurance icon: consistently failing the target"' in icons
    chart = at.get("plotly_chart")[0].proto
    assert chart.alt.startswith("Statistical process control chart of Longest wait for an autism diagnostic assessment: the 37 values of the current period since 31 Oct 2023")


def test_the_axis_fits_the_current_period_and_earlier_periods_are_a_toggle_away(make_app):
    at = open_kpi(make_app, "autism_longest_wait")
    at.get("button_group")[0].set_value("SPC").run()
    chart = at.get("plotly_chart")[0]
    low, high = y_range(chart)
    values = drawn_values(chart)
    # the current period runs from 15 to 24 weeks (limits 15.0 to 23.8), the target is 13 weeks
    assert max(values) == 24 and min(values) == 13
    assert 12 <= low < 13 and 24 < high <= 26  # not 0 to 250: the period fills the chart
    assert "Limits recalculated" not in chart.proto.spec
    assert (
        "Limits recalculated on 31 Oct 2023. The chart shows the current period, the 37 values since then, on an axis fitted to them; "
        "the 22 earlier values are left out (switch on ‘Show earlier periods’ to see them)."
    ) in page_text(at)
    at.toggle[0].set_value(True).run()
    assert not at.exception
    chart = at.get("plotly_chart")[0]
    low, high = y_range(chart)
    assert max(drawn_values(chart)) == 249 and low == 0 and 249 < high < 270  # every point drawn is on the axis
    assert "Limits recalculated" in chart.proto.spec
    assert "The chart shows every period: all 59 values." in page_text(at)
    assert chart.proto.alt.startswith("Statistical process control chart of Longest wait for an autism diagnostic assessment: 59 values in 2 period(s)")


def test_too_few_points_says_why_there_is_no_spc_view(make_app):
    at = open_kpi(make_app, "srp_places")
    at.get("button_group")[0].set_value("SPC").run()
    shown = [re.sub(r"\\(.)", r"\1", i.value) for i in at.info]  # the message is markdown-escaped: shown as typed
    assert "There is no SPC view for this KPI. SPC needs at least 13 observations; there are 11." in shown
