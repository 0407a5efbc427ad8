"""Every internal link keeps the chosen as-of date: a board paper's view of 1 Jan 2025 opens each
KPI, the off-track rows and the projector as they stood then."""

from __future__ import annotations

import re

from tests.helpers import SMALL

QUERY = {"as_of": "2025-01-01"}


def hrefs(at) -> list[str]:
    body = "".join(e.proto.body for e in at.get("html"))
    return re.findall(r'href="([^"]+)"', body)


def test_overview_tiles_and_projector_link_keep_the_as_of_date(make_app):
    at = make_app(targets=SMALL / "targets.yaml", data=SMALL / "data", query=QUERY).run()
    assert not at.exception
    kpi_links = [h for h in hrefs(at) if h.startswith("kpi?")]
    assert kpi_links and all("as_of=2025-01-01" in h for h in kpi_links), kpi_links
    projector = next(b for b in at.get("link_button") if b.proto.label == "Projector mode")
    assert projector.proto.url == "?present=1&as_of=2025-01-01"


def test_off_track_links_keep_the_as_of_date(make_app):
    at = make_app(targets=SMALL / "targets.yaml", data=SMALL / "data", query=QUERY).run()
    at.switch_page("app_pages/off_track.py").run()
    assert not at.exception
    kpi_links = [h for h in hrefs(at) if h.startswith("kpi?")]
    assert kpi_links and all(h.endswith("&amp;as_of=2025-01-01") or h.endswith("&as_of=2025-01-01") for h in kpi_links), kpi_links


def test_without_a_chosen_date_links_carry_none(make_app):
    at = make_app(targets=SMALL / "targets.yaml", data=SMALL / "data").run()
    assert not at.exception
    assert all("as_of" not in h for h in hrefs(at) if h.startswith("kpi?"))
