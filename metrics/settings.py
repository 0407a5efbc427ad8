"""Every option once: its flag, environment variable, help text and default.

One record per option drives three things, so they cannot drift apart:

- the command line of every `python -m metrics` subcommand that takes it (`add_options`),
- the app's start-up settings (`streamlit run app.py -- ...`, in ui/settings.py),
- the options table in the README (`options_table`; tests/test_docs.py checks it is there).

Wherever an option is read, a value on the command line beats its environment variable, which
beats the default (`resolve`). Checking a value further (is the as-of date a real date? does the
folder exist?) stays with the code that uses it, so its messages are unchanged.
"""

from __future__ import annotations

import argparse
import os
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Callable, Mapping

from metrics.domain.load import DEFAULT_DATA, DEFAULT_TARGETS

TRUTHY = ("1", "true", "yes", "on")


@dataclass(frozen=True)
class Option:
    """One option. A switch (`switch=True`) takes no value: on when given, or when its environment
    variable is one of TRUTHY. Any other option takes one value, converted with `type`."""

    flag: str  # "--as-of"
    dest: str  # "as_of": the attribute on the parsed arguments, and the Settings field
    env: str | None  # "DASHBOARD_AS_OF", or None: command line only
    metavar: str | None  # how the value is shown: "YYYY-MM-DD" (None for a switch)
    help: str  # plain words, shown by --help and in the README
    default: Any = None  # when neither the command line nor the environment gives a value
    type: Callable[[str], Any] = str
    switch: bool = False
    choices: tuple[str, ...] | None = None
    required: bool = False

    def __post_init__(self) -> None:
        assert self.flag.startswith("--") and self.dest.isidentifier(), self.flag
        assert self.switch == (self.metavar is None), f"{self.flag}: a switch has no metavar, anything else has one"
        assert not (self.required and self.env), f"{self.flag}: a required option cannot come from the environment"
        assert not (self.choices and self.env), f"{self.flag}: argparse checks choices, the environment would bypass them"

    def only(self, *choices: str) -> Option:
        """The same option with fewer choices, for a subcommand that takes only some of them."""
        assert self.choices and set(choices) <= set(self.choices), (self.flag, choices)
        return replace(self, choices=choices, metavar="|".join(choices))

    def add_to(self, parser: argparse.ArgumentParser) -> None:
        # default=None: "not on the command line", so `resolve` can fall back to the environment.
        if self.switch:
            parser.add_argument(self.flag, dest=self.dest, action="store_true", default=None, help=self.help)
        else:
            parser.add_argument(self.flag, dest=self.dest, metavar=self.metavar, choices=self.choices, required=self.required, default=None, help=self.help)

    def value(self, given: Any, environ: Mapping[str, str]) -> Any:
        """Command line (`given`; None or empty: not given), else the environment, else the default."""
        from_env = environ.get(self.env) if self.env else None
        if self.switch:
            return True if given else (truthy(from_env) if from_env else self.default)
        text = given or from_env
        return self.type(text) if text else self.default


def truthy(text: str | None) -> bool:
    return (text or "").strip().lower() in TRUTHY


TARGETS = Option("--targets", "targets", "DASHBOARD_TARGETS", "FILE", "the plan file (default: targets.yaml)", DEFAULT_TARGETS, Path)
DATA = Option("--data", "data", "DASHBOARD_DATA", "DIR", "the folder of CSV data files (default: sample_data/)", DEFAULT_DATA, Path)
AS_OF = Option("--as-of", "as_of", "DASHBOARD_AS_OF", "YYYY-MM-DD", "judge the plan as at this date (default: today); a date outside the plan's own dates, a year either side, is moved to the nearest one")
PUBLIC = Option(
    "--public", "public", "DASHBOARD_PUBLIC", None,
    "the public view: public items and narratives only, small numbers suppressed (the app serves the public site only)",
    False, switch=True,
)
ACCESS = Option(
    "--access", "access", "DASHBOARD_ACCESS", "FILE",
    "who may sign in to the internal site, and with which role (default: access.yaml beside the plan)",
    type=Path,
)
FORMAT = Option("--format", "format", None, "table|csv|json", "how to print the answer (default: table)", "table", choices=("table", "csv", "json"))
METRIC = Option("--metric", "metric", None, "ID", "the metric's id", required=True)
KIND = Option(
    "--kind", "kind", None, "progress|exception",
    "progress: the whole plan, area by area; exception: only what needs the board's attention",
    choices=("progress", "exception"), required=True,
)
SINCE = Option("--since", "since", None, "YYYY-MM-DD", "compare with the plan as it stood on this date (default: three months before --as-of)")
OUT = Option("--out", "out", None, "FILE", "the file to write: .html, or .pdf for a PDF; for publish, the folder to write the site into; for export, the folder to write the CSV files into", type=Path, required=True)
PDF = Option("--pdf", "pdf", None, None, "write a PDF too (to --out with .pdf), or only a PDF when --out ends in .pdf", False, switch=True)
# The database (metrics/store) and what is written to it.
DB = Option(
    "--db", "db", "DASHBOARD_DB", "URL",
    "the database the figures are read from (instead of --data) and written to: sqlite:///FILE.db, "
    "postgresql://USER@HOST/NAME, or a file name (an SQLite file); default: none, the --data folder. "
    "With --as-of, the figures as they had been recorded by the end of that day (UTC)",
)
BY = Option("--by", "by", "DASHBOARD_BY", "EMAIL", "who is making the change, kept with it in the history (import: default your user name)")
DATE = Option("--date", "date", None, "YYYY-MM-DD", "the date the figure is for, or of the action update", required=True)
VALUE = Option("--value", "value", None, "NUMBER", "the figure, in the metric's unit, as a plain number (a percentage is 0 to 100)", required=True)
N = Option("--n", "n", None, "N", "for a survey percentage: how many people answered")
SOURCE = Option("--source", "source", None, "TEXT", "where the figure comes from, when more precise than the metric's source (shown in public figures)")
NOTE = Option("--note", "note", None, "TEXT", "an internal note about the figure (never shown in public figures)")
ACTION = Option("--action", "action", None, "ID", "the action's id", required=True)
STATUS = Option("--status", "status", None, "BRAG", "the lead's BRAG rating: blue, green, amber, red or grey", required=True)
NARRATIVE = Option("--narrative", "narrative", None, "TEXT", "what has happened, for internal readers (never shown in public figures)")
PUBLIC_NARRATIVE = Option("--public-narrative", "public_narrative", None, "TEXT", "the words the public may read instead (default: none)")
ILLUSTRATIVE = Option("--illustrative", "illustrative", None, None, "the figure or update is made up for demonstration, not a real one (marked wherever shown)", False, switch=True)

