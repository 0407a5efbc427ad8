"""Make the tidy SEND Tribunal appeal-rate file the sample plan compares with.

    .venv/bin/python scripts/tidy_tribunals.py            # writes sample_data/statistics/send_tribunal_appeal_rate.csv
    .venv/bin/python scripts/tidy_tribunals.py --check    # fails if the file in sample_data is not what this makes

Source: "SEND Appeal rate table 1" (``SEND Tribunals and appeal rate 2014-2024.csv``), the supporting
file of the DfE's "Education, health and care plans" 2025 release (SEN2), copied unchanged into
``../shared/dfe_send_statistics/``. It is a wide spreadsheet table: one row per local authority,
three columns per year (appeals registered, total appealable decisions, appeal rate), region
headings between the rows, footnote numbers stuck to names, and symbols for missing figures.

The tidy file has one row per area and year, with the Explore Education Statistics column names
the dashboard reads by default (time_period, time_identifier, geographic_level, new_la_code,
old_la_code, la_name, region_code, ...). Nothing is computed: every figure is the table's own,
only re-laid out. What the script does, and checks, is:

* Years are calendar years (the table's note 3), so ``time_identifier`` is "Calendar year".
* The table gives England ("England Total") and local authorities; it gives no regional totals,
  so the file has National and Local authority rows only. Each authority's region is the region
  heading it sits under (Inner and Outer London are London), checked against the release's own
  list of authorities (``timeliness_20_week.csv``, same release).
* Codes and names come from that same list, matched by name. The table prints five authorities
  with another authority's code (KNOWN_CODE_ERRORS below; the names and figures agree with each
  other, the codes do not agree with the release or with the DfE's statistical neighbours file);
  any other disagreement stops the script.
* Bournemouth and Poole (merged in 2019, the table's note 5) are in no 2019-2024 list and the
  table gives them no code; their DfE and ONS codes are written in PRE_2019 below.
* An authority-year whose three cells are all unavailable (the authority did not exist that
  year) is left out. "England total excluding suppressed" (2024 only) is left out too: a tidy
  file has one England row a year, and its in-development rate (5.70%) does not follow from its
  own figures (22,082 / 364,912 = 6.05%).
* Symbols: ".." (not available) and an empty cell become "x" (EES: unavailable); "~" (suppressed)
  becomes "c"; "-" in the appeals column is nil and becomes 0 (the script checks its rate is
  0.00%). The 2024 "in development" columns are "z" (not applicable) for 2014-2023.
* Rates lose their "%" and are written to one decimal place (the table's 0.80% is 0.8); the
  script checks that no rate has a second significant decimal place, and that every rate equals
  appeals / decisions to the table's rounding.
"""

from __future__ import annotations

import argparse
import csv
import io
import re
import sys
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "dfe_send_statistics"
SOURCE = SHARED / "SEND Tribunals and appeal rate 2014-2024.csv"
CODES = SHARED / "timeliness_20_week.csv"
OUT = ROOT / "sample_data" / "statistics" / "send_tribunal_appeal_rate.csv"

FIRST_YEAR, LAST_YEAR = 2014, 2024
HEADER = [
    "time_period",
    "time_identifier",
    "geographic_level",
    "country_code",
    "country_name",
    "region_code",
    "region_name",
    "new_la_code",
    "old_la_code",
    "la_name",
    "appeals_registered",
    "appealable_decisions",
    "appeal_rate",
    "appealable_decisions_in_development",
    "appeal_rate_in_development",
]

# The table's spelling -> the release's spelling (timeliness_20_week.csv).
ALIASES = {
    "Durham": "County Durham",
    "Herefordshire": "Herefordshire, County of",
    "Kingston Upon Hull, City of": "Kingston upon Hull, City of",
}
# Authorities the table prints with another authority's old code: name -> the code the table gives.
# The release (timeliness_20_week.csv) and the statistical neighbours file (sn_may_2025.xlsx) both
# have Northamptonshire 928, Nottingham 892, Nottinghamshire 891, Cambridgeshire 873 and Central
# Bedfordshire 823; the table's figures follow its names (Cambridgeshire's are the larger), so the
# names are kept and the codes corrected.
KNOWN_CODE_ERRORS = {
    "Northamptonshire": "892",
    "Nottingham": "891",
    "Nottinghamshire": "928",
    "Central Bedfordshire": "873",
    "Cambridgeshire": "823",
}
# Abolished in 2019 (merged into Bournemouth, Christchurch and Poole, 839 / E06000058): not in the
# 2019-2024 list, and the table gives no code. DfE old LA codes and ONS codes of the time.
PRE_2019 = {"Bournemouth": ("E06000028", "837"), "Poole": ("E06000029", "836")}
ENGLAND = ("E92000001", "England")
LONDON_PARTS = {"INNER LONDON": "LONDON", "OUTER LONDON": "LONDON"}


