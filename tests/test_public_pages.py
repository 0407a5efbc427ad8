"""The public site's boundary, through app.py --public, on tests/fixtures/public.

Nothing non-public may reach a public page: not the titles, ids, leads, sources or descriptions
of non-public measures and actions, not internal narratives (also those on public actions), not
observation notes, and no small number (a count of 3, a survey of 6 people). Text from the plan
or the data is shown as text: a <script> or a [markdown](link) in a title stays literal.
"""

from __future__ import annotations

import datetime as dt
import html
import re

import pytest

from metrics.domain.load import load
from metrics.domain.public import public_snapshot
from metrics.domain.status import Status
from metrics.views.audience import withheld_text
from metrics.views.family_words import ACTION_WORDS, MEASURE_WORDS
from metrics.views.plain_english import (
    Abbreviations,
    count_sentence,
    spell_out,
    what_happens_next,
    where_it_stands,
)
from tests.conftest import html_text, page_text
from tests.public_fixture import AS_OF, DATA, SMALL_VALUES, TARGETS, forbidden_strings

PROGRESS = "app_pages/public_progress.py"
KPI = "app_pages/public_kpi.py"
ACTIONS = "app_pages/public_actions.py"
ABOUT = "app_pages/public_about.py"
PREVIEW = "app_pages/public_preview.py"
INTERNAL_PAGES = [
    "app_pages/overview.py",
    "app_pages/kpi.py",
    "app_pages/off_track.py",
    "app_pages/actions.py",
    "app_pages/data_sources.py",
    PREVIEW,
]





def all_text(at) -> str:
    """What a person could read plus every raw html body (attributes too), entities decoded."""
    bodies = [e.proto.body for e in at.get("html")]
    return html.unescape(page_text(at) + "\n" + "\n".join(bodies))


def assert_no_leak(text: str, where: str) -> None:
    leaks = [s for s in forbidden_strings() if s in text]
    assert not leaks, f"{where} shows non-public content: {leaks}"
    for pattern in SMALL_VALUES:
        assert not re.search(pattern, text), f"{where} shows a suppressed value ({pattern})"


@pytest.fixture
def public_app(make_app):
    def _make(**kw):
        return make_app("--as-of", AS_OF, "--public", targets=TARGETS, data=DATA, **kw)

    return _make


@pytest.fixture
def internal_app(make_app):
    def _make(**kw):
        return make_app("--as-of", AS_OF, targets=TARGETS, data=DATA, **kw)

    return _make


def run_page(at, page: str):
    at.switch_page(page).run()
    assert not at.exception, at.exception
    return at


# -- the boundary -----------------------------------------------------------------------------------


def test_the_fixture_really_plants_what_must_not_show():
    loaded = load(TARGETS, DATA)
    assert loaded.ok
    assert any(not m.public and m.title == "Zanzibar Quokka caseload" and m.lead == "Ms Quixotic Internal" for m in loaded.plan.metrics)
    assert any(u.narrative == "PRIVATE-NARRATIVE-XYZZY" for u in loaded.dataset.updates)
    snap = public_snapshot(loaded.plan, loaded.dataset, dt.date.fromisoformat(AS_OF))
    small = snap.status.metric("out_of_area")
    survey = snap.status.metric("listened_to")
    assert (withheld_text(small.withheld), withheld_text(survey.withheld)) == ("fewer than 5", "withheld (fewer than 10 responses)")
    # The full data really holds the small values the public must not see.
    full = loaded.dataset.series("out_of_area")
    assert float(full.values[-1]) == 3
    assert float(loaded.dataset.series("listened_to").values[-1]) == 58.3


def test_every_public_page_keeps_non_public_content_and_small_numbers_out(public_app):
    at = public_app().run()
    assert not at.exception
    texts = {PROGRESS: all_text(at)}
    for page in (ACTIONS, ABOUT):
        texts[page] = all_text(run_page(at, page))
    for page, text in texts.items():
        assert_no_leak(text, page)
        # Leads of public items are not shown on these pages either.
        assert "Public-lead-name-not-shown" not in text, page
    # The small numbers are there, but only as words.
    assert "Fewer than 5" in texts[PROGRESS]
    assert "Withheld" in texts[PROGRESS]
    assert "fewer than 5" in texts[ABOUT] and "withheld" in texts[ABOUT]


