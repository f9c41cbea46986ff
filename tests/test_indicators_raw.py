"""Every registered indicator's regional value recomputed by hand from the raw publisher files.

For each indicator of ``REGISTRY``, three regions (ECE, ECA, ESCWA) and both review rounds, the
canonical statistic printed in every report (``statistic``) is compared with a computation made
here from the raw files alone: the ``csv`` and ``gzip`` modules and openpyxl, never pandas,
never the project's loaders or snapshot. The only project inputs used are the curated
membership table (it *defines* the regions, read by ``tests/rawcalc.py``), the round's IMS
revision, and ``NAME_ALIASES`` (the documented spellings of IOM country names).

Each computation below follows the indicator's *definition* (what is counted, from which raw
columns, which country-years take part, and what a missing row means for its publisher) and
builds a country × year panel; the documented year and coverage rules and the aggregation (sum,
ratio of sums, simple mean) are then applied here, in this file's own words, to the region's
members as of the round's meeting.

A newly registered indicator without a computation here fails
``test_every_indicator_has_a_raw_computation`` and its ``test_regional_value_matches_raw_files``
cases.
"""

from __future__ import annotations

import csv
import gzip
import math
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Literal

import openpyxl
import pytest

from gcm_report.analysis.indicators import REGISTRY
from gcm_report.analysis.statistics import statistic
from gcm_report.data.regions import get_commission
from gcm_report.data.rounds import get_round
from gcm_report.data.snapshot import Snapshot
from gcm_report.data.sources.codes import NAME_ALIASES
from tests import rawcalc

REGIONS = ("ECE", "ECA", "ESCWA")
ROUNDS = (1, 2)
REVISION = {1: 2020, 2: 2024}  # each round's IMS revision (rounds.yml)
WINDOWS = {1: (2016, 2020), 2: (2021, 2024)}  # each round's data years (rounds.yml)
ADEQUATE = 0.9  # share of the window's best coverage a year needs (analysis/years.py)

# A country × year panel: {iso3: {year: entry}}. The entry is the country's value for "sum"
# and "mean", and (numerator, denominator) for "ratio". A country-year is in the panel exactly
# when the country has data for that year.
Entry = float | tuple[float, float]
Panel = dict[str, dict[int, Entry]]


def _panel(rows: Iterator[tuple[str, int, Entry]]) -> Panel:
    out: Panel = defaultdict(dict)
    for iso3, year, entry in rows:
        assert year not in out[iso3], f"two values for {iso3} {year}"
        out[iso3][year] = entry
    return dict(out)


def _sums(rows: Iterator[tuple[str, int, float]]) -> Panel:
    """Sum values by (iso3, year); a country-year with at least one row is in the panel."""
    totals: dict[tuple[str, int], float] = defaultdict(float)
    for iso3, year, value in rows:
        totals[(iso3, year)] += value
    return _panel((iso3, year, v) for (iso3, year), v in totals.items())


# --- raw readers ------------------------------------------------------------------------------


def _csv_rows(path: Path) -> Iterator[dict[str, str]]:
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8-sig", newline="") as fh:
        yield from csv.DictReader(fh)


@cache
def m49_codes(raw_dir: Path) -> dict[int, str]:
    """M49 numeric code -> ISO3 (countries and areas with an ISO3 code)."""
    return {
        int(r["M49 Code"]): r["ISO-alpha3 Code"]
        for r in _csv_rows(raw_dir / "unsd_m49" / "UNSD-methodology-M49-en.csv")
        if r["ISO-alpha3 Code"]
    }


@cache
def m49_names(raw_dir: Path) -> dict[str, str]:
    """M49 "Country or Area" name -> ISO3, plus the documented publisher spellings."""
    names = {
        r["Country or Area"]: r["ISO-alpha3 Code"]
        for r in _csv_rows(raw_dir / "unsd_m49" / "UNSD-methodology-M49-en.csv")
        if r["ISO-alpha3 Code"]
    }
    return names | NAME_ALIASES


