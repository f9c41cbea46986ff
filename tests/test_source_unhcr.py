"""UNHCR loaders checked against the raw files read independently (csv + gzip modules).

The expected figures are either hand-copied from the raw files (``zcat | grep``) or recomputed
here with the standard library, so a loader bug cannot hide behind shared code.
"""

from __future__ import annotations

import csv
import dataclasses
import gzip
import io
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest

from gcm_report.data.sources import m49, unhcr
from gcm_report.data.sources._base import RawFile, sha256_file
from gcm_report.errors import DataError

POPULATION_COLUMNS = [
    "refugees",
    "asylum_seekers",
    "returned_refugees",
    "idps",
    "returned_idps",
    "stateless",
    "ooc",
    "oip",
    "hst",
]
SOLUTION_COLUMNS = ["returned_refugees", "resettlement", "naturalisation", "returned_idps"]


def _rows(raw_dir: Path, raw: RawFile) -> list[list[str]]:
    """Return every line of a raw gzip CSV as text cells, header first."""
    with gzip.open(raw_dir / raw.path, "rt", encoding="utf-8", newline="") as fh:
        return list(csv.reader(fh))


class RawSummary:
    """Sums per (column, year), the number of non-empty value cells and a few picked rows."""

    def __init__(
        self,
        raw_dir: Path,
        raw: RawFile,
        values: list[str],
        picked: frozenset[tuple[str, ...]] = frozenset(),
    ) -> None:
        self.totals: dict[tuple[str, int], float] = defaultdict(float)
        self.cells = 0
        self.rows: dict[tuple[str, ...], dict[str, str]] = {}
        with gzip.open(raw_dir / raw.path, "rt", encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh):
                for column in values:
                    if row[column] != "":
                        self.totals[(column, int(row["year"]))] += float(row[column])
                        self.cells += 1
                key = (row["year"], row["coo_iso"], row["coa_iso"])
                if key in picked:
                    self.rows[key] = row


@pytest.fixture(scope="module")
def m49_codes(raw_dir: Path) -> pd.DataFrame:
    return m49.read_m49(raw_dir)


@pytest.fixture(scope="module")
def population(raw_dir: Path, m49_codes: pd.DataFrame) -> pd.DataFrame:
    return unhcr.read_population(raw_dir, m49_codes)


# Hand-copied from the raw file (zcat | grep): year, origin, asylum, population type, value.
PICKED = [
    # first data line: 1951,Unknown,UKN,UNK,Australia,AUL,AUS,180000.0,0.0,...,,0.0
    (1951, "UNK", "AUS", "refugees", 180000),
    (1951, "UNK", "AUS", "asylum_seekers", 0),  # explicit zero is kept
    (1951, "UNK", "UNK", "refugees", 158800),  # unknown country of asylum
    (2024, "SYR", "TUR", "refugees", 2901478),
    (2024, "SYR", "TUR", "returned_refugees", 159439),
    (2024, "UKR", "POL", "refugees", 991223),
    (2024, "UKR", "POL", "asylum_seekers", 3448),
    (2025, "SDN", "TCD", "refugees", 1330950),
    (2024, "COL", "COL", "idps", 7031498),
    (2024, "COL", "COL", "hst", 807700),
]


@pytest.fixture(scope="module")
def raw_population(raw_dir: Path) -> RawSummary:
    picked = frozenset((str(year), origin, asylum) for year, origin, asylum, _, _ in PICKED)
    return RawSummary(raw_dir, unhcr.POPULATION, POPULATION_COLUMNS, picked)


def _value(df: pd.DataFrame, **keys: object) -> float:
    match = df
    for column, wanted in keys.items():
        match = match[match[column] == wanted]
    assert len(match) == 1, f"{len(match)} rows for {keys}"
    return float(match["value"].iloc[0])


def _is_sorted(df: pd.DataFrame, keys: list[str]) -> bool:
    return df.equals(df.sort_values(keys, ignore_index=True))