def test_public_kpi_page_keeps_non_public_content_out(public_app):
    """The measure page (written elsewhere) for every public measure, and for a non-public id."""
    loaded = load(TARGETS, DATA)
    for metric in loaded.plan.metrics:
        at = public_app(query={"metric": metric.id}).run()
        run_page(at, KPI)
        text = all_text(at)
        assert_no_leak(text, f"{KPI}?metric={metric.id}")
        if not metric.public:
            assert "not found" in text.lower(), f"{KPI}?metric={metric.id} should say not found"


def test_internal_pages_are_not_registered_on_the_public_site(public_app):
    at = public_app().run()
    for page in INTERNAL_PAGES:
        with pytest.raises(ValueError, match="navigation page"):
            at.switch_page(page)
    # the public pages are
    for page in (PROGRESS, KPI, ACTIONS, ABOUT):
        at.switch_page(page)


def test_text_from_the_files_is_escaped_never_html_or_markdown(public_app):
    at = public_app().run()
    pages = {PROGRESS: at, ACTIONS: None, ABOUT: None}
    bodies = {PROGRESS: [e.proto.body for e in at.get("html")]}
    for page in (ACTIONS, ABOUT):
        bodies[page] = [e.proto.body for e in run_page(at, page).get("html")]
        pages[page] = at
    joined = {page: "\n".join(b) for page, b in bodies.items()}
    # the measure title, its description (progress) and its source (about): literal text
    assert "&lt;script&gt;alert(1)&lt;/script&gt; [click](http://evil.example) Waiting list" in joined[PROGRESS]
    assert "&lt;img src=x onerror=alert(3)&gt; _emphasis_ [link](http://evil.example)" in joined[PROGRESS]
    assert "**bold source** &lt;b&gt;not bold&lt;/b&gt;" in joined[ABOUT]
    # the public narrative and the action title (actions)
    assert "&lt;script&gt;alert(2)&lt;/script&gt; **bold** [click](http://evil.example) &lt;a href=&quot;http://evil.example&quot;&gt;evil&lt;/a&gt;" in joined[ACTIONS]
    assert "Open new specialist resourced provisions (SRPs) &lt;b&gt;soon&lt;/b&gt;" in joined[ACTIONS]
    for page, text in joined.items():
        assert "<script" not in text, page
        assert "<img" not in text, page
        assert 'href="http://evil' not in text, page
        assert "<b>" not in text, page
    # Nothing from the files goes through markdown on these pages.
    at = public_app().run()
    for page in (PROGRESS, ACTIONS, ABOUT):
        run_page(at, page)
        for kind in ("title", "header", "subheader", "markdown", "caption"):
            for element in at.get(kind):
                assert "evil" not in str(element.value), (page, kind, element.value)


def test_public_kpi_page_shows_an_injected_title_as_text(public_app):
    at = public_app(query={"metric": "injected"}).run()
    run_page(at, KPI)
    for kind in ("title", "header", "subheader", "markdown", "caption"):
        for element in at.get(kind):
            value = str(element.value)
            assert "](http://evil" not in value or "\\[" in value or "\\]" in value, (
                f"{KPI}: st.{kind} renders text from the plan as markdown, so '[click](http://evil.example)' becomes a link: {value!r}"
            )
    for body in (e.proto.body for e in at.get("html")):
        assert "<script" not in body and 'href="http://evil' not in body


# -- Our progress -------------------------------------------------------------------------------------


def test_progress_shows_each_measure_in_plain_english(public_app):
    at = public_app().run()
    assert not at.exception
    assert at.title[0].value == "Our progress"
    text = html.unescape(page_text(at))
    body = "\n".join(e.proto.body for e in at.get("html"))
    assert "Figures as at 1 Aug 2025" in text
    # areas, in plan order; the area with only internal items is left out
    headings = re.findall(r'<h2 id="area-[^"]+">([^<]+)</h2>', body)
    assert headings == ["Education, health and care (EHC) plans on time", "School places close to home", "Listening to parent carers"]
    # each measure: title, status icon + word, latest figure, target + deadline, description, link
    assert "New EHCPs issued within 20 weeks" not in headings  # abbreviation spelt out at first use
    assert "New education, health and care plans (EHCPs) issued within 20 weeks" in text
    assert "✖ Off track" in text
    assert "61% (latest figure, 30 Jun 2025)" in text
    assert "To raise this to 95% by 31 Dec 2026." in text
    assert "The percentage of new EHCPs issued within the legal time limit of 20 weeks." in text
    assert 'href="kpi?metric=ehcp_20wk"' in body
    assert "★ Target met" in text and "260 places" in text and "This meets the target of 250 places." in text
    assert "✔ On track" in text and "To bring this down to fewer than 5 by 31 Dec 2026." in text
    assert "▲ A little behind" in text and "185 families" in text
    assert "○ No figures yet" in text and "No figures have been published yet." in text
    for label in ("What was promised", "Where it stands now", "What happens next"):
        assert text.count(label) == 6
    # small numbers as words, with the reason
    assert "Fewer than 5 (latest figure, 31 Mar 2025)" in text
    assert "We do not publish exact numbers between 1 and 4" in text
    assert "Withheld (latest figure, 31 Jul 2025)" in text
    assert "fewer than 10 people" in text
    # at a glance
    assert "6 measures: 1 target met, 1 on track, 1 a little behind, 2 off track, 1 with no figures yet." in text
    assert "4 actions: 2 on track, 1 with serious concerns, 1 not started yet." in text  # the overdue one


