"""The one palette and the one chart style: every renderer (plotly on the pages, SVG in reports
and on the static site, the report's CSS) draws a KPI with these, so a plan line, a target or
an illustrative value looks the same wherever a reader meets it.

Colours are the GOV.UK palette: text 19:1 on white, every line colour at least 3:1 on white, and
each status fill with a text colour of at least 4.5:1 on it. Nothing relies on colour alone:
every line has its own dash and every mark its own shape, and each is named in a legend.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from metrics.domain.status import Status

INK = "#0b0c0c"
WHITE = "#ffffff"
BLUE = "#1d70b8"
DARK_BLUE = "#003078"
GREEN = "#00703c"
YELLOW = "#ffdd00"
RED = "#d4351c"
GREY = "#505a5f"
MID_GREY = "#6f777b"
BORDER_GREY = "#b1b4b6"
GRID = "#e1e1e1"
ORANGE = "#e46c0a"  # NHS "Making Data Count": special cause of concern

STATUS_FILL: Mapping[Status, str] = MappingProxyType(
    {Status.BLUE: BLUE, Status.GREEN: GREEN, Status.AMBER: YELLOW, Status.RED: RED, Status.GREY: GREY}
)
STATUS_TEXT: Mapping[Status, str] = MappingProxyType(
    {Status.BLUE: WHITE, Status.GREEN: WHITE, Status.AMBER: INK, Status.RED: WHITE, Status.GREY: WHITE}
)


class Dash(enum.Enum):
    """A line's dash pattern as lengths in pixels: plotly takes '9px,4px', SVG '9 4'."""

    SOLID = ()
    DASH = (9, 4)
    DOT = (2, 3)
    DASHDOT = (9, 3, 2, 3)
    LONG = (16, 5)
    SHORT = (4, 4)

    @property
    def plotly(self) -> str:
        return "solid" if not self.value else ",".join(f"{n}px" for n in self.value)

    @property
    def svg(self) -> str | None:
        return " ".join(str(n) for n in self.value) or None


class Symbol(enum.Enum):
    CIRCLE = "circle"
    SQUARE = "square"
    TRIANGLE = "triangle-up"
    STAR = "star"
    DIAMOND = "diamond"


@dataclass(frozen=True)
class Line:
    colour: str
    width: float
    dash: Dash = Dash.SOLID


@dataclass(frozen=True)
class Mark:
    symbol: Symbol
    size: float  # diameter in pixels at the page chart's scale
    fill: str  # WHITE for a hollow mark
    edge: str
    edge_width: float = 1.0


@dataclass(frozen=True)
class ChartStyle:
    plan: Line = Line(BLUE, 3)
    observed: Line = Line(GREY, 1.5)  # the thin line joining the observations
    projection: Line = Line(RED, 3, Dash.DOT)
    band_edge: Line = Line(INK, 1.5, Dash.DASH)  # the worse edge of the amber tolerance band
    band_fill: str = "rgba(255, 221, 0, 0.35)"
    band_fill_svg: tuple[str, float] = (YELLOW, 0.35)  # SVG: colour and opacity
    event: Line = Line(GREY, 1.5, Dash.DASHDOT)
    as_of: Line = Line(GREY, 1, Dash.DOT)
    baseline: Mark = Mark(Symbol.SQUARE, 15, BLUE, BLUE)
    milestone: Mark = Mark(Symbol.TRIANGLE, 17, BLUE, INK)
    target: Mark = Mark(Symbol.STAR, 20, GREEN, INK)
    published: Mark = Mark(Symbol.CIRCLE, 11, INK, WHITE, 1.5)
    illustrative: Mark = Mark(Symbol.DIAMOND, 12, WHITE, GREY, 2)
    interval: Line = Line(INK, 1.5)  # survey 95% interval bars
    england: Line = Line(INK, 2, Dash.LONG)  # the national figure, labelled at its end
    neighbours: Line = Line(DARK_BLUE, 2, Dash.SHORT)  # the statistical neighbours' mean, labelled
    forecast: Line = Line(GREY, 1.5, Dash.DASH)  # from the latest figure to a published forecast
    forecast_mark: Mark = Mark(Symbol.SQUARE, 12, WHITE, INK, 2)
    text: str = INK
    grid: str = GRID

    def plan_mark(self, kind: str) -> Mark:
        """The mark of a plan point: 'baseline', 'milestone' or 'target'."""
        return {"baseline": self.baseline, "milestone": self.milestone, "target": self.target}[kind]


CHART = ChartStyle()