# --- population ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("population_type", "year", "provenance"),
    [("refugees", 2020, 20.66e6), ("refugees", 2024, 30.96e6), ("idps", 2024, 68.13e6)],
)
def test_population_world_totals_match_raw_sums_and_provenance(
    population, raw_population, population_type, year, provenance
):
    rows = population[(population["population_type"] == population_type)]
    loaded = rows.loc[rows["year"] == year, "value"].sum()
    independent = raw_population.totals[(population_type, year)]
    assert loaded == independent  # whole numbers: exact in float64 whatever the order
    assert independent == pytest.approx(provenance, abs=0.005e6)  # PROVENANCE.md rounds to 10k


@pytest.mark.parametrize(("year", "origin", "asylum", "population_type", "expected"), PICKED)
def test_population_hand_picked_rows(
    population, raw_population, year, origin, asylum, population_type, expected
):
    raw_row = raw_population.rows[(str(year), origin, asylum)]
    assert float(raw_row[population_type]) == expected
    loaded = _value(
        population, year=year, origin=origin, asylum=asylum, population_type=population_type
    )
    assert loaded == expected


def test_population_drops_empty_cells_only(population, raw_population):
    # The first line has an empty oip ("not reported"): no row, whereas its zeros are rows.
    first = population[(population["year"] == 1951) & (population["origin"] == "UNK")]
    first = first[first["asylum"] == "AUS"]
    assert sorted(first["population_type"]) == sorted(set(POPULATION_COLUMNS) - {"oip"})
    assert len(population) == raw_population.cells == 1_111_299
    assert population["value"].notna().all()


def test_population_schema_keys_and_order(population):
    assert list(population.columns) == ["year", "origin", "asylum", "population_type", "value"]
    assert population["year"].dtype == "int16"
    assert population["value"].dtype == "float64"
    assert all(population[c].dtype.kind == "O" for c in ["origin", "asylum", "population_type"])
    assert set(population["population_type"]) == set(POPULATION_COLUMNS)
    keys = ["year", "origin", "asylum", "population_type"]
    assert not population.duplicated(keys).any()
    assert _is_sorted(population, keys)
    # Non-country codes: UNK on both sides, XXA/TIB as origins only.
    assert {"UNK", "XXA", "TIB"} <= set(population["origin"])
    assert set(population["asylum"]) & {"XXA", "TIB"} == set()


def test_population_is_deterministic(raw_dir, m49_codes, population):
    again = unhcr.read_population(raw_dir, m49_codes)
    pd.testing.assert_frame_equal(again, population)


# --- asylum applications and decisions -----------------------------------------------------


def test_asylum_applications_rows_and_values(raw_dir, m49_codes):
    df = unhcr.read_asylum_applications(raw_dir, m49_codes)
    keys = ["year", "origin", "asylum", "procedure_type", "app_type", "dec_level", "app_pc"]
    assert list(df.columns) == [*keys, "applied"]
    assert df["year"].dtype == "int16" and df["applied"].dtype == "float64"
    raw_rows = _rows(raw_dir, unhcr.ASYLUM_APPLICATIONS)[1:]
    assert len(df) == len(raw_rows) == 120_597  # no empty "applied" in this release
    assert _is_sorted(df, keys)

    def applied(*key: object) -> float:
        hit = df[(df[keys] == pd.Series(key, index=keys)).all(axis=1)]
        assert len(hit) == 1
        return float(hit["applied"].iloc[0])

    # 2006,Afghanistan,AFG,AFG,Australia,AUL,AUS,G,A,AR,C,14.0
    assert applied(2006, "AFG", "AUS", "G", "A", "AR", "C") == 14
    # "NA" = new applications, a code that must not be read as missing:
    # 2007,Afghanistan,AFG,AFG,Germany,GFR,DEU,G,N,NA,P,338.0
    assert applied(2007, "AFG", "DEU", "G", "N", "NA", "P") == 338
    assert (df["dec_level"] == "NA").sum() == sum(r[9] == "NA" for r in raw_rows) > 2000
    for year in (2020, 2024):
        independent = sum(float(r[11]) for r in raw_rows if r[0] == str(year))
        assert df.loc[df["year"] == year, "applied"].sum() == independent


