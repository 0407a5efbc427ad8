"""The access file (who may enter the internal site, with which role) and the gate's decision."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from metrics.domain.access import (
    AccessList,
    Entry,
    Role,
    decide,
    default_access_path,
    is_loopback,
    load_access,
)
from metrics.domain.problems import Problem
from metrics.domain.status import AudienceKind

ROOT = Path(__file__).resolve().parents[1]


def lines(tmp_path: Path, text: str) -> list[str]:
    path = tmp_path / "access.yaml"
    path.write_text(text, encoding="utf-8")
    access, problems = load_access(path, "access.yaml")
    assert (access is None) == bool(problems)
    return [str(p) for p in problems]


def read(tmp_path: Path, text: str) -> AccessList:
    path = tmp_path / "access.yaml"
    path.write_text(text, encoding="utf-8")
    access, problems = load_access(path, "access.yaml")
    assert problems == [] and access is not None
    return access


# -- reading the file ------------------------------------------------------------------------


def test_the_sample_access_file_beside_the_plan_reads_and_gives_each_role():
    assert default_access_path(ROOT / "targets.yaml") == ROOT / "access.yaml"
    access, problems = load_access(ROOT / "access.yaml")
    assert problems == []
    assert access.role_for("performance.lead@example.org") is Role.ADMIN
    assert access.role_for("data.officer@example.org") is Role.EDITOR
    assert access.role_for("anyone.else@example.org") is Role.VIEWER
    assert access.role_for("someone@example.com") is None


def test_emails_and_domains_are_compared_without_case_and_an_exact_email_beats_its_domain(tmp_path):
    access = read(tmp_path, "people:\n  Ann.Lead@Council.GOV.uk: editor\n  boss@example.org: viewer\ndomains:\n  Example.org: admin\n  '@nhs.net': viewer\n")
    assert access.role_for("ann.lead@council.gov.uk") is Role.EDITOR
    assert access.role_for("ANN.LEAD@COUNCIL.GOV.UK") is Role.EDITOR
    assert access.role_for("other@council.gov.uk") is None  # the domain itself is not listed
    assert access.role_for("boss@example.org") is Role.VIEWER  # listed by email: not admin, though the domain says so
    assert access.role_for("Someone@EXAMPLE.ORG") is Role.ADMIN
    assert access.role_for("nurse@nhs.net") is Role.VIEWER
    assert access.role_for("nurse@sub.nhs.net") is None  # a domain rule is that domain only
    assert access.role_for("") is None and access.role_for(None) is None and access.role_for("no-at-sign") is None


def test_every_mistake_is_named_with_its_line(tmp_path):
    text = (
        "people:\n"
        "  ann@example.org: admin\n"
        "  ANN@example.org: editor\n"
        "  bob: editor\n"
        "  carl@example.org: boss\n"
        "domains:\n"
        "  example.org: viewer\n"
        "  example.org: editor\n"
        "  not a domain: viewer\n"
        "groups: {}\n"
    )  # fmt: skip
    assert lines(tmp_path, text) == [
        "access.yaml:3: people.ANN@example.org: 'ANN@example.org' is listed twice (first on line 2; addresses are compared without case)",
        "access.yaml:4: people.bob: 'bob' is not an email address (write it as name@example.org)",
        "access.yaml:5: people.carl@example.org: 'boss' is not a role (use one of: viewer, editor, admin)",
        "access.yaml:8: domains.example.org: duplicate key 'example.org' (first given on line 7)",
        "access.yaml:9: domains.not a domain: 'not a domain' is not a domain (write it as example.org, without @)",
        "access.yaml:10: groups: unknown field (allowed: people, domains)",
    ]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("", "access.yaml:1: the access file is empty (expected people: and/or domains:, each listing who has which role)"),
        ("people: {}\n", "access.yaml:1: lists no one: add people: (email: role) and/or domains: (domain: role)"),
        ("- ann@example.org\n", "access.yaml:1: must be a mapping with people: and/or domains:"),
        ("people:\n  - ann@example.org\n", "access.yaml:1: people: must be a mapping of address: role, one a line"),
        ("people:\n  ann@example.org: [admin]\n", "access.yaml:2: people.ann@example.org: '['admin']' is not a role (use one of: viewer, editor, admin)"),
        ("people: [\n", "access.yaml:2: YAML syntax error: expected the node content, but found '<stream end>'"),
    ],
)
def test_a_file_that_cannot_be_used_says_why(tmp_path, text, expected):
    assert lines(tmp_path, text) == [expected]


def test_a_missing_access_file_is_a_problem_not_an_open_door(tmp_path):
    access, problems = load_access(tmp_path / "access.yaml", "access.yaml")
    assert access is None and [str(p) for p in problems] == ["access.yaml: file not found"]


def test_roles_rank_viewer_editor_admin():
    assert [r.can_edit for r in Role] == [False, True, True]
    assert [r.can_audit for r in Role] == [False, False, True]


# -- the gate --------------------------------------------------------------------------------

ACCESS = AccessList({"ed@example.org": Role.EDITOR}, {"example.org": Role.VIEWER})


def gate(**facts):
    given = dict(site=AudienceKind.INTERNAL, sign_in_configured=True, address="127.0.0.1", signed_in=True, email="ed@example.org", access=ACCESS)
    return decide(**{**given, **facts})


def test_the_public_site_never_asks_anyone_to_sign_in():
    assert gate(site=AudienceKind.PUBLIC, signed_in=False, email=None).entry is Entry.OPEN
    assert gate(site=AudienceKind.PUBLIC, sign_in_configured=False, address="0.0.0.0").entry is Entry.OPEN


def test_signed_out_visitors_see_only_the_sign_in_page():
    outside = gate(signed_in=False, email=None)
    assert outside.entry is Entry.SIGN_IN and not outside.entry.shows_site and outside.role is None


def test_signed_in_visitors_get_their_role_or_are_told_they_are_not_listed():
    assert gate().role is Role.EDITOR and gate().entry is Entry.ENTER
    assert gate(email="Ed@Example.org").email == "ed@example.org"
    assert gate(email="viewer@example.org").role is Role.VIEWER
    stranger = gate(email="someone@elsewhere.test")
    assert stranger.entry is Entry.NOT_LISTED and not stranger.entry.shows_site and stranger.role is None
    assert gate(email=None).entry is Entry.NOT_LISTED  # a provider that gives no email


def test_an_unusable_access_list_lets_no_one_in():
    problem = Problem("access.yaml", 0, "", "", "file not found")
    refused = gate(access=None, access_problems=[problem])
    assert refused.entry is Entry.NO_ACCESS_LIST and refused.role is None and refused.problems == (problem,)


@pytest.mark.parametrize("address", ["127.0.0.1", "127.0.0.2", "localhost", "::1", "[::1]"])
def test_without_sign_in_a_server_on_this_machine_only_lets_its_user_in(address):
    local = gate(sign_in_configured=False, address=address, signed_in=False, email=None)
    assert local.entry is Entry.LOCAL and local.role is Role.ADMIN and is_loopback(address)


@pytest.mark.parametrize("address", ["", None, "0.0.0.0", "::", "192.168.1.20", "dashboard.example.org"])
def test_without_sign_in_a_server_listening_beyond_this_machine_serves_nothing(address):
    refused = gate(sign_in_configured=False, address=address, signed_in=False, email=None)
    assert refused.entry is Entry.NOT_LOCAL and not refused.entry.shows_site and not is_loopback(address)


# -- the gate in the app (AppTest seeds st.user; the real sign-in is tests/browser/test_sign_in.py) --

AUTH = {"redirect_uri": "http://localhost:8501/oauth2callback", "cookie_secret": "x", "client_id": "c", "client_secret": "s", "server_metadata_url": "http://localhost:1/.well-known/openid-configuration"}
PLAN_TITLE = "Test partnership plan"


def plain(text: str) -> str:
    """Markdown text as read: md() escapes and the word joiner after '@' removed."""
    return re.sub(r"\\(.)", r"\1", text).replace("\u2060", "")


@pytest.fixture
def access_file(tmp_path):
    path = tmp_path / "access.yaml"
    path.write_text("people:\n  ed@example.org: editor\ndomains:\n  example.org: viewer\n", encoding="utf-8")
    return path


def signed(make_app, access_file, user: dict):
    from tests.conftest import page_text

    at = make_app("--as-of", "2025-08-01", "--access", str(access_file))
    at.secrets["auth"] = AUTH
    at.user = user
    at.run()
    assert not at.exception
    return at, page_text(at)


def test_app_a_signed_out_visitor_sees_the_sign_in_page_and_nothing_of_the_plan(make_app, access_file):
    at, text = signed(make_app, access_file, {"is_logged_in": False})
    assert plain(at.title[0].value) == "SEND partnership dashboard: sign in"
    assert [b.label for b in at.button] == ["Sign in"]
    assert PLAN_TITLE not in text and "Data as at" not in text and not at.get("html")[1:]  # only the page style


def test_app_an_unlisted_address_is_told_so(make_app, access_file):
    at, text = signed(make_app, access_file, {"is_logged_in": True, "email": "someone@elsewhere.test"})
    assert "which is not on the access list of this dashboard" in plain(at.warning[0].value)
    assert [b.label for b in at.button] == ["Sign out"]
    assert PLAN_TITLE not in text and "Data as at" not in text


def test_app_a_listed_editor_sees_the_overview_and_who_they_are(make_app, access_file):
    at, text = signed(make_app, access_file, {"is_logged_in": True, "email": "Ed@Example.org"})
    assert PLAN_TITLE in text and "Data as at 1 Aug 2025" in text
    assert "Signed in as ed@example.org (editor)" in [plain(c.value) for c in at.sidebar.caption]


def test_app_a_broken_access_list_lets_a_signed_in_visitor_no_further(make_app, tmp_path):
    broken = tmp_path / "broken.yaml"
    broken.write_text("people:\n  ed@example.org: boss\n", encoding="utf-8")
    at, text = signed(make_app, broken, {"is_logged_in": True, "email": "ed@example.org"})
    assert "the dashboard's access list has problems" in plain(at.error[0].value)
    assert "broken.yaml:2: people.ed@example.org: 'boss' is not a role (use one of: viewer, editor, admin)" in at.code[0].value
    assert PLAN_TITLE not in text


@pytest.fixture
def address():
    from streamlit import config

    before = config.get_option("server.address")
    yield lambda value: config.set_option("server.address", value)
    config.set_option("server.address", before)


def test_app_without_sign_in_on_this_computer_says_so_on_every_page(make_app, address):
    from tests.conftest import page_text

    address("127.0.0.1")
    at = make_app("--as-of", "2025-08-01").run()
    assert not at.exception
    assert "This computer only. Sign-in is not set up, so this dashboard serves this computer only (127.0.0.1)." in page_text(at)
    assert PLAN_TITLE in page_text(at)
    at.query_params["present"] = "1"  # the projector's slides stay clean
    at.run()
    assert "This computer only." not in page_text(at)


def test_app_without_sign_in_listening_beyond_this_computer_serves_nothing(make_app, address):
    from tests.conftest import page_text

    address("0.0.0.0")
    at = make_app("--as-of", "2025-08-01").run()
    assert not at.exception
    assert "no sign-in set up, so it serves only on this computer (127.0.0.1), and this server listens on 0.0.0.0" in plain(at.error[0].value)
    assert PLAN_TITLE not in page_text(at) and not at.button


def test_an_address_the_provider_has_not_verified_is_not_let_in():
    assert gate(email_verified=False).entry is Entry.UNVERIFIED and gate(email_verified=False).role is None
    assert gate(email_verified=True).role is Role.EDITOR and gate(email_verified=None).role is Role.EDITOR


def test_app_an_unverified_address_is_told_so(make_app, access_file):
    at, text = signed(make_app, access_file, {"is_logged_in": True, "email": "ed@example.org", "email_verified": False})
    assert "says that address is not verified" in plain(at.warning[0].value)
    assert PLAN_TITLE not in text
