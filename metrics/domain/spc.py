"""Statistical process control (XmR charts) as NHS England's "Making Data Count" (MDC) uses it.

A faithful port of the calculations in the R package NHSRplotthedots 0.2.2 (files cited below),
with one optional variant, ``rules="mdc_excel"``, that follows the MDC Excel "single chart" tool
where the two differ. Standard library only, so this module stands alone: nothing here imports
from the rest of ``metrics``. See docs/spc.md for the method in plain words.

The calculation, per period (a period ends where a rebase date starts the next one):

* mean of the values, and the average moving range (AMR, the mean absolute difference between
  consecutive values). With a fixed baseline of k points both come from the first k points of the
  period only (``fix_after_n_points`` in R).
* outlier screening (on by default): moving ranges ``>= 3.267 x AMR`` are dropped and the AMR is
  recomputed once (R keeps ``mr < 3.267 * amr``; ``R/ptd_spc_standard.R``).
* process limits ``mean +/- 2.66 x AMR``; "two-sigma" lines ``mean +/- 2 x (2.66 / 3) x AMR``.
* one label per point, first match wins (``R/ptd_calculate_point_type.R``):
  a point beyond a limit; a trend of 7 points each strictly above (below) the one before; two of
  three consecutive points beyond a two-sigma line but not beyond the limit, all three on the
  same side of the mean (only the points beyond the line are flagged); a run of 7 points on one
  side of the mean (a point exactly on the mean breaks it). Every point of a run or trend is
  flagged, not just the 7th.
* high/low with the metric's direction gives improvement or concern; a trend takes its side
  from the direction it moves in, not from the mean.
* the variation icon comes from the last point; the assurance icon compares the target with
  the last period's limits (``R/ptd_calculate_assurance_type.R``): beyond a limit is a
  consistent pass or fail, anything else (a target exactly on a limit included) is "inconsistent".

Nothing spans a period boundary: moving ranges, runs, trends and two-of-three all restart.
"""

from __future__ import annotations

import bisect
import datetime as _dt
import math
import numbers
from dataclasses import dataclass
from typing import Literal, Sequence

__all__ = [
    "ASSURANCE_LABELS",
    "LIMIT_FACTOR",
    "MIN_BASELINE_POINTS",
    "MIN_POINTS",
    "SCREEN_FACTOR",
    "TWO_SIGMA_FACTOR",
    "VARIATION_LABELS",
    "SpcOptions",
    "SpcPeriod",
    "SpcPoint",
    "SpcResult",
    "calculate_spc",
    "spc_unavailable_reason",
]

# Constants exactly as R/ptd_spc_standard.R computes them.
LIMIT_FACTOR = 2.66  # `limit <- 2.66`
TWO_SIGMA_FACTOR = 2 * (LIMIT_FACTOR / 3)  # `limitclose <- 2 * (limit / 3)` = 1.77333...
SCREEN_FACTOR = 3.267  # `.data$mr < 3.267 * .data$amr ~ .data$mr`

MIN_POINTS = 13  # SPC applies only with at least 13 observations in the current (last) period
MIN_BASELINE_POINTS = 12  # R: "fix_after_n_points must be ... greater than or equal to 12."

Rules = Literal["nhsr", "mdc_excel"]
Direction = Literal["increase", "decrease"]
SpecialCause = Literal["improvement", "concern", "neither"]
Side = Literal["high", "low"]

RULE_OUTSIDE = "outside_limits"
RULE_TREND = "trend"
RULE_TWO_OF_THREE = "two_of_three"
RULE_RUN = "run"
RULE_PRECEDENCE = (RULE_OUTSIDE, RULE_TREND, RULE_TWO_OF_THREE, RULE_RUN)

VARIATION_LABELS = {
    "common_cause": "Common cause variation",
    "improvement_high": "Special cause improvement (high)",
    "improvement_low": "Special cause improvement (low)",
    "concern_high": "Special cause concern (high)",
    "concern_low": "Special cause concern (low)",
}

ASSURANCE_LABELS = {
    "consistent_pass": "Consistently passing the target",
    "consistent_fail": "Consistently failing the target",
    "inconsistent": "Hit and miss: the target may or may not be met",
}

