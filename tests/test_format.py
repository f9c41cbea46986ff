"""How numbers read on a page: the report's one formatter per kind of number."""

from __future__ import annotations

import datetime as dt

import pytest

from gcm_report.analysis.statistics import Stat
from gcm_report.report.format import (
    coverage_text,
    fmt_compact,
    fmt_date,
    fmt_partial_date,
    fmt_pct,
    fmt_stat,
    fmt_value,
    meeting_dates,
    status_text,
    un_dates,
)


def _stat(value, unit="persons", status="ok", **kw):
    return Stat("x", "ECE", 2, 2024, value, unit, status, "src", **kw)


@pytest.mark.parametrize(
    ("value", "text"),
    [(12.34, "12.3%"), (0.04, "< 0.1%"), (0.0, "0.0%"), (-0.04, "> −0.1%"), (None, "–")],
)
def test_a_share_that_is_not_zero_never_prints_as_zero(value, text):
    assert fmt_pct(value) == text


@pytest.mark.parametrize(
    ("value", "unit", "text"),
    [
        (1234567.4, "persons", "1,234,567"),
        (159.04e9, "US$", "US$ 159.0 billion"),  # UN style in prose and wide cells
        (9.8e8, "US$", "US$ 980.0 million"),
        (760.84, "per 100,000 population", "760.8"),
        (-4.67, "percentage points", "−4.7 percentage points"),
        (float("nan"), "persons", "–"),
    ],
)
def test_values_in_their_units(value, unit, text):
    assert fmt_value(value, unit) == text


def test_signed_statistics_carry_their_sign():
    assert fmt_stat(_stat(22.51, "percent"), signed=True) == "+22.5%"
    assert fmt_stat(_stat(-1200.0), signed=True) == "−1,200"
    assert fmt_stat(_stat(155.8, "per 100,000 population"), signed=True) == "+155.8"


def test_compact_cells_for_wide_tables():
    assert fmt_compact(_stat(168_945_204.0)) == "168.9 M"
    assert fmt_compact(_stat(987_654.0)) == "987,654"
    assert fmt_compact(_stat(234.04e9, "US$")) == "234.0 bn"  # narrow cells keep short forms


def test_no_value_says_why():
    low = _stat(None, status="low_coverage", members_with_data=1, members_total=58)
    assert "only 1 of 58 members" in status_text(low)
    assert coverage_text(low) == "1 of 58"
    assert "no newer data since round 1" in status_text(_stat(5.0, status="no_newer_data"), 1)


@pytest.mark.parametrize(
    ("start", "end", "text"),
    [
        ("2020-11-12", "2020-11-13", "12–13 November 2020"),
        ("2024-03-11", "2024-03-11", "11 March 2024"),
        ("2021-08-31", "2021-09-01", "31 August – 1 September 2021"),
    ],
)
def test_meeting_dates(start, end, text):
    assert meeting_dates(dt.date.fromisoformat(start), dt.date.fromisoformat(end)) == text


def test_dates_read_as_the_un_writes_them():
    assert fmt_date(dt.date(2026, 12, 1)) == "1 December 2026"  # no leading zero, day first
    assert fmt_partial_date("2024-03") == "March 2024"
    assert fmt_partial_date("2023-05-15") == "15 May 2023"
    assert fmt_partial_date("2021") == "2021"
    assert fmt_partial_date("2023 or later") == "2023 or later"


@pytest.mark.parametrize(
    ("stamp", "text"),
    [
        (
            "DataBank last updated 12/07/2020 (US order: 2020-12-07); data 2011Q1–2020Q3",
            "DataBank last updated 7 December 2020; data 2011Q1–2020Q3",
        ),
        ("WDI as of 2026-03", "WDI as of March 2026"),
        ("WDI 2025-07-01 (data 1960–2024)", "WDI 1 July 2025 (data 1960–2024)"),
        ("round 2016-2020", "round 2016-2020"),  # a span of years is not a date
    ],
)
def test_version_stamps_take_the_un_date_style(stamp, text):
    assert un_dates(stamp) == text


def test_addresses_that_are_not_public_pages_carry_a_note():
    from gcm_report.report.provenance import address_note

    assert "staging or test server" in address_note(
        "https://stage-unescwa.unescwa.org/events/regional-review-conference"
    )
    assert "test server" in address_note("https://mptfportal.uat.undp.org/news/x")
    assert "Arabic" in address_note("https://migrationnetwork.un.org/ar/node/36196")
    assert address_note("https://migrationnetwork.un.org/regional-information-brief") == ""
    assert address_note("https://www.unescwa.org/about/member-states") == ""
