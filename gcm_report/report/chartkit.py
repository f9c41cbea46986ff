"""Small pieces every breakdown chart shares: wrapped titles, count axes, compact labels.

Vega-Lite never wraps a title, and the PDF's chart is a fixed-width SVG: a long title or
subtitle is cut at the chart's edge. Titles here are split into lines that fit the report's
chart width. Count axes use SI prefixes per label ("2M", "500k") and a plain "0" (Vega's own
``~s`` format shares one prefix across an axis and prints "0M").
"""

from __future__ import annotations

import textwrap
from typing import Any

from gcm_report.report.format import fmt_count_compact

__all__ = ["COUNT_LABELS", "compact", "title"]

# Characters per line that fit the chart width (560 px) at the theme's title and subtitle sizes.
CHART_WIDTH = 560
TITLE_WIDTH = 72
SUBTITLE_WIDTH = 100
COUNT_LABELS = "datum.value == 0 ? '0' : replace(format(datum.value, '~s'), 'G', 'bn')"


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
