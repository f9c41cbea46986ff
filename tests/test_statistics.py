"""Citable statistics: one honest value per indicator × area × round, checked from the raw files.

Expected values are computed here from the raw publisher files with the csv, gzip and openpyxl
modules, never with the project's loaders, and compared with what a build publishes:
``outputs/round-<n>/statistics.csv`` and every report's ``indicators.csv``. Each test names
the defect it guards against (issue "Citable statistics").
"""

from __future__ import annotations

import csv
import gzip
import math
from collections import defaultdict
from collections.abc import Iterator
from functools import cache
from pathlib import Path

import openpyxl
import pytest

from tests import rawcalc

COMMISSIONS = ("ECA", "ECE", "ECLAC", "ESCAP", "ESCWA")
AREAS = (*COMMISSIONS, "WORLD")
WINDOWS = {1: (2016, 2020), 2: (2021, 2024)}


# --- what the build published ------------------------------------------------------------------


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


@pytest.fixture(scope="module")
def stats(built) -> dict[int, dict[tuple[str, str], dict[str, str]]]:
    out = {}
    for n in (1, 2):
        rows = _read(built / f"round-{n}" / "statistics.csv")
        out[n] = {(r["indicator"], r["area"]): r for r in rows}
    return out


def _stat(stats, n: int, indicator: str, area: str) -> dict[str, str]:
    return stats[n][(indicator, area)]


def _value(row: dict[str, str]) -> float | None:
    return float(row["value"]) if row["value"] else None


# --- raw readers (independent of gcm_report) -------------------------------------------------


def _rows(path: Path) -> Iterator[dict[str, str]]:
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8-sig", newline="") as fh:
        yield from csv.DictReader(fh)


@cache
def unhcr_by_asylum(raw_dir: Path, column: str) -> dict[tuple[str, int], float]:
    totals: dict[tuple[str, int], float] = defaultdict(float)
    for r in _rows(raw_dir / "unhcr" / "unhcr_refugees_pkg_population.csv.gz"):
        if r[column].strip():
            totals[(r["coa_iso"], int(r["year"]))] += float(r[column])
    return dict(totals)


@cache
def unrwa_by_asylum(raw_dir: Path) -> dict[tuple[str, int], float]:
    totals: dict[tuple[str, int], float] = defaultdict(float)
    for r in _rows(raw_dir / "unhcr" / "unhcr_refugees_pkg_unrwa.csv"):
        totals[(r["coa_iso"], int(r["year"]))] += float(r["total"])
    return dict(totals)


@cache
def idmc_flows(raw_dir: Path) -> dict[tuple[str, int], float]:
    totals: dict[tuple[str, int], float] = defaultdict(float)
    for r in _rows(raw_dir / "idmc" / "iom_gdidata_idmc_flows.csv"):
        totals[(r["geo"], int(r["t"]))] += float(r["n"])
    return dict(totals)


@cache
def wdi_received(raw_dir: Path) -> dict[str, dict[int, float]]:
    path = raw_dir / "worldbank" / "API_BX.TRF.PWKR.CD.DT_DS2_en_csv_v2_38454.csv"
    with path.open(encoding="utf-8-sig", newline="") as fh:
        for _ in range(4):
            fh.readline()
        reader = csv.reader(fh)
        header = next(reader)
        years = {i: int(h) for i, h in enumerate(header) if h.isdigit()}
        return {
            row[1]: {y: float(row[i]) for i, y in years.items() if row[i].strip()} for row in reader
        }


def sdg_world(raw_dir: Path, series: str, year: int, **dims: str) -> float:
    path = next((raw_dir / "unsd_sdg").glob(f"ddf--datapoints--{series}--by--*.csv"))
    hits = [
        float(r[series])
        for r in _rows(path)
        if r["geo_area"] == "1"
        and int(r["year"]) == year
        and all(r[k] == v for k, v in dims.items())
    ]
    assert len(hits) == 1, (series, year, hits)
    return hits[0]


def workbook_world(raw_dir: Path, sheet: str, year: int) -> float:
    """The WORLD row of the official IMS 2020 destination workbook, both sexes."""
    path = raw_dir / "undesa_ims" / "undesa_pd_2020_ims_stock_by_sex_and_destination.xlsx"
    wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        for row in wb[sheet].iter_rows(min_row=12, values_only=True):
            if str(row[1]).strip() == "WORLD":
                return float(row[5 + rawcalc.YEARS_2020.index(year)])
    finally:
        wb.close()
    raise AssertionError("no WORLD row")