def test_progress_never_uses_internal_status_words(public_app):
    at = public_app().run()
    text = html.unescape(page_text(at))
    for word in ("Blue", "Green", "Amber", "Red", "Grey", "BRAG", "tolerance", "KPI"):
        assert not re.search(rf"\b{word}\b", text), word


# -- What we are doing ------------------------------------------------------------------------------


def test_actions_show_status_due_date_and_public_update_only(public_app):
    at = public_app().run()
    run_page(at, ACTIONS)
    text = html.unescape(page_text(at))
    assert at.title[0].value == "What we are doing"
    assert "Recruit more education, health and care (EHC) plan writers" not in text  # EHC already spelt out above it
    # past its due date, so serious concerns (red) whatever its lead last said
    assert "Recruit more EHC plan writers Status ✖ Serious concerns Due by 31 Mar 2024 (overdue) Latest update Four new plan writers have joined; two posts are still being advertised Update of 30 Jun 2025" in text
    # a public action whose latest update has no public narrative
    # the shared model (metrics.views.site.actions) spells out SEND at its first use in the list
    assert "Review the special educational needs and disabilities (SEND) panel process Status ✔ On track Due by 31 Mar 2026 Latest update No public update yet" in text
    # a public action with no update at all
    assert "Co-produce the local offer with parent carers Status ○ Not started yet Due by 31 Dec 2030 Latest update No public update yet" in text
    # earlier public updates are not the latest
    assert "Recruitment has started" not in text
    assert "Figures as at 1 Aug 2025" in text


# -- About this data ----------------------------------------------------------------------------------


def test_about_explains_sources_statuses_small_numbers_updates_accessibility_feedback(public_app):
    at = public_app().run()
    run_page(at, ABOUT)
    text = html.unescape(page_text(at))
    assert at.title[0].value == "About this data"
    # sources of public measures
    for source in ("SEN2 statutory return", "Placements register", "Place planning", "Parent carer survey", "Website analytics"):
        assert source in text
    # statuses in plain words
    for words in MEASURE_WORDS.values():
        assert words.word in text
    for words in ACTION_WORDS.values():
        assert words.word in text
    assert "no more than 10% of the distance between the starting point and the target" in text
    # small numbers, from the plan's defaults
    assert "we do not publish exact numbers between 1 and 4" in text
    assert "shown as “fewer than 5”" in text
    assert "fewer than 10 people answered" in text
    # last updated: the latest observation and action update in the public data
    assert "Latest figure for any measure: 31 Jul 2025" in text
    assert "Latest update on any action: 1 Jul 2025" in text
    # accessibility statement and feedback (the plan's contact: tests/test_public_contact.py)
    assert "WCAG" in text and "2.2 at level AA" in text
    assert "Reporting a problem" in text
    assert "Tell us what you think" in text and "Email: feedback@forum.example.org" in text
    # abbreviations used on the site, spelt out
    assert "SEND : special educational needs and disabilities" in text


def test_about_uses_the_plans_own_small_number_thresholds(make_app, tmp_path):
    targets = tmp_path / "targets.yaml"
    targets.write_text(TARGETS.read_text().replace("suppress_below: 5", "suppress_below: 12").replace("min_public_n: 10", "min_public_n: 30"))
    at = make_app("--as-of", AS_OF, "--public", targets=targets, data=DATA).run()
    progress = html.unescape(page_text(at))
    assert "Fewer than 12" in progress and "between 1 and 11" in progress
    assert "9 children" not in progress
    run_page(at, ABOUT)
    text = html.unescape(page_text(at))
    assert "between 1 and 11" in text and "“fewer than 12”" in text
    assert "fewer than 30 people answered" in text