# Every option, in the order of the README's table.
OPTIONS: tuple[Option, ...] = (
    TARGETS, DATA, DB, AS_OF, PUBLIC, ACCESS, FORMAT, METRIC, KIND, SINCE, OUT, PDF,
    BY, DATE, VALUE, N, SOURCE, NOTE, ACTION, STATUS, NARRATIVE, PUBLIC_NARRATIVE, ILLUSTRATIVE,
)  # fmt: skip

# What the app takes after `streamlit run app.py --`.
APP: tuple[Option, ...] = (TARGETS, DATA, AS_OF, PUBLIC, ACCESS, DB)

# What each `python -m metrics` subcommand takes, in the order --help lists them.
COMMANDS: dict[str, tuple[Option, ...]] = {
    "check": (TARGETS, DATA, DB),
    "status": (TARGETS, DATA, DB, AS_OF, PUBLIC, FORMAT),
    "spc": (TARGETS, DATA, DB, METRIC, AS_OF, FORMAT.only("table", "json")),
    "report": (TARGETS, DATA, DB, KIND, AS_OF, SINCE, PUBLIC, OUT, PDF),
    "publish": (TARGETS, DATA, DB, AS_OF, replace(OUT, metavar="DIR")),
    "benchmark": (TARGETS, DATA, DB, METRIC, FORMAT),
    # the database (metrics/store): --db or DASHBOARD_DB is needed by each of these
    "import": (TARGETS, DATA, DB, BY),
    "export": (DB, replace(OUT, metavar="DIR"), AS_OF),
    "add-observation": (TARGETS, DB, METRIC, DATE, VALUE, N, SOURCE, NOTE, ILLUSTRATIVE, BY),
    "add-update": (TARGETS, DB, ACTION, DATE, STATUS, NARRATIVE, PUBLIC_NARRATIVE, ILLUSTRATIVE, BY),
    "history": (DB, FORMAT),
}


def add_options(parser: argparse.ArgumentParser, options: tuple[Option, ...]) -> None:
    for option in options:
        option.add_to(parser)


def resolve(args: argparse.Namespace, options: tuple[Option, ...] = OPTIONS, environ: Mapping[str, str] | None = None) -> argparse.Namespace:
    """`args` with every option it has (from `options`) worked out: command line, else environment,
    else default. Options the parser did not have (another subcommand's) are left alone."""
    environ = os.environ if environ is None else environ
    values = vars(args).copy()
    for option in options:
        if option.dest in values:
            values[option.dest] = option.value(values[option.dest], environ)
    return argparse.Namespace(**values)


# -- the README's table ----------------------------------------------------------------------


def _used_by(option: Option) -> str:
    places = ["the app"] if option in APP else []
    for command, options in COMMANDS.items():
        for taken in options:
            if taken.flag == option.flag:
                narrower = f" ({' or '.join(taken.choices)} only)" if taken.choices != option.choices else ""
                places.append(f"`{command}`{narrower}")
    return ", ".join(places)


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def options_table(options: tuple[Option, ...] = OPTIONS) -> str:
    """The markdown table in the README: option | environment variable | used by | meaning."""
    lines = ["| option | environment variable | used by | meaning |", "| --- | --- | --- | --- |"]
    for option in options:
        shown = option.flag if option.switch else f"{option.flag} {option.metavar}"
        env = "—" if option.env is None else f"`{option.env}=1`" if option.switch else f"`{option.env}`"
        lines.append(f"| `{_cell(shown)}` | {env} | {_used_by(option)} | {_cell(option.help)} |")
    return "\n".join(lines) + "\n"
