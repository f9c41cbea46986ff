"""Origins of regional migrants (gcm_report.analysis.flows), recomputed from raw CSVs.

The raw origin × destination files are read with the csv and gzip modules and the regions from
the curated membership CSV (members as of each round's meeting), sharing no code with the
snapshot loaders or gcm_report.analysis.flows.
"""

from __future__ import annotations

import csv
import gzip
import re
from collections import defaultdict
from functools import cache
from pathlib import Path

import pytest

from gcm_report.analysis.flows import RegionalFlows
from gcm_report.analysis.statistics import statistic
from gcm_report.data.rounds import get_round
from gcm_report.data.snapshot import Snapshot
from gcm_report.report import charts
from gcm_report.report.blocks import Table
from gcm_report.report.context import ReportContext
from gcm_report.report.sections import within_region
from tests import rawcalc

REGIONS = ("ECA", "ECE", "ECLAC", "ESCAP", "ESCWA")
REVISION = {1: 2020, 2: 2024}  # the IMS revision each round uses (rounds.yml)
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


def in_group(iso3: str, group: str, n: int) -> bool:
    """Say whether a country (or "UNK") belongs to a region, the rest of the world or unknown."""
    if group == "UNK":
        return iso3 == "UNK"
    if group == "ROW":
        return iso3 != "UNK" and not any(iso3 in rawcalc.members_on(g, n) for g in REGIONS)
    return iso3 in rawcalc.members_on(group, n)


def raw_cell(pairs: dict[tuple[str, str], int], origin_group: str, dest_group: str, n: int) -> int:
    return sum(
        v
        for (dest, origin), v in pairs.items()
        if in_group(origin, origin_group, n) and in_group(dest, dest_group, n)
    )


@pytest.fixture(scope="module")
def snapshot():
    return Snapshot()


def flows(snapshot: Snapshot, code: str, round_number: int) -> RegionalFlows:
    return RegionalFlows(code, get_round(round_number), snapshot)


def raw_for(raw_dir: Path, round_number: int) -> dict[tuple[str, str], int]:
    r = get_round(round_number)
    return raw_pairs(raw_dir, REVISION[round_number], r.reference_year)


def shares_by_group(f: RegionalFlows) -> dict[str, tuple[float, float]]:
    """Return {group: (persons, share %)} of origin_shares."""
    return {g: (p.value, s.value) for g, p, s in f.origin_shares()}


@pytest.mark.parametrize(("code", "round_number"), CASES)
def test_within_region_share_matches_raw_files(raw_dir, snapshot, code, round_number):
    pairs = raw_for(raw_dir, round_number)
    region = rawcalc.members_on(code, round_number)
    total = sum(n for (dest, _), n in pairs.items() if dest in region)
    within = sum(n for (dest, origin), n in pairs.items() if dest in region and origin in region)
    f = flows(snapshot, code, round_number)
    shares = shares_by_group(f)
    assert f.migrant_stock == total
    assert shares[code][0] == within
    assert f.within_region_share().value == pytest.approx(100 * within / total, abs=1e-12)
    for group in ("ROW", "UNK", *(g for g in REGIONS if g != code)):
        expected = sum(
            n
            for (dest, origin), n in pairs.items()
            if dest in region and in_group(origin, group, round_number)
        )
        assert shares[group][0] == expected, group


@pytest.mark.parametrize(("code", "round_number"), CASES)
def test_top_corridor_matches_raw_files(raw_dir, snapshot, code, round_number):
    pairs = raw_for(raw_dir, round_number)
    region = rawcalc.members_on(code, round_number)
    # Unknown origins are not a corridor; ties broken on the codes, as the module documents.
    ranked = sorted(
        (n, origin, dest)
        for (dest, origin), n in pairs.items()
        if dest in region and origin != "UNK"
    )
    ranked.sort(key=lambda t: (-t[0], t[1], t[2]))
    top = flows(snapshot, code, round_number).top_corridors(5)
    persons = [s.value for s in top["persons"]]
    assert list(zip(persons, top["origin"], top["dest"], strict=True)) == ranked[:5]
    total = sum(n for (dest, _), n in pairs.items() if dest in region)
    assert top["share"].iloc[0].value == pytest.approx(100 * ranked[0][0] / total, abs=1e-12)
    assert list(top["origin_in_region"]) == [origin in region for _, origin, _ in ranked[:5]]