def test_asylum_decisions_rows_and_values(raw_dir, m49_codes):
    df = unhcr.read_asylum_decisions(raw_dir, m49_codes)
    keys = ["year", "origin", "asylum", "procedure_type", "dec_level", "dec_pc"]
    counts = ["recognized", "other", "rejected", "closed", "total"]
    assert list(df.columns) == [*keys, *counts]
    raw_rows = _rows(raw_dir, unhcr.ASYLUM_DECISIONS)[1:]
    assert len(df) == len(raw_rows) == 113_929
    assert _is_sorted(df, keys)
    indexed = df.set_index(keys)
    # 2000,Afghanistan,AFG,AFG,Australia,AUL,AUS,G,AR,C,38.0,0.0,25.0,0.0,63.0
    assert indexed.loc[(2000, "AFG", "AUS", "G", "AR", "C"), counts].tolist() == [38, 0, 25, 0, 63]
    # 2000,Armenia,ARM,ARM,Czechia,CZE,CZE,G,AR,C,15.0,0.0,21.0,5.0,43.0: total kept as
    # published although the outcomes add up to 41.
    assert indexed.loc[(2000, "ARM", "CZE", "G", "AR", "C"), counts].tolist() == [15, 0, 21, 5, 43]
    independent = sum(float(r[10]) for r in raw_rows if r[0] == "2024")
    assert df.loc[df["year"] == 2024, "recognized"].sum() == independent


# --- solutions -------------------------------------------------------------------------------


def test_solutions_rows_and_values(raw_dir, m49_codes, population):
    df = unhcr.read_solutions(raw_dir, m49_codes)
    keys = ["year", "origin", "asylum", "solution_type"]
    assert list(df.columns) == [*keys, "value"]
    assert set(df["solution_type"]) == set(SOLUTION_COLUMNS)
    raw = RawSummary(raw_dir, unhcr.SOLUTIONS, SOLUTION_COLUMNS)
    assert len(df) == raw.cells == 23_477
    assert _is_sorted(df, keys)
    # 1959,Albania,ALB,ALB,Canada,CAN,CAN,,17.0,,  -> one row, the three empty cells dropped
    first = df[(df["year"] == 1959) & (df["origin"] == "ALB") & (df["asylum"] == "CAN")]
    assert first[["solution_type", "value"]].values.tolist() == [["resettlement", 17.0]]
    # 2024,Afghanistan,AFG,AFG,United States of America,USA,USA,,17031.0,,
    assert _value(df, year=2024, origin="AFG", asylum="USA", solution_type="resettlement") == 17031
    # 2024,Syrian Arab Rep.,SYR,SYR,Syrian Arab Rep.,SYR,SYR,,,,513896.0
    assert _value(df, year=2024, origin="SYR", asylum="SYR", solution_type="returned_idps") == (
        513896
    )
    for year in (2020, 2024):
        loaded = df[(df["year"] == year) & (df["solution_type"] == "resettlement")]
        assert loaded["value"].sum() == raw.totals[("resettlement", year)]
    # Returns appear in both files and agree row for row.
    keys3 = ["year", "origin", "asylum"]
    returns = df[df["solution_type"] == "returned_refugees"].merge(
        population[population["population_type"] == "returned_refugees"], on=keys3, how="left"
    )
    assert len(returns) > 6000
    assert (returns["value_x"] == returns["value_y"]).all()


# --- refused inputs --------------------------------------------------------------------------


def _edited_copy(
    raw_dir: Path, tmp_path: Path, raw: RawFile, edit: Callable[[list[list[str]]], None]
) -> RawFile:
    """Write an edited copy of a raw file under tmp_path; return its declaration."""
    rows = _rows(raw_dir, raw)
    edit(rows)
    text = io.StringIO(newline="")
    csv.writer(text, lineterminator="\n").writerows(rows)
    target = tmp_path / raw.path
    target.parent.mkdir(parents=True, exist_ok=True)
    with gzip.open(target, "wt", encoding="utf-8", newline="") as fh:
        fh.write(text.getvalue())
    return dataclasses.replace(raw, sha256=sha256_file(target))


