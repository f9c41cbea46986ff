"""One look for every report: typeface, colours and the Altair theme.

The typeface of each language (:mod:`gcm_report.report.fonts`) is used by the PDF, by chart
SVGs and, embedded, by the HTML, so output never depends on the machine's fonts.
"""

from __future__ import annotations

from typing import Any

__all__ = ["PALETTE", "altair_theme"]

# Okabe–Ito colour-blind-safe palette (Okabe & Ito 2008), UN blue first.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]
INK = "#1f2933"
MUTED = "#5f6b7a"


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
