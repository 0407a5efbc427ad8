"""Shared fixtures: app runs through app.py with its command-line settings, caches cleared."""

from __future__ import annotations

import html
import re
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

ROOT = Path(__file__).resolve().parents[1]
SMALL = ROOT / "tests" / "fixtures" / "small"


def html_text(body: str) -> str:
    """The visible words of an st.html body, tags removed and space folded."""
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", body)).strip())


def headings(at, level: int) -> list[str]:
    """The text of the <hN> headings that pages draw with ui.components.heading."""
    found = []
    for e in at.get("html"):
        found += [html_text(h) for h in re.findall(rf"<h{level}\b[^>]*>.*?</h{level}>", e.proto.body, flags=re.S)]
    return found


def page_text(at) -> str:
    """Everything a person could read on the page AppTest ran (titles, text, tables, html)."""
    parts = []
    for kind in ("title", "header", "subheader", "markdown", "caption", "text", "code", "error", "warning", "info", "success"):
        parts += [str(e.value) for e in at.get(kind)]
    parts += [html_text(e.proto.body) for e in at.get("html")]
    return "\n".join(parts)


@pytest.fixture
def make_app(monkeypatch):
    """make_app("--as-of", "2025-08-01", targets=..., data=..., page="app_pages/kpi.py", query={...})."""
    from streamlit.testing.v1 import AppTest

    from ui import state

    def _make(*args: str, targets: Path | str = SMALL / "targets.yaml", data: Path | str = SMALL / "data", query: dict | None = None):
        monkeypatch.setattr(sys, "argv", ["app.py", "--targets", str(targets), "--data", str(data), *args])
        for name in ("DASHBOARD_TARGETS", "DASHBOARD_DATA", "DASHBOARD_AS_OF", "DASHBOARD_PUBLIC"):
            monkeypatch.delenv(name, raising=False)
        state.clear_caches()
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
        for key, value in (query or {}).items():
            at.query_params[key] = value
        return at

    yield _make
    state.clear_caches()


@pytest.fixture
def media(monkeypatch):
    """Keep every file the app registers for download (AppTest drops its media store after a run)."""
    import streamlit.testing.v1.app_test as app_test
    from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage

    stores = []

    class Recording(MemoryMediaFileStorage):
        def __init__(self, endpoint):
            super().__init__(endpoint)
            stores.append(self)

        def delete_file(self, file_id):  # keep files past the end of the run
            pass

    monkeypatch.setattr(app_test, "MemoryMediaFileStorage", Recording)

    # Files made only when clicked (download_button(data=callable)): keep the callable, make the
    # file as the click would.
    from streamlit.runtime.media_file_manager import MediaFileManager

    deferred = {}
    add_deferred = MediaFileManager.add_deferred

    def recording_add_deferred(self, data_callable, mimetype, coordinates, file_name=None, **kwargs):
        file_id = add_deferred(self, data_callable, mimetype, coordinates, file_name=file_name, **kwargs)
        deferred[file_id] = (data_callable, file_name)
        return file_id

    monkeypatch.setattr(MediaFileManager, "add_deferred", recording_add_deferred)

    def lookup(url_or_button):
        """The file behind a download button (or its URL): as registered, or made as a click would."""
        proto = getattr(url_or_button, "proto", None)
        if proto is not None and proto.deferred_file_id:
            data_callable, file_name = deferred[proto.deferred_file_id]
            data = data_callable()
            return SimpleNamespace(content=data.encode("utf-8") if isinstance(data, str) else data, filename=file_name)
        url = proto.url if proto is not None else url_or_button
        file_id = url.rsplit("/", 1)[1].split(".")[0]
        for store in reversed(stores):
            if file_id in store._files_by_id:
                return store._files_by_id[file_id]
        raise AssertionError(f"no media file for {url}")

    return lookup
