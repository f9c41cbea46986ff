"""How numbers, statistics and dates read on a page: one formatter per kind, one rule each.

Every number a report shows goes through these functions, so a value prints the same in a
table, a sentence and a chart label, and a test can format ``indicators.csv`` the same way to
check that every number on a page is published. Numbers follow the report language's CLDR rules
(Babel: separators, decimal mark, percent pattern, minus sign); their words ("bn", "percentage
points") come from the message catalogs.

Rules: counts with thousands separators; percentages with one decimal, and "< 0.1%" for a
positive share that would round to zero (never "0.0%"); US dollars in millions or billions,
the words written out ("US$ 159.0 billion", as the UN writes them) except in narrow table
cells (:func:`fmt_compact`: "159.0 bn", the unit named in the row label);
"–" for no value, with the reason beside it where the reader needs one.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from functools import cache
from typing import Any

from babel import Locale
from babel import dates as babel_dates
from babel import numbers as babel_numbers

from gcm_report.analysis.statistics import Stat
from gcm_report.data.regions import COMMISSIONS, get_commission
from gcm_report.report.i18n import _, current

__all__ = [
    "MISSING",
    "collation_key",
    "coverage_phrase",
    "coverage_text",
    "d3_format_locale",
    "fmt_compact",
    "fmt_count_compact",
    "fmt_date",
    "fmt_decimal",
    "fmt_int",
    "fmt_partial_date",
    "fmt_pct",
    "fmt_stat",
    "fmt_value",
    "meeting_dates",
    "members_noun",
    "status_text",
    "un_dates",
    "year_text",
]

MISSING = "–"
_PERCENT_UNITS = ("percent", "% of countries")
# CLDR locales by report language: English dates in the UN's day-month-year order.
_LOCALES = {"en": "en_GB"}


def _locale() -> str:
    code = current().code
    return _LOCALES.get(code, code)


@cache
def _percent_pattern(locale: str) -> str:
    # CLDR's percent pattern of the locale ("#,##0 %" in French, with its no-break space).
    return str(Locale.parse(locale).percent_formats[None].pattern)


def _missing(value: Any) -> bool:
    return value is None or (isinstance(value, float) and (math.isnan(value) or math.isinf(value)))


def fmt_decimal(value: float, digits: int = 1, *, signed: bool = False) -> str:
    """Format a number with ``digits`` decimals in the report's locale (``1,234.5``)."""
    pattern = "#,##0" + ("." + "0" * digits if digits else "")
    text = babel_numbers.format_decimal(abs(value), format=pattern, locale=_locale())
    if value < 0 and text.strip("0.,\u202f\u00a0 ") != "":
        return "−" + text  # the typographic minus sign, in every language
    return ("+" + text) if signed and value > 0 else text


def fmt_int(value: float | None, *, signed: bool = False) -> str:
    """Format a count with the locale's thousands separator (``1,234,567``); missing → ``–``."""
    if _missing(value):
        return MISSING
    assert value is not None
    return fmt_decimal(round(value), 0, signed=signed)


def _percent(number: str) -> str:
    pattern = _percent_pattern(_locale())
    return pattern.replace("#,##0", number, 1) if "#,##0" in pattern else number + "%"


def fmt_pct(value: float | None, digits: int = 1, signed: bool = False) -> str:
    """Format a percentage (``12.3%``); a positive share below the last digit reads ``< 0.1%``."""
    if _missing(value):
        return MISSING
    assert value is not None
    smallest = 10.0**-digits
    if 0 < abs(value) < smallest / 2:
        # A share that is not zero never prints as zero.
        bound = _percent(fmt_decimal(smallest, digits))
        return f"< {bound}" if value > 0 else f"> −{bound}"
    return _percent(fmt_decimal(value, digits, signed=signed))


