"""The SDG series loader against the raw files, read independently with the csv module."""

from __future__ import annotations

import csv
import dataclasses
import shutil
from pathlib import Path

import pandas as pd
import pytest

from gcm_report.data.sources import m49, sdg
from gcm_report.data.sources._base import sha256_file
from gcm_report.errors import DataError

SDG_DIR = "unsd_sdg"
M49_FILE = "unsd_m49/UNSD-methodology-M49-en.csv"


@pytest.fixture(scope="module")
def table(raw_dir: Path) -> pd.DataFrame:
    return sdg.read_sdg(raw_dir, m49.read_m49(raw_dir))


def _csv_rows(raw_dir: Path, raw) -> list[dict[str, str]]:
    with (raw_dir / raw.path).open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _m49_codes(raw_dir: Path) -> list[dict[str, str]]:
    with (raw_dir / M49_FILE).open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def _one(df: pd.DataFrame, **where) -> pd.Series:
    sel = df
    for column, value in where.items():
        sel = sel[sel[column] == value]
    assert len(sel) == 1, where
    return sel.iloc[0]


def _copy(raw_dir: Path, tmp_path: Path) -> Path:
    """Copy the SDG and M49 folders to a writable raw root."""
    dest = tmp_path / "raw"
    for folder in (SDG_DIR, "unsd_m49"):
        shutil.copytree(raw_dir / folder, dest / folder)
    for p in dest.rglob("*"):
        p.chmod(0o755 if p.is_dir() else 0o644)
    return dest


def _edit(path: Path, old: str, new: str, count: int = 1) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def test_hand_picked_values_match_the_raw_csv(raw_dir, table):
    # 10.7.3, world, 2014: the first data row of the file (PROVENANCE.md: 1,n,number,2014,5318).
    first = _csv_rows(raw_dir, sdg.SM_DTH_MIGR)[0]
    assert (first["geo_area"], first["year"], first["sm_dth_migr"]) == ("1", "2014", "5318")
    world = _one(table, series="SM_DTH_MIGR", geo_area=1, year=2014)
    assert world["value"] == 5318
    assert (world["indicator"], world["area_name"], world["units"]) == ("10.7.3", "World", "number")
    assert pd.isna(world["iso3"])
    assert world[list(sdg.DIMENSIONS)].tolist() == [sdg.NOT_APPLICABLE] * 4

    # 10.7.2, Afghanistan (M49 4), 2021, domain 2 score.
    raw_afg = next(
        r
        for r in _csv_rows(raw_dir, sdg.SG_CPA_MIGRS)
        if (r["geo_area"], r["year"], r["policy_domains"]) == ("4", "2021", "domain2")
    )
    afg = _one(table, series="SG_CPA_MIGRS", geo_area=4, year=2021, policy_domains="domain2")
    assert afg["value"] == float(raw_afg["sg_cpa_migrs"]) == 2
    assert (afg["iso3"], afg["indicator"], afg["area_name"]) == ("AFG", "10.7.2", "Afghanistan")

    # 10.c.1 corridor Germany (276) -> Afghanistan ("af"), 2016, with the counterpart mapped to
    # ISO3 through the M49 overview's ISO2 column.
    iso2 = {r["ISO-alpha2 Code"].lower(): r["ISO-alpha3 Code"] for r in _m49_codes(raw_dir)}
    raw_corridor = next(
        r
        for r in _csv_rows(raw_dir, sdg.SI_RMT_COST_BC)
        if (r["counterpart"], r["geo_area"], r["year"]) == ("af", "276", "2016")
    )
    corridor = _one(table, series="SI_RMT_COST_BC", geo_area=276, year=2016, counterpart="AFG")
    assert corridor["value"] == float(raw_corridor["si_rmt_cost_bc"]) == 10.47546
    assert corridor["iso3"] == "DEU" and iso2["af"] == "AFG"

    # 10.7.1: Bangladesh 2020, females, migrant workers.
    bgd = _one(table, series="SL_EMP_RCOST_MO", iso3="BGD", sex="female")
    assert (bgd["year"], bgd["migratory_status"], bgd["value"]) == (2020, "migper", 5.6)