def _number(cell: str) -> float | None:
    """A numeric cell; empty means not reported."""
    return float(cell) if cell.strip() else None


@cache
def unhcr_population(raw_dir: Path, column: str) -> Panel:
    """End-year stock of ``column`` by country of asylum, summed over origins."""
    path = raw_dir / "unhcr" / "unhcr_refugees_pkg_population.csv.gz"
    return _sums(
        (r["coa_iso"], int(r["year"]), value)
        for r in _csv_rows(path)
        if (value := _number(r[column])) is not None
    )


@cache
def unhcr_solutions(raw_dir: Path, column: str, by: str) -> Panel:
    """Solutions of kind ``column`` during the year, summed by ``by`` (coa_iso or coo_iso)."""
    path = raw_dir / "unhcr" / "unhcr_refugees_pkg_solutions.csv.gz"
    return _sums(
        (r[by], int(r["year"]), value)
        for r in _csv_rows(path)
        if (value := _number(r[column])) is not None
    )


@cache
def unhcr_protection(raw_dir: Path) -> Panel:
    """(recognised + complementary, those + rejected) by asylum country and year.

    Every row counts (all procedures, decision levels, cases and persons, as the indicator's
    note says); an empty outcome adds nothing; country-years without a substantive decision
    (denominator 0) have no rate.
    """
    path = raw_dir / "unhcr" / "unhcr_refugees_pkg_asylum_decisions.csv.gz"
    sums: dict[tuple[str, int], list[float]] = defaultdict(lambda: [0.0, 0.0, 0.0])
    for r in _csv_rows(path):
        s = sums[(r["coa_iso"], int(r["year"]))]
        for i, column in enumerate(("dec_recognized", "dec_other", "dec_rejected")):
            s[i] += _number(r[column]) or 0.0
    return _panel(
        (iso3, year, (rec + oth, rec + oth + rej))
        for (iso3, year), (rec, oth, rej) in sums.items()
        if rec + oth + rej > 0
    )


@cache
def idmc_displacements(raw_dir: Path) -> Panel:
    """Internal displacements during the year, all causes (conflict + every hazard)."""
    path = raw_dir / "idmc" / "iom_gdidata_idmc_flows.csv"
    return _sums((r["geo"], int(r["t"]), float(int(r["n"]))) for r in _csv_rows(path))


@cache
def mmp_dead_and_missing(raw_dir: Path) -> Panel:
    """Dead and missing by country of incident and incident year (IOM workbook, openpyxl).

    Records without a country (at sea) or a year are outside every country-year; "Unknown"
    is not a country.
    """
    path = raw_dir / "iom_mmp" / "Missing_Migrants_Global_Figures_allData.xlsx"
    names = m49_names(raw_dir)
    wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        rows = wb["Worksheet"].iter_rows(values_only=True)
        header = next(rows)
        country = header.index("Country of Incident")
        year = header.index("Incident Year")
        total = header.index("Total Number of Dead and Missing")
        out: list[tuple[str, int, float]] = []
        unmapped = set()
        for row in rows:
            name, y = row[country], row[year]
            if name is None or not str(name).strip() or y is None:
                continue
            iso3 = names.get(str(name).strip())
            if iso3 is None:
                unmapped.add(name)
            elif iso3 != "UNK":
                out.append((iso3, int(y), float(row[total] or 0)))
    finally:
        wb.close()
    assert not unmapped, f"country names with no ISO3: {sorted(unmapped)}"
    return _sums(iter(out))


@cache
def sdg_series(raw_dir: Path, name: str, **dims: str) -> Panel:
    """One SDG DDF series by country (M49 code -> ISO3), keeping rows matching ``dims``.

    Regional aggregates (M49 codes without an ISO3) and "N" (not applicable) are left out.
    """
    path = next((raw_dir / "unsd_sdg").glob(f"ddf--datapoints--{name}--by--*.csv"))
    codes = m49_codes(raw_dir)
    return _panel(
        (codes[int(r["geo_area"])], int(r["year"]), float(r[name]))
        for r in _csv_rows(path)
        if int(r["geo_area"]) in codes
        and r[name] != "N"
        and all(r[k] == v for k, v in dims.items())
    )


