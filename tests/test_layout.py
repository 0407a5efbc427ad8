"""The layout holds: layers import only downward, statuses and audiences are types, not strings."""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
from pathlib import Path

from metrics.domain.status import Status

ROOT = Path(__file__).resolve().parents[1]
CODE = sorted([*ROOT.glob("metrics/**/*.py"), *ROOT.glob("ui/*.py"), *ROOT.glob("app_pages/*.py"), ROOT / "app.py"])
STATUS_MODULE = ROOT / "metrics" / "domain" / "status.py"
WORDS_MODULE = ROOT / "metrics" / "views" / "audience.py"  # the one table of status words per audience


def test_lint_imports_keeps_every_contract():
    """render -> views -> domain, ui and app_pages above them; Streamlit and plotly only in ui/ and app_pages/."""
    lint = shutil.which("lint-imports", path=str(Path(sys.executable).parent)) or shutil.which("lint-imports")
    assert lint, "lint-imports (import-linter) is not installed: run make test"
    result = subprocess.run([lint, "--no-cache"], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Contracts: 2 kept, 0 broken." in result.stdout


def _strings(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, (ast.Module, ast.FunctionDef, ast.ClassDef, ast.AsyncFunctionDef))
        and node.body and isinstance(node.body[0], ast.Expr) and isinstance(node.body[0].value, ast.Constant)
    }
    return [(n.lineno, n.value) for n in ast.walk(tree) if isinstance(n, ast.Constant) and isinstance(n.value, str) and id(n) not in docstrings]


def test_no_status_string_literal_outside_the_status_module():
    names = {s.value for s in Status}
    found = []
    for path in CODE:
        if path == STATUS_MODULE:
            continue
        for line, text in _strings(path):
            lowered = text.strip().lower()
            if text.strip() in names or (path != WORDS_MODULE and lowered in names):
                found.append(f"{path.relative_to(ROOT)}:{line}: {text!r}")
    assert found == []


def test_no_public_bool_parameter():
    """The audience travels as an Audience (words, columns, thresholds), never as `public: bool`."""
    found = []
    for path in CODE:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                args = node.args.args + node.args.kwonlyargs + node.args.posonlyargs
                found += [f"{path.relative_to(ROOT)}:{node.lineno}: {node.name}({a.arg})" for a in args if a.arg == "public"]
    assert found == []


def test_the_status_rank_is_worst_first():
    assert sorted(Status) == [Status.RED, Status.AMBER, Status.GREY, Status.GREEN, Status.BLUE]
    assert [s.rank for s in sorted(Status)] == [0, 1, 2, 3, 4]
    assert Status.parse(" Amber ") is Status.AMBER and Status.parse("purple") is None
