"""Self-check of the browser-test machinery on a throwaway app (temporary).

Proves: server start + health wait, Chromium launch, open_app's "finished
running" wait (incl. plotly drawn), page_text, assert_no_exception,
screenshot and axe. Does not need app.py.
"""

from __future__ import annotations

import textwrap

import pytest

from tests.browser.helpers import (
    assert_no_exception,
    format_violations,
    open_app,
    page_text,
    run_axe,
    screenshot,
    start_server,
)

pytestmark = pytest.mark.browser

TOY_APP = textwrap.dedent(
    """
    import time
    import plotly.express as px
    import streamlit as st

    st.title("Infra smoke test")
    time.sleep(1.5)  # make sure open_app really waits for the run to finish
    fig = px.bar(x=["A", "B", "C"], y=[3, 1, 2], title="Toy chart")
    st.plotly_chart(fig)
    for i in range(30):
        st.write(f"Filler line {i}")
    st.write("Bottom of the page")
    """
)

BROKEN_APP = textwrap.dedent(
    """
    import streamlit as st

    st.title("Broken")
    raise ValueError("deliberate failure")
    """
)


def test_toy_app_end_to_end(tmp_path, page):
    app = tmp_path / "toy_app.py"
    app.write_text(TOY_APP)

    with start_server([], app=app) as srv:
        open_app(page, srv.url("/"))

        text = page_text(page)
        assert "Infra smoke test" in text
        assert "Bottom of the page" in text  # the whole script ran
        charts = page.locator('[data-testid="stPlotlyChart"]')
        assert charts.count() == 1
        assert charts.first.locator(".js-plotly-plot .main-svg").count() >= 1
        assert page.get_by_role("heading", name="Infra smoke test").is_visible()
        assert_no_exception(page)

        path = screenshot(page, "smoke_infra_toy_app")
        assert path.exists() and path.stat().st_size > 10_000

        violations = run_axe(page)
        print("\n" + format_violations(violations))  # report only: toy app


def test_assert_no_exception_catches_errors(tmp_path, page):
    app = tmp_path / "broken_app.py"
    app.write_text(BROKEN_APP)

    with start_server([], app=app) as srv:
        open_app(page, srv.url("/"))
        with pytest.raises(AssertionError, match="stException"):
            assert_no_exception(page)
        # showErrorDetails = "none": no details leak to the browser
        assert "deliberate failure" not in page.locator("body").inner_text()
        assert "Traceback" not in page.locator("body").inner_text()
        assert "ChatGPT" not in page.locator("body").inner_text()  # showErrorLinks = false
        assert "deliberate failure" in srv.stderr() + srv.stdout()


def test_start_server_reports_crash(tmp_path):
    app = tmp_path / "not_python.txt"  # streamlit refuses to run non-.py files
    app.write_text("hello")
    with pytest.raises(RuntimeError, match="exited with code") as excinfo:
        with start_server([], app=app):
            pass  # pragma: no cover
    assert "stderr" in str(excinfo.value)


def test_fresh_server_factory(fresh_server, tmp_path, page):
    app = tmp_path / "deep.py"
    app.write_text(
        "import streamlit as st\n"
        "st.title('Deep link ' + st.query_params.get('metric', 'none'))\n"
    )
    srv = fresh_server([], app=app)
    open_app(page, srv.url("/", metric="abc"))
    assert "Deep link abc" in page_text(page)