@cache
def wdi_api(raw_dir: Path, name: str) -> tuple[dict[str, dict[int, float]], int]:
    """A WDI bulk-download CSV (4 preamble lines): {code: {year: value}} and its last year."""
    path = raw_dir / "worldbank" / name
    with path.open(encoding="utf-8-sig", newline="") as fh:
        for _ in range(4):
            fh.readline()
        reader = csv.reader(fh)
        header = next(reader)
        years = {i: int(h) for i, h in enumerate(header) if len(h) == 4 and h.isdigit()}
        out: dict[str, dict[int, float]] = {}
        for row in reader:
            out[row[1]] = {y: float(row[i]) for i, y in years.items() if row[i].strip()}
    return out, max(years.values())


@cache
def iom_wdi(raw_dir: Path, var: str) -> dict[str, dict[int, float]]:
    """One variable of the IOM long WDI extract: {geo: {year: value}}."""
    out: dict[str, dict[int, float]] = defaultdict(dict)
    for r in _csv_rows(raw_dir / "worldbank" / "iom_gdidata_wdi.csv.gz"):
        if r["var"] == var and r["v"].strip() not in ("", "NA"):
            out[r["geo"]][int(r["t"])] = float(r["v"])
    return dict(out)


# --- the indicators, defined from the raw files -----------------------------------------------


# (migrant stock, female migrants, population) of one destination and year.
Figures = tuple[float, float | None, float | None]


@cache
def _migrant(raw_dir: Path, revision: int) -> dict[tuple[str, int], Figures]:
    """(migrant stock, female migrants, population) by destination and year, from the raw files.

    2020 revision: the official destination workbook, Table 1 (stock by sex) and Table 2
    (its own population, in thousands). 2024 revision: the origin-destination file summed over
    origins, stock = female + male (a destination needs both sexes); population from World
    Bank SP.POP.TOTL. Missing female or population figures are None.
    """
    out: dict[tuple[str, int], Figures] = {}
    if revision == 2020:
        stock = rawcalc.workbook_2020(raw_dir, "Table 1")
        pop = rawcalc.workbook_2020(raw_dir, "Table 2")
        for iso3, values in stock.items():
            for (sex, year), total in values.items():
                if sex == "total":
                    population = pop.get(iso3, {}).get(("total", year))
                    out[(iso3, year)] = (
                        total,
                        values.get(("female", year)),
                        None if population is None else population * 1000,
                    )
        return out
    od = rawcalc.od_2024_totals(raw_dir)
    wdi = rawcalc.wdi_population(raw_dir)
    for (iso3, year, sex), female in od.items():
        if sex == "female" and (iso3, year, "male") in od:
            population = wdi.get((iso3, year))
            out[(iso3, year)] = (
                float(female + od[(iso3, year, "male")]),
                float(female),
                None if population is None else float(population),
            )
    return out


@cache
def migrant_stock(raw_dir: Path, revision: int) -> Panel:
    return _panel((i, y, s) for (i, y), (s, _, _) in _migrant(raw_dir, revision).items())


@cache
def migrant_share(raw_dir: Path, revision: int) -> Panel:
    """Stock over population, destinations with a population figure."""
    return _panel((i, y, (s, p)) for (i, y), (s, _, p) in _migrant(raw_dir, revision).items() if p)


@cache
def female_share(raw_dir: Path, revision: int) -> Panel:
    """Female migrants over all migrants, destinations with a female figure."""
    return _panel(
        (i, y, (f, s)) for (i, y), (s, f, _) in _migrant(raw_dir, revision).items() if f is not None
    )


