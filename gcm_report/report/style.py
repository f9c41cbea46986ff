"""One look for every report: typeface, colours and the Altair theme.

The typeface (Lato, SIL Open Font License, from the ``font-lato`` package) is used by the PDF,
by chart SVGs and, embedded, by the HTML, so output never depends on the machine's fonts.
"""

from __future__ import annotations

import base64
from functools import cache
from pathlib import Path
from typing import Any

__all__ = ["FONT_FAMILY", "PALETTE", "altair_theme", "font_dir", "font_face_css"]

FONT_FAMILY = "Lato"
# Okabe–Ito colour-blind-safe palette (Okabe & Ito 2008), UN blue first.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]
INK = "#1f2933"
MUTED = "#5f6b7a"


def font_dir() -> Path:
    """Return the folder holding the Lato font files."""
    import font_lato

    return Path(font_lato.__file__).parent / "files"


@cache
def font_face_css() -> str:
    """Return ``@font-face`` rules embedding Lato as base64 (regular, bold, italic)."""
    rules = []
    for weight, style, name in [
        (400, "normal", "Lato-Regular.ttf"),
        (700, "normal", "Lato-Bold.ttf"),
        (400, "italic", "Lato-Italic.ttf"),
    ]:
        data = base64.b64encode((font_dir() / name).read_bytes()).decode()
        rules.append(
            f"@font-face{{font-family:'{FONT_FAMILY}';font-weight:{weight};font-style:{style};"
            f"src:url(data:font/ttf;base64,{data}) format('truetype');}}"
        )
    return "\n".join(rules)


def altair_theme() -> dict[str, Any]:
    """Return the Vega-Lite config shared by every chart."""
    from gcm_report.report.fonts import typeface

    return {
        "config": {
            # The report language's typeface (Lato for Latin script, Noto for the others).
            "font": typeface().css_stack,
            "background": "white",
            "view": {"stroke": None, "continuousWidth": 560, "continuousHeight": 260},
            "range": {"category": PALETTE},
            "mark": {"color": PALETTE[0]},
            "axis": {
                "labelColor": MUTED,
                "titleColor": INK,
                "labelFontSize": 11,
                "titleFontSize": 11,
                "titleFontWeight": "normal",
                "gridColor": "#e4e7eb",
                "domainColor": "#9aa5b1",
                "tickColor": "#9aa5b1",
            },
            "axisX": {"grid": False},
            "legend": {"labelColor": INK, "titleColor": INK, "orient": "bottom"},
            "title": {"color": INK, "fontSize": 13, "anchor": "start", "fontWeight": "bold"},
        }
    }
