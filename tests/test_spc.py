"""metrics/domain/spc.py against NHSRplotthedots 0.2.2 and against hand calculations.

Sources (github.com/nhs-r-community/NHSRplotthedots):
  R/ptd_spc_standard.R, R/ptd_calculate_point_type.R, R/ptd_calculate_assurance_type.R,
  R/ptd_add_short_group_warnings.R, R/ptd_spc_options.R
  tests/testthat/test-ptd_calculate_point_type.R      helper vectors (runs, trends, 2-in-3)
  tests/testthat/test-ptd_calculate_assurance_type.R  assurance cases
  tests/testthat/test-ptd_spc_standard.R + _snaps/ptd_spc_standard.md   rnorm(20) limits
  tests/testthat/test-ptd_spc.R + _snaps/ptd_spc.md   summary() limits, facets, rebase
  tests/testthat/test-integration_tests.R + _snaps/integration_tests.md  A&E series: full
      R output (serialised data frames, decoded from the snapshot's base64 R serialisation)
  vignettes/deviations.Rmd                              screened and unscreened limits

Own cases are built so the expected answer can be worked out by hand; the working is in the
comments. Most use BASE with a fixed 12-point baseline, so the limits never move:
  BASE = 10, 12, 10, 12, ... (12 points): mean 11, every moving range 2, AMR 2
  process limits 11 -/+ 2.66 x 2 = 5.68 / 16.32
  two-sigma lines 11 -/+ (2 x 2.66 / 3) x 2 = 7.4533 / 14.5467
  11 sits exactly on the mean, so it breaks runs; BASE itself alternates, so it flags nothing.
"""

from __future__ import annotations

import datetime as dt
import json
from statistics import NormalDist

import pytest

from metrics.domain.spc import (
    ASSURANCE_LABELS,
    MIN_POINTS,
    VARIATION_LABELS,
    SpcOptions,
    SpcPeriod,
    SpcResult,
    _assurance,
    _limits,
    _nhsr_type,
    _part_of,
    _part_of_two_in_three,
    _run_ends,
    _trend_ends,
    _two_in_three,
    calculate_spc,
    spc_unavailable_reason,
)

TOL = 1e-6