class TidyError(Exception):
    pass


def release_areas(path: Path) -> tuple[dict[str, dict[str, dict[str, str]]], dict[str, str], dict[str, str]]:
    """{la_name: {year: row}} for every local authority in the release, {REGION NAME: region_code}
    and {region_code: region_name}."""
    with path.open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    authorities: dict[str, dict[str, dict[str, str]]] = {}
    regions: dict[str, str] = {}
    region_names: dict[str, str] = {}
    for row in rows:
        if row["region_code"]:
            regions[row["region_name"].upper()] = row["region_code"]
            region_names[row["region_code"]] = row["region_name"]
        if row["geographic_level"] == "Local authority":
            authorities.setdefault(row["la_name"], {}).setdefault(row["time_period"], row)
    return authorities, regions, region_names


def codes_in(years: dict[str, dict[str, str]], year: int) -> dict[str, str]:
    """The authority's row in the release for that year, or its earliest (2014-2018 are not in it).

    The release itself is not constant: Buckinghamshire is E06000060 (the unitary authority of
    April 2020) in 2020-2022 and E10000002 (the county code) in 2019, 2023 and 2024. Following it
    year by year keeps the two statistics files joinable on (year, code)."""
    return years.get(str(year)) or years[min(years)]


def clean_name(text: str) -> str:
    """'Dorset6' -> 'Dorset', 'England Total4,9' -> 'England Total'; then the release's spelling."""
    name = re.sub(r"\d+(,\d+)*$", "", text.strip()).strip()
    return ALIASES.get(name, name)


def cell(text: str, *, count: bool = False) -> str:
    """A figure as the tidy file writes it, or an EES symbol."""
    value = text.strip()
    if value in {"", ".."}:
        return "x"
    if value == "~":
        return "c"
    if value == "x":
        return "x"
    if value == "-":
        if not count:
            raise TidyError(f"'-' outside the appeals column: {text!r}")
        return "0"
    number = value.replace(",", "")
    if number.endswith("%"):
        rate = Decimal(number[:-1])
        if rate != rate.quantize(Decimal("0.1")):
            raise TidyError(f"rate {text!r} has two decimal places; the tidy file writes one")
        return f"{rate:.1f}"
    if not re.fullmatch(r"\d+", number):
        raise TidyError(f"not a figure: {text!r}")
    return number


def area_row(name: str | None, region: str | None, year: int, release: tuple) -> dict[str, str]:
    """The area columns of one row: England (name None) or an authority in a given year."""
    authorities, region_codes, region_names = release
    if name is None:
        return {"geographic_level": "National", "region_code": "", "region_name": "", "new_la_code": "", "old_la_code": "", "la_name": ""}
    if name in PRE_2019:
        (new_code, old_code), region_code = PRE_2019[name], region_codes[region]
    else:
        known = codes_in(authorities[name], year)
        new_code, old_code, region_code = known["new_la_code"], known["old_la_code"], known["region_code"]
    return {
        "geographic_level": "Local authority",
        "region_code": region_code,
        "region_name": region_names[region_code],
        "new_la_code": new_code,
        "old_la_code": old_code,
        "la_name": name,
    }


def check_rate(where: str, appeals: str, decisions: str, rate: str) -> None:
    if rate in {"x", "c", "z"}:
        return
    if appeals == "0" and Decimal(rate) != 0:
        raise TidyError(f"{where}: '-' appeals but a rate of {rate}%")
    if appeals not in {"x", "c"} and decisions not in {"x", "c"}:
        worked = Decimal(appeals) * 100 / Decimal(decisions)
        if abs(worked - Decimal(rate)) > Decimal("0.05"):
            raise TidyError(f"{where}: {appeals} / {decisions} is {worked:.2f}%, not {rate}%")


