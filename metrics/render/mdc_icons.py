"""The NHS "Making Data Count" icons as small SVG strings: our own drawing of the published design.

Variation (from the latest point): a white disc in a thick ring, grey for common cause, blue for
special cause improvement, orange for special cause concern; an H or L for which side the special
cause is on, and five small dots joined by a line, the last two in the ring's colour and moved up
(H) or down (L). Assurance (the target against the process limits): blue P for consistently
passing, orange F for consistently failing, grey ? for hit and miss, over a dashed target line and
a grey line for the process, below the target line when it fails, above it when it passes and
across it when it is hit and miss.

Pure strings: the report puts the ``<svg>`` inline (:func:`icon_svg`); the app, whose ``st.html``
strips inline SVG, shows it as ``<img src="data:...">`` (:func:`icon_img`). Each icon has an
accessible name (``role="img"`` with ``aria-label`` and ``<title>``, or ``alt``), and every caller
puts the icon's words beside it (:func:`icon_with_words`): never the icon alone.
"""

from __future__ import annotations

import base64
import html
from dataclasses import dataclass

from metrics.views.spc_words import icon_name, icon_words
from metrics.views.style import (  # improvement and passing; concern and failing (3:1 on white)
    BLUE,
    ORANGE,
)

GREY = "#7f7f7f"  # Making Data Count's grey: common cause, hit and miss, the dots, the process line (4:1)
LIGHT_GREY = "#b1b4b6"  # the hit-and-miss target line, lighter than the process line it crosses

VARIATIONS = ("common_cause", "improvement_high", "improvement_low", "concern_high", "concern_low")
ASSURANCES = ("consistent_pass", "consistent_fail", "inconsistent")


@dataclass(frozen=True)
class _Look:
    ring: str
    letter: str  # "" for none
    letter_colour: str
    accent: str  # the last two dots, or the target line


def _look(code: str) -> _Look:
    if code == "common_cause":
        return _Look(GREY, "", GREY, GREY)
    if code in ("improvement_high", "improvement_low", "concern_high", "concern_low"):
        colour = BLUE if code.startswith("improvement") else ORANGE
        return _Look(colour, "H" if code.endswith("high") else "L", colour, colour)
    if code == "consistent_pass":
        return _Look(BLUE, "P", BLUE, BLUE)
    if code == "consistent_fail":
        return _Look(ORANGE, "F", ORANGE, ORANGE)
    if code == "inconsistent":
        return _Look(GREY, "?", GREY, LIGHT_GREY)
    raise ValueError(f"unknown Making Data Count icon '{code}' (use one of {', '.join(VARIATIONS + ASSURANCES)})")


# the mini chart inside a variation icon, on a 40 x 40 grid: x of the five dots, and their heights
_DOT_X = (11.5, 16, 20.5, 25, 29.5)
_DOTS_Y = {
    "common": (25.5, 29, 23.5, 28, 25.5),  # up and down around a level
    "high": (28, 30, 28, 23, 21),  # the last two up
    "low": (22, 20, 22, 27, 29),  # the last two down
}
_PROCESS = "9,26 12.5,22.5 16,22 20,25.5 23,26 25,23.5 27,25.5 31,25"  # the assurance icon's grey line


def _body(code: str) -> str:
    look = _look(code)
    out = [f'<circle cx="20" cy="20" r="17" fill="#ffffff" stroke="{look.ring}" stroke-width="3.5"/>']
    if look.letter:
        out.append(
            f'<text x="20" y="{18 if code in VARIATIONS else 15.5}" text-anchor="middle" font-family="Liberation Sans, Arial, sans-serif" '
            f'font-size="13" font-weight="700" fill="{look.letter_colour}">{html.escape(look.letter)}</text>'
        )
    if code in VARIATIONS:
        side = "common" if code == "common_cause" else code.rsplit("_", 1)[1]
        ys = _DOTS_Y[side]
        points = " ".join(f"{x},{y}" for x, y in zip(_DOT_X, ys))
        out.append(f'<polyline points="{points}" fill="none" stroke="{GREY}" stroke-width="1.2"/>')
        for i, (x, y) in enumerate(zip(_DOT_X, ys)):
            colour = look.accent if i >= 3 and side != "common" else GREY
            out.append(f'<circle cx="{x}" cy="{y}" r="1.9" fill="{colour}"/>')
    else:
        target_y = {"consistent_pass": 29, "consistent_fail": 19, "inconsistent": 24}[code]
        out.append(f'<line x1="6" x2="34" y1="{target_y}" y2="{target_y}" stroke="{look.accent}" stroke-width="1.6" stroke-dasharray="3.5 1.5"/>')
        out.append(f'<polyline points="{_PROCESS}" fill="none" stroke="{GREY}" stroke-width="1.8" stroke-linejoin="round"/>')
    return "".join(out)


def icon_svg(code: str, *, size: int = 32, label: str | None = None) -> str:
    """The icon as an ``<svg>`` element with an accessible name (``role="img"``, ``aria-label``, ``<title>``)."""
    name = html.escape(label if label is not None else icon_name(code), quote=True)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="mdc-icon" width="{size}" height="{size}" viewBox="0 0 40 40" '
        f'role="img" aria-label="{name}"><title>{name}</title>{_body(code)}</svg>'
    )


def icon_data_uri(code: str) -> str:
    """The icon as a ``data:image/svg+xml;base64,...`` URI (for ``<img src>``; no network)."""
    return "data:image/svg+xml;base64," + base64.b64encode(icon_svg(code).encode("utf-8")).decode("ascii")


def icon_img(code: str, *, size: int = 32, label: str | None = None) -> str:
    """The icon as an ``<img>`` with a data URI and ``alt`` text: survives ``st.html``'s sanitiser."""
    name = html.escape(label if label is not None else icon_name(code), quote=True)
    return f'<img class="mdc-icon" src="{icon_data_uri(code)}" alt="{name}" width="{size}" height="{size}">'


def icon_with_words(code: str, *, size: int = 32, as_img: bool = False, heading: str | None = None) -> str:
    """The icon and its words side by side ('Variation: Special cause improvement (low)'), in a span."""
    icon = icon_img(code, size=size) if as_img else icon_svg(code, size=size)
    words = html.escape(icon_words(code))
    lead = f"<strong>{html.escape(heading)}:</strong> " if heading else ""
    return f'<span class="mdc">{icon}<span class="mdc-words">{lead}{words}</span></span>'


__all__ = ["ASSURANCES", "VARIATIONS", "icon_data_uri", "icon_img", "icon_svg", "icon_with_words"]
