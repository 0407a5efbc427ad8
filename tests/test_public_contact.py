"""Feedback with somewhere to go: the plan's `contact:`, its checks, `check`'s warning without one,
and "Tell us what you think" at the end of every public page."""

from __future__ import annotations

import html
import re

import pytest

from metrics.cli import main
from metrics.domain.plan import load_plan
from tests.conftest import html_text
from tests.helpers import ROOT
from tests.public_fixture import AS_OF, DATA, TARGETS

SMALL = ROOT / "tests" / "fixtures" / "small"
SMALL_CONTACT = "contact:\n  name: Test Parent Carer Forum\n  website: https://forum.example.org/\n  email: feedback@forum.example.org\n"


def small_plan(contact: str) -> str:
    """The small fixture's plan with ``contact`` (YAML, or '') in place of its own."""
    text = (SMALL / "targets.yaml").read_text(encoding="utf-8")
    assert SMALL_CONTACT in text
    return text.replace(SMALL_CONTACT, contact)


def problems(tmp_path, contact: str) -> list[str]:
    path = tmp_path / "targets.yaml"
    path.write_text(small_plan(contact), encoding="utf-8")
    plan, found = load_plan(path, "targets.yaml")
    assert (plan is None) == bool(found)
    return [str(p) for p in found]


def contact_line(tmp_path) -> int:
    """The line of 'contact:' in the edited plan (the problems point into the contact's fields)."""
    return small_plan("contact:\n").splitlines().index("contact:") + 1


# -- the plan -----------------------------------------------------------------------------------


def test_a_full_contact_is_read(tmp_path):
    path = tmp_path / "targets.yaml"
    path.write_text(small_plan(SMALL_CONTACT + "  form: https://forum.example.org/form?page=send\n"), encoding="utf-8")
    plan, found = load_plan(path)
    assert found == []
    assert (plan.contact.name, plan.contact.website, plan.contact.email, plan.contact.form) == (
        "Test Parent Carer Forum", "https://forum.example.org/", "feedback@forum.example.org", "https://forum.example.org/form?page=send",
    )  # fmt: skip


def test_a_contact_is_optional(tmp_path):
    assert problems(tmp_path, "") == []


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("website", "http://forum.example.org", "website: 'http://forum.example.org' starts with http://: give the secure address, starting https://"),
        ("form", "http://forum.example.org/form", "form: 'http://forum.example.org/form' starts with http://: give the secure address, starting https://"),
        ("website", "www.forum.example.org", "website: 'www.forum.example.org' is not a web address: give the full address, starting https:// (e.g. https://www.example.org/feedback)"),
        ("website", "javascript:alert(1)", "website: 'javascript:alert(1)' is not a web address: give the full address, starting https:// (e.g. https://www.example.org/feedback)"),
        ("website", '"https://forum.example.org/a b"', "website: 'https://forum.example.org/a b' is not a valid web address: after https:// give a host name, then any path, with no spaces, quotes or angle brackets"),
        ("website", '"https://forum.example.org/<script>"', "website: 'https://forum.example.org/<script>' is not a valid web address: after https:// give a host name, then any path, with no spaces, quotes or angle brackets"),
        ("email", "forum at example.org", "email: 'forum at example.org' is not an email address (write it as name@example.org, with no spaces or angle brackets)"),
        ("email", "feedback@example", "email: 'feedback@example' is not an email address (write it as name@example.org, with no spaces or angle brackets)"),
        ("email", '"Forum <feedback@example.org>"', "email: 'Forum <feedback@example.org>' is not an email address (write it as name@example.org, with no spaces or angle brackets)"),
        ("email", "mailto:feedback@example.org", "email: 'mailto:feedback@example.org' starts with mailto:: give the address only (name@example.org)"),
    ],
)
def test_a_bad_address_is_refused_with_its_file_and_line(tmp_path, field, value, message):
    contact = f"contact:\n  name: Test Parent Carer Forum\n  {field}: {value}\n"
    line = contact_line(tmp_path) + 2
    assert problems(tmp_path, contact) == [f"targets.yaml:{line}: contact.{message}"]


