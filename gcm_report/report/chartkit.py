"""Small pieces every breakdown chart shares: wrapped titles, count axes, compact labels.

Vega-Lite never wraps a title, and the PDF's chart is a fixed-width SVG: a long title or
subtitle is cut at the chart's edge. Titles here are split into lines that fit the report's
chart width. Count axes label each tick in the words of the report's language ("2 M",
"500 k", "2 млн") with a plain "0" (Vega's own ``~s`` format shares one prefix across an
axis, prints "0M" and knows only English).
"""

from __future__ import annotations

import textwrap
from typing import Any

from gcm_report.report.format import fmt_count_compact
from gcm_report.report.i18n import _

__all__ = ["compact", "count_labels", "title"]

# Characters per line that fit the chart width (560 px) at the theme's title and subtitle sizes.
CHART_WIDTH = 560
TITLE_WIDTH = 72
SUBTITLE_WIDTH = 100


def _scaled(message: str, scale: str) -> str:
    # A Vega expression printing datum.value / scale inside the catalog's words for it.
    prefix, _sep, suffix = _(message).partition("{value}")

    def quoted(text: str) -> str:
        return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'"

    return f"{quoted(prefix)} + format(datum.value / {scale}, '.3~r') + {quoted(suffix)}"


def count_labels() -> str:
    """Return a Vega label expression for a count axis or legend in the report's language."""
    magnitude = "abs(datum.value)"
    return (
        "datum.value == 0 ? '0' : "
        f"{magnitude} >= 1e9 ? {_scaled('{value} bn', '1e9')} : "
        f"{magnitude} >= 1e6 ? {_scaled('{value} M', '1e6')} : "
        f"{magnitude} >= 1e3 ? {_scaled('{value} k', '1e3')} : "
        "format(datum.value, '~r')"
    )


def title(text: str, *subtitle: str, width: int = CHART_WIDTH) -> Any:
    """Return an Altair title whose text and subtitle lines fit the chart's width (pixels)."""
    import altair as alt

    scale = width / CHART_WIDTH
    lines = [line for part in subtitle for line in textwrap.wrap(part, int(SUBTITLE_WIDTH * scale))]
    return alt.Title(
        textwrap.wrap(text, int(TITLE_WIDTH * scale)), subtitle=lines, subtitleFontSize=11
    )


def compact(persons: float | None) -> str:
    """Return a count as a bar label: "12.3 M", "456 k", "789" ("–" for none)."""
    # One formatter for every compact count, in the report's language.
    return fmt_count_compact(persons)
