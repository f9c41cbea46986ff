"""The map's colours: a ColorBrewer scheme whose classes stay apart in print and for colour-blind
readers, and category colours that no class can be taken for.

Colour vision deficiencies are simulated with the matrices of Machado, Oliveira & Fernandes
(2009) at full severity, applied in linear sRGB; distances are CIEDE2000 in CIELAB (D65), and
print is judged by lightness alone (a greyscale copy keeps only L*).
"""

from __future__ import annotations

import itertools
import math
import re
from functools import cache

import numpy as np
import pytest

from gcm_report.report import maps

MACHADO = {
    "protanopia": [
        [0.152286, 1.052583, -0.204868],
        [0.114503, 0.786281, 0.099216],
        [-0.003882, -0.048116, 1.051998],
    ],
    "deuteranopia": [
        [0.367322, 0.860646, -0.227968],
        [0.280085, 0.672501, 0.047413],
        [-0.011820, 0.042940, 0.968881],
    ],
    "tritanopia": [
        [1.255528, -0.076749, -0.178779],
        [-0.078411, 0.930809, 0.147602],
        [0.004733, 0.691367, 0.303900],
    ],
}
VISIONS = ["normal", *MACHADO]
MIN_DE = 10.0  # CIEDE2000: clearly different side by side on a map, not merely noticeable
MIN_DL = 10.0  # L*: apart in a greyscale print


def _lab(hex_colour: str, vision: str = "normal") -> np.ndarray:
    srgb = np.array([int(hex_colour[i : i + 2], 16) for i in (1, 3, 5)]) / 255
    linear = np.where(srgb <= 0.04045, srgb / 12.92, ((srgb + 0.055) / 1.055) ** 2.4)
    if vision != "normal":
        linear = np.clip(np.array(MACHADO[vision]) @ linear, 0, 1)
    xyz = (
        np.array(
            [
                [0.4124564, 0.3575761, 0.1804375],
                [0.2126729, 0.7151522, 0.0721750],
                [0.0193339, 0.1191920, 0.9503041],
            ]
        )
        @ linear
        / np.array([0.95047, 1.0, 1.08883])
    )
    f = np.where(xyz > (6 / 29) ** 3, np.cbrt(xyz), xyz / (3 * (6 / 29) ** 2) + 4 / 29)
    return np.array([116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])])


def _ciede2000(lab1: np.ndarray, lab2: np.ndarray) -> float:
    """Return CIEDE2000 (Sharma, Wu & Dalal 2005) with unit weights."""
    (l1, a1, b1), (l2, a2, b2) = lab1, lab2
    c_bar = (math.hypot(a1, b1) + math.hypot(a2, b2)) / 2
    g = 0.5 * (1 - math.sqrt(c_bar**7 / (c_bar**7 + 25**7)))
    a1p, a2p = (1 + g) * a1, (1 + g) * a2
    c1p, c2p = math.hypot(a1p, b1), math.hypot(a2p, b2)
    h1p = math.degrees(math.atan2(b1, a1p)) % 360
    h2p = math.degrees(math.atan2(b2, a2p)) % 360
    dh = 0.0 if c1p * c2p == 0 else (h2p - h1p + 180) % 360 - 180
    d_l, d_c = l2 - l1, c2p - c1p
    d_h = 2 * math.sqrt(c1p * c2p) * math.sin(math.radians(dh / 2))
    l_bar, cp_bar = (l1 + l2) / 2, (c1p + c2p) / 2
    if c1p * c2p == 0:
        h_bar = h1p + h2p
    elif abs(h1p - h2p) <= 180:
        h_bar = (h1p + h2p) / 2
    else:
        h_bar = (h1p + h2p + (360 if h1p + h2p < 360 else -360)) / 2
    t = (
        1
        - 0.17 * math.cos(math.radians(h_bar - 30))
        + 0.24 * math.cos(math.radians(2 * h_bar))
        + 0.32 * math.cos(math.radians(3 * h_bar + 6))
        - 0.20 * math.cos(math.radians(4 * h_bar - 63))
    )
    s_l = 1 + 0.015 * (l_bar - 50) ** 2 / math.sqrt(20 + (l_bar - 50) ** 2)
    s_c, s_h = 1 + 0.045 * cp_bar, 1 + 0.015 * cp_bar * t
    r_c = 2 * math.sqrt(cp_bar**7 / (cp_bar**7 + 25**7))
    r_t = -math.sin(math.radians(60 * math.exp(-(((h_bar - 275) / 25) ** 2)))) * r_c
    return math.sqrt(
        (d_l / s_l) ** 2 + (d_c / s_c) ** 2 + (d_h / s_h) ** 2 + r_t * (d_c / s_c) * (d_h / s_h)
    )


def _distance(a: str, b: str, vision: str) -> float:
    return _ciede2000(_lab(a, vision), _lab(b, vision))


@cache
def _colorbrewer() -> list[list[str]]:
    """Return ColorBrewer's sequential and diverging palettes as d3-scale-chromatic ships them
    (inside the Vega bundle the reports embed): one list of colours per scheme and size."""
    import vl_convert

    bundle = vl_convert.javascript_bundle()
    palettes = []
    for match in re.finditer(r'new Array\(3\)\.concat\(((?:"[0-9a-f]+",?)+)\)', bundle):
        for colours in re.findall(r'"([0-9a-f]+)"', match.group(1)):
            palettes.append(["#" + colours[i : i + 6] for i in range(0, len(colours), 6)])
    return palettes


def test_known_values_of_the_colour_science():
    # Sharma, Wu & Dalal (2005), table 1, pair 1; white is L* 100; a grey stays grey.
    assert _ciede2000(
        np.array([50.0, 2.6772, -79.7751]), np.array([50.0, 0.0, -82.7485])
    ) == pytest.approx(2.0425, abs=1e-4)
    assert _lab("#ffffff")[0] == pytest.approx(100, abs=1e-3)
    for vision in MACHADO:
        assert np.abs(_lab("#808080", vision)[1:]).max() < 1.0


def test_classes_are_a_colorbrewer_scheme_one_colour_per_class():
    assert len(_colorbrewer()) > 100
    assert list(maps.CLASS_COLOURS) in _colorbrewer()
    assert len(maps.CLASS_COLOURS) == len(maps.BREAKS) + 1 == len(maps.class_labels())


@pytest.mark.parametrize("vision", VISIONS)
def test_adjacent_classes_stay_apart_for_every_colour_vision(vision):
    for a, b in itertools.pairwise(maps.CLASS_COLOURS):
        assert _distance(a, b, vision) >= MIN_DE, (vision, a, b, round(_distance(a, b, vision), 1))


def test_adjacent_classes_stay_apart_in_greyscale_print():
    lightness = [_lab(c)[0] for c in maps.CLASS_COLOURS]
    assert all(b - a <= -MIN_DL for a, b in itertools.pairwise(lightness)), lightness


@pytest.mark.parametrize("vision", VISIONS)
def test_no_class_can_be_taken_for_a_category(vision):
    for category in (maps.NON_REGIONAL, maps.NO_DATA, maps.OTHER):
        for colour in maps.CLASS_COLOURS:
            d = _distance(category, colour, vision)
            assert d >= MIN_DE, (vision, category, colour, round(d, 1))