def test_renamed_column_names_file_and_column(raw_dir, m49_codes, tmp_path):
    def rename(rows: list[list[str]]) -> None:
        rows[0][rows[0].index("idps")] = "idp"

    declared = _edited_copy(raw_dir, tmp_path, unhcr.POPULATION, rename)
    with pytest.raises(DataError) as info:
        unhcr.read_population(tmp_path, m49_codes, raw=declared)
    message = str(info.value)
    assert "\n" not in message
    assert "unhcr_refugees_pkg_population.csv.gz" in message
    assert "column 11 is 'idp', expected 'idps'" in message


def test_extra_column_names_file_and_column(raw_dir, m49_codes, tmp_path):
    def add_column(rows: list[list[str]]) -> None:
        for i, row in enumerate(rows):
            row.append("note" if i == 0 else "")

    declared = _edited_copy(raw_dir, tmp_path, unhcr.SOLUTIONS, add_column)
    with pytest.raises(DataError) as info:
        unhcr.read_solutions(tmp_path, m49_codes, raw=declared)
    message = str(info.value)
    assert "\n" not in message
    assert "unhcr_refugees_pkg_solutions.csv.gz" in message
    assert "unexpected extra column 12 ('note')" in message


def test_changed_file_is_refused_by_checksum(raw_dir, m49_codes, tmp_path):
    source = raw_dir / unhcr.POPULATION.path
    target = tmp_path / unhcr.POPULATION.path
    target.parent.mkdir(parents=True)
    target.write_bytes(source.read_bytes()[:100_000])
    with pytest.raises(DataError, match=r"unhcr_refugees_pkg_population\.csv\.gz: checksum"):
        unhcr.read_population(tmp_path, m49_codes)


def test_unknown_country_code_is_listed(raw_dir, m49_codes, tmp_path):
    def unknown_origin(rows: list[list[str]]) -> None:
        rows[1][rows[0].index("coo_iso")] = "ZZZ"

    declared = _edited_copy(raw_dir, tmp_path, unhcr.POPULATION, unknown_origin)
    with pytest.raises(DataError, match=r"population\.csv\.gz: column 'coo_iso': .*ZZZ"):
        unhcr.read_population(tmp_path, m49_codes, raw=declared)


def test_codes_merged_by_harmonising_are_refused_not_summed(raw_dir, m49_codes, tmp_path):
    # UNHCR's own code for "unknown" (UKN) maps to UNK: a row under each would share a key.
    def add_ukn_twin(rows: list[list[str]]) -> None:
        column = rows[0].index("coo_iso")
        twin = next(row for row in rows[1:] if row[column] == "UNK").copy()
        twin[column] = "UKN"
        rows.append(twin)

    declared = _edited_copy(raw_dir, tmp_path, unhcr.SOLUTIONS, add_ukn_twin)
    with pytest.raises(DataError, match=r"share a key after harmonising codes.*'UKN'.*'UNK'"):
        unhcr.read_solutions(tmp_path, m49_codes, raw=declared)


def test_non_number_cell_names_column_and_line(raw_dir, m49_codes, tmp_path):
    def dash(rows: list[list[str]]) -> None:
        rows[3][rows[0].index("resettlement")] = "-"

    declared = _edited_copy(raw_dir, tmp_path, unhcr.SOLUTIONS, dash)
    with pytest.raises(DataError, match=r"column 'resettlement' holds '-' on line 4"):
        unhcr.read_solutions(tmp_path, m49_codes, raw=declared)


def test_declarations_carry_provenance():
    for raw in (
        unhcr.POPULATION,
        unhcr.ASYLUM_APPLICATIONS,
        unhcr.ASYLUM_DECISIONS,
        unhcr.SOLUTIONS,
    ):
        assert raw.path.startswith("unhcr/") and raw.format == "csv.gz"
        assert raw.url.startswith("https://api.unhcr.org/population/v1/")
        assert raw.licence == "CC BY 4.0"
        assert not raw.official and raw.download_url is None and not raw.needs_browser_agent
        assert "pyreadr" in raw.note and "PopulationStatistics/refugees" in raw.note
        assert raw.citation == "UNHCR Refugee Population Statistics Database"