def tidy(source: Path = SOURCE, codes: Path = CODES) -> list[dict[str, str]]:
    release = release_areas(codes)
    authorities, region_codes, _ = release
    with source.open(encoding="utf-8-sig", newline="") as f:
        table = list(csv.reader(f))
    years = [int(y) for y in table[3][2:] if y.strip()]
    if years != list(range(FIRST_YEAR, LAST_YEAR + 1)) or not table[4][-2].startswith("In development"):
        raise TidyError(f"{source.name}: unexpected layout (years {years})")
    out: list[dict[str, str]] = []
    region = None
    for number, row in enumerate(table[5:], start=6):
        if not row or not row[0].strip():
            if out:
                continue
            raise TidyError(f"{source.name}:{number}: blank row before any area")
        raw_name, raw_code = row[0].strip(), row[1].strip()
        figures = row[2:]
        if raw_name.isupper() and not any(c.strip() for c in figures):
            region = LONDON_PARTS.get(raw_name, raw_name)
            if region not in region_codes:
                raise TidyError(f"{source.name}:{number}: unknown region heading {raw_name!r}")
            continue
        if raw_name == "England total excluding suppressed":
            continue
        if raw_name.startswith("England Total"):
            name = None
        else:
            name = clean_name(raw_name)
            if region is None:
                raise TidyError(f"{source.name}:{number}: {raw_name!r} is under no region heading")
            if name in PRE_2019:
                if raw_code:
                    raise TidyError(f"{source.name}:{number}: {raw_name} now has a code ({raw_code}); check PRE_2019")
            elif name in authorities:
                for known in authorities[name].values():
                    if raw_code != known["old_la_code"] and KNOWN_CODE_ERRORS.get(name) != raw_code:
                        raise TidyError(f"{source.name}:{number}: {raw_name} has code {raw_code}; the release has {known['old_la_code']}")
                    if known["region_code"] != region_codes[region]:
                        raise TidyError(f"{source.name}:{number}: {raw_name} is under {region}, the release puts it in {known['region_name']}")
            else:
                raise TidyError(f"{source.name}:{number}: {raw_name!r} is not an authority in {codes.name}")

        for i, year in enumerate(years):
            cells = figures[3 * i : 3 * i + 3]
            area = area_row(name, region, year, release)
            if name is not None and all(c.strip() in {"", ".."} for c in cells):
                continue  # the authority did not exist that year
            appeals, decisions, rate = cell(cells[0], count=True), cell(cells[1]), cell(cells[2])
            where = f"{source.name}:{number} {raw_name} {year}"
            check_rate(where, appeals, decisions, rate)
            dev_decisions = dev_rate = "z"
            if year == LAST_YEAR:
                dev_decisions, dev_rate = cell(figures[3 * len(years)]), cell(figures[3 * len(years) + 1])
                check_rate(where + " (in development)", appeals, dev_decisions, dev_rate)
            out.append(
                {
                    "time_period": str(year),
                    "time_identifier": "Calendar year",
                    "country_code": ENGLAND[0],
                    "country_name": ENGLAND[1],
                    **area,
                    "appeals_registered": appeals,
                    "appealable_decisions": decisions,
                    "appeal_rate": rate,
                    "appealable_decisions_in_development": dev_decisions,
                    "appeal_rate_in_development": dev_rate,
                }
            )
        if raw_name.startswith("England Total"):
            break
    level = {"National": 0, "Regional": 1, "Local authority": 2}
    out.sort(key=lambda r: (r["time_period"], level[r["geographic_level"]]))  # stable: the table's order within a level
    national = [r["time_period"] for r in out if r["geographic_level"] == "National"]
    if national != [str(y) for y in years]:
        raise TidyError(f"{source.name}: England rows for {national}, expected one for each of {years}")
    return out


def render(rows: list[dict[str, str]]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=HEADER, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--source", type=Path, default=SOURCE, help="the DfE appeal rate table (CSV)")
    parser.add_argument("--codes", type=Path, default=CODES, help="the release's timeliness_20_week.csv (its list of authorities)")
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--check", action="store_true", help="do not write; fail if --out differs from what would be written")
    args = parser.parse_args(argv)
    try:
        text = render(tidy(args.source, args.codes))
    except (TidyError, OSError) as exc:
        print(f"tidy_tribunals: {exc}", file=sys.stderr)
        return 1
    if args.check:
        current = args.out.read_text(encoding="utf-8") if args.out.is_file() else None
        if current != text:
            print(f"tidy_tribunals: {args.out} is out of date; run scripts/tidy_tribunals.py", file=sys.stderr)
            return 1
        print(f"OK: {args.out} matches {args.source.name}")
        return 0
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text, encoding="utf-8")
    print(f"wrote {args.out} ({text.count(chr(10)) - 1} rows)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