def monthly(n: int, start: dt.date = dt.date(2022, 1, 1)) -> list[dt.date]:
    return [dt.date(start.year + (start.month - 1 + i) // 12, (start.month - 1 + i) % 12 + 1, 1) for i in range(n)]


def daily(n: int, start: dt.date) -> list[dt.date]:
    return [start + dt.timedelta(days=i) for i in range(n)]


def codes(result: SpcResult) -> str:
    """One character per point: I improvement, C concern, . common cause."""
    return "".join({"improvement": "I", "concern": "C", "neither": "."}[p.special_cause] for p in result.points)


BASE = [10.0, 12.0] * 6
UPL, LPL = 11 + 2.66 * 2, 11 - 2.66 * 2  # 16.32, 5.68


def with_base(extra: list[float], direction: str = "increase", target: float | None = None, **options) -> SpcResult:
    values = BASE + extra
    return calculate_spc(monthly(len(values)), values, direction, target, SpcOptions(baseline_points=12, **options))


# ---------------------------------------------------------------------------------------------
# R's own unit-test vectors: tests/testthat/test-ptd_calculate_point_type.R
# ---------------------------------------------------------------------------------------------


def test_r_seven_point_one_side_mean():
    assert _run_ends([]) == []
    assert _run_ends([1] * 6) == [0] * 6
    assert _run_ends([1] * 6 + [-1]) == [0] * 7
    assert _run_ends([1] * 8 + [-1]) == [0, 0, 0, 0, 0, 0, 1, 1, 0]
    assert _run_ends([-1] * 8 + [1]) == [0, 0, 0, 0, 0, 0, 1, 1, 0]


def test_r_part_of_seven_trend():
    assert _part_of([]) == []
    assert _part_of([0] * 6) == [0] * 6
    assert _part_of([0] * 6 + [1, 0]) == [1] * 7 + [0]
    assert _part_of([0] * 7 + [1, 0]) == [0] + [1] * 7 + [0]
    assert _part_of([0] * 6 + [-1, 0]) == [1] * 7 + [0]
    assert _part_of([0] * 7 + [-1, 0]) == [0] + [1] * 7 + [0]


def test_r_seven_point_trend():
    assert _trend_ends([]) == []
    assert _trend_ends([1, 2, 3, 4, 5, 6]) == [0] * 6
    assert _trend_ends([1, 2, 3, 3, 4, 5, 6]) == [0] * 7
    assert _trend_ends([1, 2, 3, 4, 5, 6, 7]) == [0] * 6 + [1]
    assert _trend_ends([2, 1, 2, 3, 4, 5, 6, 7, 3]) == [0] * 7 + [1, 0]
    assert _trend_ends([7, 6, 5, 4, 3, 2, 1]) == [0] * 6 + [-1]
    assert _trend_ends([2, 7, 6, 5, 4, 3, 2, 1, 3]) == [0] * 7 + [-1, 0]


def test_r_two_in_three():
    assert _two_in_three([], []) == []
    for v in ([1, 0, 1], [0, 1, 1], [1, 1, 0]):
        assert _two_in_three(v, [1, 1, 1]) == [1, 1, 1]
    assert _two_in_three([0, 0, 1, 0, 1, 0, 0], [1] * 7) == [0, 0, 1, 1, 1, 0, 0]
    assert _two_in_three([0, 0, 1, 1, 0, 0, 0], [1] * 7) == [0, 1, 1, 1, 1, 0, 0]


def test_r_two_in_three_opposite_sides_of_the_mean():
    # "ptd_two_in_three works as expected when points are on opposite sides of the mean" (issue #143)
    for v in ([1, 0, 1], [0, 1, 1], [1, 1, 0]):
        assert _two_in_three(v, [1, -1, 1]) == [0, 0, 0]
    assert _two_in_three([0, 0, 1, 0, 1, 0, 0], [1, -1, 1, -1, 1, -1, 1]) == [0] * 7
    assert _two_in_three([0, 0, 1, 1, 0, 0, 0], [-1, 1, -1, 1, -1, 1, -1]) == [0] * 7


def test_r_part_of_two_in_three():
    for v in ([1, 0, 1], [0, 1, 1], [1, 1, 0], [0, 0, 1, 0, 1, 0, 0]):
        assert _part_of_two_in_three(_two_in_three(v, [1] * len(v)), v) == v
    h = [1, 0, 0, 1]
    assert _part_of_two_in_three(_two_in_three(h, [1] * 4), h) == [0, 0, 0, 0]
    i = [1, 0, 0, 1, 1]
    assert _part_of_two_in_three(_two_in_three(i, [1] * 5), i) == [0, 0, 0, 1, 1]


def test_r_special_cause_type_precedence():
    # "ptd_special_cause_type works as expected": the mocked inputs, and R's expected labels
    # "7 Point Trend (Increasing)" x2, "7 Points Above CL" x2, "2 in 3 Below CL",
    # "Below LCL" x2, "Common Cause".
    got = _nhsr_type(
        y=[1, 2, 3, 4, 5, 6, 7, 8],
        rtm=[1, 1, 1, 1, -1, -1, -1, -1],
        outside=[0, 0, 0, 0, 0, 1, -1, 0],
        part_trend=[1, -1, 0, 0, 0, 0, 0, 0],
        part_two=[0, 0, 0, 0, 1, 0, 0, 0],
        part_run=[0, 0, 1, -1, 0, 0, 0, 0],
    )
    assert got == [
        ("trend", "high"),
        ("trend", "high"),
        ("run", "high"),
        ("run", "high"),
        ("two_of_three", "low"),
        ("outside_limits", "low"),
        ("outside_limits", "low"),
        (None, None),
    ]


# ---------------------------------------------------------------------------------------------
# R's rnorm(20) fixture: tests/testthat/test-ptd_spc_standard.R, test-ptd_spc.R and snapshots
# ---------------------------------------------------------------------------------------------


def r_rnorm(n: int, seed: int) -> list[float]:
    """R's `set.seed(seed); rnorm(n)`: Mersenne-Twister seeded as R's RNG_Init, Inversion normals."""
    m32 = 0xFFFFFFFF
    s = seed & m32
    for _ in range(50):
        s = (69069 * s + 1) & m32
    mt = []
    for _ in range(625):
        s = (69069 * s + 1) & m32
        mt.append(s)
    mt, mti = mt[1:], 624

    def unif() -> float:
        nonlocal mti
        if mti >= 624:
            for k in range(624):
                y = (mt[k] & 0x80000000) | (mt[(k + 1) % 624] & 0x7FFFFFFF)
                mt[k] = mt[(k + 397) % 624] ^ (y >> 1) ^ (0x9908B0DF if y & 1 else 0)
            mti = 0
        y = mt[mti]
        mti += 1
        y ^= y >> 11
        y ^= (y << 7) & 0x9D2C5680
        y ^= (y << 15) & 0xEFC60000
        y ^= y >> 18
        return (y & m32) * 2.3283064365386963e-10

    big = 134217728
    out = []
    for _ in range(n):
        u = unif()
        u = int(big * u) + unif()
        out.append(NormalDist().inv_cdf(u / big))
    return out


RNORM = r_rnorm(20, 123)
RNORM_DATES = daily(20, dt.date(2020, 1, 2))  # as.Date("2020-01-01") + 1:20


def test_r_rnorm_fixture_matches_the_snapshot_values():
    # _snaps/ptd_spc_standard.md prints y as "-0.56047565, -0.23017749, 1.55870831, 0.07050839, 0.1~"
    assert RNORM[:4] == pytest.approx([-0.56047565, -0.23017749, 1.55870831, 0.07050839], abs=5e-9)


def test_r_spc_standard_snapshot_r1():
    # _snaps/ptd_spc_standard.md, r1: mean_col 0.1416238, lpl -3.01138, upl 3.294627
    r = calculate_spc(RNORM_DATES, RNORM, "increase")
    assert (r.mean, r.lpl, r.upl) == pytest.approx((0.1416238, -3.01138, 3.294627), abs=TOL)
    # relative_to_mean as printed: -1, -1, 1, -1, -1, 1, 1, -1, -1, -1, 1, 1, 1, -1, -1,~
    sides = [(p.value > r.mean) - (p.value < r.mean) for p in r.points]
    assert sides[:15] == [-1, -1, 1, -1, -1, 1, 1, -1, -1, -1, 1, 1, 1, -1, -1]
    # _snaps/ptd_spc.md: n 20, common_cause 20, improvement 0, concern 0
    assert codes(r) == "." * 20 and r.variation == "common_cause"


def test_r_spc_standard_snapshot_screening_r2_r3():
    # test-ptd_spc_standard.R sets data$y[15] <- 10, then screen_outliers TRUE (r2) and FALSE (r3)
    y = list(RNORM)
    y[14] = 10
    r2 = calculate_spc(RNORM_DATES, y, "increase")
    assert (r2.mean, r2.lpl, r2.upl) == pytest.approx((0.6694159, -2.383666, 3.722497), abs=TOL)
    sides = [(v > r2.mean) - (v < r2.mean) for v in y]
    assert sides[:14] == [-1, -1, 1, -1, -1, 1, -1, -1, -1, -1, 1, -1, -1, -1]
    r3 = calculate_spc(RNORM_DATES, y, "increase", options=SpcOptions(screen_outliers=False))
    assert (r3.mean, r3.lpl, r3.upl) == pytest.approx((0.6694159, -4.596625, 5.935457), abs=TOL)
    assert r3.upl - r3.lpl > r2.upl - r2.lpl  # "the range ... is larger" (the R test's own check)


def test_r_spc_summary_snapshot_facets_and_rebase_before_the_data():
    # _snaps/ptd_spc.md, facet 0 = rows 1-10, facet 1 = rows 11-20 (printed to 3 s.f.):
    #   0.0746 -2.60 2.75 and 0.209 -3.28 3.70. Ten points are too few for calculate_spc, so the
    #   limits function is called directly.
    for half, (mean, lpl, upl) in ((RNORM[:10], (0.0746, -2.60, 2.75)), (RNORM[10:], (0.209, -3.28, 3.70))):
        m, amr, used, _ = _limits(half, None, True)
        assert (m, m - 2.66 * amr, m + 2.66 * amr) == pytest.approx((mean, lpl, upl), abs=0.005)
        assert used == 10
    # rebase = as.Date("2020-01-01") is before the first date: one group, the same limits
    r = calculate_spc(RNORM_DATES, RNORM, "increase", options=SpcOptions(rebase=(dt.date(2020, 1, 1),)))
    assert len(r.periods) == 1 and r.lpl == pytest.approx(-3.01138, abs=TOL)
    # target 0.5 lies between the limits: inconsistent
    assert calculate_spc(RNORM_DATES, RNORM, "increase", target=0.5).assurance == "inconsistent"


def test_r_two_in_three_opposite_sides_end_to_end():
    # test-ptd_spc_standard.R: 1, -1 alternating (16 points), then 5.5 and -5.5 as the last two.
    # Hand check: mean 0; moving ranges 2 x 13, 6.5, 11 -> AMR 43.5/15 = 2.9; 11 >= 3.267 x 2.9
    # is screened out -> AMR 32.5/14; two-sigma 1.7733 x 2.3214 = 4.1167 < 5.5 < limit 6.175.
    y = [1.0, -1.0] * 8
    y[14], y[15] = 5.5, -5.5
    r = calculate_spc(daily(16, dt.date(2020, 1, 2)), y, "increase")
    assert r.mean == pytest.approx(0, abs=1e-12)
    assert r.current.amr == pytest.approx(32.5 / 14)
    assert r.current.moving_ranges_excluded == 1
    assert r.current.upper_two_sigma < 5.5 < r.upl
    assert [p.special_cause for p in r.points[-2:]] == ["neither", "neither"]


# ---------------------------------------------------------------------------------------------
# R's integration snapshots: tests/testthat/_snaps/integration_tests.md
# (ptd_spc(ae_all(), ...) on NHSRdatasets::ae_attendances summed by month, Apr 2016 - Mar 2019;
#  the snapshot stores the whole R data frame; the values below were decoded from it)
# ---------------------------------------------------------------------------------------------

AE_DATES = monthly(36, dt.date(2016, 4, 1))
AE_ATTENDANCES = [
    1867781, 2070340, 1958802, 2079034, 1932901, 1952464, 2001816, 1907871, 1944567, 1895272,
    1735619, 2015834, 1949762, 2066789, 1994056, 2073944, 1924663, 1925961, 2044137, 1976971,
    2003954, 2000086, 1820012, 2049785, 1984369, 2164458, 2093942, 2179896, 1997854, 2005695,
    2079492, 2037847, 2047518, 2113413, 1954947, 2167550,
]  # fmt: skip
AE_PERFORMANCE = [
    0.9003512724457525, 0.9027555860390081, 0.9055994429248081, 0.9028524786030435,
    0.909763097023593, 0.9064786853944554, 0.8905308979446662, 0.8837903610883545,
    0.8617594559611471, 0.851413411900772, 0.8753090395991286, 0.9000949482943537,
    0.9051525263083392, 0.8970035160821932, 0.9072518525056468, 0.9034785895858326,
    0.9029928875860346, 0.8966609396555797, 0.8994186788850258, 0.8876655246839736,
    0.8498503458662225, 0.8529918213516818, 0.8504476893558943, 0.8462121637147311,
    0.8857248828216929, 0.9039011151983545, 0.9076297242234981, 0.8931949047110505,
    0.8972702710007838, 0.8894368286304747, 0.8900933497219513, 0.8760446687116353,
    0.8644632183941728, 0.843525141560121, 0.8422525009629417, 0.8660427671795345,
]  # fmt: skip


def test_r_integration_ae_attendances():
    # "ae_all attendances spc returns expected values"
    r = calculate_spc(AE_DATES, AE_ATTENDANCES, "increase")
    assert (r.mean, r.lpl, r.upl) == pytest.approx((2000538.9444444445, 1731844.3644444444, 2269233.5244444446), abs=TOL)
    assert codes(r) == "." * 36
    sides = "".join("+" if p.value > r.mean else "-" for p in r.points)
    assert sides == "-+-+--+----+-+-+--+-+--+-+++-+++++-+"  # relative_to_mean column
    close = [i + 1 for i, p in enumerate(r.points) if not r.lpl <= p.value <= r.upl or not r.current.lower_two_sigma <= p.value <= r.current.upper_two_sigma]
    assert close == [11, 23, 28]  # close_to_limits column (outside_limits is all FALSE)


def test_r_integration_ae_attendances_rebase():
    # "ae_all attendances spc with rebase returns expected values": rebase = as.Date("2017-04-01")
    r = calculate_spc(AE_DATES, AE_ATTENDANCES, "increase", options=SpcOptions(rebase=(dt.date(2017, 4, 1),)))
    first, second = r.periods
    assert (first.n, second.n) == (12, 24)
    assert (first.mean, first.lpl, first.upl) == pytest.approx((1946858.4166666667, 1639947.374848485, 2253769.4584848485), abs=TOL)
    assert (second.mean, second.lpl, second.upl) == pytest.approx((2027379.2083333333, 1772921.0639855072, 2281837.3526811595), abs=TOL)
    assert codes(r) == "." * 36
    assert [p.period for p in r.points] == [0] * 12 + [1] * 24


def test_r_integration_ae_performance():
    # "plot arguments behave as expected": ptd_spc(ae_all(), performance, period); point_type column
    r = calculate_spc(AE_DATES, AE_PERFORMANCE, "increase")
    assert (r.mean, r.lpl, r.upl) == pytest.approx((0.8847056829421236, 0.8604472128746817, 0.9089641530095655), abs=TOL)
    assert codes(r) == "IIIIIII..C.IIIIIIIIICCCCIIIIIII..CC."
    assert r.variation == "common_cause"
    assert r.current.moving_ranges_excluded == 2


def test_r_integration_ae_performance_fixed_baseline():
    # "ae_all performance spc returns expected values": fix_after_n_points = 12
    r = calculate_spc(AE_DATES, AE_PERFORMANCE, "increase", options=SpcOptions(baseline_points=12))
    assert (r.mean, r.lpl, r.upl) == pytest.approx((0.8908915564349236, 0.8614049789074258, 0.9203781339624213), abs=TOL)
    assert codes(r) == ".........C.IIIIIIII.CCCC.....CCCCCCC"
    assert r.current.baseline_n == 12 and r.current.n == 36
    assert r.variation == "concern_low"  # ptd_get_icons: concern + "increase" -> concern_low.svg


# ---------------------------------------------------------------------------------------------
# vignettes/deviations.Rmd: outlier screening and the Excel tool
# ---------------------------------------------------------------------------------------------

DEVIATIONS = [1, 2, 1, 2, 10, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1]
DEVIATIONS_DATES = daily(18, dt.date(2021, 3, 22))


def test_vignette_deviations_screened():
    # Caption: "UPL = 4.6, Mean = 1.94, LPL = -0.72"; four common cause points, one improvement,
    # twelve more common cause. By hand: mean 35/18; moving ranges fifteen 1s, 8 and 9, AMR 32/17;
    # 8 and 9 are >= 3.267 x 32/17 = 6.15, so AMR = 1 and the limits are 35/18 -/+ 2.66.
    r = calculate_spc(DEVIATIONS_DATES, DEVIATIONS, "increase")
    assert (r.mean, r.lpl, r.upl) == pytest.approx((35 / 18, 35 / 18 - 2.66, 35 / 18 + 2.66), abs=1e-12)
    assert (round(r.upl, 2), round(r.mean, 2), round(r.lpl, 2)) == (4.6, 1.94, -0.72)
    assert codes(r) == "....I" + "." * 13
    assert r.points[4].rule == "outside_limits"


def test_vignette_deviations_unscreened_is_the_excel_tool():
    # Caption: "UPL = 6.95, Mean = 1.94, LPL = -3.06"; by hand 35/18 -/+ 2.66 x 32/17
    for options in (SpcOptions(screen_outliers=False), SpcOptions(rules="mdc_excel")):
        r = calculate_spc(DEVIATIONS_DATES, DEVIATIONS, "increase", options=options)
        assert (r.lpl, r.upl) == pytest.approx((35 / 18 - 2.66 * 32 / 17, 35 / 18 + 2.66 * 32 / 17), abs=1e-12)
        assert (round(r.upl, 2), round(r.lpl, 2)) == (6.95, -3.06)
        assert codes(r) == "....I" + "." * 13
        assert r.current.moving_ranges_excluded == 0


# ---------------------------------------------------------------------------------------------
# Each rule, by hand (BASE + fixed 12-point baseline: limits 5.68 / 16.32, two-sigma 7.45 / 14.55)
# ---------------------------------------------------------------------------------------------


def test_screening_drops_a_moving_range_of_exactly_3267_times_the_average():
    # R keeps `mr < 3.267 * amr`. Moving ranges: ten 794s, a 793 and a 3267 (sum 12000, AMR 1000
    # exactly, and 3.267 * 1000 == 3267.0 in floating point): the 3267 goes, AMR = 8733 / 11.
    values = [1000.0 + (794 if i % 2 else 0) for i in range(11)] + [1793.0, 1793.0 + 3267]
    r = calculate_spc(monthly(13), values, "increase")
    assert [abs(b - a) for a, b in zip(values, values[1:])] == [794] * 10 + [793, 3267]
    assert (r.current.moving_ranges_excluded, r.current.amr) == (1, pytest.approx(8733 / 11))
    unscreened = calculate_spc(monthly(13), values, "increase", options=SpcOptions(screen_outliers=False))
    assert unscreened.current.amr == 1000


def test_base_limits_are_fixed_on_the_first_12_points():
    r = with_base([11, 11, 11, 40])  # 40 is far outside but is not in the baseline
    p = r.current
    assert (p.mean, p.amr, p.baseline_n, p.n) == (11, 2, 12, 16)
    assert (p.lpl, p.upl) == pytest.approx((5.68, 16.32), abs=1e-12)
    assert (p.lower_two_sigma, p.upper_two_sigma) == pytest.approx((11 - 2 * 2.66 * 2 / 3, 11 + 2 * 2.66 * 2 / 3), abs=1e-12)
    assert codes(r) == "." * 15 + "I"
    # without the baseline the 40 joins the calculation: mean (132 + 73) / 16
    free = calculate_spc(monthly(16), BASE + [11, 11, 11, 40], "increase")
    assert free.mean == pytest.approx(205 / 16)


def test_rule_outside_limits_both_directions():
    r = with_base([11, 17, 11])
    assert codes(r) == "." * 13 + "I."
    assert (r.points[13].rule, r.points[13].side) == ("outside_limits", "high")
    assert codes(with_base([11, 17, 11], "decrease")) == "." * 13 + "C."
    assert codes(with_base([11, 5, 11])) == "." * 13 + "C."  # 5 < 5.68
    assert codes(with_base([11, 5, 11], "decrease")) == "." * 13 + "I."
    # exactly on a limit is not beyond it (R: y > upl | y < lpl)
    r = with_base([11, 11, 11])
    assert codes(calculate_spc(monthly(16), BASE + [11, 11, r.upl, r.lpl], "increase", options=SpcOptions(baseline_points=12))) == "." * 16


def test_rule_run_flags_every_point_of_the_run():
    # point 12 is 12 (above), 13 is 11 (on the mean), then seven 12s: points 14-20
    r = with_base([11] + [12] * 7)
    assert codes(r) == "." * 13 + "I" * 7
    assert {p.rule for p in r.points[13:]} == {"run"} and {p.side for p in r.points[13:]} == {"high"}
    assert codes(with_base([11] + [12] * 7, "decrease")) == "." * 13 + "C" * 7
    assert codes(with_base([11] + [10] * 7)) == "." * 13 + "C" * 7
    assert codes(with_base([11] + [12] * 8)) == "." * 13 + "I" * 8
    assert codes(with_base([11] + [12] * 6)) == "." * 19  # six is not enough
    assert codes(with_base([11] + [12] * 3 + [11] + [12] * 3)) == "." * 20  # a point on the mean breaks it


def test_rule_trend_takes_its_side_from_the_trend_not_the_mean():
    # 8 < 9 < 10 < 11.5 < 12 < 13 < 14: seven rising points (13-19), three of them below the mean
    rising = [8, 9, 10, 11.5, 12, 13, 14]
    r = with_base(rising)
    assert codes(r) == "." * 12 + "I" * 7
    assert {(p.rule, p.side) for p in r.points[12:]} == {("trend", "high")}
    assert codes(with_base(rising, "decrease")) == "." * 12 + "C" * 7
    # falling from 14 to 8: concern for "increase", including the points above the mean (R #167)
    falling = [14, 13, 12, 11.5, 10, 9, 8]
    assert codes(with_base(falling)) == "." * 12 + "C" * 7
    assert codes(with_base(falling, "decrease")) == "." * 12 + "I" * 7
    assert codes(with_base(rising[:6])) == "." * 18  # six points is not a trend
    assert codes(with_base([8, 9, 9, 10, 11.5, 12, 13, 14])) == "." * 20  # 9, 9 is not a rise


def test_rule_two_of_three_flags_only_the_points_beyond_two_sigma():
    # 15 is between the two-sigma line (14.55) and the limit (16.32); 12 is above the mean
    r = with_base([11, 15, 12, 15, 11])
    assert codes(r) == "." * 13 + "I.I."
    assert [(p.rule, p.side) for p in r.points[13:16]] == [("two_of_three", "high"), (None, None), ("two_of_three", "high")]
    assert codes(with_base([11, 7, 10, 7, 11])) == "." * 13 + "C.C."  # below: 5.68 < 7 < 7.45
    assert codes(with_base([11, 7, 10, 7, 11], "decrease")) == "." * 13 + "I.I."
    # all three must be on one side of the mean: 15, 7, 15 straddle it; so do 11 (on it), 15, 15
    assert codes(with_base([11, 15, 7, 15, 11])) == "." * 17
    assert codes(with_base([11, 15, 15, 11])) == "." * 16
    # two in a row after point 12 (value 12, above): window 12, 15, 15
    assert codes(with_base([15, 15, 11])) == "." * 12 + "II."


def test_configurable_run_and_trend_lengths():
    assert codes(with_base([11] + [12] * 6, run_length=6)) == "." * 13 + "I" * 6
    assert codes(with_base([11] + [12] * 6, run_length=8)) == "." * 19
    assert codes(with_base([8, 9, 10, 11.5, 12, 13], trend_length=6)) == "." * 12 + "I" * 6
    assert codes(with_base([8, 9, 10, 11.5, 12, 13, 14], trend_length=8)) == "." * 19


# ---------------------------------------------------------------------------------------------
# Precedence: outside > trend > two of three > run (nhsr); improvement wins (mdc_excel)
# ---------------------------------------------------------------------------------------------


def test_precedence_outside_beats_run():
    r = with_base([11, 12, 12, 12, 17, 12, 12, 12])  # points 14-20 above the mean, 17 outside
    assert codes(r) == "." * 13 + "I" * 7
    assert [p.rule for p in r.points[13:]] == ["run", "run", "run", "outside_limits", "run", "run", "run"]
    assert r.points[16].matched_rules == ("outside_limits", "run")


def test_precedence_two_of_three_beats_run():
    r = with_base([11, 12, 15, 15, 12, 12, 12, 12])  # run 14-20; 15, 15 close with 12 before them
    assert [p.rule for p in r.points[13:]] == ["run", "two_of_three", "two_of_three", "run", "run", "run", "run"]


def test_precedence_trend_beats_run_and_two_of_three():
    # 6 < 7 < 8 < 9 < 10 < 10.5 < 10.8: a rising trend, all below the mean (a run low), and 6, 7
    # below the two-sigma line (two of three low). nhsr: the trend decides -> high.
    extra = [6, 7, 8, 9, 10, 10.5, 10.8]
    r = with_base(extra)
    assert [p.matched_rules for p in r.points[12:]] == [("trend", "two_of_three", "run")] * 2 + [("trend", "run")] * 5
    assert codes(r) == "." * 12 + "I" * 7
    # lower is better: the rising trend is a concern, even though every point is low
    assert codes(with_base(extra, "decrease")) == "." * 12 + "C" * 7


def test_precedence_outside_beats_trend():
    # 5 is below the limit and starts a rising trend: nhsr labels it by the limit (concern)
    r = with_base([5, 7, 8, 9, 10, 10.5, 10.8])
    assert codes(r) == "." * 12 + "C" + "I" * 6
    assert (r.points[12].rule, r.points[12].side) == ("outside_limits", "low")


def test_trend_direction_r_quirk_at_a_flat_peak():
    # Port of R's ptd_special_cause_type as is: a trend point followed by another trend point takes
    # the sign of the step *out* of it, and a zero step counts as "Decreasing". Baseline 0, 20, ...
    # (mean 10, AMR 20, wide limits); then 4..10 rising (13-19) and 10..4 falling (20-26).
    values = [0.0, 20.0] * 6 + [4, 5, 6, 7, 8, 9, 10, 10, 9, 8, 7, 6, 5, 4]
    r = calculate_spc(monthly(26), values, "increase", options=SpcOptions(baseline_points=12))
    assert [p.side for p in r.points[12:19]] == ["high"] * 6 + ["low"]  # point 19: step 10 -> 10
    assert codes(r) == "." * 12 + "I" * 6 + "C" * 8


def test_mdc_excel_improvement_wins_a_conflict():
    # same data as test_precedence_outside_beats_trend: the 5 is beyond the limit (concern) and in
    # a rising trend (improvement); the Excel tool shows improvement
    r = with_base([5, 7, 8, 9, 10, 10.5, 10.8], rules="mdc_excel")
    assert codes(r) == "." * 12 + "I" * 7
    assert (r.points[12].rule, r.points[12].side) == ("trend", "high")
    # lower is better: the rising trend is a concern, but the run and two-of-three below the mean
    # are improvements, so improvement wins where nhsr said concern
    extra = [6, 7, 8, 9, 10, 10.5, 10.8]
    r = with_base(extra, "decrease", rules="mdc_excel")
    assert codes(r) == "." * 12 + "I" * 7
    assert [p.rule for p in r.points[12:]] == ["two_of_three"] * 2 + ["run"] * 5
    assert codes(with_base(extra, "decrease")) == "." * 12 + "C" * 7


def test_mdc_excel_two_of_three_counts_points_beyond_the_limits():
    # NHSRplotthedots issue #153: 17, 17 (beyond the limit), 15 (between two-sigma and the limit).
    # nhsr counts only points between the lines, so the 15 is common cause; MDC counts every point
    # beyond two-sigma (issue #194), so the 15 is flagged.
    extra = [11, 17, 17, 15, 11]
    assert codes(with_base(extra)) == "." * 13 + "II.."
    r = with_base(extra, rules="mdc_excel")
    assert codes(r) == "." * 13 + "III."
    assert r.points[15].rule == "two_of_three"
    # both tools still need all three on one side of the mean
    assert codes(with_base([11, 17, 7, 15, 11], rules="mdc_excel")) == "." * 13 + "I..."


def test_mdc_excel_ignores_screen_outliers():
    a = calculate_spc(DEVIATIONS_DATES, DEVIATIONS, "increase", options=SpcOptions(rules="mdc_excel", screen_outliers=True))
    b = calculate_spc(DEVIATIONS_DATES, DEVIATIONS, "increase", options=SpcOptions(screen_outliers=False))
    assert a.periods == b.periods


# ---------------------------------------------------------------------------------------------
# Rebasing and baselines
# ---------------------------------------------------------------------------------------------


def test_rebase_restarts_moving_ranges_and_runs():
    # Period 1: 10, 12, 10, 12, 10, 12, 10 then six 12s: mean 148/13, moving ranges seven 2s and
    # five 0s -> AMR 14/12; it ends with six points above its mean.
    # Period 2: 22, 20, ... (13 points): mean 274/13, every moving range 2 (the 12 -> 22 jump
    # across the boundary is not one of them); it starts with a point above its mean.
    one = [10, 12, 10, 12, 10, 12, 10] + [12] * 6
    two = [22, 20] * 6 + [22]
    dates = monthly(26, dt.date(2020, 1, 1))
    r = calculate_spc(dates, one + two, "increase", options=SpcOptions(rebase=(dates[13],)))
    first, second = r.periods
    assert (first.start, first.end, first.n) == (dates[0], dates[12], 13)
    assert (second.start, second.end, second.n, second.rebase) == (dates[13], dates[25], 13, dates[13])
    assert (first.mean, first.amr) == pytest.approx((148 / 13, 14 / 12))
    assert (second.mean, second.amr) == pytest.approx((274 / 13, 2))
    assert (second.lpl, second.upl) == pytest.approx((274 / 13 - 5.32, 274 / 13 + 5.32))
    assert codes(r) == "." * 26  # 6 + 1 above the mean across the boundary is not a run
    # without the rebase the step change is a long run (and more)
    assert "I" in codes(calculate_spc(dates, one + two, "increase"))


def test_rebase_date_between_observations_starts_at_the_next_one():
    dates = monthly(26, dt.date(2020, 1, 1))
    values = [10, 12] * 13
    r = calculate_spc(dates, values, "increase", options=SpcOptions(rebase=("2021-01-15",)))
    assert [p.start for p in r.periods] == [dt.date(2020, 1, 1), dt.date(2021, 2, 1)]
    assert r.periods[1].rebase == dt.date(2021, 1, 15)
    # dates on or before the first observation, or after the last, change nothing
    same = calculate_spc(dates, values, "increase", options=SpcOptions(rebase=(dt.date(2019, 1, 1), dt.date(2020, 1, 1), dt.date(2030, 1, 1))))
    assert len(same.periods) == 1


def test_baseline_applies_within_each_period():
    one = [10.0, 12.0] * 7  # 14 points
    two = [20.0, 22.0] * 6 + [21.0, 40.0]  # baseline: mean 21, AMR 2; the 40 is outside
    dates = monthly(28)
    r = calculate_spc(dates, one + two, "increase", options=SpcOptions(rebase=(dates[14],), baseline_points=12))
    assert [(p.mean, p.amr, p.baseline_n, p.n) for p in r.periods] == [(11, 2, 12, 14), (21, 2, 12, 14)]
    assert codes(r) == "." * 27 + "I"
    assert r.variation == "improvement_high"
    # more baseline points than the period has: all of them are used
    r = calculate_spc(monthly(14), one, "increase", options=SpcOptions(baseline_points=20))
    assert r.current.baseline_n == 14


# ---------------------------------------------------------------------------------------------
# Icons and assurance
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("last", "direction", "variation"),
    [
        (11, "increase", "common_cause"),
        (17, "increase", "improvement_high"),
        (5, "increase", "concern_low"),
        (17, "decrease", "concern_high"),
        (5, "decrease", "improvement_low"),
    ],
)
def test_variation_icon_from_the_last_point(last, direction, variation):
    r = with_base([11, 11, last], direction)
    assert r.variation == variation
    assert r.variation_label == VARIATION_LABELS[variation]


def test_variation_labels():
    assert VARIATION_LABELS["common_cause"] == "Common cause variation"
    assert VARIATION_LABELS["improvement_high"] == "Special cause improvement (high)"
    assert VARIATION_LABELS["concern_low"] == "Special cause concern (low)"
    assert set(ASSURANCE_LABELS) == {"consistent_pass", "consistent_fail", "inconsistent"}


def period(lpl: float, upl: float) -> SpcPeriod:
    d = dt.date(2020, 1, 1)
    return SpcPeriod(d, d, (lpl + upl) / 2, lpl, upl, lpl, upl, 1.0, 13)


def test_r_assurance_cases():
    # test-ptd_calculate_assurance_type.R: limits (1, 3), (5, 7), (1, 5) and target 4
    cases = [period(1, 3), period(5, 7), period(1, 5)]
    assert [_assurance(p, "increase", 4) for p in cases] == ["consistent_fail", "consistent_pass", "inconsistent"]
    assert [_assurance(p, "decrease", 4) for p in cases] == ["consistent_pass", "consistent_fail", "inconsistent"]
    assert _assurance(period(1, 3), "increase", None) is None


def test_assurance_target_exactly_on_a_limit_is_inconsistent():
    r = with_base([11, 11, 11])
    for direction in ("increase", "decrease"):
        for target in (r.upl, r.lpl):
            assert with_base([11, 11, 11], direction, target).assurance == "inconsistent"
    assert with_base([11, 11, 11], "increase", r.upl + 0.01).assurance == "consistent_fail"
    assert with_base([11, 11, 11], "decrease", r.upl + 0.01).assurance == "consistent_pass"
    assert with_base([11, 11, 11], "increase", r.lpl - 0.01).assurance == "consistent_pass"
    assert with_base([11, 11, 11], "decrease", r.lpl - 0.01).assurance == "consistent_fail"
    assert with_base([11, 11, 11]).assurance is None


def test_assurance_uses_the_last_period():
    # period 1 (mean 11, limits 5.68-16.32) would fail a target of 30; period 2 (mean 31, limits
    # 25.68-36.32) is hit and miss
    one, two = [10.0, 12.0] * 7, [30.0, 32.0] * 7
    dates = monthly(28)
    r = calculate_spc(dates, one + two, "increase", target=30, options=SpcOptions(rebase=(dates[14],)))
    assert r.assurance == "inconsistent" and r.assurance_label == "Hit and miss: the target may or may not be met"
    r = calculate_spc(dates[:14], one, "increase", target=30)
    assert r.assurance == "consistent_fail" and r.assurance_label == "Consistently failing the target"


# ---------------------------------------------------------------------------------------------
# When SPC applies, input handling, output
# ---------------------------------------------------------------------------------------------


def test_unavailable_reason_in_the_current_period():
    dates = monthly(23, dt.date(2023, 1, 1))  # Jan 2023 - Nov 2024
    options = SpcOptions(rebase=(dt.date(2024, 4, 1),))
    reason = spc_unavailable_reason(dates, options)
    assert reason == "SPC needs at least 13 observations in the current period; there are 8 since 1 Apr 2024."
    with pytest.raises(ValueError, match="there are 8 since 1 Apr 2024"):
        calculate_spc(dates, [1.0, 2.0] * 11 + [1.0], "increase", options=options)


def test_unavailable_reason_thresholds():
    assert MIN_POINTS == 13  # R/ptd_add_short_group_warnings.R: warning_threshold 13
    assert spc_unavailable_reason(monthly(12)) == "SPC needs at least 13 observations; there are 12."
    assert spc_unavailable_reason(monthly(13)) is None
    assert spc_unavailable_reason([]) == "SPC needs at least 13 observations; there are none."
    assert spc_unavailable_reason(monthly(1)) == "SPC needs at least 13 observations; there is 1."
    dates = monthly(20)
    assert spc_unavailable_reason(dates + [dates[3]]) == "SPC needs one observation per date; 1 Apr 2022 appears more than once."
    reason = spc_unavailable_reason(dates, SpcOptions(rebase=(dates[5], dates[6])))
    assert reason == "The period starting 1 Jun 2022 has only 1 observation; each period needs at least 2 to calculate limits."
    assert spc_unavailable_reason(list(reversed(monthly(13)))) is None


def test_options_are_validated():
    with pytest.raises(ValueError, match="baseline_points"):
        SpcOptions(baseline_points=11)
    with pytest.raises(ValueError, match="baseline_points"):
        SpcOptions(baseline_points=12.5)
    with pytest.raises(ValueError, match="run_length"):
        SpcOptions(run_length=1)
    with pytest.raises(ValueError, match="trend_length"):
        SpcOptions(trend_length=0)
    with pytest.raises(ValueError, match="rules"):
        SpcOptions(rules="excel")
    with pytest.raises(ValueError, match="rebase"):
        SpcOptions(rebase=("not a date",))
    with pytest.raises(ValueError, match="screen_outliers"):
        SpcOptions(screen_outliers="yes")
    assert SpcOptions(rebase=["2024-04-01", dt.date(2023, 4, 1), "2024-04-01"]).rebase == (dt.date(2023, 4, 1), dt.date(2024, 4, 1))
    assert SpcOptions(baseline_points=12).baseline_points == 12


def test_inputs_are_validated():
    dates = monthly(13)
    with pytest.raises(ValueError, match="same length"):
        calculate_spc(dates, [1.0] * 12, "increase")
    with pytest.raises(ValueError, match="direction"):
        calculate_spc(dates, [1.0] * 13, "up")
    with pytest.raises(ValueError, match="finite"):
        calculate_spc(dates, [1.0] * 12 + [float("nan")], "increase")
    with pytest.raises(ValueError, match="target"):
        calculate_spc(dates, [1.0] * 13, "increase", target=float("inf"))


def test_unsorted_input_is_sorted_by_date():
    values = BASE + [11, 17, 11]
    dates = monthly(15)
    order = [7, 3, 14, 0, 9, 1, 12, 5, 2, 13, 8, 4, 11, 6, 10]
    shuffled = calculate_spc([dates[i] for i in order], [values[i] for i in order], "increase", options=SpcOptions(baseline_points=12))
    assert shuffled == with_base([11, 17, 11])
    assert [p.date for p in shuffled.points] == dates


def test_flat_line():
    # every moving range is 0: the limits are the mean itself (R gives NaN here)
    r = calculate_spc(monthly(13), [5.0] * 13, "increase", target=5)
    assert (r.lpl, r.mean, r.upl) == (5, 5, 5)
    assert codes(r) == "." * 13 and r.assurance == "inconsistent"


def test_to_dict_is_json_ready():
    r = with_base([11, 17, 11], target=20.0)
    d = json.loads(json.dumps(r.to_dict()))
    assert d["mean"] == 11 and d["lpl"] == pytest.approx(LPL) and d["upl"] == pytest.approx(UPL)
    assert d["variation"] == "common_cause" and d["assurance"] == "consistent_fail"
    assert d["assurance_label"] == "Consistently failing the target"
    assert d["periods"][0]["start"] == "2022-01-01" and d["periods"][0]["n"] == 15
    point = d["points"][13]
    assert point == {
        "date": "2023-02-01",
        "value": 17.0,
        "period": 0,
        "special_cause": "improvement",
        "rule": "outside_limits",
        "side": "high",
        "matched_rules": ["outside_limits"],
    }
