"""Breakdowns (sex, subregions, flows over time, protection by sex and age, remittance corridors)
recomputed by hand from the raw publisher files.

Expected values come from the raw files read with the csv, gzip and openpyxl modules
(:mod:`tests.rawcalc` for the migrant stock) and from the curated membership table, which
defines the regions; never from gcm_report's loaders or its own output. Then the blocks that
show them are checked to carry them, and the built reports to contain them.
"""

from __future__ import annotations

import csv
import gzip
import html as html_lib
import re
from collections import defaultdict
from functools import cache
from pathlib import Path
from statistics import mean

import pytest

from gcm_report.analysis import breakdowns, corridors, demographics, subregions
from gcm_report.analysis.statistics import Stat
from gcm_report.data.rounds import get_round
from gcm_report.data.snapshot import Snapshot
from gcm_report.report import charts
from gcm_report.report.blocks import Block, Chart, Table
from gcm_report.report.context import ReportContext
from gcm_report.report.format import fmt_stat
from gcm_report.report.sections import migration, protection, remittances, within_region
from tests import rawcalc

COMMISSIONS = ("ECA", "ECE", "ECLAC", "ESCAP", "ESCWA")
REVISION = {1: 2020, 2: 2024}
OD_FILES = {
    2020: "iom_gdidata_undesa_stocks_2020rev.csv.gz",
    2024: "iom_gdidata_undesa_stocks_2024rev.csv.gz",
}
RAW_CODES = {"OOO": "UNK", "XCX": "CHI"}  # the snapshot's keys for these raw codes
CASES = [("ECLAC", 2), ("ESCWA", 1), ("ECA", 1)]


@pytest.fixture(scope="module")
def snapshot() -> Snapshot:
    return Snapshot()


# --- raw readers ---------------------------------------------------------------------------


@cache
def raw_od(raw_dir: Path, revision: int) -> dict[tuple[int, str, str, str], int]:
    """Return {(year, destination, origin, sex): persons} from a raw origin × destination file."""
    out: dict[tuple[int, str, str, str], int] = defaultdict(int)
    with gzip.open(raw_dir / "undesa_ims" / OD_FILES[revision], "rt", encoding="utf-8") as fh:
        for r in csv.DictReader(fh):
            dest = RAW_CODES.get(r["geo"], r["geo"])
            origin = RAW_CODES.get(r["from"], r["from"])
            out[(int(r["t"]), dest, origin, r["sex"])] += int(r["n"])
    return dict(out)


def raw_stock(raw_dir: Path, round_number: int, iso3: str, year: int, sex: str) -> float | None:
    """Return a country's migrant stock of one sex from the round's raw migrant-stock file."""
    if round_number == 1:
        return rawcalc.workbook_2020(raw_dir, "Table 1").get(iso3, {}).get((sex, year))
    od = rawcalc.od_2024_totals(raw_dir)
    sexes = ("female", "male") if sex == "total" else (sex,)
    values = [od[(iso3, year, s)] for s in sexes if (iso3, year, s) in od]
    return float(sum(values)) if values else None


@cache
def raw_m49(raw_dir: Path) -> dict[str, tuple[str, str]]:
    """Return {iso3: (sub-region, intermediate region)} from the raw M49 overview."""
    path = raw_dir / "unsd_m49" / "UNSD-methodology-M49-en.csv"
    with path.open(encoding="utf-8-sig") as fh:
        return {
            r["ISO-alpha3 Code"]: (r["Sub-region Name"], r["Intermediate Region Name"])
            for r in csv.DictReader(fh)
            if r["ISO-alpha3 Code"]
        }


def raw_groups(raw_dir: Path, members: frozenset[str]) -> dict[str, set[str]]:
    """Group members by M49 sub-region, split where M49 divides the whole sub-region."""
    codes = raw_m49(raw_dir)
    divided = {
        sub
        for sub in {s for s, _ in codes.values()}
        if all(i for s, i in codes.values() if s == sub)
    }
    out: dict[str, set[str]] = defaultdict(set)
    for iso3 in members:
        sub, inter = codes[iso3]
        out[inter if sub in divided else sub].add(iso3)
    return dict(out)