def test_a_contact_needs_a_name_and_no_unknown_fields(tmp_path):
    line = contact_line(tmp_path)
    assert problems(tmp_path, "contact:\n  email: feedback@example.org\n") == [f"targets.yaml:{line}: contact.name: missing (required)"]
    assert problems(tmp_path, "contact:\n  name: Forum\n  phone: 0123\n") == [
        f"targets.yaml:{line + 2}: contact.phone: unknown field (allowed here: email, form, name, website)"
    ]
    assert problems(tmp_path, "contact: Forum\n") == [f"targets.yaml:{line}: contact: must be a mapping of fields (name: value)"]


# -- check warns -----------------------------------------------------------------------------------


def run_check(capsys, targets) -> tuple[int, str, str]:
    code = main(["check", "--targets", str(targets), "--data", str(SMALL / "data")])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_check_warns_without_a_contact_and_still_exits_0(tmp_path, capsys):
    path = tmp_path / "targets.yaml"
    path.write_text(small_plan(""), encoding="utf-8")
    code, out, err = run_check(capsys, path)
    assert code == 0 and out.startswith("OK: ")
    warnings = [line for line in err.splitlines() if line.startswith("warning:")]
    assert warnings == [
        f"warning: {path}: contact: missing: the public pages cannot say where families can send what they think. "
        "Add contact: with the parent carer forum's name and its website, email or feedback form (see docs/targets.md, Contact)"
    ]


def test_check_warns_when_the_contact_gives_no_way_to_reach_it(tmp_path, capsys):
    path = tmp_path / "targets.yaml"
    path.write_text(small_plan("contact:\n  name: Test Parent Carer Forum\n"), encoding="utf-8")
    code, _, err = run_check(capsys, path)
    assert code == 0
    assert [line for line in err.splitlines() if line.startswith("warning:")] == [
        f"warning: {path}: contact: names 'Test Parent Carer Forum' but gives no website, email or form, so families "
        "cannot reach them from the site: add at least one (see docs/targets.md, Contact)"
    ]


def test_check_warns_of_a_document_named_by_file_but_not_listed(tmp_path, capsys):
    contact = "contact:\n  name: Test Parent Carer Forum\n  email: forum@example.org\n"
    text = small_plan(contact).replace("source: test fixture", "source: 'plan.pdf, page 3; report.txt, section 2'", 1)
    path = tmp_path / "targets.yaml"
    path.write_text(text, encoding="utf-8")
    code, _, err = run_check(capsys, path)
    assert code == 0
    assert [line for line in err.splitlines() if line.startswith("warning:")] == [
        f"warning: {path}: documents: '{name}' is named by 1 source but is not listed: the public pages leave the file name out "
        "and have no title to give instead. Add it with its title (see docs/targets.md, Document)"
        for name in ("plan.pdf", "report.txt")
    ]
    path.write_text(text + "documents:\n  - file: plan.pdf\n    title: The plan\n  - file: report.txt\n    title: A report\n", encoding="utf-8")
    code, _, err = run_check(capsys, path)
    assert code == 0 and "warning" not in err


def test_check_does_not_warn_with_a_contact(capsys):
    code, _, err = run_check(capsys, SMALL / "targets.yaml")
    assert code == 0 and "warning" not in err


def test_the_sample_plan_names_the_forum_without_inventing_an_address():
    plan, found = load_plan(ROOT / "targets.yaml")
    assert found == []
    assert plan.contact.name == "Warwickshire Parent Carer Voice (WPCV)"
    assert (plan.contact.website, plan.contact.email, plan.contact.form) == (None, None, None)


# -- every public page ends with it ---------------------------------------------------------------------

PAGES = {
    "progress": ("app_pages/public_progress.py", None),
    "actions": ("app_pages/public_actions.py", None),
    "about": ("app_pages/public_about.py", None),
    "measure": ("app_pages/public_kpi.py", "ehcp_20wk"),
    "measure picker": ("app_pages/public_kpi.py", None),
    "measure not found": ("app_pages/public_kpi.py", "zanzibar_quokka"),
}
STYLE_ONLY = re.compile(r"\s*<style>.*</style>\s*", re.S)  # CSS, which Streamlit keeps apart from the page's content
NAME = "Example Parent Carer Forum [link](http://evil.example) <b>soon</b>"