@cache
def refugees_per_100k(raw_dir: Path, revision: int) -> Panel:
    """Refugees from the country: SDG 10.7.4 rate × population / 100,000, over population.

    Only country-years with both the rate and a World Bank population.
    """
    rate = sdg_series(raw_dir, "sm_pop_refg_or")
    pop = rawcalc.wdi_population(raw_dir)
    return _panel(
        (iso3, year, (r * pop[(iso3, year)] / 100_000, float(pop[(iso3, year)])))
        for iso3, years in rate.items()
        for year, r in years.items()
        if (iso3, year) in pop
    )


@cache
def policies_meeting(raw_dir: Path, revision: int) -> Panel:
    """SDG 10.7.2, all domains: 1 of 1 when the score is 3 (meets) or 4 (fully meets)."""
    score = sdg_series(raw_dir, "sg_cpa_migrs", policy_domains="alldomains")
    return _panel(
        (iso3, year, (1.0 if s >= 3 else 0.0, 1.0))
        for iso3, years in score.items()
        for year, s in years.items()
    )


@cache
def remittances_paid(raw_dir: Path, revision: int) -> Panel:
    """The early-2025 WDI extract (remout), every year; exact zeros are "not compiled"."""
    recent = iom_wdi(raw_dir, "remout")
    return _panel((c, y, v) for c, years in recent.items() for y, v in years.items() if v != 0)


@cache
def remittances_received(raw_dir: Path, revision: int) -> Panel:
    received, _ = wdi_api(raw_dir, "API_BX.TRF.PWKR.CD.DT_DS2_en_csv_v2_38454.csv")
    # Exact zeros are the World Bank's placeholders for flows not compiled: no data.
    return _panel((c, y, v) for c, years in received.items() for y, v in years.items() if v != 0)


@cache
def remittances_gdp(raw_dir: Path, revision: int) -> Panel:
    """Received over GDP, country-years with both (GDP > 0)."""
    received = remittances_received(raw_dir, revision)
    gdp = iom_wdi(raw_dir, "gdp")
    return _panel(
        (c, y, (v, gdp[c][y]))
        for c, years in received.items()
        for y, v in years.items()
        if gdp.get(c, {}).get(y, 0) > 0
    )


@cache
def emigrants(raw_dir: Path, revision: int) -> Panel:
    """People born in each country living in another one, both sexes, every destination."""
    name = {
        2020: "iom_gdidata_undesa_stocks_2020rev.csv.gz",
        2024: "iom_gdidata_undesa_stocks_2024rev.csv.gz",
    }
    rows = _csv_rows(raw_dir / "undesa_ims" / name[revision])
    codes = {"OOO": "UNK", "XCX": "CHI"}  # the snapshot's documented harmonisation
    return _sums(
        (codes.get(r["from"], r["from"]), int(r["t"]), float(r["n"]))
        for r in rows
        if codes.get(r["from"], r["from"]) != codes.get(r["geo"], r["geo"])
    )


@cache
def unrwa(raw_dir: Path) -> Panel:
    """Palestine refugees under UNRWA's mandate by field (country of asylum)."""
    path = raw_dir / "unhcr" / "unhcr_refugees_pkg_unrwa.csv"
    return _sums((r["coa_iso"], int(r["year"]), float(r["total"])) for r in _csv_rows(path))


@cache
def protection_total(raw_dir: Path) -> Panel:
    """Refugees (UNHCR mandate) + Palestine refugees (UNRWA) + other people in need."""
    parts = (
        unhcr_population(raw_dir, "refugees"),
        unrwa(raw_dir),
        unhcr_population(raw_dir, "oip"),
    )
    return _sums(
        (iso3, year, float(v))
        for part in parts
        for iso3, years in part.items()
        for year, v in years.items()
    )


@dataclass(frozen=True)
class RawComputation:
    """An indicator computed from the raw files: its panel and how a region aggregates it."""

    panel: Callable[[Path, int], Panel]  # (raw_dir, IMS revision of the round)
    aggregation: Literal["sum", "ratio", "mean"]
    scale: float = 1.0
    exact: bool = False  # integer counts of persons or movements: compared exactly
    # The publisher prints no row where it counts no one: every member is covered in every
    # year the publisher's table has, with zero where it has no row.
    absent_zero: bool = False