def fmt_value(value: float | None, unit: str, *, signed: bool = False) -> str:
    """Format a value in its unit: persons with separators, US$ in millions or billions."""
    if _missing(value):
        return MISSING
    assert value is not None
    if unit in _PERCENT_UNITS:
        return fmt_pct(value, signed=signed)
    if unit == "US$":
        if abs(value) >= 1e9:
            return _("US$ {value} billion").format(value=fmt_decimal(value / 1e9, 1, signed=signed))
        return _("US$ {value} million").format(value=fmt_decimal(value / 1e6, 1, signed=signed))
    if unit in ("per 100,000 population", "months of earnings"):
        return fmt_decimal(value, 1, signed=signed)
    if unit == "percentage points":
        return _("{value} percentage points").format(value=fmt_decimal(value, 1, signed=signed))
    return fmt_int(value, signed=signed)


def fmt_stat(stat: Stat, *, signed: bool = False, magnitude: bool = False) -> str:
    """Format a statistic's value ("–" when it has none); ``magnitude``: its absolute value.

    A change reads "increased by 22.5%" or "decreased by 4.6%", never "changed by +22.5%":
    the sentence says the direction, the number its size.
    """
    value = stat.value
    if magnitude and value is not None and not _missing(value):
        value = abs(value)
    return fmt_value(value, stat.unit, signed=signed)


def fmt_count_compact(persons: float | None) -> str:
    """Format a count for a chart label or narrow cell: "12.3 M", "456 k", "789"."""
    if _missing(persons):
        return MISSING
    assert persons is not None
    if abs(persons) >= 1_000_000:
        return _("{value} M").format(value=fmt_decimal(persons / 1_000_000, 1))
    if abs(persons) >= 1_000:
        return _("{value} k").format(value=fmt_decimal(persons / 1_000, 0))
    return fmt_decimal(persons, 0)


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
        return _("{value} M").format(value=fmt_decimal(value / 1_000_000, 1))
    if stat.unit == "US$":
        if abs(value) >= 1e9:
            return _("{value} bn").format(value=fmt_decimal(value / 1e9, 1))
        return _("{value} m").format(value=fmt_decimal(value / 1e6, 1))
    return fmt_value(value, stat.unit)


def year_text(stat: Stat) -> str:
    """Return the year a statistic is for, with its qualification (e.g. the IMS revision)."""
    if stat.year is None:
        return MISSING
    return f"{stat.year}, {_(stat.label)}" if stat.label else str(stat.year)


def coverage_text(stat: Stat) -> str:
    """Return "n of N" for an aggregate (empty for a single country's figure)."""
    if stat.members_total is None:
        return ""
    return _("{n} of {total}").format(n=stat.members_with_data, total=stat.members_total)


def members_noun(area: str) -> str:
    """Return what an area's coverage counts, in words that are true of its membership.

    A commission's regional figures sum its members *and associate members* located in the
    region (ECLAC's 47 are 33 member States and 14 associate members): "members" alone would
    be untrue where associates are counted. The world counts countries and areas.
    """
    code = area.split(":", 1)[0]  # a group of a region's members ("ECLAC:Caribbean")
    if code not in COMMISSIONS:
        return _("countries and areas")
    if get_commission(code).count("associate", in_region=True):
        return _("members and associate members")
    return _("members")


def coverage_phrase(stat: Stat, *, counted: bool = False) -> str:
    """Return "n of N members" (or "… members and associate members") for an aggregate.

    ``counted``: ``stat`` is itself a count of members (how many have a record), and ``n`` is
    its value rather than its coverage.
    """
    if stat.members_total is None:
        return ""
    n = fmt_int(stat.value) if counted else stat.members_with_data
    return _("{n} of {total} {members}").format(
        n=n, total=stat.members_total, members=members_noun(stat.area)
    )


def status_text(stat: Stat, previous_round: int | None = None) -> str:
    """Return what a reader needs to know about a statistic without a current value."""
    if stat.status == "no_newer_data":
        if previous_round:
            return _("no newer data since round {n}; the value shown is from {year}").format(
                n=previous_round, year=stat.year
            )
        return _("no newer data; the value shown is from {year}").format(year=stat.year)
    if stat.status == "low_coverage":
        return _("no aggregate: only {coverage} have data (at least a third are needed)").format(
            coverage=coverage_phrase(stat)
        )
    if stat.status == "no_data":
        return _("no data in the round's window")
    return ""


