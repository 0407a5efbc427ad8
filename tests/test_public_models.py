"""The live (Streamlit) public site and the static one (``python -m metrics publish``) cannot drift:
both are drawn from the same page models (metrics.views.site.progress, measure_page, actions and
about), so every text of the static site's pages shows on the live pages too.

Through app.py --public on the sample plan (targets.yaml, sample_data) at 1 Aug 2025, against the
static site built as ``publish`` builds it.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from metrics.domain.load import load
from metrics.domain.public import public_snapshot
from metrics.domain.status import Status
from metrics.views.audience import ICONS
from metrics.views.family_words import ACTION_WORDS, ILLUSTRATIVE_UPDATE
from metrics.views.formatting import format_date
from metrics.views.site import Site, about, actions, build_site, measure_page, progress
from tests.conftest import headings, html_text, page_text

ROOT = Path(__file__).resolve().parents[1]
TARGETS, DATA = ROOT / "targets.yaml", ROOT / "sample_data"
AS_OF = "2025-08-01"
KPI = "app_pages/public_kpi.py"
PROGRESS = "app_pages/public_progress.py"
ACTIONS = "app_pages/public_actions.py"
ABOUT = "app_pages/public_about.py"


def visible(body: str) -> str:
    """The words of an st.html body as read on the screen (a screen reader's extra words left out)."""
    return html_text(re.sub(r'<span class="pub-visually-hidden">.*?</span>', "", body))


def squash(text: str) -> str:
    """Text without its spaces: a link inside a sentence leaves a space where its tag was."""
    return re.sub(r"\s+", "", text)


@pytest.fixture(scope="module")
def static_site() -> Site:
    loaded = load(TARGETS, DATA)
    assert loaded.ok
    return build_site(public_snapshot(loaded.plan, loaded.dataset, dt.date.fromisoformat(AS_OF)), loaded.statistics)


def test_the_sample_has_every_kind_of_measure_page_so_the_tests_below_can_tell(static_site):
    pages = static_site.measures
    assert len(pages) >= 25
    assert {Status.RED, Status.AMBER, Status.BLUE, None} <= {p.status for p in pages}  # None: a context measure
    assert any(p.i_statement for p in pages) and any(p.comparison for p in pages) and any(p.events for p in pages)


def test_the_public_builders_are_the_ones_the_static_site_uses(static_site):
    loaded = load(TARGETS, DATA)
    snapshot = public_snapshot(loaded.plan, loaded.dataset, dt.date.fromisoformat(AS_OF))
    assert progress(snapshot, loaded.statistics) == static_site.progress
    assert actions(snapshot) == static_site.actions
    model = about(snapshot)
    assert (model.terms, model.abbreviations, model.sources, model.background) == (
        static_site.terms, static_site.abbreviations, static_site.sources, static_site.background
    )
    for page in static_site.measures:
        assert measure_page(snapshot, loaded.statistics, page.id) == page
    internal = next(m.id for m in loaded.plan.metrics if not m.public)
    assert measure_page(snapshot, loaded.statistics, internal) is None


def test_each_live_measure_page_shows_the_static_pages_texts_in_order(make_app, static_site):
    pages = {p.id: p for p in static_site.measures}
    at = make_app("--as-of", AS_OF, "--public", targets=TARGETS, data=DATA).run()
    assert not at.exception, at.exception
    for measure_id in pages:  # all of them: a page takes a fraction of a second
        page = pages[measure_id]
        at.query_params["metric"] = measure_id
        at.switch_page(KPI).run()
        assert not at.exception, (measure_id, at.exception)
        assert headings(at, 1)[0] == page.title
        text = squash(" ".join(visible(e.proto.body) for e in at.get("html")))
        texts = [t for t in (page.figure, page.promise, page.where, page.next) if t]  # a context measure promises nothing
        if page.i_statement is not None:
            texts.append(f"“{page.i_statement.text}”")
        if page.comparison:
            texts.append(page.comparison)
        texts.append(page.chart.summary)
        at_ = [text.find(squash(t)) for t in texts]
        assert all(i >= 0 for i in at_), (measure_id, [t for t, i in zip(texts, at_) if i < 0])
        assert at_ == sorted(at_), (measure_id, "the texts are not in the static page's order", texts)
        for row in page.table_rows[:3]:
            assert squash("".join(row)) in text, (measure_id, row)
        for question, answer in page.facts:
            assert squash(question + answer) in text, (measure_id, question)


def test_the_live_progress_page_shows_the_static_summary_and_every_card_with_its_quote(make_app, static_site):
    at = make_app("--as-of", AS_OF, "--public", targets=TARGETS, data=DATA).run()
    at.switch_page(PROGRESS).run()
    assert not at.exception, at.exception
    text = page_text(at)
    model = static_site.progress
    assert model.measures_sentence.startswith(f"{sum(n for _, n in model.counts)} measures: ")
    assert model.measures_sentence in text and model.actions_sentence in text
    cards = [c for a in model.areas for c in (*a.cards, *a.context)]
    assert [h for h in headings(at, 3) if h != "Other figures we watch"] == [c.title for c in cards]
    quotes = [c for c in cards if c.i_statement is not None]
    assert quotes, "the sample plan has I statements, so this test can tell"
    for card in cards:
        assert card.where in text and card.promise in text, card.id
    for card in quotes:
        assert f"“{card.i_statement.text}”" in text, card.id


def test_the_live_actions_page_shows_every_action_as_the_static_model_has_it_in_order(make_app, static_site):
    at = make_app("--as-of", AS_OF, "--public", targets=TARGETS, data=DATA).run()
    at.switch_page(ACTIONS).run()
    assert not at.exception, at.exception
    items = [i for a in static_site.actions for i in a.items]
    assert any(i.overdue for i in items) and any(i.illustrative for i in items), "the sample has overdue and example updates, so this test can tell"
    assert [h for h in headings(at, 2) if h in {a.title for a in static_site.actions}] == [a.title for a in static_site.actions]
    assert headings(at, 3) == [i.title for i in items]
    text = squash(" ".join(visible(e.proto.body) for e in at.get("html")))
    at_ = []
    for item in items:
        due = format_date(item.due) + (" (overdue)" if item.overdue else "")
        update = (f"{ILLUSTRATIVE_UPDATE} " if item.illustrative else "") + item.update
        expected = f"{item.title} Status {ICONS[item.status]} {ACTION_WORDS[item.status].word} Due by {due} Latest update {update}"
        at_.append(text.find(squash(expected)))
        assert at_[-1] >= 0, (item.id, expected)
    assert at_ == sorted(at_), "the actions are not in the model's order"


def test_the_live_about_page_shows_the_inspection_weaknesses_and_glossary_of_the_static_page(make_app, static_site):
    at = make_app("--as-of", AS_OF, "--public", targets=TARGETS, data=DATA).run()
    at.switch_page(ABOUT).run()
    assert not at.exception, at.exception
    text = squash(" ".join(visible(e.proto.body) for e in at.get("html")))
    inspection = static_site.background.inspection
    assert inspection is not None and inspection.summary and inspection.weaknesses, "the sample plan has an inspection, so this test can tell"
    assert squash(inspection.summary) in text
    for weakness in inspection.weaknesses:
        assert squash(weakness.text) in text, weakness.text
    for paragraph, _ in static_site.background.plan:
        assert squash(paragraph) in text, paragraph
    assert static_site.terms
    for term in static_site.terms:
        assert squash(term.term + term.explained) in text, term.anchor
    for title, where in static_site.sources:
        assert squash(title + where) in text, title