def footer(at) -> str:
    """The last thing on the page, which must be the contact."""
    bodies = [e.proto.body for e in at.get("html") if not STYLE_ONLY.fullmatch(e.proto.body)]
    assert bodies, "the page drew no html"
    last = bodies[-1]
    assert 'class="pub-page pub-footer"' in last, f"the page does not end with the contact: {html_text(last)[:200]}"
    return last


@pytest.mark.parametrize("name", list(PAGES))
def test_every_public_page_ends_with_the_contact(make_app, name):
    page, metric = PAGES[name]
    at = make_app("--as-of", AS_OF, "--public", targets=TARGETS, data=DATA, query={"metric": metric} if metric else None)
    at.run()
    at.switch_page(page).run()
    assert not at.exception, at.exception
    body = footer(at)
    assert html_text(body).startswith("Tell us what you think Is anything unclear? Is something missing that matters to your family?")
    # the name as text (its markdown and tag shown, not acted on), then a link for each address
    assert html.unescape(re.search(r"<strong>(.*?)</strong>", body).group(1)) == NAME
    assert "<b>" not in body and 'href="http://evil' not in body
    links = re.findall(r'<a [^>]*href="([^"]*)"[^>]*>(.*?)</a>', body)
    assert [(html.unescape(h), html.unescape(t)) for h, t in links] == [
        ("https://forum.example.org/send", "forum.example.org/send"),
        ("mailto:feedback@forum.example.org", "feedback@forum.example.org"),
        ("https://forum.example.org/feedback-form?site=send&page=1", "Fill in the feedback form"),
    ]
    assert "Website: forum.example.org/send" in html_text(body) and "Email: feedback@forum.example.org" in html_text(body)


def test_without_a_contact_the_pages_name_the_forum_in_general_and_link_nowhere(make_app, tmp_path):
    text = TARGETS.read_text(encoding="utf-8")
    start = text.index("# Where families send feedback")
    targets = tmp_path / "targets.yaml"
    targets.write_text(text[:start], encoding="utf-8")
    at = make_app("--as-of", AS_OF, "--public", targets=targets, data=DATA).run()
    assert not at.exception
    body = footer(at)
    assert "Tell <strong>your local parent carer forum</strong>, who pass on what families say" in body
    assert "<a " not in body


def test_the_about_page_links_to_the_contact_near_its_top(make_app):
    at = make_app("--as-of", AS_OF, "--public", targets=TARGETS, data=DATA).run()
    at.switch_page("app_pages/public_about.py").run()
    bodies = [e.proto.body for e in at.get("html") if "pub-lead" in e.proto.body and "<style>" not in e.proto.body]
    assert 'href="#feedback"' in bodies[0] and "Tell us what you think" in bodies[0]
    assert 'id="feedback"' in footer(at)


def test_the_about_page_names_sources_by_their_titles_not_file_names(make_app, tmp_path):
    text = TARGETS.read_text(encoding="utf-8").replace("source: SEN2 statutory return", "source: 003_bc988dd4f38747a2.txt, Area 1, action 1.1.1", 1)
    documents = "\ndocuments:\n  - file: 003_bc988dd4f38747a2.txt\n    title: Written Statement of Action, January 2022\n    part: section 5\n"
    targets = tmp_path / "targets.yaml"
    for listed, expected in ((True, "Written Statement of Action, January 2022, section 5, area 1, action 1.1.1"), (False, "Area 1, action 1.1.1")):
        targets.write_text(text + (documents if listed else ""), encoding="utf-8")
        at = make_app("--as-of", AS_OF, "--public", targets=targets, data=DATA).run()
        at.switch_page("app_pages/public_about.py").run()
        body = html.unescape("\n".join(e.proto.body for e in at.get("html")))
        assert expected in body  # by the title the plan gives it; with none, still not by its file name
        assert ".txt" not in body and ("Written Statement of Action" in body) is listed