def od_2024_world(raw_dir: Path, year: int) -> int:
    return sum(v for (_, y, _), v in rawcalc.od_2024_totals(raw_dir).items() if y == year)


# --- 1. absent rows are zero, not missing ------------------------------------------------------


@pytest.mark.parametrize("code", ["ESCAP", "ECLAC", "ECE"])
@pytest.mark.parametrize(
    ("indicator", "column"),
    [
        ("refugees_hosted", "refugees"),
        ("asylum_seekers_hosted", "asylum_seekers"),
        ("idps_conflict", "idps"),
        ("stateless_people", "stateless"),
    ],
)
def test_unhcr_stocks_of_round_2_are_for_2024_summed_from_the_raw_file(
    stats, raw_dir, code, indicator, column
):
    """UNHCR prints no row where it counts no one: a member without one is zero, covered."""
    row = _stat(stats, 2, indicator, code)
    members = rawcalc.members_on(code, 2)
    expected = sum(unhcr_by_asylum(raw_dir, column).get((m, 2024), 0.0) for m in members)
    assert row["year"] == "2024"
    assert row["status"] == "ok"
    assert _value(row) == pytest.approx(expected)
    assert row["members_with_data"] == row["members_total"] == str(len(members))


def test_internal_displacements_of_round_2_are_idmc_latest_year(stats, raw_dir):
    row = _stat(stats, 2, "internal_displacements", "ESCWA")
    members = rawcalc.members_on("ESCWA", 2)
    assert row["year"] == "2023"  # IDMC's flows end in 2023
    assert _value(row) == sum(idmc_flows(raw_dir).get((m, 2023), 0.0) for m in members)


def test_year_rule_for_a_reported_series_follows_the_documented_rule(stats, raw_dir):
    """Remittances received (reported by countries): latest year with ≥ 90% of the window's best
    coverage and at least a third of the members; the value is the sum over those with data."""
    wdi = wdi_received(raw_dir)
    for code in COMMISSIONS:
        members = rawcalc.members_on(code, 2)
        counts = {
            y: sum(1 for m in members if wdi.get(m, {}).get(y))  # exact zeros are placeholders
            for y in range(2021, 2025)
        }
        best = max(counts.values())
        floor = max(0.9 * best, math.ceil(len(members) / 3))
        year = max(y for y, n in counts.items() if n >= floor)
        row = _stat(stats, 2, "remittances_received_usd", code)
        assert row["year"] == str(year), code
        assert row["members_with_data"] == str(counts[year])
        assert _value(row) == pytest.approx(sum(wdi.get(m, {}).get(year, 0.0) for m in members))


# --- 2. one value per indicator × area × round, in every output ---------------------------------


@pytest.mark.parametrize("round_number", [1, 2])
def test_one_value_per_indicator_area_round_across_all_reports(built, stats, round_number):
    """Every report of the round prints the canonical value of every indicator for every area
    (its comparison table), and no report prints another value for the same year."""
    seen: dict[tuple[str, str, str, str], set[str]] = defaultdict(set)
    reports = [f for f in sorted((built / f"round-{round_number}").iterdir()) if f.is_dir()]
    assert len(reports) == 13  # six reports, seven of them also in other languages
    for folder in reports:
        rows = _read(folder / "indicators.csv")
        for r in rows:
            if r["area"] in AREAS and (r["indicator"], r["area"]) in stats[int(r["round"])]:
                seen[(r["round"], r["indicator"], r["area"], r["year"])].add(r["value"])
        shown = {(r["round"], r["indicator"], r["area"], r["year"], r["value"]) for r in rows}
        for (indicator, area), canonical in stats[round_number].items():
            key = (str(round_number), indicator, area, canonical["year"], canonical["value"])
            assert key in shown, (folder.name, key)
    for key, values in seen.items():
        assert len(values) == 1, (key, values)
        n, indicator, area, year = key
        canonical = _stat(stats, int(n), indicator, area)
        if canonical["year"] == year:
            assert values == {canonical["value"]}, key


# --- 3. round 2 is newer than round 1, or says so ---------------------------------------------


def test_round_2_is_never_older_than_or_as_old_as_round_1_unless_flagged(stats):
    for (indicator, area), r2 in stats[2].items():
        r1 = stats[1][(indicator, area)]
        if r1["year"] and r2["year"] and r1["status"] == "ok":
            assert int(r2["year"]) > int(r1["year"]) or r2["status"] == "no_newer_data", (
                indicator,
                area,
            )
        if r2["status"] == "no_newer_data":
            assert (r2["year"], r2["value"]) == (r1["year"], r1["value"])


