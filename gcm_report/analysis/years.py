"""The year and coverage rules: which year a statistic is published for, and whether at all.

These are the rules every published value follows, in the words the reports print
(:data:`RULES`); the code below implements exactly them.

1. **Window.** A round's statistic comes from a year in the round's window (``data_years`` in
   ``reference/rounds.yml``: 2016–2020 for round 1, 2021–2024 for round 2), and from a year
   later than the one the previous round published for the same indicator and area.
2. **Adequate coverage.** The year is the latest one in which the members with data are at
   least 90% of the largest number of members with data in any year of the window, so a
   latest year holding only early reporters is passed over.
3. **Minimum coverage.** No aggregate is published from fewer than a third of the members: the
   status is then ``low_coverage``, no value is given, and the report lists the country values.
4. **No newer data.** When the window has no adequately covered year but the previous round
   published a value, that value is repeated as context with status ``no_newer_data``.
5. **Absence.** Whether a member without a row counts as covered (a publisher that prints no
   row where it counts no one) or not follows the publisher's convention
   (:mod:`gcm_report.analysis.conventions`).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

__all__ = [
    "ADEQUATE_SHARE",
    "MINIMUM_SHARE",
    "RULES",
    "STATUSES",
    "YearChoice",
    "choose_year",
    "minimum_members",
]

ADEQUATE_SHARE = 0.9
MINIMUM_SHARE = 1 / 3

# Status of a published statistic, and what it means for a reader.
STATUSES: dict[str, str] = {
    "ok": "published for the latest adequately covered year of the round's window",
    "no_newer_data": "no newer data since the previous round: its value is repeated as context",
    "low_coverage": "fewer than a third of the members have data: no aggregate is published",
    "no_data": "no member has data in the round's window",
}

RULES = (
    "Each value is for the latest year of the round's window (2016–2020 for round 1, "
    "2021–2024 for round 2) in which the members with data are at least 90% of the largest "
    "number with data in any year of the window, and later than the year the previous round "
    "used. No aggregate is published when fewer than a third of the members have data; the "
    "country values are listed instead. When a round has no newer data than the previous "
    "one, the previous value is shown as context and labelled. Where a publisher prints no "
    "row for a country it counts no one in, that country counts as covered with zero; the "
    "reports then say how many members have a record at all, and “none reported” where none "
    "has."
)


def minimum_members(members_total: int) -> int:
    """Return the fewest members with data from which an aggregate is published."""
    return max(1, math.ceil(MINIMUM_SHARE * members_total))


@dataclass(frozen=True)
class YearChoice:
    """The outcome of the year rule for one indicator × area × round."""

    year: int | None
    status: str  # "ok", "low_coverage" or "no_data" ("no_newer_data" is decided by the caller)
    members_with_data: int


def choose_year(
    counts: Mapping[int, int], window: tuple[int, int], members_total: int, *, after: int | None
) -> YearChoice:
    """Apply rules 1–3 to the number of members with data per year.

    Parameters
    ----------
    counts
        Members with data by year (years without any may be absent).
    window
        First and last year of the round's window.
    members_total
        Members of the area (the denominator of coverage).
    after
        The year the previous round published for this indicator and area, if any: only later
        years are candidates.

    Returns
    -------
    YearChoice
        ``ok`` with the chosen year; ``low_coverage`` with the best-covered (latest) year and
        its count when no year reaches the minimum; ``no_data`` when no candidate year has data.
    """
    first = window[0] if after is None else max(window[0], after + 1)
    years = {y: n for y, n in counts.items() if first <= y <= window[1] and n > 0}
    if not years:
        return YearChoice(None, "no_data", 0)
    best = max(years.values())
    floor = max(ADEQUATE_SHARE * best, minimum_members(members_total))
    adequate = [y for y, n in years.items() if n >= floor]
    if adequate:
        year = max(adequate)
        return YearChoice(year, "ok", years[year])
    year = max(y for y, n in years.items() if n == best)
    return YearChoice(year, "low_coverage", best)