# ---------------------------------------------------------------------------------------------
# Options and results
# ---------------------------------------------------------------------------------------------


def _as_date(value: object, what: str) -> _dt.date:
    if type(value) is _dt.date:  # the usual case, first: dates are checked for every point
        return value
    if isinstance(value, _dt.datetime):
        return value.date()
    if isinstance(value, _dt.date):
        return value
    if isinstance(value, str):
        try:
            return _dt.date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise ValueError(f"{what} must be a date (YYYY-MM-DD); got {value!r}")


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


@dataclass(frozen=True)
class SpcOptions:
    """How to calculate one metric's chart (``spc:`` in targets.yaml).

    screen_outliers: drop moving ranges of 3.267 x AMR or more before setting the limits
        (NHSRplotthedots default). Ignored when ``rules="mdc_excel"``: the Excel tool never screens.
    rebase: dates that start a new period; the period starts at the first observation on or after
        each date. Dates on or before the first observation, or after the last, change nothing.
    baseline_points: fix the mean and limits of each period on its first k (>= 12) points.
    rules: "nhsr" (NHSRplotthedots 0.2.2) or "mdc_excel" (the MDC Excel single chart tool).
    run_length, trend_length: points needed for a run on one side of the mean, and for a trend.
    """

    screen_outliers: bool = True
    rebase: tuple[_dt.date, ...] = ()
    baseline_points: int | None = None
    rules: Rules = "nhsr"
    run_length: int = 7
    trend_length: int = 7

    def __post_init__(self) -> None:
        if not isinstance(self.screen_outliers, bool):
            raise ValueError(f"screen_outliers must be true or false; got {self.screen_outliers!r}")
        rebase = self.rebase
        if rebase is None:
            rebase = ()
        if isinstance(rebase, (str, _dt.date)):
            rebase = (rebase,)
        try:
            dates = tuple(sorted({_as_date(d, "each rebase date") for d in rebase}))
        except TypeError:
            raise ValueError(f"rebase must be a list of dates; got {self.rebase!r}") from None
        object.__setattr__(self, "rebase", dates)
        if self.baseline_points is not None:
            if not _is_int(self.baseline_points) or self.baseline_points < MIN_BASELINE_POINTS:
                raise ValueError(
                    f"baseline_points must be a whole number of at least {MIN_BASELINE_POINTS}; got {self.baseline_points!r}"
                )
        if self.rules not in ("nhsr", "mdc_excel"):
            raise ValueError(f'rules must be "nhsr" or "mdc_excel"; got {self.rules!r}')
        for name in ("run_length", "trend_length"):
            value = getattr(self, name)
            if not _is_int(value) or value < 2:
                raise ValueError(f"{name} must be a whole number of at least 2; got {value!r}")

    @property
    def screens_outliers(self) -> bool:
        """Whether the limits are calculated with outlier screening (never for mdc_excel)."""
        return self.screen_outliers and self.rules == "nhsr"


@dataclass(frozen=True)
class SpcPeriod:
    """One stretch of the chart with its own mean and limits."""

    start: _dt.date
    end: _dt.date
    mean: float
    lpl: float
    upl: float
    lower_two_sigma: float
    upper_two_sigma: float
    amr: float
    n: int
    baseline_n: int = 0  # points the mean and limits were calculated from
    moving_ranges_excluded: int = 0  # moving ranges dropped by outlier screening
    rebase: _dt.date | None = None  # the rebase date that started this period, if any

    def to_dict(self) -> dict:
        return {
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "mean": self.mean,
            "lpl": self.lpl,
            "upl": self.upl,
            "lower_two_sigma": self.lower_two_sigma,
            "upper_two_sigma": self.upper_two_sigma,
            "amr": self.amr,
            "n": self.n,
            "baseline_n": self.baseline_n,
            "moving_ranges_excluded": self.moving_ranges_excluded,
            "rebase": self.rebase.isoformat() if self.rebase else None,
        }