@pytest.mark.parametrize(("code", "round_number"), CASES)
def test_region_matrix_matches_raw_files(raw_dir, snapshot, code, round_number):
    pairs = raw_for(raw_dir, round_number)
    matrix = flows(snapshot, code, round_number).region_matrix()
    assert list(matrix.index) == [*REGIONS, "ROW", "UNK"]
    assert list(matrix.columns) == [*REGIONS, "ROW"]
    # One literal cell, then every cell: person counts must be exactly equal.
    assert matrix.loc["ESCAP", code] == raw_cell(pairs, "ESCAP", code, round_number)
    for origin in matrix.index:
        for dest in matrix.columns:
            expected = raw_cell(pairs, origin, dest, round_number)
            assert matrix.loc[origin, dest] == expected, (origin, dest)


@pytest.mark.parametrize(("code", "round_number"), CASES)
def test_emigrants_match_raw_files(raw_dir, snapshot, code, round_number):
    pairs = raw_for(raw_dir, round_number)
    region = rawcalc.members_on(code, round_number)
    born = {(dest, origin): n for (dest, origin), n in pairs.items() if origin in region}
    emigrants = sum(born.values())
    within = sum(n for (dest, _), n in born.items() if dest in region)
    e = flows(snapshot, code, round_number).emigrants()
    assert e["emigrant_stock"].value == emigrants
    assert e["within_region_stock"].value == within
    assert e["within_region_share_pct"].value == pytest.approx(100 * within / emigrants, abs=1e-12)


@pytest.mark.parametrize(("code", "round_number"), CASES)
def test_own_cell_is_the_within_region_stock(snapshot, code, round_number):
    f = flows(snapshot, code, round_number)
    matrix = f.region_matrix()
    shares = shares_by_group(f)
    within = shares[code][0]
    assert matrix.loc[code, code] == within == f.emigrants()["within_region_stock"].value
    # The region's column is its migrants by region of birth, as in origin_shares.
    assert all(matrix.loc[g, code] == shares[g][0] for g in matrix.index)


def test_ece_overlaps_escap_so_shares_exceed_100(raw_dir, snapshot):
    f = flows(snapshot, "ECE", 2)
    pairs = raw_for(raw_dir, 2)
    ece, escap = rawcalc.members_on("ECE", 2), rawcalc.members_on("ESCAP", 2)
    both = ece & escap
    assert {"RUS", "KAZ", "TUR"} <= both
    # People living in ECE born in a country of two regions (ECE and ESCAP, or ECA and ESCWA,
    # e.g. Egypt) count twice across the rows of origin_shares, once per region, and no more.
    also_escap = sum(n for (dest, origin), n in pairs.items() if dest in ece and origin in both)
    africa_arab = rawcalc.members_on("ECA", 2) & rawcalc.members_on("ESCWA", 2)
    also_arab = sum(
        n for (dest, origin), n in pairs.items() if dest in ece and origin in africa_arab
    )
    shares = shares_by_group(f)
    assert also_escap > 1_000_000
    assert sum(p for p, _ in shares.values()) == f.migrant_stock + also_escap + also_arab
    assert sum(s for _, s in shares.values()) > 100
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
    both = (rawcalc.members_on("ECE", 2) & rawcalc.members_on("ESCAP", 2)) | (
        rawcalc.members_on("ECA", 2) & rawcalc.members_on("ESCWA", 2)
    )
    twice = int(f.migrants.loc[f.migrants["origin"].isin(both), "persons"].sum())
    assert sum(p for p, _ in shares_by_group(f).values()) - twice == f.migrant_stock


def _ctx(snapshot: Snapshot, code: str, n: int) -> ReportContext:
    charts.enable()
    return ReportContext(code, n, snapshot)