# --- 4. no aggregate from a handful of members -----------------------------------------------


def test_no_aggregate_below_a_third_of_the_members(stats):
    for n in (1, 2):
        for row in stats[n].values():
            if row["value"] and row["status"] == "ok":
                assert int(row["members_with_data"]) >= math.ceil(int(row["members_total"]) / 3)
    # SDG 10.7.1: Bangladesh alone (2020) is neither ESCAP's nor the world's value.
    for area in ("ESCAP", "WORLD"):
        row = _stat(stats, 1, "recruitment_cost_months", area)
        assert (row["value"], row["status"], row["members_with_data"]) == ("", "low_coverage", "1")


# --- 5. refugee totals include UNRWA and other people in need of protection -------------------


def test_palestine_refugees_under_unrwa_are_counted_for_escwa(stats, raw_dir):
    members = rawcalc.members_on("ESCWA", 2)
    unrwa = sum(unrwa_by_asylum(raw_dir).get((m, 2024), 0.0) for m in members)
    assert unrwa == 5_914_401  # Jordan, Lebanon, Syria, State of Palestine, end-2024
    assert _value(_stat(stats, 2, "palestine_refugees_unrwa", "ESCWA")) == unrwa
    refugees = sum(unhcr_by_asylum(raw_dir, "refugees").get((m, 2024), 0.0) for m in members)
    oip = sum(unhcr_by_asylum(raw_dir, "oip").get((m, 2024), 0.0) for m in members)
    total = _stat(stats, 2, "people_in_need_of_protection", "ESCWA")
    assert _value(total) == pytest.approx(refugees + unrwa + oip)


def test_other_people_in_need_of_protection_are_counted_for_eclac(stats, raw_dir):
    members = rawcalc.members_on("ECLAC", 2)
    oip = sum(unhcr_by_asylum(raw_dir, "oip").get((m, 2024), 0.0) for m in members)
    assert oip > 5_000_000  # mainly Venezuelans
    assert _value(_stat(stats, 2, "other_in_need_of_protection", "ECLAC")) == pytest.approx(oip)


# --- 6. world totals equal the publishers' ------------------------------------------------------


def test_world_migrant_stock_equals_un_desa_world_total(stats, raw_dir):
    assert od_2024_world(raw_dir, 2024) == 304_021_813
    assert _value(_stat(stats, 2, "migrant_stock", "WORLD")) == 304_021_813
    assert _value(_stat(stats, 1, "migrant_stock", "WORLD")) == workbook_world(
        raw_dir, "Table 1", 2020
    )
    assert _value(_stat(stats, 1, "migrant_share_pct", "WORLD")) == pytest.approx(
        workbook_world(raw_dir, "Table 3", 2020), abs=1e-6
    )


def test_world_remittances_equal_the_world_bank_world_aggregate(stats, raw_dir):
    row = _stat(stats, 2, "remittances_received_usd", "WORLD")
    assert row["year"] == "2023"  # 2024 has 106 of 217 economies
    assert _value(row) == pytest.approx(wdi_received(raw_dir)["WLD"][2023], rel=1e-12)


def test_world_displacements_and_refugees_include_areas_without_an_m49_code(stats, raw_dir):
    flows = idmc_flows(raw_dir)
    assert ("AB9", 2023) in flows or ("XKX", 2023) in flows
    row = _stat(stats, 2, "internal_displacements", "WORLD")
    assert _value(row) == sum(v for (_, y), v in flows.items() if y == 2023)
    refugees = unhcr_by_asylum(raw_dir, "refugees")
    world = sum(v for (_, y), v in refugees.items() if y == 2024)
    assert _value(_stat(stats, 2, "refugees_hosted", "WORLD")) == pytest.approx(world)
    assert world == pytest.approx(30.96e6, rel=1e-3)  # PROVENANCE.md's check


# --- 7. SDG world values are the custodians' aggregates ---------------------------------------


@pytest.mark.parametrize(
    ("indicator", "series", "year", "dims"),
    [
        ("remittance_cost_pct", "si_rmt_cost", 2021, {}),
        ("refugees_by_origin_per_100k", "sm_pop_refg_or", 2022, {}),
        ("migration_policies_pct", "sg_cpa_migrp", 2021, {"policy_domains": "alldomains"}),
    ],
)
def test_sdg_world_values_are_the_custodians_published_aggregates(
    stats, raw_dir, indicator, series, year, dims
):
    row = _stat(stats, 2, indicator, "WORLD")
    assert row["year"] == str(year)
    assert _value(row) == pytest.approx(sdg_world(raw_dir, series, year, **dims))


