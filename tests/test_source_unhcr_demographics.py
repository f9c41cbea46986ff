"""UNHCR demographics loader (sex and age, end-2025) against the raw file read with csv + gzip."""

from __future__ import annotations

import csv
import dataclasses
import gzip
import io
from collections import defaultdict
from collections.abc import Callable
from functools import cache
from pathlib import Path

import pandas as pd
import pytest

from gcm_report.data.sources import m49, unhcr
from gcm_report.data.sources._base import RawFile, sha256_file
from gcm_report.errors import DataError

KEPT = {"REF": "refugees", "ASY": "asylum_seekers", "OIP": "oip"}
BANDS = {"0_4": "0-4", "5_11": "5-11", "12_17": "12-17", "18_59": "18-59", "60": "60+"}
BANDS["other"] = "unknown"


@cache
def raw_cells(raw_dir: Path) -> dict[tuple[str, str, str, str, str], float]:
    """Return {(origin, asylum, population, sex, age): persons} summed over locations."""
    out: dict[tuple[str, str, str, str, str], float] = defaultdict(float)
    path = raw_dir / unhcr.DEMOGRAPHICS.path
    with gzip.open(path, "rt", encoding="utf-8", newline="") as fh:
        for r in csv.DictReader(fh):
            if r["pop_type"] not in KEPT:
                continue
            key = (r["coo_iso"], r["coa_iso"], KEPT[r["pop_type"]])
            known = 0.0
            for sex in ("f", "m"):
                for column, band in BANDS.items():
                    value = float(r[f"{sex}_{column}"])
                    out[(*key, "female" if sex == "f" else "male", band)] += value
                    known += value
            out[(*key, "unknown", "unknown")] += float(r["total"]) - known
    return {k: v for k, v in out.items() if v > 0}


@pytest.fixture(scope="module")
def m49_codes(raw_dir: Path) -> pd.DataFrame:
    return m49.read_m49(raw_dir)


@pytest.fixture(scope="module")
def demographics(raw_dir: Path, m49_codes: pd.DataFrame) -> pd.DataFrame:
    return unhcr.read_demographics(raw_dir, m49_codes)


def test_every_cell_equals_the_raw_sum_over_locations(raw_dir, demographics):
    expected = raw_cells(raw_dir)
    got = {
        (r.origin, r.asylum, r.population_type, r.sex, r.age): r.value
        for r in demographics.itertuples()
    }
    assert got.keys() == expected.keys()
    assert all(got[k] == pytest.approx(v, abs=1e-9) for k, v in expected.items())


def test_totals_match_the_population_file_for_2025(demographics):
    # UNHCR's end-2025 totals in the population file (PROVENANCE: refugees 2025 = 28,461,306
    # by `zcat unhcr_refugees_pkg_population.csv.gz | awk` over column refugees, year 2025).
    totals = demographics.groupby("population_type")["value"].sum()
    assert totals["refugees"] == 28_461_306
    assert totals["asylum_seekers"] == 8_998_097
    assert totals["oip"] == 7_177_473
    assert set(demographics["year"]) == {2025}


def test_one_hand_copied_row(demographics):
    # zcat … | grep '^2025,Venezuela.*,ABW,OIP,': total 11,470, no sex or age reported.
    row = demographics[(demographics["origin"] == "VEN") & (demographics["asylum"] == "ABW")]
    assert row[["population_type", "sex", "age", "value"]].values.tolist() == [
        ["oip", "unknown", "unknown", 11470.0]
    ]


def test_other_population_types_are_left_out(demographics):
    # IDPs, returnees, stateless people, others of concern and host communities are not in
    # need of international protection as migrants; one returnee row even has the origin-only
    # "stateless" code as its country, which the reader never sees.
    assert set(demographics["population_type"]) == {"refugees", "asylum_seekers", "oip"}
    assert "XXA" not in set(demographics["asylum"])


def test_schema_and_sort_order(demographics):
    keys = ["year", "origin", "asylum", "population_type", "sex", "age"]
    assert list(demographics.columns) == [*keys, "value"]
    assert not demographics.duplicated(keys).any()
    assert demographics.equals(demographics.sort_values(keys, ignore_index=True))
    assert (demographics["value"] > 0).all()
    assert set(demographics["age"]) == set(unhcr.AGE_BANDS)
    unknown = demographics[demographics["sex"] == "unknown"]
    assert set(unknown["age"]) == {"unknown"}


def _edited(raw_dir: Path, tmp_path: Path, edit: Callable[[list[list[str]]], None]) -> RawFile:
    with gzip.open(raw_dir / unhcr.DEMOGRAPHICS.path, "rt", encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    edit(rows)
    text = io.StringIO(newline="")
    csv.writer(text, lineterminator="\n").writerows(rows)
    target = tmp_path / unhcr.DEMOGRAPHICS.path
    target.parent.mkdir(parents=True, exist_ok=True)
    with gzip.open(target, "wt", encoding="utf-8", newline="") as fh:
        fh.write(text.getvalue())
    return dataclasses.replace(unhcr.DEMOGRAPHICS, sha256=sha256_file(target))


def test_moved_column_names_file_and_column(raw_dir, m49_codes, tmp_path):
    def rename(rows: list[list[str]]) -> None:
        rows[0][rows[0].index("f_60")] = "f_60_plus"

    declared = _edited(raw_dir, tmp_path, rename)
    with pytest.raises(DataError, match=r"demographics\.csv\.gz: column 16 is 'f_60_plus'"):
        unhcr.read_demographics(tmp_path, m49_codes, raw=declared)


def test_unknown_population_type_is_refused(raw_dir, m49_codes, tmp_path):
    def new_type(rows: list[list[str]]) -> None:
        rows[1][rows[0].index("pop_type")] = "XYZ"

    declared = _edited(raw_dir, tmp_path, new_type)
    with pytest.raises(DataError, match=r"'pop_type' holds unknown type\(s\) \['XYZ'\]"):
        unhcr.read_demographics(tmp_path, m49_codes, raw=declared)


def test_sex_total_that_differs_from_its_age_bands_is_refused(raw_dir, m49_codes, tmp_path):
    def inflate(rows: list[list[str]]) -> None:
        header = rows[0]
        row = next(r for r in rows[1:] if r[header.index("pop_type")] == "REF")
        row[header.index("f_total")] = str(float(row[header.index("f_total")]) + 10)

    declared = _edited(raw_dir, tmp_path, inflate)
    with pytest.raises(DataError, match=r"f_total differs from the sum of its age bands"):
        unhcr.read_demographics(tmp_path, m49_codes, raw=declared)


def test_declaration_carries_provenance():
    raw = unhcr.DEMOGRAPHICS
    assert raw.path == "unhcr/unhcr_refugees_pkg_demographics.csv.gz"
    assert raw.url == "https://api.unhcr.org/population/v1/demographics/?coo_all=true&coa_all=true"
    assert raw.licence == "CC BY 4.0" and not raw.official and raw.download_url is None
    assert "8239ce0f" in raw.note and "pyreadr" in raw.note
    assert "end-2025" in raw.title