def _ignore_revision(fn: Callable[[Path], Panel]) -> Callable[[Path, int], Panel]:
    return lambda raw_dir, revision: fn(raw_dir)


def _unhcr(column: str) -> RawComputation:
    return RawComputation(
        lambda d, _: unhcr_population(d, column), "sum", exact=True, absent_zero=True
    )


RAW: dict[str, RawComputation] = {
    "migrant_stock": RawComputation(migrant_stock, "sum", exact=True),
    "migrant_share_pct": RawComputation(migrant_share, "ratio", 100.0),
    "female_share_pct": RawComputation(female_share, "ratio", 100.0),
    "emigrant_stock": RawComputation(emigrants, "sum", exact=True),
    "refugees_hosted": _unhcr("refugees"),
    "palestine_refugees_unrwa": RawComputation(
        _ignore_revision(unrwa), "sum", exact=True, absent_zero=True
    ),
    "other_in_need_of_protection": _unhcr("oip"),
    "people_in_need_of_protection": RawComputation(
        _ignore_revision(protection_total), "sum", exact=True, absent_zero=True
    ),
    "asylum_seekers_hosted": _unhcr("asylum_seekers"),
    "refugees_by_origin_per_100k": RawComputation(refugees_per_100k, "ratio", 100_000.0),
    "idps_conflict": _unhcr("idps"),
    "internal_displacements": RawComputation(
        _ignore_revision(idmc_displacements), "sum", exact=True, absent_zero=True
    ),
    "stateless_people": _unhcr("stateless"),
    "refugees_resettled": RawComputation(
        lambda d, _: unhcr_solutions(d, "resettlement", "coa_iso"),
        "sum",
        exact=True,
        absent_zero=True,
    ),
    "refugees_naturalised": RawComputation(
        lambda d, _: unhcr_solutions(d, "naturalisation", "coa_iso"),
        "sum",
        exact=True,
        absent_zero=True,
    ),
    "asylum_protection_rate_pct": RawComputation(
        _ignore_revision(unhcr_protection), "ratio", 100.0, absent_zero=True
    ),
    "refugees_returned": RawComputation(
        lambda d, _: unhcr_solutions(d, "returned_refugees", "coo_iso"),
        "sum",
        exact=True,
        absent_zero=True,
    ),
    "dead_and_missing": RawComputation(
        _ignore_revision(mmp_dead_and_missing), "sum", exact=True, absent_zero=True
    ),
    "recruitment_cost_months": RawComputation(
        lambda d, _: sdg_series(d, "sl_emp_rcost_mo", sex="bothsex"), "mean"
    ),
    "migration_policies_pct": RawComputation(policies_meeting, "ratio", 100.0),
    "remittances_received_usd": RawComputation(remittances_received, "sum"),
    "remittances_paid_usd": RawComputation(remittances_paid, "sum"),
    "remittances_gdp_pct": RawComputation(remittances_gdp, "ratio", 100.0),
    "remittance_cost_pct": RawComputation(lambda d, _: sdg_series(d, "si_rmt_cost"), "mean"),
}


def aggregate(
    comp: RawComputation, panel: Panel, members: frozenset[str], year: int
) -> float | None:
    """Return the region's value in ``year``."""
    at = [panel[iso3][year] for iso3 in sorted(members) if year in panel.get(iso3, {})]
    if comp.aggregation == "ratio":
        pairs = [e for e in at if isinstance(e, tuple)]
        assert len(pairs) == len(at)
        den = sum(d for _, d in pairs)
        return comp.scale * sum(n for n, _ in pairs) / den if den else None
    values = [e for e in at if isinstance(e, float)]
    assert len(values) == len(at)
    if not values:
        return 0.0 if comp.absent_zero and comp.aggregation == "sum" else None
    total = sum(values)
    return total / len(values) if comp.aggregation == "mean" else total