# --- 8. source lines name the right series -----------------------------------------------------


def test_source_lines_name_each_indicators_own_series(stats):
    for n in (1, 2):
        src = {i: r["source"] for (i, a), r in stats[n].items() if a == "ECE"}
        assert "SG_CPA_MIGRS" in src["migration_policies_pct"]
        assert "SI_RMT_COST" in src["remittance_cost_pct"]
        assert "SM_POP_REFG_OR" in src["refugees_by_origin_per_100k"]
        for i in ("migration_policies_pct", "remittance_cost_pct", "refugees_by_origin_per_100k"):
            assert "SL_EMP_RCOST_MO" not in src[i]
        assert "BM.TRF.PWKR.CD.DT" in src["remittances_paid_usd"]
        assert "BX.TRF" not in src["remittances_paid_usd"]
    # One vintage of remittances paid for both rounds.
    assert (
        _stat(stats, 1, "remittances_paid_usd", "ECE")["source"]
        == _stat(stats, 2, "remittances_paid_usd", "ECE")["source"]
    )


# --- 9. numbers shown are published, revisions labelled ----------------------------------------


def test_round_1_values_shown_in_round_2_reports_are_in_their_csv(built, stats):
    rows = _read(built / "round-2" / "ECE" / "indicators.csv")
    r1 = {(r["indicator"], r["area"]) for r in rows if r["round"] == "1"}
    assert ("migrant_stock", "ECE") in r1 and ("refugees_hosted", "ECE") in r1


def test_two_revisions_of_the_same_year_are_both_published_and_labelled(built, raw_dir):
    rows = _read(built / "round-2" / "ECE" / "indicators.csv")
    stock_2020 = {
        (r["round"], r["value"], "2024" in r["source"])
        for r in rows
        if (r["indicator"], r["area"], r["year"]) == ("migrant_stock", "ECE", "2020")
    }
    on_2024 = rawcalc.regional(raw_dir, 2024, "ECE", 2020)["migrant_stock"]
    on_2020 = rawcalc.regional(raw_dir, 2020, "ECE", 2020)["migrant_stock"]
    assert stock_2020 == {("2", str(int(on_2024)), True), ("1", str(int(on_2020)), False)}
    html = (built / "round-2" / "ECE" / "report.html").read_text(encoding="utf-8")
    assert "2020 revision" in html and "2024 revision" in html


def test_the_1990_share_of_the_trend_sentence_is_published(built):
    rows = _read(built / "round-2" / "ECE" / "indicators.csv")
    assert any(
        (r["indicator"], r["area"], r["year"]) == ("migrant_share_pct", "ECE", "1990") for r in rows
    )


# --- 10. no data is a dash, tiny shares are not 0.0% -----------------------------------------


def test_no_zero_is_published_for_no_data(built):
    for folder in (built / "round-2").iterdir():
        if not folder.is_dir():
            continue
        for r in _read(folder / "indicators.csv"):
            if r["members_with_data"] == "0":
                assert r["value"] == "", r
        html = (folder / "report.html").read_text(encoding="utf-8")
        assert "0 of 21 members" not in html and ">0.0%<" not in html


# --- 11. membership as of the review meeting ---------------------------------------------------


def test_escwa_round_1_counts_its_20_members_of_february_2021(stats, raw_dir):
    assert "DJI" not in rawcalc.members_on("ESCWA", 1)
    assert "DJI" in rawcalc.members_on("ESCWA", 2)
    assert _stat(stats, 1, "migrant_stock", "ESCWA")["members_total"] == "20"
    assert _stat(stats, 2, "migrant_stock", "ESCWA")["members_total"] == "21"
    members = rawcalc.members_on("ESCWA", 1)
    expected = sum(rawcalc.country(raw_dir, 2020, m, 2020)["stock"] or 0 for m in members)
    assert _value(_stat(stats, 1, "migrant_stock", "ESCWA")) == expected


def test_statistics_csv_has_the_documented_columns_and_one_row_per_indicator_and_area(built):
    for n in (1, 2):
        rows = _read(built / f"round-{n}" / "statistics.csv")
        assert list(rows[0]) == [
            "indicator",
            "area",
            "round",
            "year",
            "value",
            "unit",
            "members_with_data",
            "members_total",
            "status",
            "source",
        ]
        keys = [(r["indicator"], r["area"]) for r in rows]
        assert len(keys) == len(set(keys))
        assert {a for _, a in keys} == set(AREAS)
        assert {r["status"] for r in rows} <= {"ok", "no_newer_data", "low_coverage", "no_data"}
