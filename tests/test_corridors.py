"""Origins of regional migrants (gcm_report.report.corridors), recomputed from raw CSVs.

The raw origin × destination files are read with the csv and gzip modules and the regions from
the curated membership CSV, sharing no code with the snapshot loaders or
gcm_report.report.corridors.
"""

from __future__ import annotations

import csv
import gzip
import re
from collections import defaultdict
from functools import cache
from pathlib import Path

import pytest

from gcm_report.data.regions import get_commission
from gcm_report.data.rounds import get_round
from gcm_report.data.snapshot import Snapshot
from gcm_report.report import charts
from gcm_report.report.blocks import Table
from gcm_report.report.corridors import RegionalFlows
from tests import rawcalc

REGIONS = ("ECA", "ECE", "ECLAC", "ESCAP", "ESCWA")
RAW_FILES = {
    2020: "iom_gdidata_undesa_stocks_2020rev.csv.gz",
    2024: "iom_gdidata_undesa_stocks_2024rev.csv.gz",
}
# The snapshot harmonises these raw codes: "other / unknown origin" and the Channel Islands.
RAW_CODES = {"OOO": "UNK", "XCX": "CHI"}
CASES = [("ECE", 2), ("ECA", 1), ("ESCWA", 2)]
THOUSANDS = re.compile(r"\d{1,3}(?:,\d{3})+")


@cache
def raw_pairs(raw_dir: Path, revision: int, year: int) -> dict[tuple[str, str], int]:
    """Return {(destination, origin): persons, both sexes} for one year of a raw file."""
    out: dict[tuple[str, str], int] = defaultdict(int)
    with gzip.open(raw_dir / "undesa_ims" / RAW_FILES[revision], "rt", encoding="utf-8") as fh:
        for r in csv.DictReader(fh):
            if int(r["t"]) == year:
                dest = RAW_CODES.get(r["geo"], r["geo"])
                origin = RAW_CODES.get(r["from"], r["from"])
                out[(dest, origin)] += int(r["n"])
    return dict(out)


def in_group(iso3: str, group: str) -> bool:
    """Say whether a country (or "UNK") belongs to a region, the rest of the world or unknown."""
    if group == "UNK":
        return iso3 == "UNK"
    if group == "ROW":
        return iso3 != "UNK" and not any(iso3 in rawcalc.members(g) for g in REGIONS)
    return iso3 in rawcalc.members(group)


def raw_cell(pairs: dict[tuple[str, str], int], origin_group: str, dest_group: str) -> int:
    return sum(
        n
        for (dest, origin), n in pairs.items()
        if in_group(origin, origin_group) and in_group(dest, dest_group)
    )


@pytest.fixture(scope="module")
def snapshot():
    return Snapshot()


def flows(snapshot: Snapshot, code: str, round_number: int) -> RegionalFlows:
    return RegionalFlows(get_commission(code), get_round(round_number), snapshot)


def raw_for(raw_dir: Path, round_number: int) -> dict[tuple[str, str], int]:
    r = get_round(round_number)
    return raw_pairs(raw_dir, r.ims_revision, r.reference_year)


@pytest.mark.parametrize(("code", "round_number"), CASES)
def test_within_region_share_matches_raw_files(raw_dir, snapshot, code, round_number):
    pairs = raw_for(raw_dir, round_number)
    region = rawcalc.members(code)
    total = sum(n for (dest, _), n in pairs.items() if dest in region)
    within = sum(n for (dest, origin), n in pairs.items() if dest in region and origin in region)
    f = flows(snapshot, code, round_number)
    shares = f.origin_shares().set_index("group")
    assert f.migrant_stock == total
    assert shares.loc[code, "persons"] == within
    assert f.within_region_share() == pytest.approx(100 * within / total, abs=1e-12)
    assert f.most_within_region() == (100 * within / total > 50)
    for group in ("ROW", "UNK", *(g for g in REGIONS if g != code)):
        expected = sum(
            n for (dest, origin), n in pairs.items() if dest in region and in_group(origin, group)
        )
        assert shares.loc[group, "persons"] == expected, group


