"""The Makefile: which Python makes .venv, and where `make run` listens.

The Python tests run the Makefile's own detection (`make python`) with nothing on PATH but
fake interpreters: shell scripts that answer `--version` as python3.x would.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
MAKE = shutil.which("make")

pytestmark = pytest.mark.skipif(MAKE is None, reason="make is not installed")


def _fake(bin_dir: Path, name: str, says: str, status: int = 0) -> Path:
    path = bin_dir / name
    path.write_text(f"#!/bin/sh\necho '{says}'\nexit {status}\n")
    path.chmod(0o755)
    return path


def _make(bin_dir: Path, *args: str) -> subprocess.CompletedProcess:
    """`make -s python ...` with only ``bin_dir`` on PATH and none of the caller's make settings."""
    return subprocess.run(
        [MAKE, "-s", "--no-print-directory", "-C", str(ROOT), "python", *args],
        env={"PATH": str(bin_dir)},
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.fixture
def bin_dir(tmp_path) -> Path:
    path = tmp_path / "bin"
    path.mkdir()
    return path


def test_the_newest_python_of_311_or_later_is_chosen(bin_dir):
    _fake(bin_dir, "python3.12", "Python 3.12.4")
    _fake(bin_dir, "python3.13", "Python 3.13.1")
    _fake(bin_dir, "python3", "Python 3.10.12")
    found = _make(bin_dir)
    assert found.returncode == 0, found.stderr
    assert found.stdout.strip() == f"{bin_dir / 'python3.13'} (Python 3.13.1)"


def test_a_machine_with_only_python_312_is_enough(bin_dir):
    _fake(bin_dir, "python3.12", "Python 3.12.4")
    found = _make(bin_dir)
    assert found.returncode == 0, found.stderr
    assert found.stdout.strip() == f"{bin_dir / 'python3.12'} (Python 3.12.4)"


def test_plain_python3_counts_when_it_is_new_enough(bin_dir):
    _fake(bin_dir, "python3", "Python 3.11.9")
    found = _make(bin_dir)
    assert found.returncode == 0, found.stderr
    assert found.stdout.strip() == f"{bin_dir / 'python3'} (Python 3.11.9)"


def test_a_shim_that_does_not_run_is_passed_over(bin_dir):
    """pyenv puts a python3.13 on PATH even when 3.13 is not switched on; it fails when run."""
    _fake(bin_dir, "python3.13", "pyenv: python3.13: command not found", status=127)
    _fake(bin_dir, "python3.12", "Python 3.12.4")
    found = _make(bin_dir)
    assert found.returncode == 0, found.stderr
    assert "python3.12 (Python 3.12.4)" in found.stdout


def test_python_310_is_refused_and_the_error_says_what_was_found(bin_dir):
    _fake(bin_dir, "python3", "Python 3.10.12")
    _fake(bin_dir, "python3.10", "Python 3.10.12")
    found = _make(bin_dir)
    assert found.returncode != 0
    assert found.stdout == ""
    assert "no Python 3.11 or newer found (looked for python3.13 python3.12 python3.11 python3 on PATH)" in found.stderr
    assert "python3: Python 3.10.12" in found.stderr
    assert "make PYTHON=/path/to/python3.12" in found.stderr


def test_no_python_at_all(bin_dir):
    found = _make(bin_dir)
    assert found.returncode != 0
    assert "no Python 3.11 or newer found" in found.stderr


def test_make_python_equals_is_used_when_new_enough_and_refused_when_not(bin_dir):
    chosen = _fake(bin_dir, "my-python", "Python 3.12.1")
    old = _fake(bin_dir, "old-python", "Python 3.10.13")
    _fake(bin_dir, "python3.13", "Python 3.13.1")
    found = _make(bin_dir, f"PYTHON={chosen}")
    assert found.returncode == 0, found.stderr
    assert found.stdout.strip() == f"{chosen} (Python 3.12.1)"
    refused = _make(bin_dir, f"PYTHON={old}")
    assert refused.returncode != 0
    assert f"{old} is Python 3.10.13: the dashboard needs Python 3.11 or newer" in refused.stderr
    missing = _make(bin_dir, "PYTHON=python9")
    assert missing.returncode != 0 and "python9 not found" in missing.stderr


# -- where `make run` listens -------------------------------------------------------------------


def _run_command(*args: str, env: dict[str, str] | None = None) -> str:
    """The `streamlit run` line `make -n run` would execute (nothing is run)."""
    out = subprocess.run(
        [MAKE, "-n", "--no-print-directory", "-C", str(ROOT), "run", *args],
        env={"PATH": "/usr/bin:/bin", **(env or {})},
        capture_output=True,
        text=True,
        timeout=60,
    )
    lines = [line for line in out.stdout.splitlines() if "streamlit run app.py" in line]
    assert lines, out.stdout + out.stderr
    return lines[-1]


def test_make_run_listens_on_this_machine_only_unless_told():
    assert "--server.address 127.0.0.1 " in _run_command()
    assert "--server.address 0.0.0.0 " in _run_command("ADDRESS=0.0.0.0")
    assert "--server.address 0.0.0.0 " in _run_command(env={"DASHBOARD_ADDRESS": "0.0.0.0"})


def test_the_streamlit_config_listens_on_this_machine_only():
    import tomllib

    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["server"]["address"] == "127.0.0.1"
