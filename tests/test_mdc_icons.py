"""The "Making Data Count" icons (metrics/render/mdc_icons.py): colour, letter and dots of each,
an accessible name, the words beside them, and the same picture inline and as an <img> data URI."""

from __future__ import annotations

import base64
import re
import xml.etree.ElementTree as ET

import pytest

from metrics.domain.spc import ASSURANCE_LABELS, VARIATION_LABELS
from metrics.render.mdc_icons import (
    ASSURANCES,
    VARIATIONS,
    icon_data_uri,
    icon_img,
    icon_svg,
    icon_with_words,
)
from metrics.views.style import BLUE, ORANGE

SVG = "{http://www.w3.org/2000/svg}"
GREY = "#7f7f7f"

# code -> (ring colour, letter, colour of the last two dots or of the target line)
EXPECTED = {
    "common_cause": (GREY, None, GREY),
    "improvement_high": (BLUE, "H", BLUE),
    "improvement_low": (BLUE, "L", BLUE),
    "concern_high": (ORANGE, "H", ORANGE),
    "concern_low": (ORANGE, "L", ORANGE),
    "consistent_pass": (BLUE, "P", BLUE),
    "consistent_fail": (ORANGE, "F", ORANGE),
    "inconsistent": (GREY, "?", None),
}


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def test_every_icon_code_of_the_spc_labels_has_a_picture():
    assert set(VARIATIONS) == set(VARIATION_LABELS) and set(ASSURANCES) == set(ASSURANCE_LABELS)
    assert set(EXPECTED) == set(VARIATIONS) | set(ASSURANCES)


@pytest.mark.parametrize("code", list(EXPECTED))
def test_each_icon_has_its_colour_letter_and_pattern(code):
    ring, letter, accent = EXPECTED[code]
    root = parse(icon_svg(code))
    outer = root.find(f"{SVG}circle")
    assert outer.get("stroke") == ring and outer.get("fill") == "#ffffff"  # a white disc in a coloured ring
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert texts == ([letter] if letter else [])
    if code in VARIATIONS:
        dots = root.findall(f"{SVG}circle")[1:]
        assert len(dots) == 5 and root.find(f"{SVG}polyline") is not None  # the small dots, joined
        colours = [d.get("fill") for d in dots]
        assert colours[:3] == [GREY] * 3 and colours[3:] == [accent] * 2
        heights = [float(d.get("cy")) for d in dots]
        if code.endswith("high"):
            assert heights[3] < heights[2] and heights[4] < heights[2]  # up (SVG's y grows downwards)
        elif code.endswith("low"):
            assert heights[3] > heights[2] and heights[4] > heights[2]
    else:
        target = root.find(f"{SVG}line")
        assert target.get("stroke-dasharray")  # the dashed target line
        if accent:
            assert target.get("stroke") == accent
        process = [float(xy.split(",")[1]) for xy in root.find(f"{SVG}polyline").get("points").split()]
        y = float(target.get("y1"))
        if code == "consistent_pass":
            assert y > max(process)  # the process line clear of the target line, on one side
        elif code == "consistent_fail":
            assert y < min(process)
        else:
            assert min(process) < y < max(process)  # hit and miss: the target crosses the process


@pytest.mark.parametrize("code", list(EXPECTED))
def test_each_icon_has_an_accessible_name(code):
    root = parse(icon_svg(code))
    label = VARIATION_LABELS.get(code) or ASSURANCE_LABELS[code]
    kind = "Variation" if code in VARIATIONS else "Assurance"
    name = f"{kind} icon: {label[0].lower()}{label[1:]}"
    assert root.get("role") == "img" and root.get("aria-label") == name
    assert root.find(f"{SVG}title").text == name
    assert f'alt="{name}"' in icon_img(code)


def test_the_img_shows_the_same_picture_as_a_data_uri():
    img = icon_img("improvement_low", size=40)
    src = re.search(r'src="([^"]+)"', img).group(1)
    assert src == icon_data_uri("improvement_low") and src.startswith("data:image/svg+xml;base64,")
    assert base64.b64decode(src.split(",", 1)[1]).decode() == icon_svg("improvement_low")
    assert 'width="40" height="40"' in img and "<svg" not in img


def test_the_words_go_beside_the_icon():
    both = icon_with_words("consistent_fail", heading="Assurance")
    assert both.index("<svg") < both.index("<strong>Assurance:</strong> Consistently failing the target")
    as_img = icon_with_words("common_cause", as_img=True, heading="Variation")
    assert "<img" in as_img and "Common cause variation" in as_img and "<svg" not in as_img


def test_an_unknown_code_is_an_error():
    with pytest.raises(ValueError, match="unknown Making Data Count icon 'sideways'"):
        icon_svg("sideways")