# -- the preview (internal site) --------------------------------------------------------------------


def _bodies(at) -> list[str]:
    """The public pages' bodies, without the internal site's banners and the public site's own menu (not in the preview)."""
    skip = ('class="pub-preview-banner"', 'class="pub-menu"', 'class="local-only"')  # the internal site's notices
    return [e.proto.body for e in at.get("html") if not any(marker in e.proto.body for marker in skip)]


def test_preview_shows_exactly_the_public_progress_page(public_app, internal_app):
    public = public_app().run()
    assert not public.exception
    internal = internal_app().run()
    run_page(internal, PREVIEW)
    banner = [e.proto.body for e in internal.get("html") if 'class="pub-preview-banner"' in e.proto.body]
    assert len(banner) == 1 and "Preview: this is what the public site shows" in banner[0]
    assert "2 measures and 1 action are internal and left out" in html_text(banner[0])
    assert [t.value for t in internal.title] == [t.value for t in public.title] == ["Our progress"]
    assert _bodies(internal) == _bodies(public)
    # ...so the preview holds nothing the public may not see either
    assert_no_leak(html.unescape("\n".join(_bodies(internal))), PREVIEW)


@pytest.mark.parametrize(("choice", "page"), [("What we are doing", ACTIONS), ("About this data", ABOUT)])
def test_preview_shows_the_other_public_pages_too(public_app, internal_app, choice, page):
    public = public_app().run()
    run_page(public, page)
    internal = internal_app().run()
    run_page(internal, PREVIEW)
    internal.radio(key="public_preview_page").set_value(choice).run()
    assert not internal.exception
    assert _bodies(internal) == _bodies(public)


def test_preview_follows_the_internal_as_of_date(internal_app):
    at = internal_app().run()
    run_page(at, PREVIEW)
    at.sidebar.date_input[0].set_value(dt.date(2024, 12, 31)).run()
    text = html.unescape(page_text(at))
    assert "Figures as at 31 Dec 2024" in text
    assert "52% (latest figure, 31 Mar 2024)" in text


# -- plain English --------------------------------------------------------------------------------------


def test_abbreviations_are_spelt_out_at_first_use_only():
    words = Abbreviations()
    assert words("EHCP reviews for SEND") == "Education, health and care plan (EHCP) reviews for special educational needs and disabilities (SEND)"
    assert words("More SEND and EHCPs") == "More SEND and EHCPs"
    assert words("New SRPs, then an SRP") == "New specialist resourced provisions (SRPs), then an SRP"
    # already spelt out by the text itself
    assert spell_out("education, health and care (EHC) plans and EHC plans") == "education, health and care (EHC) plans and EHC plans"
    # whole words only
    assert spell_out("SENDIASS") == "Special educational needs and disabilities information, advice and support service (SENDIASS)"
    assert spell_out("LAUNCH the SENSE plan") == "LAUNCH the SENSE plan"


def test_plain_sentences_for_each_status():
    loaded = load(TARGETS, DATA)
    snap = public_snapshot(loaded.plan, loaded.dataset, dt.date.fromisoformat(AS_OF))
    by_id = {s.metric.id: s for s in snap.status.metrics}
    assert where_it_stands(by_id["ehcp_20wk"]) == "The plan expected about 76% by then. This is well behind the plan."
    assert what_happens_next(by_id["srp_places"]).startswith("The partnership will keep checking that the target stays met.")
    assert what_happens_next(by_id["not_yet"]) == "We will show the first figures here when they are ready. Figures for this measure are collected once a year."
    # the small count: no exact figure and no planned value that would narrow it down
    small = where_it_stands(by_id["out_of_area"])
    assert "plan expected" not in small and "between 1 and 4" in small
    # after the deadline
    late = public_snapshot(loaded.plan, loaded.dataset, dt.date(2027, 6, 1)).status.metric("ehcp_20wk")
    assert "has passed, and the latest figure does not meet it" in where_it_stands(late)
    assert what_happens_next(late).startswith("The deadline has passed.")
    assert count_sentence({s: int(s is Status.RED) for s in Status}, MEASURE_WORDS, "measure") == "1 measure: off track."
