"""How numbers, statistics and dates read on a page: one formatter per kind, one rule each.

Every number a report shows goes through these functions, so a value prints the same in a
table, a sentence and a chart label, and a test can format ``indicators.csv`` the same way to
check that every number on a page is published.

Rules: counts with thousands separators; percentages with one decimal, and "< 0.1%" for a
positive share that would round to zero (never "0.0%"); US dollars in millions or billions;
"–" for no value, with the reason beside it where the reader needs one.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

from gcm_report.analysis.statistics import Stat

__all__ = [
    "MISSING",
    "coverage_text",
    "fmt_compact",
    "fmt_int",
    "fmt_pct",
    "fmt_stat",
    "fmt_value",
    "meeting_dates",
    "status_text",
    "year_text",
]

MISSING = "–"
_PERCENT_UNITS = ("percent", "% of countries")


def _missing(value: Any) -> bool:
    return value is None or (isinstance(value, float) and (math.isnan(value) or math.isinf(value)))


def fmt_int(value: float | None) -> str:
    """Format a count with thousands separators (``1,234,567``); missing → ``–``."""
    return MISSING if _missing(value) else f"{round(value):,}"  # type: ignore[arg-type]


def fmt_pct(value: float | None, digits: int = 1, signed: bool = False) -> str:
    """Format a percentage (``12.3%``); a positive share below the last digit reads ``< 0.1%``."""
    if _missing(value):
        return MISSING
    assert value is not None
    smallest = 10.0**-digits
    if 0 < abs(value) < smallest / 2:
        # A share that is not zero never prints as zero.
        return f"< {smallest:.{digits}f}%" if value > 0 else f"> −{smallest:.{digits}f}%"
    text = f"{value:+.{digits}f}%" if signed else f"{value:.{digits}f}%"
    return text.replace("-", "−")


def fmt_value(value: float | None, unit: str) -> str:
    """Format a value in its unit: persons with separators, US$ in millions or billions."""
    if _missing(value):
        return MISSING
    assert value is not None
    if unit in _PERCENT_UNITS:
        return fmt_pct(value)
    if unit == "US$":
        if abs(value) >= 1e9:
            return f"US$ {value / 1e9:,.1f} bn"
        return f"US$ {value / 1e6:,.1f} m"
    if unit in ("per 100,000 population", "months of earnings"):
        return f"{value:,.1f}"
    if unit == "percentage points":
        return f"{value:.1f} percentage points".replace("-", "−")
    return fmt_int(value)


def fmt_stat(stat: Stat, *, signed: bool = False) -> str:
    """Format a statistic's value ("–" when it has none)."""
    if signed and stat.unit in _PERCENT_UNITS:
        return fmt_pct(stat.value, signed=True)
    if signed and stat.value is not None and stat.unit in ("persons", "movements"):
        return f"{stat.value:+,.0f}".replace("-", "−")
    if signed and stat.value is not None and stat.unit == "percentage points":
        return f"{stat.value:+.1f} percentage points".replace("-", "−")
    text = fmt_value(stat.value, stat.unit)
    if signed and stat.value is not None and stat.value > 0:
        return "+" + text
    return text


def fmt_compact(stat: Stat) -> str:
    """Format a statistic for a narrow table cell: millions as "28.9 M", US$ without the sign.

    Wide comparison tables (six areas side by side) have no room for "168,945,204": the column's
    unit is then stated in its row label, and the exact value is in ``indicators.csv``.
    """
    value = stat.value
    if _missing(value):
        return MISSING
    assert value is not None
    if stat.unit in ("persons", "movements") and abs(value) >= 1_000_000:
        return f"{value / 1_000_000:,.1f} M"
    if stat.unit == "US$":
        if abs(value) >= 1e9:
            return f"{value / 1e9:,.1f} bn"
        return f"{value / 1e6:,.1f} m"
    return fmt_value(value, stat.unit)


def year_text(stat: Stat) -> str:
    """Return the year a statistic is for, with its qualification (e.g. the IMS revision)."""
    if stat.year is None:
        return MISSING
    return f"{stat.year}, {stat.label}" if stat.label else str(stat.year)


def coverage_text(stat: Stat) -> str:
    """Return "n of N members" for an aggregate (empty for a single country's figure)."""
    if stat.members_total is None:
        return ""
    return f"{stat.members_with_data} of {stat.members_total}"


def status_text(stat: Stat, previous_round: int | None = None) -> str:
    """Return what a reader needs to know about a statistic without a current value."""
    if stat.status == "no_newer_data":
        since = f" since round {previous_round}" if previous_round else ""
        return f"no newer data{since}; the value shown is from {stat.year}"
    if stat.status == "low_coverage":
        return (
            f"no aggregate: only {stat.members_with_data} of {stat.members_total} members "
            "have data (at least a third are needed)"
        )
    if stat.status == "no_data":
        return "no member has data in the round's window"
    return ""


def meeting_dates(start: dt.date, end: dt.date) -> str:
    """Return a meeting's days as "12–13 November 2020" or "31 August – 1 September 2021"."""
    if start == end:
        return f"{start.day} {start:%B %Y}"
    if (start.year, start.month) == (end.year, end.month):
        return f"{start.day}–{end.day} {end:%B %Y}"
    if start.year == end.year:
        return f"{start.day} {start:%B} – {end.day} {end:%B %Y}"
    return f"{start.day} {start:%B %Y} – {end.day} {end:%B %Y}"
