"""Regional figures recomputed independently from the raw files (tests/rawcalc.py)."""

from __future__ import annotations

import pytest

from gcm_report.analysis.migration import MigrantStock
from gcm_report.data.regions import COMMISSIONS, get_commission
from gcm_report.data.rounds import get_round
from gcm_report.data.snapshot import Snapshot
from tests import rawcalc

CASES = [(code, n) for n in (1, 2) for code in COMMISSIONS]


@pytest.fixture(scope="module")
def snapshot():
    return Snapshot()


@pytest.mark.parametrize(("code", "round_number"), CASES)
def test_regional_key_figures_match_raw_files(raw_dir, snapshot, code, round_number):
    r = get_round(round_number)
    stock = MigrantStock(get_commission(code), r, snapshot)
    k = stock.key_figures()
    now = rawcalc.regional(raw_dir, r.ims_revision, code, r.reference_year)
    before = rawcalc.regional(raw_dir, r.ims_revision, code, r.previous_reference_year)
    assert k["migrant_stock"] == now["migrant_stock"]
    assert k["migrant_stock_change"] == now["migrant_stock"] - before["migrant_stock"]
    assert k["female_share_pct"] == pytest.approx(now["female_share_pct"], abs=1e-9)
    assert k["migrant_share_pct"] == pytest.approx(now["migrant_share_pct"], abs=1e-9)


def test_ece_2020_total_by_hand(raw_dir, snapshot):
    # A literal check: the 56 ECE members' 2020 stocks summed from Table 1 of the workbook.
    table1 = rawcalc.workbook_2020(raw_dir, "Table 1")
    expected = sum(table1[iso3][("total", 2020)] for iso3 in rawcalc.members("ECE"))
    assert expected == 159524869
    assert (
        MigrantStock(get_commission("ECE"), get_round(1), snapshot).key_figures()["migrant_stock"]
        == 159524869
    )


def test_non_regional_members_are_listed_not_summed(raw_dir, snapshot):
    stock = MigrantStock(get_commission("ESCAP"), get_round(2), snapshot)
    usa = stock.countries[(stock.countries["iso3"] == "USA") & (stock.countries["year"] == 2024)]
    assert len(usa) == 1 and not usa["in_region"].iloc[0]
    all_members = sum(
        rawcalc.country(raw_dir, 2024, iso3, 2024)["stock"] or 0
        for iso3 in rawcalc.members("ESCAP", in_region_only=False)
    )
    assert stock.key_figures()["migrant_stock"] < all_members - 50_000_000  # the US alone is ~52 M


def test_top_destinations_are_sorted_members_in_region(raw_dir, snapshot):
    top = MigrantStock(get_commission("ESCWA"), get_round(2), snapshot).top_destinations(5)
    assert list(top["migrant_stock"]) == sorted(top["migrant_stock"], reverse=True)
    assert top["iso3"].iloc[0] == "SAU"
    assert top["migrant_stock"].iloc[0] == rawcalc.country(raw_dir, 2024, "SAU", 2024)["stock"]


def test_share_of_population_leaves_out_areas_without_population(snapshot):
    regional = MigrantStock(get_commission("ECLAC"), get_round(2), snapshot).at(2024)
    assert regional["areas"] == 47 and regional["areas_with_population"] == 42