@dataclass(frozen=True)
class SpcPoint:
    """One observation and what the rules say about it.

    special_cause: "improvement", "concern" or "neither" (common cause).
    rule: the rule that labelled the point (``outside_limits``, ``trend``, ``two_of_three``,
        ``run``) or None. side: "high" or "low" for that rule (a trend's side is its direction).
    matched_rules: every rule the point matched, in precedence order (a run can hold a trend).
    """

    date: _dt.date
    value: float
    period: int
    special_cause: SpecialCause
    rule: str | None
    side: Side | None = None
    matched_rules: tuple[str, ...] = ()

    def to_dict(self) -> dict:
        return {
            "date": self.date.isoformat(),
            "value": self.value,
            "period": self.period,
            "special_cause": self.special_cause,
            "rule": self.rule,
            "side": self.side,
            "matched_rules": list(self.matched_rules),
        }


@dataclass(frozen=True)
class SpcResult:
    periods: tuple[SpcPeriod, ...]
    points: tuple[SpcPoint, ...]
    variation: str
    assurance: str | None
    direction: Direction = "increase"
    target: float | None = None
    rules: Rules = "nhsr"

    @property
    def current(self) -> SpcPeriod:
        return self.periods[-1]

    @property
    def mean(self) -> float:
        return self.periods[-1].mean

    @property
    def lpl(self) -> float:
        return self.periods[-1].lpl

    @property
    def upl(self) -> float:
        return self.periods[-1].upl

    @property
    def variation_label(self) -> str:
        return VARIATION_LABELS[self.variation]

    @property
    def assurance_label(self) -> str | None:
        return ASSURANCE_LABELS[self.assurance] if self.assurance else None

    def to_dict(self) -> dict:
        """JSON-ready: dates as ISO strings, floats as floats."""
        return {
            "mean": self.mean,
            "lpl": self.lpl,
            "upl": self.upl,
            "lower_two_sigma": self.current.lower_two_sigma,
            "upper_two_sigma": self.current.upper_two_sigma,
            "direction": self.direction,
            "target": self.target,
            "rules": self.rules,
            "variation": self.variation,
            "variation_label": self.variation_label,
            "assurance": self.assurance,
            "assurance_label": self.assurance_label,
            "periods": [p.to_dict() for p in self.periods],
            "points": [p.to_dict() for p in self.points],
        }


# ---------------------------------------------------------------------------------------------
# Rule helpers: one-to-one ports of R/ptd_calculate_point_type.R (lengths generalised from 7)
# ---------------------------------------------------------------------------------------------


def _sign(x: float) -> int:
    return (x > 0) - (x < 0)


def _run_ends(rtm: Sequence[int], length: int = 7) -> list[int]:
    """ptd_seven_point_one_side_mean: 1 where this point and the length-1 before it share a side."""
    out = []
    run = 0  # equal sides in a row, ending here (one pass instead of a window per point)
    for i, side in enumerate(rtm):
        run = run + 1 if i and side == rtm[i - 1] else 1
        out.append(int(side != 0 and run >= length))
    return out


def _part_of(ends: Sequence[int], length: int = 7) -> list[int]:
    """ptd_part_of_seven_trend: 1 if this point or one of the next length-1 ends a run/trend."""
    n = len(ends)
    out = [0] * n
    upcoming = n + length  # the nearest end at or after i (one pass from the right)
    for i in range(n - 1, -1, -1):
        if abs(ends[i]) == 1:
            upcoming = i
        out[i] = int(upcoming < i + length)
    return out


def _trend_ends(y: Sequence[float], length: int = 7) -> list[int]:
    """ptd_seven_point_trend: +1 (-1) where the last `length` points each rose (fell)."""
    out = [0] * len(y)
    if length < 2:
        return out
    run = 0  # steps in the same direction in a row, ending at i
    for i in range(1, len(y)):
        step = _sign(y[i] - y[i - 1])
        run = run + 1 if i > 1 and step == _sign(y[i - 1] - y[i - 2]) else 1
        if step and run >= length - 1:
            out[i] = step
    return out