def test_every_raw_row_is_read_once_with_its_value(raw_dir, table):
    """Rebuild the whole table from the csv files and compare it cell by cell."""
    iso2 = {r["ISO-alpha2 Code"].lower(): r["ISO-alpha3 Code"] for r in _m49_codes(raw_dir)}
    iso2 |= {"xk": "XKX", "notspec": "UNK"}
    expected: dict[tuple, float] = {}
    skipped = 0
    for code, raw in sdg.SERIES_FILES.items():
        for r in _csv_rows(raw_dir, raw):
            if r[code.lower()] == "N":
                skipped += 1
                continue
            key = (
                code,
                int(r["geo_area"]),
                int(r["year"]),
                r.get("policy_domains", "_Z"),
                iso2[r["counterpart"]] if "counterpart" in r else "_Z",
                r.get("sex", "_Z"),
                r.get("migratory_status", "_Z"),
            )
            expected[key] = float(r[code.lower()])
    keys = ["series", "geo_area", "year", *sdg.DIMENSIONS]
    got = {tuple(k): v for *k, v in table[[*keys, "value"]].itertuples(index=False, name=None)}
    assert got == expected
    assert len(table) == 21845 and skipped == 350  # "N": 50 territories x 7 domains, 2019


def test_schema_order_and_area_codes(table):
    assert list(table.columns) == [
        "series", "indicator", "geo_area", "iso3", "area_name", "year", "value", "units",
        "nature", "policy_domains", "counterpart", "sex", "migratory_status",
    ]  # fmt: skip
    assert table["geo_area"].dtype == "int16" and table["year"].dtype == "int16"
    assert table["value"].dtype == "float64"
    keys = ["series", "geo_area", "year", *sdg.DIMENSIONS]
    assert table.equals(table.sort_values(keys, ignore_index=True))
    assert not table.duplicated(keys).any()
    assert table[keys].notna().all().all()
    assert set(table["series"]) == set(sdg.SERIES)
    for code, (indicator, _title, unit) in sdg.SERIES.items():
        part = table[table["series"] == code]
        assert set(part["indicator"]) == {indicator} and set(part["units"]) == {unit}
    # Kosovo is reported under 412, which the M49 overview does not list.
    assert set(table.loc[table["geo_area"] == 412, "iso3"]) == {"XKX"}
    # Regional aggregates carry no ISO3; every country does.
    assert table.loc[table["geo_area"].isin([1, 2, 419, 513, 747, 753]), "iso3"].isna().all()
    assert table.loc[table["geo_area"] == 826, "iso3"].eq("GBR").all()


def test_series_titles_match_the_concepts_file(raw_dir):
    path = raw_dir / SDG_DIR / "ddf--concepts--continuous--migration_subset.csv"
    with path.open(encoding="utf-8", newline="") as fh:
        concepts = {r["name"]: r for r in csv.DictReader(fh)}
    assert set(concepts) == set(sdg.SERIES)
    for code, (indicator, title, _unit) in sdg.SERIES.items():
        assert (concepts[code]["indicator"], concepts[code]["description"]) == (indicator, title)


def test_percentages_and_documented_outliers(table):
    for code in ("SG_CPA_MIGRP", "SI_RMT_COST", "SI_RMT_COST_SND", "SI_RMT_COST_BC"):
        values = table.loc[table["series"] == code, "value"]
        assert values.between(0, 100).all(), code
    # Published as is: a negative SmaRT corridor cost (UK -> Nigeria 2021) and remittances
    # above GDP (Lesotho, M49 426, 1987).
    assert _one(table, series="SI_RMT_COST_SC", geo_area=826, year=2021, counterpart="NGA")[
        "value"
    ] == pytest.approx(-7.18)
    assert _one(table, series="BX_TRF_PWKR", geo_area=426, year=1987)["value"] == pytest.approx(
        235.92413
    )
    scores = table.loc[table["series"] == "SG_CPA_MIGRS", "value"]
    assert set(scores) == {1.0, 2.0, 3.0, 4.0}
    # Angola's only corridor has an unspecified counterpart: kept, as unknown.
    assert set(table.loc[table["counterpart"] == "UNK", "geo_area"]) == {24}


def test_declared_files_have_full_provenance(raw_dir):
    for raw in [*sdg.SERIES_FILES.values(), sdg.GEO_AREAS]:
        assert sha256_file(raw_dir / raw.path) == raw.sha256
        assert raw.url.startswith("https://unstats.un.org/SDGAPI/")
        assert not raw.official and raw.download_url is None and not raw.needs_browser_agent
        assert "e0117e9f" in raw.note and raw.citation and raw.licence and raw.vintage
    assert len(set(sdg.SERIES_FILES.values())) == 10