def _format_date(d: dt.date, pattern: str) -> str:
    return str(babel_dates.format_date(d, pattern, locale=_locale()))


def fmt_date(d: dt.date) -> str:
    """Return a date as the UN writes it: "1 December 2026" (day, month, year; no leading zero).

    One date style for every date a report prints, in text, tables and the technical appendix;
    month names from CLDR in the report's language.
    """
    return _format_date(d, "d MMMM y")


_PARTIAL = re.compile(r"(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?")


def fmt_partial_date(text: str) -> str:
    """Return an ISO date of any precision in the UN style: "2021", "March 2024", "1 July 2025".

    Text that is not an ISO date (or starts with one, as "2023 or later" does) is returned with
    its date part rewritten and the rest unchanged.

    Raises
    ------
    ValueError
        If the text starts with digits that are not a valid date.
    """
    match = _PARTIAL.match(text)
    if not match:
        return text
    year, month, day = match.groups()
    if day:
        shown = fmt_date(dt.date(int(year), int(month), int(day)))
    elif month:
        shown = _format_date(dt.date(int(year), int(month), 1), "LLLL y")
    else:
        shown = year
    return shown + text[match.end() :]


# A date written month/day/year, followed by the same date in ISO order in brackets, as the
# World Bank's DataBank stamps ("12/07/2020 (US order: 2020-12-07)"); then any ISO date.
_US_WITH_ISO = re.compile(r"\b\d{2}/\d{2}/\d{4} \([^()]*?(\d{4}-\d{2}-\d{2})\)")
_ISO_DATE = re.compile(r"(?<![\d.-])(\d{4}-\d{2}(?:-\d{2})?)(?![\d-])")


def un_dates(text: str) -> str:
    """Return text (a publisher's version stamp, say) with its dates in the UN style.

    "WDI 2025-07-01" reads "WDI 1 July 2025", "as of 2026-03" "as of March 2026", and a
    month/day/year stamp with its ISO reading in brackets the one unambiguous date.
    """
    text = _US_WITH_ISO.sub(lambda m: m.group(1), text)
    return _ISO_DATE.sub(lambda m: fmt_partial_date(m.group(1)), text)


def meeting_dates(start: dt.date, end: dt.date) -> str:
    """Return a meeting's days as "12–13 November 2020" or "31 August – 1 September 2021".

    Day, month, year, as the UN writes dates in all five report languages; month names from
    CLDR (genitive where the language declines them, as Russian does).
    """

    def day(d: dt.date, pattern: str) -> str:
        return _format_date(d, pattern)

    if start == end:
        return day(end, "d MMMM y")
    if (start.year, start.month) == (end.year, end.month):
        return f"{start.day}–{day(end, 'd MMMM y')}"
    if start.year == end.year:
        return f"{day(start, 'd MMMM')} – {day(end, 'd MMMM y')}"
    return f"{day(start, 'd MMMM y')} – {day(end, 'd MMMM y')}"


def collation_key(text: str) -> str:
    """Return a key that sorts names alphabetically in any report language.

    Accents are ignored at first (``État`` sorts with ``E``, not after ``Z``), as in a
    dictionary; code points then order Latin, Cyrillic and Arabic letters within their script.
    """
    decomposed = unicodedata.normalize("NFD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def d3_format_locale() -> dict[str, Any]:
    """Return the report language's number conventions as a d3-format locale (for charts).

    Vega formats axis labels and tooltips itself; given this, its "1,234.5" follows the same
    CLDR symbols as the text's (``1 234,5`` in French).
    """
    locale = _locale()
    pattern = _percent_pattern(locale)
    # The percent pattern's text after the digits: "%" in English, " %" in French.
    suffix = pattern[pattern.rfind("0") + 1 :] if "0" in pattern else "%"
    return {
        "decimal": babel_numbers.get_decimal_symbol(locale),
        "thousands": babel_numbers.get_group_symbol(locale),
        "grouping": [3],
        "currency": ["US$", ""],
        "percent": suffix.replace("¤", "") or "%",
        "minus": "\u2212",
    }