@cache
def raw_demographics(raw_dir: Path) -> list[dict[str, str]]:
    path = raw_dir / "unhcr" / "unhcr_refugees_pkg_demographics.csv.gz"
    with gzip.open(path, "rt", encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


@cache
def raw_rpw(raw_dir: Path) -> dict[tuple[str, str], dict[str, float]]:
    """Return {(sending, receiving): {period: cost}} from the DataBank export."""
    path = raw_dir / "worldbank" / "rpw_corridors_databank_ATCR.CORR_2011Q1-2020Q3.csv"
    alias = {"KSV": "XKX"}
    out: dict[tuple[str, str], dict[str, float]] = {}
    with path.open(encoding="utf-8-sig", newline="") as fh:
        for r in csv.DictReader(fh):
            if r["Series Code"] != "ATCR.CORR":
                continue  # DataBank's footer lines
            key = (
                alias.get(r["Sending Countries Code"], r["Sending Countries Code"]),
                alias.get(r["Receiving Countries  Code"], r["Receiving Countries  Code"]),
            )
            out[key] = {
                column[:6]: float(value)
                for column, value in r.items()
                if column[:2] == "20" and value.strip() != ".."
            }
    return out


def raw_corridor_costs(raw_dir: Path, year: int) -> dict[tuple[str, str], float]:
    """Return each corridor's mean cost over its surveyed quarters of ``year``."""
    out = {}
    for key, periods in raw_rpw(raw_dir).items():
        values = [v for p, v in periods.items() if p.startswith(str(year))]
        if values:
            out[key] = mean(values)
    return out


# --- migrants by sex -----------------------------------------------------------------------


@pytest.mark.parametrize(("code", "round_number"), CASES)
def test_migrants_by_sex_match_raw_files(raw_dir, snapshot, code, round_number):
    region = rawcalc.members_on(code, round_number)
    rows = breakdowns.migrants_by_sex(snapshot, get_round(round_number), code)
    assert [r.year for r in rows] == sorted({r.year for r in rows}) and rows[0].year == 1990
    for r in rows:
        female = sum(raw_stock(raw_dir, round_number, c, r.year, "female") or 0 for c in region)
        male = sum(raw_stock(raw_dir, round_number, c, r.year, "male") or 0 for c in region)
        assert (r.female.value, r.male.value) == (female, male), r.year
        assert r.total.value == female + male
        assert r.female_share.value == pytest.approx(100 * female / (female + male), abs=1e-12)


def test_migrants_by_sex_reference_year_is_the_canonical_statistic(snapshot):
    from gcm_report.analysis.statistics import statistic

    r = get_round(2)
    last = breakdowns.migrants_by_sex(snapshot, r, "ECLAC")[-1]
    assert last.female_share == statistic("female_share_pct", "ECLAC", r, snapshot)
    assert last.total == statistic("migrant_stock", "ECLAC", r, snapshot)
    # ECLAC, 2024, by hand (zcat …2024rev.csv.gz, geo in the 47 members, summed by sex).
    assert (last.female.value, last.male.value) == (8_711_209, 8_786_480)


# --- emigrants by sex, and flows to, within and from the region -----------------------------


@pytest.mark.parametrize(("code", "round_number"), CASES)
def test_emigrants_by_sex_match_raw_files(raw_dir, snapshot, code, round_number):
    od = raw_od(raw_dir, REVISION[round_number])
    region = rawcalc.members_on(code, round_number)
    rows = breakdowns.emigrants_by_sex(snapshot, get_round(round_number), code)
    for r in rows:
        by_sex = defaultdict(int)
        for (year, dest, origin, sex), n in od.items():
            if year == r.year and origin in region and dest != origin:
                by_sex[sex] += n
        assert (r.female.value, r.male.value) == (by_sex["female"], by_sex["male"]), r.year
        assert r.total.value == by_sex["female"] + by_sex["male"]


@pytest.mark.parametrize(("code", "round_number"), CASES)
def test_flows_to_within_and_from_the_region_match_raw_files(raw_dir, snapshot, code, round_number):
    od = raw_od(raw_dir, REVISION[round_number])
    region = rawcalc.members_on(code, round_number)
    rows = breakdowns.region_over_time(snapshot, get_round(round_number), code)
    assert rows[0].year == 1990 and rows[-1].year == get_round(round_number).reference_year
    for r in rows:
        cells = {k: n for k, n in od.items() if k[0] == r.year}
        within = sum(n for (_, d, o, _), n in cells.items() if d in region and o in region)
        unknown = sum(n for (_, d, o, _), n in cells.items() if d in region and o == "UNK")
        living = sum(n for (_, d, _, _), n in cells.items() if d in region)
        abroad = sum(n for (_, d, o, _), n in cells.items() if o in region and d not in region)
        assert r.within.value == within, r.year
        assert r.unknown.value == unknown
        assert r.outside.value == living - within - unknown
        assert r.total.value == living
        assert r.emigrants_outside.value == abroad
        assert r.within_share.value == pytest.approx(100 * within / living, abs=1e-12)


@pytest.mark.parametrize(("code", "round_number"), CASES)
def test_reference_year_agrees_with_the_regional_flows(snapshot, code, round_number):
    from gcm_report.analysis.flows import RegionalFlows

    r = get_round(round_number)
    flows = RegionalFlows(code, r, snapshot)
    last = breakdowns.region_over_time(snapshot, r, code)[-1]
    shares = {g: (p, s) for g, p, s in flows.origin_shares()}
    assert (last.within, last.within_share) == shares[code]
    assert last.unknown == shares["UNK"][0]
    assert (
        breakdowns.emigrants_by_sex(snapshot, r, code)[-1].total
        == (flows.emigrants()["emigrant_stock"])
    )


# --- subregions ----------------------------------------------------------------------------


@pytest.mark.parametrize(("code", "round_number"), [("ECLAC", 2), ("ESCWA", 1), ("ESCAP", 2)])
def test_subregions_match_m49_and_raw_stock(raw_dir, snapshot, code, round_number):
    region = rawcalc.members_on(code, round_number)
    expected = raw_groups(raw_dir, region)
    r = get_round(round_number)
    trends = subregions.subregion_trends(snapshot, r, code)
    assert {t.subregion.name: set(t.subregion.members) for t in trends} == expected
    years = [s.year for s in trends[0].stock]
    for t in trends:
        for stock, share in zip(t.stock, t.regional_share, strict=True):
            values = [
                raw_stock(raw_dir, round_number, c, stock.year, "total")
                for c in t.subregion.members
            ]
            assert stock.value == sum(v for v in values if v is not None)
            assert stock.members_with_data == sum(v is not None for v in values)
            whole = sum(
                raw_stock(raw_dir, round_number, c, stock.year, "total") or 0 for c in region
            )
            assert share.value == pytest.approx(100 * stock.value / whole, abs=1e-12)
    # The subregions partition the region: their stocks add up to the regional total.
    for i, year in enumerate(years):
        assert sum(t.stock[i].value for t in trends) == sum(
            raw_stock(raw_dir, round_number, c, year, "total") or 0 for c in region
        )
    # Largest first in the reference year.
    last = [t.stock[-1].value for t in trends]
    assert last == sorted(last, reverse=True)


def test_eclac_is_grouped_by_intermediate_region(raw_dir, snapshot):
    trends = subregions.subregion_trends(snapshot, get_round(2), "ECLAC")
    names = {t.subregion.name: t for t in trends}
    assert set(names) == {"South America", "Central America", "Caribbean", "Northern America"}
    assert names["Northern America"].subregion.members == frozenset({"BMU"})
    # South America 2024 by hand: sum of the 13 members' stock in the 2024 O×D file.
    south = names["South America"].stock[-1].value
    assert south == 12_575_588


def test_subregion_share_of_population_is_a_ratio_of_sums(raw_dir, snapshot):
    trends = subregions.subregion_trends(snapshot, get_round(1), "ESCWA")
    west = next(t for t in trends if t.subregion.name == "Western Asia")
    stock = pop = 0.0
    for iso3 in west.subregion.members:
        c = rawcalc.country(raw_dir, 2020, iso3, 2020)
        if c["stock"] is not None and c["population"]:
            stock += c["stock"]
            pop += c["population"]
    assert west.population_share[-1].value == pytest.approx(100 * stock / pop, rel=1e-12)


# --- protection by sex and age ---------------------------------------------------------------

PROTECTION_TYPES = {"refugees": {"REF"}, "oip": {"OIP"}, "asylum_seekers": {"ASY"}}
PROTECTION_TYPES["refugees_oip"] = {"REF", "OIP"}
CHILD = ("0_4", "5_11", "12_17")


def raw_profile(raw_dir: Path, hosts: frozenset[str] | None, kinds: set[str]) -> dict:
    persons = sexed = female = aged = female_aged = children = older = 0.0
    hosting, reported = set(), set()
    for r in raw_demographics(raw_dir):
        if r["pop_type"] not in kinds or (hosts is not None and r["coa_iso"] not in hosts):
            continue
        f, m = float(r["f_total"]), float(r["m_total"])
        persons += float(r["total"])
        sexed += f + m
        female += f
        aged += f + m - float(r["f_other"]) - float(r["m_other"])
        female_aged += f - float(r["f_other"])
        children += sum(float(r[f"{s}_{b}"]) for s in "fm" for b in CHILD)
        older += float(r["f_60"]) + float(r["m_60"])
        hosting.add(r["coa_iso"])
        if f + m:
            reported.add(r["coa_iso"])

    def pct(part: float, whole: float) -> float | None:
        return 100 * part / whole if whole else None

    return {
        "persons": persons,
        "sex_reported": pct(sexed, persons),
        "female": pct(female, sexed),
        "children": pct(children, aged),
        "older": pct(older, aged),
        "female_aged": pct(female_aged, aged),
        "hosting": hosting,
        "unreported_hosts": hosting - reported,
    }


@pytest.mark.parametrize("code", ["ECLAC", "ECE", "ESCWA", "WORLD"])
@pytest.mark.parametrize("population", list(PROTECTION_TYPES))
def test_protection_by_sex_and_age_matches_raw_file(raw_dir, snapshot, code, population):
    r = get_round(2)
    hosts = None if code == "WORLD" else rawcalc.members_on(code, 2)
    expected = raw_profile(raw_dir, hosts, PROTECTION_TYPES[population])
    p = demographics.population_profile(snapshot, r, code, population)
    assert p is not None
    assert p.persons.value == expected["persons"]
    for field in ("sex_reported", "female", "children", "older", "female_aged"):
        if expected[field] is None:
            # ECE's other people in need of protection: sex reported for none of them; the Arab
            # region: none hosted.
            got = p.female_age_reported if field == "female_aged" else getattr(p, field)
            assert got.value is None, field
            continue
        got = p.female_age_reported if field == "female_aged" else getattr(p, field)
        assert got.value == pytest.approx(expected[field], abs=1e-9), field
    assert p.persons.status == "latest_available"
    assert p.female.status == ("no_data" if p.female.value is None else "latest_available")
    assert p.persons.year == 2025 and p.persons.round == 2
    if hosts is not None:
        assert p.persons.members_total == len(hosts)
        assert p.persons.members_with_data == len(hosts) - len(expected["unreported_hosts"])
        assert p.hosts.value == len(expected["hosting"])
        assert p.sex_reporting_hosts.value == len(
            expected["hosting"] - expected["unreported_hosts"]
        )


def test_protection_figures_by_hand(snapshot):
    # By hand from the raw file: ECLAC members' refugees (REF) and OIP at end-2025 total
    # 6,582,876 persons, world refugees under UNHCR's mandate 28,461,306 (the population
    # file's end-2025 total too).
    r = get_round(2)
    combined = demographics.population_profile(snapshot, r, "ECLAC", "refugees_oip")
    world = demographics.population_profile(snapshot, r, "WORLD", "refugees")
    assert combined is not None and world is not None
    assert combined.persons.value == 6_582_876
    assert world.persons.value == 28_461_306


def test_pyramid_cells_add_up_to_those_with_sex_and_age(raw_dir, snapshot):
    cells = demographics.pyramid(snapshot, get_round(2), "ECE")
    assert cells is not None and len(cells) == 10
    hosts = rawcalc.members_on("ECE", 2)
    rows = [
        r
        for r in raw_demographics(raw_dir)
        if r["pop_type"] in {"REF", "OIP"} and r["coa_iso"] in hosts
    ]
    aged = sum(
        float(r["f_total"]) + float(r["m_total"]) - float(r["f_other"]) - float(r["m_other"])
        for r in rows
    )
    women_18_59 = sum(float(r["f_18_59"]) for r in rows)
    got = {(sex, band): (persons.value, pct.value) for sex, band, persons, pct in cells}
    assert got[("female", "18-59")][0] == women_18_59
    assert got[("female", "18-59")][1] == pytest.approx(100 * women_18_59 / aged, abs=1e-12)
    assert sum(pct for _persons, pct in got.values()) == pytest.approx(100, abs=1e-9)


def test_round_1_has_no_breakdown_by_sex_and_age(snapshot):
    # The file holds end-2025 only: after round 1's window and inside round 2's successor
    # range, so round 1 shows none (and says so).
    r = get_round(1)
    assert demographics.demographics_year(snapshot, r) is None
    assert demographics.population_profile(snapshot, r, "ECE", "refugees") is None
    assert demographics.demographics_year(snapshot, get_round(2)) == 2025


# --- remittance corridors -----------------------------------------------------------------


def raw_bands(costs: dict[tuple[str, str], float]) -> tuple[int, int, int]:
    """Return how many corridors cost at most 3%, over 3% to 5%, and over 5%."""
    values = list(costs.values())
    return (
        sum(v <= 3 for v in values),
        sum(3 < v <= 5 for v in values),
        sum(v > 5 for v in values),
    )


@pytest.mark.parametrize("code", ["ECLAC", "ESCWA", "ECA"])
def test_corridor_costs_match_raw_file(raw_dir, snapshot, code):
    region = rawcalc.members_on(code, 1)
    costs = raw_corridor_costs(raw_dir, 2020)
    c = corridors.region_corridors(snapshot, get_round(1), code)
    assert (c.year, c.status) == (2020, "ok")
    into = {k: v for k, v in costs.items() if k[1] in region}
    out = {k: v for k, v in costs.items() if k[0] in region}
    for direction, expected, side in (("to", into, 1), ("from", out, 0)):
        count = c.corridors(direction)
        assert count.value == len(expected)
        assert count.members_with_data == len({k[side] for k in expected})
        assert count.members_total == len(region)
        bands = c.bands(direction)
        got = tuple(bands[b].value for b in corridors.BANDS)
        assert got == raw_bands(expected)
        assert sum(got) == len(expected)
    ranked = sorted(into.items(), key=lambda kv: (kv[1], kv[0]))
    extremes = c.extremes("to", 3)
    assert [(e.sending, e.receiving) for e in extremes[:3]] == [k for k, _v in ranked[:3]]
    assert [(e.sending, e.receiving) for e in extremes[3:]] == [k for k, _v in ranked[::-1][:3]]
    assert extremes[0].cost.value == pytest.approx(ranked[0][1], abs=1e-12)


def test_corridors_publish_no_average_cost_of_their_own(snapshot):
    # The region's cost of remittances is SDG 10.c.1 alone: a corridor mean would be a second
    # "average cost" (ECLAC 2020: 6.3% over corridors against 6.0% for 10.c.1).
    c = corridors.region_corridors(snapshot, get_round(1), "ECLAC")
    assert not hasattr(c, "average") and not hasattr(c, "world_average")


def test_corridor_figures_by_hand(snapshot):
    # ESCWA 2020 (Q1–Q3): Kuwait → Egypt is the cheapest corridor into the Arab region at
    # 3.01%, Jordan → Syria the costliest at 21.19%; 57 corridors from 7 of the 20 members:
    # 6 at most 3%, 35 over 3% to 5%, 16 over 5% (counted by hand in the DataBank export).
    c = corridors.region_corridors(snapshot, get_round(1), "ESCWA")
    (
        cheapest,
        *_,
    ) = c.extremes("to", 3)
    costliest = c.extremes("to", 3)[3]
    assert (cheapest.sending, cheapest.receiving, round(cheapest.cost.value, 2)) == (
        "KWT",
        "EGY",
        3.01,
    )
    assert (costliest.sending, costliest.receiving, round(costliest.cost.value, 2)) == (
        "JOR",
        "SYR",
        21.19,
    )
    sent = c.corridors("from")
    assert (sent.value, sent.members_with_data, sent.members_total) == (57, 7, 20)
    assert [c.bands("from")[b].value for b in corridors.BANDS] == [6, 35, 16]


@pytest.mark.parametrize("code", COMMISSIONS)
def test_round_2_repeats_round_1_corridors_as_context(snapshot, code):
    first = corridors.region_corridors(snapshot, get_round(1), code)
    second = corridors.region_corridors(snapshot, get_round(2), code)
    assert (second.year, second.status) == (2020, "no_newer_data")
    for direction in ("to", "from"):
        pairs = [(first.corridors(direction), second.corridors(direction))]
        pairs += [(first.bands(direction)[b], second.bands(direction)[b]) for b in corridors.BANDS]
        for a, b in pairs:
            assert (b.value, b.year, b.members_with_data, b.round) == (
                a.value,
                a.year,
                a.members_with_data,
                2,
            )
            assert b.status == ("no_newer_data" if a.status == "ok" else a.status)
    assert [e.cost.value for e in second.extremes("to", 3)] == [
        e.cost.value for e in first.extremes("to", 3)
    ]


# --- blocks carry what they show ------------------------------------------------------------

NUMBER = re.compile(r"(?<![\w.])(?:\d{1,3}(?:,\d{3})+|\d+\.\d{1,2}%)")


def _blocks(snapshot: Snapshot, code: str, n: int) -> list[Block]:
    charts.enable()
    ctx = ReportContext(code, n, snapshot)
    return [
        migration.sex_summary(ctx),
        migration.sex_table(ctx),
        migration.subregion_summary(ctx),
        migration.subregion_chart(ctx),
        migration.subregion_table(ctx),
        within_region.over_time_summary(ctx),
        within_region.over_time_chart(ctx),
        within_region.over_time_table(ctx),
        within_region.emigrants_sex_summary(ctx),
        within_region.emigrants_sex_table(ctx),
        *protection.build(ctx),
        *remittances.build(ctx),
    ]


def _shown(stat: Stat) -> set[str]:
    if stat.value is None:
        return set()
    return {fmt_stat(stat), f"{stat.value:.2f}%", f"{stat.value:,.0f}"}


@pytest.mark.parametrize(("code", "n"), [("ECLAC", 2), ("ESCWA", 1)])
def test_every_number_a_block_shows_is_a_statistic_it_carries(snapshot, code, n):
    for block in _blocks(snapshot, code, n):
        text = (
            block.chart.to_dict()["description"] if isinstance(block, Chart) else block.markdown()
        )
        carried = set().union(*(_shown(s) for s in block.figures)) if block.figures else set()
        for number in NUMBER.findall(text):
            assert number in carried, (type(block).__name__, number, text[:120])


@pytest.mark.parametrize(("code", "n"), [("ECLAC", 2), ("ESCWA", 1)])
def test_charts_have_alt_text_wrapped_titles_and_sources(snapshot, code, n):
    found = [b for b in _blocks(snapshot, code, n) if isinstance(b, Chart)]
    assert len(found) == (4 if n == 2 else 3)  # round 1 has no pyramid
    for block in found:
        spec = block.chart.to_dict()
        assert len(spec["description"]) > 60
        title = spec["title"]
        assert all(len(line) <= 72 for line in title["text"])
        assert all(len(line) <= 100 for line in title["subtitle"])
        assert "Source:" in " ".join(title["subtitle"])
        assert "0M" not in str(spec)  # count axes print "0", never "0M"
        assert block.figures


def test_round_1_protection_section_says_plainly_there_is_no_breakdown(snapshot):
    blocks = protection.build(ReportContext("ECE", 1, snapshot))
    assert len(blocks) == 1 and not blocks[0].figures
    text = blocks[0].markdown()
    assert "the extract used here holds end-2025 only" in text
    assert "these data have no breakdown for this round's years, 2016–2020" in text


def test_round_2_protection_is_labelled_as_the_latest_year_in_the_extract(snapshot):
    blocks = protection.build(ReportContext("ECLAC", 2, snapshot))
    text = " ".join(
        b.chart.to_dict()["description"] if isinstance(b, Chart) else b.markdown() for b in blocks
    )
    assert "the only year UNHCR publishes" not in text
    assert "the extract used here holds end-2025 only" in text
    assert "Their sex is reported for 88.5% of them" in text  # how complete it is
    # 32 members and associate members host some; 6 of them report no one's sex (by hand).
    assert "26 of the 32 members and associate members hosting any of them" in text
    table = next(b for b in blocks if isinstance(b, Table))
    assert len(table.rows) == 8  # three populations and their sum, region and world


def test_round_2_remittances_say_the_extract_ends_before_the_window(snapshot):
    blocks = remittances.build(ReportContext("ECLAC", 2, snapshot))
    text = blocks[0].markdown()
    assert "The corridor extract used here ends in 2020Q3" in text
    assert "no survey in this round's window (2021–2024)" in text
    assert "the first round's, for 2020, shown as context" in text
    # Said once, where the section opens, not in every caption.
    tables = [b for b in blocks if isinstance(b, Table)]
    assert all("first-round" not in t.caption and t.caption.endswith("2020") for t in tables)
    assert all(s.status == "no_newer_data" for t in tables for s in t.figures)
    # The region's cost statistic is restated with its year and coverage (SDG 10.c.1, 2021).
    assert "SDG indicator 10.c.1, 6.0% in 2021" in text
    assert "19 of 47 members and associate members with a value" in text


def test_corridor_sentences_count_corridors_by_band(snapshot):
    # ECLAC 2020, by hand in the DataBank export: 41 corridors into 19 of the 47 members and
    # associate members, none at most 3%, 14 over 3% to 5%, 27 over 5%; from 3.15%
    # (United States to El Salvador) to 11.34% (Japan to Brazil).
    text = remittances.summary(ReportContext("ECLAC", 2, snapshot)).markdown()
    assert (
        "41 corridors into 19 of 47 members and associate members were surveyed: none cost 3% "
        "or less, 14 between 3% and 5% and 27 more than 5%"
    ) in text
    assert (
        "The cheapest was United States of America to El Salvador, at 3.15%; the costliest, "
        "Japan to Brazil, at 11.34%."
    ) in text
    assert "average" not in text


# --- the built reports ----------------------------------------------------------------------

ROUND_CASES = [(n, code) for n in (1, 2) for code in COMMISSIONS]


def _indicators(folder: Path) -> dict[tuple[str, str, str], dict[str, str]]:
    with (folder / "indicators.csv").open(encoding="utf-8") as fh:
        return {(r["indicator"], r["area"], r["year"]): r for r in csv.DictReader(fh)}


@pytest.mark.parametrize(("round_number", "code"), ROUND_CASES)
def test_built_reports_hold_the_breakdowns(built, round_number, code):
    folder = built / f"round-{round_number}" / code
    page = html_lib.unescape((folder / "report.html").read_text(encoding="utf-8"))
    r = get_round(round_number)
    year = r.reference_year
    for caption in (
        f"by sex, 1990–{year}",
        f"by subregion, 1990–{year}",
        f"by subregion, 1990 and {year}",
        "Migrants to, within and from",
        "Emigrants from",
        "Refugees and others in need of protection, by sex and age</h2>",
        "Remittance corridors and costs</h2>",
        "Sending US$200 to",
    ):
        assert caption in page, caption
    rows = _indicators(folder)
    for indicator, area in (
        ("female_migrant_stock", code),
        ("male_migrant_stock", code),
        ("born_outside_region_stock", code),
        ("emigrant_outside_region_stock", code),
        ("emigrant_female_stock", code),
        ("born_in_region_share_pct", code),
    ):
        for y in (1990, year):
            assert rows[(indicator, area, str(y))]["value"], (indicator, y)
    assert any(k[0] == "subregion_migrant_stock" and k[1].startswith(f"{code}:") for k in rows)
    corridors_in = rows[("rpw_corridors_to_members", code, "2020")]
    assert corridors_in["status"] == ("ok" if round_number == 1 else "no_newer_data")
    protected = [k for k in rows if k[0].startswith("refugees_oip_")]
    if round_number == 1:
        assert protected == []
        assert "these data have no breakdown for this round's years" in page
    else:
        assert rows[("refugees_oip_female_pct", code, "2025")]["status"] == "latest_available"


@pytest.mark.parametrize(("round_number", "code"), [(2, "ECLAC"), (1, "ESCWA")])
def test_built_breakdown_figures_equal_raw_files(built, raw_dir, round_number, code):
    rows = _indicators(built / f"round-{round_number}" / code)
    region = rawcalc.members_on(code, round_number)
    year = get_round(round_number).reference_year
    female = sum(raw_stock(raw_dir, round_number, c, year, "female") or 0 for c in region)
    assert int(rows[("female_migrant_stock", code, str(year))]["value"]) == female
    od = raw_od(raw_dir, REVISION[round_number])
    abroad = sum(
        n for (y, d, o, _), n in od.items() if y == 1990 and o in region and d not in region
    )
    assert int(rows[("emigrant_outside_region_stock", code, "1990")]["value"]) == abroad
    costs = raw_corridor_costs(raw_dir, 2020)
    into = {k: v for k, v in costs.items() if k[1] in rawcalc.members_on(code, 1)}
    assert float(rows[("rpw_corridors_to_members", code, "2020")]["value"]) == len(into)
    above = rows[("rpw_corridors_to_members_above_5", code, "2020")]
    assert float(above["value"]) == raw_bands(into)[2]


def test_sources_section_lists_the_publications_the_breakdowns_read(snapshot):
    from gcm_report.report.sections.appendix import publications

    lines = publications(ReportContext("ECLAC", 2, snapshot))
    assert any("Remittance Prices Worldwide (Corridors)" in line for line in lines)
    unhcr = next(line for line in lines if line.startswith("- **UNHCR Refugee Population"))
    # population, asylum decisions, solutions (indicators) and the demographics file
    assert unhcr.count("`unhcr/") == 4