def test_renamed_column_names_file_and_column(raw_dir, tmp_path):
    raw = _copy(raw_dir, tmp_path)
    path = raw / sdg.SM_DTH_MIGR.path
    _edit(path, "geo_area,nature,units,year,", "geo_area,nature,units,yr,")
    declared = dataclasses.replace(sdg.SM_DTH_MIGR, sha256=sha256_file(path))
    with pytest.raises(DataError) as info:
        sdg.read_sdg(raw, m49.read_m49(raw), raw={"SM_DTH_MIGR": declared})
    message = str(info.value)
    assert "\n" not in message
    assert "ddf--datapoints--sm_dth_migr--by--geo_area--nature--units--year.csv" in message
    assert message.endswith("column 4 is 'yr', expected 'year'")


def test_truncated_file_is_refused_by_checksum(raw_dir, tmp_path):
    raw = _copy(raw_dir, tmp_path)
    path = raw / sdg.BX_TRF_PWKR.path
    path.write_bytes(path.read_bytes()[:-200])
    with pytest.raises(DataError, match=r"bx_trf_pwkr--.*\.csv: checksum .* differs"):
        sdg.read_sdg(raw, m49.read_m49(raw))


def test_unknown_area_code_is_listed(raw_dir, tmp_path):
    raw = _copy(raw_dir, tmp_path)
    path = raw / sdg.SM_POP_REFG_OR.path
    # 530 (Netherlands Antilles [former]) is named in the entities file but is no M49 country.
    _edit(path, "\n4,", "\n530,", count=-1)
    declared = dataclasses.replace(sdg.SM_POP_REFG_OR, sha256=sha256_file(path))
    with pytest.raises(DataError) as info:
        sdg.read_sdg(raw, m49.read_m49(raw), raw={"SM_POP_REFG_OR": declared})
    message = str(info.value)
    assert "sm_pop_refg_or" in message and "\n" not in message
    assert "1 geo_area code(s) neither an M49 country" in message and "[530]" in message


def test_unknown_counterpart_is_listed(raw_dir, tmp_path):
    raw = _copy(raw_dir, tmp_path)
    path = raw / sdg.SI_RMT_COST_SC.path
    _edit(path, "\naf,", "\nzz,", count=-1)
    declared = dataclasses.replace(sdg.SI_RMT_COST_SC, sha256=sha256_file(path))
    with pytest.raises(DataError) as info:
        sdg.read_sdg(raw, m49.read_m49(raw), raw={"SI_RMT_COST_SC": declared})
    message = str(info.value)
    assert "si_rmt_cost_sc" in message and "column counterpart" in message
    assert "1 code(s) with no mapping: zz" in message


def test_percentage_above_100_is_refused(raw_dir, tmp_path):
    raw = _copy(raw_dir, tmp_path)
    path = raw / sdg.SG_CPA_MIGRP.path
    _edit(path, "1,g,alldomains,percent,2019,54.1", "1,g,alldomains,percent,2019,154.1")
    declared = dataclasses.replace(sdg.SG_CPA_MIGRP, sha256=sha256_file(path))
    with pytest.raises(DataError, match=r"sg_cpa_migrp.*'value' holds shares outside 0–100"):
        sdg.read_sdg(raw, m49.read_m49(raw), raw={"SG_CPA_MIGRP": declared})


def test_non_numeric_value_is_listed(raw_dir, tmp_path):
    raw = _copy(raw_dir, tmp_path)
    path = raw / sdg.SI_RMT_COST.path
    _edit(path, "1,g,percent,2011,9.3\n", "1,g,percent,2011,9.3%\n")
    declared = dataclasses.replace(sdg.SI_RMT_COST, sha256=sha256_file(path))
    with pytest.raises(DataError) as info:
        sdg.read_sdg(raw, m49.read_m49(raw), raw={"SI_RMT_COST": declared})
    message = str(info.value)
    assert "ddf--datapoints--si_rmt_cost--by--geo_area--nature--units--year.csv" in message
    assert message.endswith("column si_rmt_cost holds non-numeric value(s) ['9.3%']")