def _two_in_three(v: Sequence[int], rtm: Sequence[int]) -> list[int]:
    """ptd_two_in_three: in some window of 3 holding this point, >= 2 flagged and all 3 on one side.

    Windows that run past either end of the period never qualify (R pads with zeros).
    """
    n = len(v)
    # Each window of 3 is judged once (start s), then each point takes the windows that hold it.
    good = [
        bool(v[s]) + bool(v[s + 1]) + bool(v[s + 2]) >= 2 and abs(rtm[s] + rtm[s + 1] + rtm[s + 2]) == 3
        for s in range(n - 2)
    ]
    padded = [False, False, *good, False, False]  # padded[s + 2] is window s
    return [int(padded[i] or padded[i + 1] or padded[i + 2]) for i in range(n)]


def _part_of_two_in_three(t: Sequence[int], v: Sequence[int]) -> list[int]:
    """ptd_part_of_two_in_three: only the points beyond the two-sigma line are flagged."""
    return [int(a == 1 and abs(b) == 1) for a, b in zip(t, v)]


def _trend_sides(y: Sequence[float], part_trend: Sequence[int]) -> list[int]:
    """The trend direction R gives each point (ptd_special_cause_type).

    `sdy` is the sign of the step into the point, except that a trend point followed by another
    trend point takes the step out of it. Ported as is, including R's quirk that a zero step
    counts as "Decreasing".
    """
    n = len(y)
    if n < 2:
        return [0] * n
    sdy = [_sign(y[i + 1] - y[i]) for i in range(n - 1)]
    right = sdy + sdy[-1:]
    left = [0] + sdy
    nxt = list(part_trend[1:]) + [0]
    return [right[i] if (nxt[i] and part_trend[i]) else left[i] for i in range(n)]


def _nhsr_type(
    y: Sequence[float],
    rtm: Sequence[int],
    outside: Sequence[int],
    part_trend: Sequence[int],
    part_two: Sequence[int],
    part_run: Sequence[int],
) -> list[tuple[str | None, Side | None]]:
    """ptd_special_cause_type: (rule, side) per point, first match wins."""
    sides = _trend_sides(y, part_trend)
    out: list[tuple[str | None, Side | None]] = []
    for i in range(len(y)):
        if outside[i]:
            out.append((RULE_OUTSIDE, "high" if rtm[i] == 1 else "low"))
        elif part_trend[i]:
            out.append((RULE_TREND, "high" if sides[i] == 1 else "low"))
        elif part_two[i]:
            out.append((RULE_TWO_OF_THREE, "high" if rtm[i] > 0 else "low"))
        elif part_run[i]:
            out.append((RULE_RUN, "high" if rtm[i] > 0 else "low"))
        else:
            out.append((None, None))
    return out


# ---------------------------------------------------------------------------------------------
# Periods and limits
# ---------------------------------------------------------------------------------------------


def _mean(xs: Sequence[float]) -> float:
    return math.fsum(xs) / len(xs)


def _limits(y: Sequence[float], baseline_points: int | None, screen: bool) -> tuple[float, float, int, int]:
    """(mean, amr, points used, moving ranges excluded) as R/ptd_spc_standard.R computes them."""
    base = list(y[:baseline_points]) if baseline_points else list(y)
    mean = _mean(base)
    mrs = [abs(base[i] - base[i - 1]) for i in range(1, len(base))]
    amr = _mean(mrs)
    excluded = 0
    if screen:
        kept = [mr for mr in mrs if mr < SCREEN_FACTOR * amr]
        excluded = len(mrs) - len(kept)
        # R gives NaN when every moving range is dropped, which only happens when they are all
        # zero (a flat line); the limits of a flat line are the line itself.
        amr = _mean(kept) if kept else 0.0
    return mean, amr, len(base), excluded


def _fmt(d: _dt.date) -> str:
    return f"{d.day} {d:%b %Y}"


def _normalise_dates(dates: Sequence[object]) -> list[_dt.date]:
    return [_as_date(d, "each date") for d in dates]


def _split(dates: Sequence[_dt.date], rebase: Sequence[_dt.date]) -> list[tuple[int, int, _dt.date | None]]:
    """(start index, end index exclusive, rebase date) per period, for sorted dates."""
    starts: list[tuple[int, _dt.date | None]] = [(0, None)]
    for when in rebase:  # sorted
        i = bisect.bisect_left(dates, when)
        if 0 < i < len(dates) and i != starts[-1][0]:
            starts.append((i, when))
    ends = [s for s, _ in starts[1:]] + [len(dates)]
    return [(s, e, when) for (s, when), e in zip(starts, ends)]