def test_summary_states_the_share_with_its_definition_and_numbers(snapshot):
    ece = flows(snapshot, "ECE", 2)
    text = within_region.summary(_ctx(snapshot, "ECE", 2), ece).markdown()
    share = ece.within_region_share().value
    assert f"{share:.1f}% of the {ece.migrant_stock:,} international migrants" in text
    assert "were born in another country of the same region" in text
    assert "does not hold" not in text and "claim" not in text  # neutral wording
    assert "overlap" in text


@pytest.mark.parametrize("name", ["corridors", "matrix"])
def test_tables_render_with_thousands_separators(snapshot, name):
    f = flows(snapshot, "ECE", 2)
    ctx = _ctx(snapshot, "ECE", 2)
    if name == "corridors":
        table = within_region.corridors_table(ctx, f)
    else:
        table = within_region.matrix_table(f)
    assert isinstance(table, Table)
    html, markdown = table.html(), table.markdown()
    for text in (html, markdown):
        assert THOUSANDS.search(text)
        assert f.source in text
        assert "persons" in text.lower()  # units are stated in the note
    if name == "corridors":
        top = f.top_corridors(1).iloc[0]
        assert f"{top['persons'].value:,}" in markdown and f"{top['persons'].value:,}" in html
        assert f"{top['share'].value:.1f}%" in markdown
    else:
        assert f"{f.region_matrix().loc['ECE', 'ECE']:,}" in markdown
        assert "overlap" in markdown
    # Every number the table shows is a statistic it carries.
    assert {s.indicator for s in table.figures} >= (
        {"corridor_migrant_stock", "corridor_share_pct"}
        if name == "corridors"
        else {"region_matrix_stock"}
    )


def test_matrix_chart_has_description_title_and_source(snapshot):
    f = flows(snapshot, "ECE", 2)
    block = within_region.matrix_chart(f, focus="ECE")
    charts.enable()
    spec = block.chart.to_dict()
    matrix = f.region_matrix()
    largest = int(matrix.max().max())
    assert spec["description"]
    assert f"{largest:,}" in spec["description"]
    assert "largest cell" in spec["description"]
    title = spec["title"]["text"]
    assert " ".join(title if isinstance(title, list) else [title]).endswith("2024")
    # The subtitle wraps to the chart's width: the source reads whole once the lines are joined.
    assert f.source in " ".join(spec["title"]["subtitle"])
    assert {layer["mark"]["type"] for layer in spec["layer"]} == {"rect", "text"}
    bundle = block._repr_mimebundle_()
    assert bundle["text/plain"] == spec["description"]
    assert "<svg" in bundle["image/svg+xml"]
    assert len(block.figures) == 7 * 6  # every cell plotted is published


def test_statistics_carry_plain_numbers_and_one_key_each(snapshot):
    f = flows(snapshot, "ECE", 2)
    stats = [s for _, p, sh in f.origin_shares() for s in (p, sh)]
    stats += [
        s for row in f.top_corridors(10).to_dict("records") for s in (row["persons"], row["share"])
    ]
    stats += list(f.emigrants().values())
    keys = [(s.indicator, s.area) for s in stats]
    assert len(keys) == len(set(keys))
    assert all(s.year == 2024 for s in stats)
    # The emigrant stock is the registry's canonical statistic (its own source line).
    assert all(s.source == f.source for s in stats if s.indicator != "emigrant_stock")
    assert f.emigrants()["emigrant_stock"] == statistic(
        "emigrant_stock", "ECE", get_round(2), snapshot
    )
    assert all(type(s.value) in (int, float) for s in stats)  # not numpy scalars


def test_regional_report_shows_its_row_and_column_of_the_matrix(snapshot):
    f = flows(snapshot, "ECLAC", 2)
    table = within_region.links_table(_ctx(snapshot, "ECLAC", 2), f)
    matrix = f.region_matrix()
    cells = {(s.area, s.value) for s in table.figures}
    # "Living in ECLAC, born in X" = matrix[X, ECLAC]; "born in ECLAC" = matrix[ECLAC, X].
    assert ("ECE>ECLAC", matrix.loc["ECE", "ECLAC"]) in cells
    assert ("ECLAC>ECE", matrix.loc["ECLAC", "ECE"]) in cells
    assert len(table.rows) == 7 and "synthesis" in table.note
