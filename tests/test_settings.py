"""Each option declared once (metrics/settings.py), read the same way by the app and the command line."""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest

from metrics import settings
from metrics.domain.load import DEFAULT_DATA, DEFAULT_TARGETS
from tests.helpers import ROOT
from ui.settings import Settings, SettingsError, parse_settings

DEFAULTS = Settings(DEFAULT_TARGETS, DEFAULT_DATA, None, False)
ENV = {"DASHBOARD_TARGETS": "env.yaml", "DASHBOARD_DATA": "env-data", "DASHBOARD_AS_OF": "2024-03-31", "DASHBOARD_PUBLIC": "1"}


# -- the app: parse_settings -----------------------------------------------------------------


def test_defaults():
    assert parse_settings([], {}) == DEFAULTS


def test_the_environment_when_there_is_no_flag():
    assert parse_settings([], ENV) == Settings(Path("env.yaml"), Path("env-data"), dt.date(2024, 3, 31), True)


def test_a_flag_beats_the_environment():
    argv = ["--targets", "flag.yaml", "--data", "flag-data", "--as-of", "2025-08-01", "--public"]
    assert parse_settings(argv, {**ENV, "DASHBOARD_PUBLIC": "0"}) == Settings(Path("flag.yaml"), Path("flag-data"), dt.date(2025, 8, 1), True)


def test_an_empty_flag_or_variable_is_not_given():
    assert parse_settings(["--targets", "", "--as-of", ""], {"DASHBOARD_TARGETS": "env.yaml"}).targets == Path("env.yaml")
    assert parse_settings([], {name: "" for name in ENV}) == DEFAULTS


@pytest.mark.parametrize(("value", "public"), [("1", True), ("true", True), ("Yes", True), (" on ", True), ("0", False), ("false", False), ("no", False), ("", False)])
def test_dashboard_public_words(value, public):
    assert parse_settings([], {"DASHBOARD_PUBLIC": value}).public is public


@pytest.mark.parametrize(("argv", "environ"), [(["--as-of", "31/03/2024"], {}), ([], {"DASHBOARD_AS_OF": "31/03/2024"})], ids=["flag", "environment"])
def test_a_bad_as_of_is_a_settings_error(argv, environ):
    with pytest.raises(SettingsError) as error:
        parse_settings(argv, environ)
    assert str(error.value) == "--as-of: as-of date '31/03/2024' is not a date (use YYYY-MM-DD)"


def test_other_arguments_are_left_for_others():
    assert parse_settings(["--format", "json", "extra", "--public"], {}) == dataclasses.replace(DEFAULTS, public=True)


def test_the_argv_and_environment_default_to_the_process(monkeypatch):
    monkeypatch.setattr(sys, "argv", ["app.py", "--data", "from-argv"])
    monkeypatch.setenv("DASHBOARD_TARGETS", "from-env.yaml")
    for name in ("DASHBOARD_DATA", "DASHBOARD_AS_OF", "DASHBOARD_PUBLIC"):
        monkeypatch.delenv(name, raising=False)
    assert parse_settings() == Settings(Path("from-env.yaml"), Path("from-argv"), None, False)


def test_settings_fields_are_the_app_options():
    assert [f.name for f in dataclasses.fields(Settings)] == [option.dest for option in settings.APP] == ["targets", "data", "as_of", "public", "access", "db"]


# -- the records -----------------------------------------------------------------------------


def test_each_flag_dest_and_variable_is_declared_once():
    for field in ("flag", "dest", "env"):
        values = [getattr(option, field) for option in settings.OPTIONS if getattr(option, field)]
        assert len(values) == len(set(values)), field
    assert all(option.env.startswith("DASHBOARD_") for option in settings.OPTIONS if option.env)


def test_every_option_used_is_a_declared_one():
    declared = {option.flag: option for option in settings.OPTIONS}
    assert set(settings.APP) <= set(settings.OPTIONS)
    for command, options in settings.COMMANDS.items():
        for option in options:
            # the same record, or (spc's --format) the same record with fewer choices
            assert dataclasses.replace(option, choices=declared[option.flag].choices, metavar=declared[option.flag].metavar) == declared[option.flag], (command, option.flag)
    used = {option.flag for options in settings.COMMANDS.values() for option in options} | {option.flag for option in settings.APP}
    assert used == set(declared)


def test_the_help_names_the_default_paths():
    assert str(DEFAULT_TARGETS) in settings.TARGETS.help
    assert str(DEFAULT_DATA) in settings.DATA.help


def test_a_record_that_could_not_work_is_refused():
    with pytest.raises(AssertionError):
        settings.Option("--x", "x", None, "X", "a switch with a value", switch=True)
    with pytest.raises(AssertionError):
        settings.Option("--x", "x", "DASHBOARD_X", "X", "required, yet from the environment", required=True)
    with pytest.raises(AssertionError):
        settings.FORMAT.only("xml")


def test_the_table_escapes_pipes_and_shows_switch_variables():
    table = settings.options_table()
    assert "| `--format table\\|csv\\|json` | — | `status`, `spc` (table or json only), `benchmark`, `history` |" in table
    assert "| `--public` | `DASHBOARD_PUBLIC=1` | the app, `status`, `report` |" in table
    assert len(table.splitlines()) == 2 + len(settings.OPTIONS)


def test_metrics_settings_imports_only_the_domain():
    code = "import sys, metrics.settings; print(sorted(m for m in sys.modules if m.split('.')[0] in {'ui', 'streamlit'} or m.startswith(('metrics.views', 'metrics.render', 'metrics.cli'))))"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert (result.returncode, result.stdout, result.stderr) == (0, "[]\n", "")