def _duplicate(dates: Sequence[_dt.date]) -> _dt.date | None:
    for a, b in zip(dates, dates[1:]):
        if a == b:
            return a
    return None


def spc_unavailable_reason(dates: Sequence[_dt.date], options: SpcOptions = SpcOptions()) -> str | None:
    """None when SPC applies to these dates; otherwise a plain-English sentence saying why not.

    SPC needs at least MIN_POINTS (13) observations in the current (last) period (NHSRplotthedots
    warns below 13: R/ptd_add_short_group_warnings.R), one observation per date, and at least 2 in
    every earlier period.
    """
    if not isinstance(options, SpcOptions):
        raise ValueError("options must be an SpcOptions")
    ordered = sorted(_normalise_dates(dates))
    if not ordered:
        return f"SPC needs at least {MIN_POINTS} observations; there are none."
    dup = _duplicate(ordered)
    if dup is not None:
        return f"SPC needs one observation per date; {_fmt(dup)} appears more than once."
    periods = _split(ordered, options.rebase)
    for start, end, _ in periods[:-1]:
        if end - start < 2:
            return (
                f"The period starting {_fmt(ordered[start])} has only 1 observation; "
                "each period needs at least 2 to calculate limits."
            )
    start, end, when = periods[-1]
    n = end - start
    if n < MIN_POINTS:
        there = "there is 1" if n == 1 else f"there are {n}"
        if when is not None:
            return f"SPC needs at least {MIN_POINTS} observations in the current period; {there} since {_fmt(when)}."
        return f"SPC needs at least {MIN_POINTS} observations; {there}."
    return None


# ---------------------------------------------------------------------------------------------
# The calculation
# ---------------------------------------------------------------------------------------------


def _period_points(
    y: Sequence[float],
    period: SpcPeriod,
    sign: int,
    options: SpcOptions,
) -> list[tuple[SpecialCause, str | None, Side | None, tuple[str, ...]]]:
    """(special cause, rule, side, all rules matched) for each point of one period."""
    mean, lpl, upl = period.mean, period.lpl, period.upl
    nlpl, nupl = period.lower_two_sigma, period.upper_two_sigma
    outside = [int(v > upl or v < lpl) for v in y]
    rtm = [_sign(v - mean) for v in y]
    beyond_two = [int(v < nlpl or v > nupl) for v in y]
    close = [int(b and not o) for b, o in zip(beyond_two, outside)]

    part_trend = _part_of(_trend_ends(y, options.trend_length), options.trend_length)
    part_run = _part_of(_run_ends(rtm, options.run_length), options.run_length)
    part_two = _part_of_two_in_three(_two_in_three(close, rtm), close)

    def category(side: Side | None) -> SpecialCause:
        if side is None:
            return "neither"
        return "improvement" if (1 if side == "high" else -1) * sign > 0 else "concern"

    out = []
    if options.rules == "nhsr":
        types = _nhsr_type(y, rtm, outside, part_trend, part_two, part_run)
        for i, (rule, side) in enumerate(types):
            hits = (outside[i], part_trend[i], part_two[i], part_run[i])
            matched = tuple(name for name, hit in zip(RULE_PRECEDENCE, hits) if hit) if rule else ()
            out.append((category(side), rule, side, matched))
        return out

    # mdc_excel: two-of-three counts points beyond the limits too (MDC change, late 2023); every
    # rule that fires is kept with its own side, and improvement beats concern.
    part_two_x = _part_of_two_in_three(_two_in_three(beyond_two, rtm), beyond_two)
    rising = [0] * len(y)
    falling = [0] * len(y)
    for i, end in enumerate(_trend_ends(y, options.trend_length)):
        if end:
            target = rising if end == 1 else falling
            for j in range(i - options.trend_length + 1, i + 1):
                target[j] = 1
    for i in range(len(y)):
        matches: list[tuple[str, Side]] = []
        side_of_mean: Side = "high" if rtm[i] > 0 else "low"
        if outside[i]:
            matches.append((RULE_OUTSIDE, side_of_mean))
        if rising[i]:
            matches.append((RULE_TREND, "high"))
        if falling[i]:
            matches.append((RULE_TREND, "low"))
        if part_two_x[i]:
            matches.append((RULE_TWO_OF_THREE, side_of_mean))
        if part_run[i]:
            matches.append((RULE_RUN, side_of_mean))
        matched = tuple(dict.fromkeys(rule for rule, _ in matches))
        if not matches:
            out.append(("neither", None, None, ()))
            continue
        good = [m for m in matches if category(m[1]) == "improvement"]
        rule, side = (good or matches)[0]
        out.append((category(side), rule, side, matched))
    return out


