"""Start-up settings: command line after `--`, else environment variables, else defaults.

The options themselves (flags, environment variables, help, defaults) are declared once, in
metrics/settings.py, and shared with `python -m metrics` and the README's table.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
from dataclasses import dataclass
from pathlib import Path

from metrics import settings as options
from metrics.domain.access import default_access_path
from metrics.domain.load import parse_as_of
from metrics.domain.status import AudienceKind


@dataclass(frozen=True)
class Settings:
    targets: Path
    data: Path
    as_of: dt.date | None  # None: today, and the as-of picker starts there
    public: bool  # serve the public site (--public / DASHBOARD_PUBLIC)
    access: Path | None = None  # who may sign in (--access / DASHBOARD_ACCESS); None: access.yaml beside the plan
    db: str | None = None  # the database URL (--db / DASHBOARD_DB); None: the figures come from the data folder

    @property
    def site(self) -> AudienceKind:
        """Who this server is for: the public site's readers, or the board and its officers."""
        return AudienceKind.PUBLIC if self.public else AudienceKind.INTERNAL

    @property
    def access_file(self) -> Path:
        return self.access if self.access is not None else default_access_path(self.targets)


class SettingsError(ValueError):
    pass


def build_parser() -> argparse.ArgumentParser:
    """What `streamlit run app.py -- ...` takes (other arguments are ignored)."""
    parser = argparse.ArgumentParser(prog="streamlit run app.py --", add_help=False)
    options.add_options(parser, options.APP)
    return parser


def parse_settings(argv: list[str] | None = None, environ: dict[str, str] | None = None) -> Settings:
    argv = sys.argv[1:] if argv is None else argv
    environ = dict(os.environ) if environ is None else environ
    args, _ = build_parser().parse_known_args(argv)
    args = options.resolve(args, options.APP, environ)
    try:
        as_of = parse_as_of(args.as_of) if args.as_of else None
    except ValueError as exc:
        raise SettingsError(f"--as-of: {exc}") from None
    return Settings(args.targets, args.data, as_of, args.public, args.access, args.db or None)
