"""Regional migrant-stock figures recomputed independently from the raw files (tests/rawcalc.py)."""

from __future__ import annotations

import pytest

from gcm_report.analysis.migration import change, top_destinations, trend
from gcm_report.analysis.statistics import statistic
from gcm_report.data.regions import COMMISSIONS
from gcm_report.data.rounds import get_round
from gcm_report.data.snapshot import Snapshot
from tests import rawcalc

CASES = [(code, n) for n in (1, 2) for code in COMMISSIONS]
REVISION = {1: 2020, 2: 2024}


@pytest.fixture(scope="module")
def snapshot():
    return Snapshot()


@pytest.mark.parametrize(("code", "round_number"), CASES)
def test_regional_key_figures_match_raw_files(raw_dir, snapshot, code, round_number):
    r = get_round(round_number)
    rev = REVISION[round_number]
    now = rawcalc.regional(raw_dir, rev, code, r.reference_year, round_number)
    before = rawcalc.regional(raw_dir, rev, code, r.previous_reference_year, round_number)
    stock = statistic("migrant_stock", code, r, snapshot)
    assert stock.year == r.reference_year and stock.value == now["migrant_stock"]
    persons, pct = change(snapshot, r, code)
    assert persons.value == now["migrant_stock"] - before["migrant_stock"]
    assert pct.value == pytest.approx(
        100 * (now["migrant_stock"] - before["migrant_stock"]) / before["migrant_stock"]
    )
    female = statistic("female_share_pct", code, r, snapshot)
    share = statistic("migrant_share_pct", code, r, snapshot)
    assert female.value == pytest.approx(now["female_share_pct"], abs=1e-9)
    assert share.value == pytest.approx(now["migrant_share_pct"], abs=1e-9)


def test_ece_2020_total_by_hand(raw_dir, snapshot):
    # A literal check: the 56 ECE members' 2020 stocks summed from Table 1 of the workbook.
    table1 = rawcalc.workbook_2020(raw_dir, "Table 1")
    expected = sum(table1[iso3][("total", 2020)] for iso3 in rawcalc.members("ECE"))
    assert expected == 159524869
    assert statistic("migrant_stock", "ECE", get_round(1), snapshot).value == 159524869


def test_trend_ends_on_the_canonical_statistic(snapshot):
    r = get_round(2)
    points = trend("migrant_stock", snapshot, r, "ECE")
    assert [p.year for p in points] == [1990, 1995, 2000, 2005, 2010, 2015, 2020, 2024]
    assert points[-1] == statistic("migrant_stock", "ECE", r, snapshot)
    assert all(p.label == "IMS 2024 revision" for p in points)


def test_non_regional_members_are_listed_not_summed(raw_dir, snapshot):
    all_members = sum(
        rawcalc.country(raw_dir, 2024, iso3, 2024)["stock"] or 0
        for iso3 in rawcalc.members("ESCAP", in_region_only=False)
    )
    stock = statistic("migrant_stock", "ESCAP", get_round(2), snapshot).value
    assert stock < all_members - 50_000_000  # the US alone is ~52 M


def test_top_destinations_are_sorted_members_in_region(raw_dir, snapshot):
    top = top_destinations(snapshot, get_round(2), "ESCWA", 5)
    values = [row["migrant_stock"].value for row in top]
    assert values == sorted(values, reverse=True)
    assert top[0]["iso3"] == "SAU"
    assert values[0] == rawcalc.country(raw_dir, 2024, "SAU", 2024)["stock"]


def test_share_of_population_leaves_out_areas_without_population(snapshot):
    share = statistic("migrant_share_pct", "ECLAC", get_round(2), snapshot)
    assert (share.members_with_data, share.members_total) == (42, 47)