@pytest.mark.parametrize(("code", "round_number"), CASES)
def test_top_corridor_matches_raw_files(raw_dir, snapshot, code, round_number):
    pairs = raw_for(raw_dir, round_number)
    region = rawcalc.members(code)
    # Unknown origins are not a corridor; ties broken on the codes, as the module documents.
    ranked = sorted(
        (n, origin, dest)
        for (dest, origin), n in pairs.items()
        if dest in region and origin != "UNK"
    )
    ranked.sort(key=lambda t: (-t[0], t[1], t[2]))
    top = flows(snapshot, code, round_number).top_corridors(5)
    assert list(zip(top["persons"], top["origin"], top["dest"], strict=True)) == ranked[:5]
    total = sum(n for (dest, _), n in pairs.items() if dest in region)
    assert top["share_pct"].iloc[0] == pytest.approx(100 * ranked[0][0] / total, abs=1e-12)
    assert list(top["origin_in_region"]) == [origin in region for _, origin, _ in ranked[:5]]


@pytest.mark.parametrize(("code", "round_number"), CASES)
def test_region_matrix_matches_raw_files(raw_dir, snapshot, code, round_number):
    pairs = raw_for(raw_dir, round_number)
    matrix = flows(snapshot, code, round_number).region_matrix()
    assert list(matrix.index) == [*REGIONS, "ROW", "UNK"]
    assert list(matrix.columns) == [*REGIONS, "ROW"]
    # One literal cell, then every cell: person counts must be exactly equal.
    assert matrix.loc["ESCAP", code] == raw_cell(pairs, "ESCAP", code)
    for origin in matrix.index:
        for dest in matrix.columns:
            assert matrix.loc[origin, dest] == raw_cell(pairs, origin, dest), (origin, dest)


@pytest.mark.parametrize(("code", "round_number"), CASES)
def test_emigrants_match_raw_files(raw_dir, snapshot, code, round_number):
    pairs = raw_for(raw_dir, round_number)
    region = rawcalc.members(code)
    born = {(dest, origin): n for (dest, origin), n in pairs.items() if origin in region}
    emigrants = sum(born.values())
    within = sum(n for (dest, _), n in born.items() if dest in region)
    e = flows(snapshot, code, round_number).emigrants()
    assert e["emigrant_stock"] == emigrants
    assert e["within_region_stock"] == within
    assert e["within_region_share_pct"] == pytest.approx(100 * within / emigrants, abs=1e-12)


@pytest.mark.parametrize(("code", "round_number"), CASES)
def test_own_cell_is_the_within_region_stock(snapshot, code, round_number):
    f = flows(snapshot, code, round_number)
    matrix = f.region_matrix()
    within = f.origin_shares().set_index("group").loc[code, "persons"]
    assert matrix.loc[code, code] == within == f.emigrants()["within_region_stock"]
    # The region's column is its migrants by region of birth, as in origin_shares.
    shares = f.origin_shares().set_index("group")["persons"]
    assert (matrix[code] == shares.loc[matrix.index]).all()


def test_ece_overlaps_escap_so_shares_exceed_100(raw_dir, snapshot):
    f = flows(snapshot, "ECE", 2)
    pairs = raw_for(raw_dir, 2)
    ece, escap = rawcalc.members("ECE"), rawcalc.members("ESCAP")
    both = ece & escap
    assert {"RUS", "KAZ", "TUR"} <= both
    # People living in ECE born in a country of two regions (ECE and ESCAP, or ECA and ESCWA,
    # e.g. Egypt) count twice across the rows of origin_shares, once per region, and no more.
    also_escap = sum(n for (dest, origin), n in pairs.items() if dest in ece and origin in both)
    africa_arab = rawcalc.members("ECA") & rawcalc.members("ESCWA")
    also_arab = sum(
        n for (dest, origin), n in pairs.items() if dest in ece and origin in africa_arab
    )
    shares = f.origin_shares().set_index("group")
    assert also_escap > 1_000_000
    assert shares["persons"].sum() == f.migrant_stock + also_escap + also_arab
    assert shares["share_pct"].sum() > 100
    # One corridor seen from all four overlapping cells: Russian-born people in Kazakhstan.
    rus_kaz = pairs[("KAZ", "RUS")]
    matrix = f.region_matrix()
    for origin in ("ECE", "ESCAP"):
        for dest in ("ECE", "ESCAP"):
            assert matrix.loc[origin, dest] >= rus_kaz
    # Within a cell there is no double counting: the ECE→ECE cell is a plain sum over pairs.
    assert matrix.loc["ECE", "ECE"] == sum(
        n for (dest, origin), n in pairs.items() if dest in ece and origin in ece
    )