def calculate_spc(
    dates: Sequence[_dt.date],
    values: Sequence[float],
    direction: Direction,
    target: float | None = None,
    options: SpcOptions = SpcOptions(),
) -> SpcResult:
    """XmR chart for one metric. Dates may come in any order; they are sorted with their values.

    Raises ValueError for bad input (mismatched lengths, a direction other than "increase" or
    "decrease", values or a target that are not finite numbers) and when SPC does not apply
    (the sentence from spc_unavailable_reason: call that first to show it instead).
    """
    if not isinstance(options, SpcOptions):
        raise ValueError("options must be an SpcOptions")
    if direction not in ("increase", "decrease"):
        raise ValueError(f'direction must be "increase" or "decrease"; got {direction!r}')
    dates = _normalise_dates(dates)
    values = list(values)
    if len(dates) != len(values):
        raise ValueError(f"dates and values must be the same length; got {len(dates)} dates and {len(values)} values")
    ys: list[float] = []
    for v in values:
        if (type(v) is not float and (isinstance(v, bool) or not isinstance(v, numbers.Real))) or not math.isfinite(v):
            raise ValueError(f"every value must be a finite number; got {v!r}")
        ys.append(float(v))
    if target is not None:
        if isinstance(target, bool) or not isinstance(target, numbers.Real) or not math.isfinite(target):
            raise ValueError(f"target must be a finite number or None; got {target!r}")
        target = float(target)
    reason = spc_unavailable_reason(dates, options)
    if reason is not None:
        raise ValueError(reason)

    order = sorted(range(len(dates)), key=dates.__getitem__)
    dates = [dates[i] for i in order]
    ys = [ys[i] for i in order]
    sign = 1 if direction == "increase" else -1

    periods: list[SpcPeriod] = []
    points: list[SpcPoint] = []
    for number, (start, end, when) in enumerate(_split(dates, options.rebase)):
        y = ys[start:end]
        mean, amr, used, excluded = _limits(y, options.baseline_points, options.screens_outliers)
        period = SpcPeriod(
            start=dates[start],
            end=dates[end - 1],
            mean=mean,
            lpl=mean - LIMIT_FACTOR * amr,
            upl=mean + LIMIT_FACTOR * amr,
            lower_two_sigma=mean - TWO_SIGMA_FACTOR * amr,
            upper_two_sigma=mean + TWO_SIGMA_FACTOR * amr,
            amr=amr,
            n=end - start,
            baseline_n=used,
            moving_ranges_excluded=excluded,
            rebase=when,
        )
        periods.append(period)
        for offset, (cause, rule, side, matched) in enumerate(_period_points(y, period, sign, options)):
            points.append(SpcPoint(dates[start + offset], y[offset], number, cause, rule, side, matched))

    last = points[-1]
    variation = "common_cause" if last.special_cause == "neither" else f"{last.special_cause}_{last.side}"
    return SpcResult(
        periods=tuple(periods),
        points=tuple(points),
        variation=variation,
        assurance=_assurance(periods[-1], direction, target),
        direction=direction,
        target=target,
        rules=options.rules,
    )


def _assurance(period: SpcPeriod, direction: Direction, target: float | None) -> str | None:
    """R/ptd_calculate_assurance_type.R: strictly beyond a limit, or else "inconsistent"."""
    if target is None:
        return None
    increasing = direction == "increase"
    if target > period.upl:
        return "consistent_fail" if increasing else "consistent_pass"
    if target < period.lpl:
        return "consistent_pass" if increasing else "consistent_fail"
    return "inconsistent"
