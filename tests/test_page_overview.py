"""Board overview, through app.py, on the small fixture plan."""

from tests.conftest import headings, page_text


def test_overview_shows_areas_tiles_counts_and_banner(make_app):
    at = make_app("--as-of", "2025-08-01").run()
    assert not at.exception
    text = page_text(at)
    assert headings(at, 1) == ["Test partnership plan"]
    assert "Data as at 1 Aug 2025" in text
    assert headings(at, 2) == ["Waiting times", "Parent carer voice"]
    # tile: title, latest value with date, target and deadline, status as icon + word, reason
    assert "Longest wait for an autism assessment" in text
    assert "22 weeks on 30 Sep 2023" in text
    assert "Target: 13 weeks by 31 Mar 2024" in text
    assert "✖ Red off track" in text
    assert "Deadline passed: 22 weeks on 30 Sep 2023; the target was 13 weeks by 31 Mar 2024." in text
    # overall counts and the actions line of each area
    assert "★ Blue 1 ✔ Green 1 ▲ Amber 0 ✖ Red 5 ○ Grey 1" in text
    assert "2 actions: 1 blue, 1 red; 1 overdue." in text


def test_as_of_picker_changes_statuses(make_app):
    at = make_app("--as-of", "2025-08-01").run()
    at.sidebar.date_input[0].set_value(__import__("datetime").date(2023, 10, 1)).run()
    text = page_text(at)
    assert "Data as at 1 Oct 2023" in text
    # before the deadline the 22-week wait was far better than planned
    assert "22 weeks on 30 Sep 2023; plan was 87.5 weeks; 65.5 weeks better than planned." in text


def test_invalid_data_shows_the_check_problems_and_stays_up(make_app, tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    (data / "obs.csv").write_text("metric_id,date,value\nlongest_wait,2023-02-30,12\n", encoding="utf-8")
    at = make_app(data=data).run()
    assert not at.exception
    assert "The plan or the data has problems" in at.error[0].value
    assert f"{data}/obs.csv:2: metric 'longest_wait': date: '2023-02-30' is not a real date" in at.code[0].value


def test_tiles_with_enough_data_show_the_spc_icons_in_words(make_app):
    from tests.conftest import ROOT

    at = make_app("--as-of", "2026-11-23", targets=ROOT / "targets.yaml", data=ROOT / "sample_data").run()
    assert not at.exception
    text = page_text(at)
    assert "SPC: ⬇ Special cause improvement (low); F Consistently failing the target" in text
    # SRP places has 11 observations, fewer than SPC needs: its tile has no SPC line
    import re

    from tests.conftest import html_text

    tiles = [html_text(t) for h in at.get("html") for t in re.findall(r"<article.*?</article>", h.proto.body)]
    srp = [t for t in tiles if "resourced provision" in t]
    assert len(srp) == 1 and "SPC:" not in srp[0]
