"""The documentation keeps step with the code: every field, every column, the examples and outputs."""

from __future__ import annotations

import argparse
import json
import re
import shlex

import pytest
from pydantic import BaseModel

from metrics import settings
from metrics.cli import build_parser, main
from metrics.domain import plan as plan_module
from metrics.domain.data import (
    OBSERVATION_COLUMNS,
    OBSERVATION_OPTIONAL,
    UPDATE_COLUMNS,
    UPDATE_OPTIONAL,
)
from metrics.domain.load import load
from tests.helpers import ROOT

DOCS = ROOT / "docs"
MODELS = ["Plan", "Defaults", "Contact", "Background", "Inspection", "Weakness", "Passage", "Document", "IStatement", "Area", "Metric", "ContextMeasure", "Forecast", "LocalAuthority", "Statistic", "StatisticColumns", "Point", "Event", "SpcSettings", "Action"]


def read(name: str) -> str:
    return (DOCS / name).read_text(encoding="utf-8")


def section(text: str, heading_word: str) -> str:
    """The text under the '## ' heading that starts with `heading_word`, up to the next '## '."""
    match = re.search(rf"^## `?{re.escape(heading_word)}`?\b.*?$(.*?)(?=^## |\Z)", text, re.M | re.S)
    assert match, f"no '## {heading_word}' section"
    return match.group(1)


def table(text: str) -> dict[str, list[str]]:
    """The first markdown table in ``text`` as {first cell without backticks: other cells}."""
    rows = {}
    for line in text.splitlines():
        if not line.startswith("|"):
            if rows:
                break
            continue
        cells = [c.strip() for c in re.split(r"(?<!\\)\|", line.strip())[1:-1]]
        if set(cells[0]) <= {"-", " "} or cells[0] in {"Field", "Column"}:
            continue
        rows[cells[0].strip("`")] = cells[1:]
    return rows


def code_blocks(text: str, language: str) -> list[tuple[str, str]]:
    """[(info after the language, body)] of every ```language fence."""
    return re.findall(rf"^```{language}(?: (.*?))?\n(.*?)^```", text, re.M | re.S)


def default_text(value) -> str | None:
    """How a default is written in the docs' Default column (None: not checked)."""
    if value is None:
        return "none"
    if isinstance(value, bool):
        return f"`{str(value).lower()}`"
    if isinstance(value, (int, float, str)):
        return f"`{value}`"
    if value == ():
        return "`[]`"
    return None


# -- targets.md ------------------------------------------------------------------------------


@pytest.mark.parametrize("model_name", MODELS)
def test_every_field_of_every_model_is_in_its_table(model_name):
    model: type[BaseModel] = getattr(plan_module, model_name)
    rows = table(section(read("targets.md"), model_name))
    assert sorted(rows) == sorted(model.model_fields), f"docs/targets.md, {model_name}: fields differ from metrics/domain/plan.py"
    for name, field in model.model_fields.items():
        kind, required, default, meaning, example = rows[name]
        assert required == ("required" if field.is_required() else "optional"), f"{model_name}.{name}"
        assert kind and meaning and example, f"{model_name}.{name}: type, meaning and example are all needed"
        if field.is_required():
            assert default == "—", f"{model_name}.{name}"
        else:
            expected = default_text(field.default)
            if expected is not None:
                assert default.startswith(expected), f"{model_name}.{name}: default {default!r}, code has {field.default!r}"


def test_every_model_in_plan_py_is_documented():
    models = {name for name, obj in vars(plan_module).items() if isinstance(obj, type) and issubclass(obj, BaseModel) and obj.__module__ == plan_module.__name__ and not name.startswith("_")}
    assert models == set(MODELS)


def test_plan_defaults_documented_match_the_code():
    defaults = plan_module.Defaults()
    cell = table(section(read("targets.md"), "Plan"))["defaults"][2]
    for name in plan_module.Defaults.model_fields:
        assert f"{name}: {getattr(defaults, name)}" in cell


def test_the_documented_frequencies_and_directions_are_the_codes():
    rows = table(section(read("targets.md"), "Metric"))
    for word in plan_module.Frequency.__args__:
        assert f"`{word}`" in rows["frequency"][0]
    for word in plan_module.Direction.__args__:
        assert f"`{word}`" in rows["direction"][0]


# -- data-format.md --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("heading", "required", "optional"),
    [("Observations", OBSERVATION_COLUMNS, OBSERVATION_OPTIONAL), ("Action updates", UPDATE_COLUMNS, UPDATE_OPTIONAL)],
)
def test_every_csv_column_is_documented(heading, required, optional):
    rows = table(section(read("data-format.md"), heading))
    assert sorted(rows) == sorted(required + optional)
    for column in required:
        assert rows[column][0] == "required", column
    for column in optional:
        assert rows[column][0] == "optional", column


def test_every_status_word_is_documented():
    from metrics.domain.status import Status

    cell = table(section(read("data-format.md"), "Action updates"))["status"][1]
    for word in (s.value for s in Status):
        assert f"`{word}`" in cell


# -- the examples work -----------------------------------------------------------------------


def write_example(tmp_path):
    [(_, plan_text)] = [b for b in code_blocks(section(read("targets.md"), "A complete example"), "yaml")]
    (tmp_path / "targets.yaml").write_text(plan_text, encoding="utf-8")
    data = tmp_path / "data"
    data.mkdir()
    blocks = code_blocks(read("data-format.md"), "csv")
    assert len(blocks) == 3
    for name, body in blocks:
        (data / name).write_text(body, encoding="utf-8")
    return tmp_path / "targets.yaml", data