def test_shares_add_to_100_when_no_origin_overlaps(snapshot):
    # Without the overlapping countries, the origin groups partition the region's migrants.
    f = flows(snapshot, "ECLAC", 2)
    both = (rawcalc.members("ECE") & rawcalc.members("ESCAP")) | (
        rawcalc.members("ECA") & rawcalc.members("ESCWA")
    )
    twice = int(f.migrants.loc[f.migrants["origin"].isin(both), "persons"].sum())
    assert f.origin_shares()["persons"].sum() - twice == f.migrant_stock


def test_summary_states_the_claim_with_the_numbers(snapshot):
    ece, eca = flows(snapshot, "ECE", 2), flows(snapshot, "ECA", 1)
    assert not ece.most_within_region() and eca.most_within_region()
    ece_text, eca_text = ece.summary().markdown, eca.summary().markdown
    assert f"{ece.within_region_share():.1f}%" in ece_text and "does not hold" in ece_text
    assert f"{eca.within_region_share():.1f}%" in eca_text and "holds in 2020" in eca_text
    assert f"{ece.migrant_stock:,}" in ece_text
    assert "overlap" in ece_text


@pytest.mark.parametrize(
    "make",
    [lambda f: f.corridors_table(10), lambda f: f.matrix_table()],
    ids=["corridors", "matrix"],
)
def test_tables_render_with_thousands_separators(snapshot, make):
    f = flows(snapshot, "ECE", 2)
    table = make(f)
    assert isinstance(table, Table)
    html, markdown = table._repr_html_(), table._repr_markdown_()
    for text in (html, markdown):
        assert THOUSANDS.search(text)
        assert f.source in text
        assert "persons" in text.lower()  # units are stated in the note
    if table.columns[0].field == "origin_name":
        top = f.top_corridors(1).iloc[0]
        assert f"{top['persons']:,}" in markdown and f"{top['persons']:,}" in html
        assert f"{top['share_pct']:.1f}%" in markdown
    else:
        assert f"{f.region_matrix().loc['ECE', 'ECE']:,}" in markdown
        assert "overlap" in markdown


def test_matrix_chart_has_description_title_and_source(snapshot):
    charts.enable()
    f = flows(snapshot, "ECE", 2)
    spec = f.matrix_chart().to_dict()
    matrix = f.region_matrix()
    largest = int(matrix.max().max())
    assert spec["description"]
    assert f"{largest:,}" in spec["description"]
    assert "largest cell" in spec["description"]
    assert spec["title"]["text"].endswith("2024")
    assert any(f.source in line for line in spec["title"]["subtitle"])
    assert {layer["mark"]["type"] for layer in spec["layer"]} == {"rect", "text"}
    bundle = charts.render_bundle(spec)
    assert bundle["text/plain"] == spec["description"]
    assert "<svg" in bundle["image/svg+xml"]


def test_indicator_rows_cover_every_number(snapshot):
    f = flows(snapshot, "ECE", 2)
    rows = f.indicator_rows(10)
    assert all(set(r) == {"indicator", "area", "year", "value", "unit", "source"} for r in rows)
    assert all(r["year"] == 2024 and r["source"] == f.source for r in rows)
    by_key = {(r["indicator"], r["area"]): r["value"] for r in rows}
    assert len(by_key) == len(rows)  # no number recorded twice under one key
    assert by_key[("born_in_region_share_pct", "ECE")] == f.within_region_share()
    top = f.top_corridors(10)
    assert by_key[("corridor_migrant_stock", f"{top['origin'][0]}>{top['dest'][0]}")] == int(
        top["persons"][0]
    )
    assert sum(r["indicator"] == "corridor_migrant_stock" for r in rows) == 10
    assert by_key[("region_matrix_stock", "ESCAP>ECE")] == f.region_matrix().loc["ESCAP", "ECE"]
    assert sum(r["indicator"] == "region_matrix_stock" for r in rows) == 7 * 6
    assert by_key[("emigrant_stock", "ECE")] == f.emigrants()["emigrant_stock"]
    assert all(
        isinstance(r["value"], int) for r in rows if r["unit"] == "persons"
    )  # plain ints, not numpy scalars, so CSV writers and JSON see ordinary numbers