def coverage(comp: RawComputation, panel: Panel, members: frozenset[str]) -> dict[int, int]:
    """Members with data per year, under the publisher's convention for absent rows."""
    if comp.absent_zero:
        years = {y for by_year in panel.values() for y in by_year}
        return dict.fromkeys(years, len(members))
    counts: dict[int, int] = defaultdict(int)
    for iso3 in members:
        for y in panel.get(iso3, {}):
            counts[y] += 1
    return dict(counts)


def expected_statistic(
    comp: RawComputation, raw_dir: Path, code: str, round_number: int
) -> tuple[int | None, float | None, str, int]:
    """The documented rules in this file's words: (year, value, status, members with data).

    The latest year of the round's window (after the previous round's year) in which the
    members with data are at least 90% of the window's best year and at least a third of the
    members; else the previous round's value as "no newer data", else "low_coverage" (the
    best-covered latest year, no value) or "no_data".
    """
    members = rawcalc.members_on(code, round_number)
    panel = comp.panel(raw_dir, REVISION[round_number])
    previous = (
        expected_statistic(comp, raw_dir, code, round_number - 1) if round_number > 1 else None
    )
    after = previous[0] if previous is not None and previous[2] == "ok" else None
    first, last = WINDOWS[round_number]
    if after is not None:
        first = max(first, after + 1)
    counts = {y: n for y, n in coverage(comp, panel, members).items() if first <= y <= last and n}
    if counts:
        best = max(counts.values())
        floor = max(ADEQUATE * best, math.ceil(len(members) / 3))
        adequate = [y for y, n in counts.items() if n >= floor]
        if adequate:
            year = max(adequate)
            return year, aggregate(comp, panel, members, year), "ok", counts[year]
    if previous is not None and previous[2] == "ok":
        return previous[0], previous[1], "no_newer_data", previous[3]
    if not counts:
        return None, None, "no_data", 0
    year = max(y for y, n in counts.items() if n == best)
    return year, None, "low_coverage", best


# --- tests ------------------------------------------------------------------------------------

# Registry values (or years) that do not match the raw files: {(id, region, round): diagnosis}.
# Each one is marked xfail(strict=True), so the suite documents it and notices its fix. None
# is known: every registered indicator matches for ECE, ECA and ESCWA, both rounds.
MISMATCHES: dict[tuple[str, str, int], str] = {}


def _cases(known: dict[tuple[str, str, int], str]) -> list:
    return [
        pytest.param(
            i,
            code,
            n,
            id=f"{i}-{code}-r{n}",
            marks=[pytest.mark.xfail(strict=True, reason=known[(i, code, n)])]
            if (i, code, n) in known
            else [],
        )
        for i in sorted(REGISTRY)
        for code in REGIONS
        for n in ROUNDS
    ]


@pytest.fixture(scope="module")
def snapshot() -> Snapshot:
    return Snapshot()


def test_every_indicator_has_a_raw_computation():
    assert set(RAW) == set(REGISTRY)


@pytest.mark.parametrize("code", REGIONS)
def test_members_are_the_curated_regional_members(code):
    assert set(get_commission(code).aggregate_iso3) == rawcalc.members(code)


@pytest.mark.parametrize(("indicator_id", "code", "round_number"), _cases(MISMATCHES))
def test_canonical_statistic_matches_raw_files(raw_dir, snapshot, indicator_id, code, round_number):
    assert indicator_id in RAW, f"{indicator_id}: no computation from the raw files in this file"
    comp = RAW[indicator_id]
    stat = statistic(indicator_id, code, get_round(round_number), snapshot)
    year, value, status, with_data = expected_statistic(comp, raw_dir, code, round_number)
    assert (stat.year, stat.status, stat.members_with_data) == (year, status, with_data)
    assert stat.members_total == len(rawcalc.members_on(code, round_number))
    if value is None:
        assert stat.value is None
    elif comp.exact:
        assert stat.value == value
    else:
        assert stat.value == pytest.approx(value, rel=1e-9)