def test_the_documented_example_plan_and_data_pass_check(tmp_path):
    loaded = load(*write_example(tmp_path))
    assert [str(p) for p in loaded.problems] == []
    assert len(loaded.plan.metrics) == 5 and len(loaded.dataset.files) == 3


@pytest.mark.parametrize("info", [info for info, _ in code_blocks(read("status-rules.md"), "text") if info.startswith("status ")])
def test_the_worked_example_is_what_the_cli_prints(tmp_path, capsys, info):
    targets, data = write_example(tmp_path)
    expected = dict(code_blocks(read("status-rules.md"), "text"))[info]
    assert main([*shlex.split(info), "--targets", str(targets), "--data", str(data)]) == 0
    assert capsys.readouterr().out == expected


def test_the_worked_examples_are_there():
    infos = [info for info, _ in code_blocks(read("status-rules.md"), "text")]
    assert "status --as-of 2025-08-01" in infos and "status --as-of 2025-08-01 --public" in infos


def test_the_documented_messages_are_the_real_ones(tmp_path):
    # The example problems in data-format.md, made real on the documented example.
    targets, data = write_example(tmp_path)
    obs = (data / "observations.csv").read_text().splitlines()
    obs[6] = "parent_confidence,2025-07-31,101,8,Parent carer forum survey,,"
    obs.insert(8, "autism_wait,2024-01-31,30,,,,")
    (data / "observations.csv").write_text("\n".join(obs) + "\n")
    updates = (data / "updates.csv").read_text().splitlines()
    updates[3:3] = ["A1.1,2023-05-31,purple,x,", "A1.1,2023-02-28,blue,Again,"]
    (data / "updates.csv").write_text("\n".join(updates) + "\n")
    sample = tmp_path / "sample_data"
    data.rename(sample)
    loaded = load(targets, sample)
    got = [str(p).replace(f"{tmp_path}/", "") for p in loaded.problems]
    [(_, documented)] = [b for b in code_blocks(section(read("data-format.md"), "When something is wrong"), "text")]
    assert got == documented.splitlines()[:-1]
    assert documented.splitlines()[-1] == f"{len(got)} problems found; nothing was changed."


def test_the_documented_check_message_in_targets_md_is_real(tmp_path):
    targets, data = write_example(tmp_path)
    text = targets.read_text().replace("      - {date: 2023-06-30, value: 125}", "      - {date: 2023-13-01, value: 125}")
    targets.write_text(text)
    [problem] = load(targets, data).problems
    [(_, documented)] = code_blocks(read("targets.md").split("## A complete example")[0], "text")
    assert str(problem).replace(f"{tmp_path}/", "") == documented.strip()


def test_every_json_key_is_documented(tmp_path, capsys):
    targets, data = write_example(tmp_path)
    main(["status", "--targets", str(targets), "--data", str(data), "--as-of", "2025-08-01", "--format", "json"])
    records = json.loads(capsys.readouterr().out)
    text = section(read("status-rules.md"), "Output of")
    keys = {k for r in records for k in r} | {k for r in records if r.get("projection") for k in r["projection"]}
    assert sorted(k for k in keys if f"`{k}`" not in text) == []


# -- README: the options table ---------------------------------------------------------------

README = ROOT / "README.md"


@pytest.fixture(autouse=True)
def _no_dashboard_environment(monkeypatch):
    """The CLI reads DASHBOARD_* variables too: the examples above must not depend on the shell."""
    for option in settings.OPTIONS:
        if option.env:
            monkeypatch.delenv(option.env, raising=False)


def options_section() -> str:
    return section(README.read_text(encoding="utf-8"), "Running")


def documented_options() -> dict[str, list[str]]:
    """{'--targets': [environment variable, used by, meaning], ...} from the README's table."""
    return {name.split()[0]: cells for name, cells in table(options_section()).items() if name != "option"}


def test_the_readme_options_table_is_exactly_the_rendered_one():
    got = "".join(line + "\n" for line in options_section().splitlines() if line.startswith("|"))
    assert got == settings.options_table(), "README.md's options table differs from metrics/settings.py: paste in options_table()"


def test_every_option_the_app_accepts_is_in_the_readme_table():
    from ui.settings import build_parser as app_parser

    accepted = {flag for action in app_parser()._actions for flag in action.option_strings}
    assert accepted == {"--targets", "--data", "--as-of", "--public", "--access", "--db"}
    rows = documented_options()
    for flag in accepted:
        env, used_by, meaning = rows[flag]
        assert used_by.startswith("the app") and env.startswith("`DASHBOARD_") and meaning, flag


def test_every_option_of_every_command_is_in_the_readme_table():
    [commands] = [a.choices for a in build_parser()._actions if isinstance(a, argparse._SubParsersAction)]
    assert sorted(commands) == sorted(settings.COMMANDS)
    rows = documented_options()
    for name, parser in commands.items():
        flags = {flag for action in parser._actions for flag in action.option_strings} - {"-h", "--help"}
        assert flags, name
        for flag in flags:
            assert flag in rows, f"python -m metrics {name} {flag}: not in README.md's options table"
            assert f"`{name}`" in rows[flag][1], f"README.md: {flag} does not say it is used by {name}"


def test_the_readme_says_the_command_line_reads_the_environment_too():
    text = " ".join(options_section().split())
    assert "an option on the command line beats its environment variable, which beats the default" in text
