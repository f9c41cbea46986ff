"""Independent recomputation of report figures straight from the raw publisher files.

Deliberately shares no code with gcm_report's loaders: the workbook is read with openpyxl
(the project uses calamine through pandas), CSVs with the csv module, and the only project
input used is the curated membership table, which *defines* the regions.
"""

from __future__ import annotations

import csv
import gzip
from collections import defaultdict
from functools import cache
from pathlib import Path

import openpyxl

ROOT = Path(__file__).resolve().parents[1]
MEMBERSHIP = ROOT / "gcm_report" / "reference" / "commission_membership.csv"
YEARS_2020 = [1990, 1995, 2000, 2005, 2010, 2015, 2020]


@cache
def members(code: str, in_region_only: bool = True) -> frozenset[str]:
    with MEMBERSHIP.open(encoding="utf-8") as fh:
        return frozenset(
            r["iso3"]
            for r in csv.DictReader(fh)
            if r["commission"] == code and (r["in_region"] == "true" or not in_region_only)
        )


# The first day of each round's review meeting (facts in ../shared/reference/sourced-facts.md).
MEETING_STARTS = {
    1: {"ECE": "2020-11-12", "ESCWA": "2021-02-24", "ESCAP": "2021-03-10", "ECLAC": "2021-04-26",
        "ECA": "2021-08-31"},
    2: {"ECE": "2024-03-11", "ESCWA": "2024-07-03", "ESCAP": "2025-02-04", "ECLAC": "2025-03-19",
        "ECA": "2024-10-09"},
}  # fmt: skip


@cache
def members_on(code: str, round_number: int) -> frozenset[str]:
    """Members located in the region on the first day of the round's meeting.

    ``member_since`` as documented in the membership table: empty = before 2020; a year = from
    1 January; ``after D`` = from the day after D.
    """
    day = MEETING_STARTS[round_number][code]
    out = set()
    with MEMBERSHIP.open(encoding="utf-8") as fh:
        for r in csv.DictReader(fh):
            if r["commission"] != code or r["in_region"] != "true":
                continue
            since = r["member_since"]
            if since.startswith("after "):
                joined_ok = since.removeprefix("after ") < day
            elif since:
                joined_ok = since[:10] <= day
            else:
                joined_ok = True
            if joined_ok:
                out.add(r["iso3"])
    return frozenset(out)


@cache
def _m49_iso3(raw_dir: Path) -> dict[int, str]:
    path = raw_dir / "unsd_m49" / "UNSD-methodology-M49-en.csv"
    with path.open(encoding="utf-8-sig") as fh:
        return {int(r["M49 Code"]): r["ISO-alpha3 Code"] for r in csv.DictReader(fh)}


@cache
def workbook_2020(raw_dir: Path, sheet: str) -> dict[str, dict[tuple[str, int], float]]:
    """Return {iso3: {(sex, year): value}} for a sheet of the official 2020 workbook."""
    path = raw_dir / "undesa_ims" / "undesa_pd_2020_ims_stock_by_sex_and_destination.xlsx"
    wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    codes = _m49_iso3(raw_dir)
    out: dict[str, dict[tuple[str, int], float]] = {}
    for row in wb[sheet].iter_rows(min_row=12, values_only=True):
        code, kind = row[3], row[4]
        if code is None or kind is None:  # aggregates have no "type of data"
            continue
        iso3 = codes.get(int(code))
        if iso3 is None:
            continue
        values = {}
        for block, sex in enumerate(("total", "male", "female")):
            for i, year in enumerate(YEARS_2020):
                col = 5 + 7 * block + i
                if col < len(row) and isinstance(row[col], (int, float)):
                    values[(sex, year)] = float(row[col])
        out[iso3] = values
    wb.close()
    return out


@cache
def od_2024_totals(raw_dir: Path) -> dict[tuple[str, int, str], int]:
    """Return {(destination iso3, year, sex): persons} summed over origins (2024 revision)."""
    path = raw_dir / "undesa_ims" / "iom_gdidata_undesa_stocks_2024rev.csv.gz"
    totals: dict[tuple[str, int, str], int] = defaultdict(int)
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for r in csv.DictReader(fh):
            totals[(r["geo"], int(r["t"]), r["sex"])] += int(r["n"])
    return dict(totals)


@cache
def wdi_population(raw_dir: Path) -> dict[tuple[str, int], int]:
    path = raw_dir / "worldbank" / "datasets_population_SP.POP.TOTL.csv"
    with path.open(encoding="utf-8") as fh:
        return {
            (r["Country Code"], int(r["Year"])): int(float(r["Value"])) for r in csv.DictReader(fh)
        }


def country(raw_dir: Path, revision: int, iso3: str, year: int) -> dict[str, float | None]:
    """Return stock, female stock and population of one country from the raw files."""
    if revision == 2020:
        stock = workbook_2020(raw_dir, "Table 1").get(iso3, {})
        pop = workbook_2020(raw_dir, "Table 2").get(iso3, {})
        total = stock.get(("total", year))
        female = stock.get(("female", year))
        population = pop.get(("total", year))
        return {
            "stock": total,
            "female": female,
            "population": population * 1000 if population is not None else None,
        }
    od = od_2024_totals(raw_dir)
    female = od.get((iso3, year, "female"), 0)
    male = od.get((iso3, year, "male"), 0)
    return {
        "stock": female + male if (female or male) else None,
        "female": female,
        "population": wdi_population(raw_dir).get((iso3, year)),
    }


def regional(
    raw_dir: Path, revision: int, code: str, year: int, round_number: int | None = None
) -> dict[str, float]:
    """Return the regional aggregate under the documented rule, from the raw files.

    With ``round_number``, the members are those of that round's meeting; else today's.
    """
    stock = female = stock_with_pop = pop = 0.0
    region = members(code) if round_number is None else members_on(code, round_number)
    for iso3 in region:
        c = country(raw_dir, revision, iso3, year)
        if c["stock"] is None:
            continue
        stock += c["stock"]
        female += c["female"] or 0
        if c["population"]:
            stock_with_pop += c["stock"]
            pop += c["population"]
    return {
        "migrant_stock": stock,
        "female_share_pct": 100 * female / stock,
        "migrant_share_pct": 100 * stock_with_pop / pop,
    }
