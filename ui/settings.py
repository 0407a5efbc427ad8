"""Start-up settings: command line after `--`, else environment variables, else defaults."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
from dataclasses import dataclass
from pathlib import Path

from metrics.domain.load import DEFAULT_DATA, DEFAULT_TARGETS, parse_as_of

# Each setting once, with its environment variable and help text (README and a test read this).
SETTINGS_HELP = {
    "targets": ("DASHBOARD_TARGETS", "the plan file (default: targets.yaml)"),
    "data": ("DASHBOARD_DATA", "the folder of CSV data files (default: sample_data/)"),
    "as_of": ("DASHBOARD_AS_OF", "judge the plan as at this date, YYYY-MM-DD (default: today)"),
    "public": ("DASHBOARD_PUBLIC", "serve the public site: public items only, small numbers suppressed (1/true/yes)"),
}


@dataclass(frozen=True)
class Settings:
    targets: Path
    data: Path
    as_of: dt.date | None  # None: today, and the as-of picker starts there
    public: bool


class SettingsError(ValueError):
    pass


def _truthy(text: str | None) -> bool:
    return (text or "").strip().lower() in {"1", "true", "yes", "on"}


def parse_settings(argv: list[str] | None = None, environ: dict[str, str] | None = None) -> Settings:
    argv = sys.argv[1:] if argv is None else argv
    environ = dict(os.environ) if environ is None else environ
    parser = argparse.ArgumentParser(prog="streamlit run app.py --", add_help=False)
    parser.add_argument("--targets")
    parser.add_argument("--data")
    parser.add_argument("--as-of", dest="as_of")
    parser.add_argument("--public", action="store_true")
    args, _ = parser.parse_known_args(argv)
    targets = args.targets or environ.get("DASHBOARD_TARGETS") or str(DEFAULT_TARGETS)
    data = args.data or environ.get("DASHBOARD_DATA") or str(DEFAULT_DATA)
    as_of_text = args.as_of or environ.get("DASHBOARD_AS_OF")
    try:
        as_of = parse_as_of(as_of_text) if as_of_text else None
    except ValueError as exc:
        raise SettingsError(f"--as-of: {exc}") from None
    public = args.public or _truthy(environ.get("DASHBOARD_PUBLIC"))
    return Settings(Path(targets), Path(data), as_of, public)
