"""IOM Missing Migrants Project loader: IOM's published totals, hand-checked records, bad input.

Independent figures come from the raw workbook read with openpyxl (the loader uses calamine
through pandas) and from the totals quoted in shared/data/iom_mmp/PROVENANCE.md.
"""

from __future__ import annotations

import dataclasses
import shutil
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from gcm_report.data.sources import iom_mmp
from gcm_report.data.sources._base import RawFile, sha256_file
from gcm_report.data.sources.m49 import read_m49
from gcm_report.errors import DataError

FILE = Path(iom_mmp.RAW.path).name
# "Totals of 'Total Number of Dead and Missing' by year" quoted in PROVENANCE.md.
PUBLISHED = {2020: 4314, 2021: 6276, 2022: 7205, 2023: 8747, 2024: 9002}
EXCERPT_ROWS = 100  # records kept in the small workbook used for the malformed-input tests


@pytest.fixture(scope="module")
def m49(raw_dir: Path) -> pd.DataFrame:
    return read_m49(raw_dir)


@pytest.fixture(scope="module")
def incidents(raw_dir: Path, m49: pd.DataFrame) -> pd.DataFrame:
    return iom_mmp.read_incidents(raw_dir, m49)


@pytest.fixture(scope="module")
def raw_rows(raw_dir: Path) -> list[tuple]:
    """Return every row of the raw sheet, header first, read with openpyxl."""
    wb = openpyxl.load_workbook(raw_dir / iom_mmp.RAW.path, read_only=True, data_only=True)
    try:
        return list(wb["Worksheet"].iter_rows(values_only=True))
    finally:
        wb.close()


@pytest.fixture(scope="module")
def excerpt(raw_rows: list[tuple], tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Write the header and first records to a small workbook for the malformed-input tests.

    Editing it takes ~0.1 s; a load-edit-save of the full workbook with openpyxl takes ~11 s,
    and the layout checks only look at the header and cell values, which the excerpt keeps.
    """
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Worksheet"
    for row in raw_rows[: EXCERPT_ROWS + 1]:
        ws.append(row)
    path = tmp_path_factory.mktemp("excerpt") / FILE
    wb.save(path)
    return path


def _edited(source: Path, tmp_path: Path, edit: Callable[[openpyxl.Workbook], None]) -> RawFile:
    """Copy a workbook to ``tmp_path/iom_mmp/``, edit it, and declare the edited bytes."""
    target = tmp_path / "iom_mmp" / FILE
    target.parent.mkdir()
    wb = openpyxl.load_workbook(source)
    edit(wb)
    wb.save(target)
    return dataclasses.replace(iom_mmp.RAW, sha256=sha256_file(target))


def test_yearly_totals_equal_iom_figures_and_an_openpyxl_sum(incidents, raw_rows):
    header = raw_rows[0]
    assert header[5] == "Incident Year"
    assert header[9] == "Total Number of Dead and Missing"
    independent: dict[int, float] = defaultdict(float)
    for row in raw_rows[1:]:
        if row[5] is not None:  # 13 records have no year; IOM's yearly figures leave them out
            independent[int(row[5])] += row[9]

    by_year = iom_mmp.dead_and_missing(incidents, ["year"])
    dated = by_year[by_year["year"].notna()]
    totals = dict(zip(dated["year"].astype(int), dated["dead_and_missing"], strict=True))

    assert {y: totals[y] for y in PUBLISHED} == PUBLISHED
    assert totals == dict(independent)


def test_every_record_is_one_row_split_and_cumulative_included(incidents, raw_rows):
    assert len(incidents) == len(raw_rows) - 1 == 19_255
    assert incidents["main_id"].is_unique
    assert incidents["main_id"].is_monotonic_increasing
    types = incidents["incident_type"].value_counts().to_dict()
    assert types == {
        "Incident": 18_755,
        "Split Incident": 398,
        "Cumulative Incident": 93,
        "Incident,Split Incident": 9,
    }
    # No sub-record ID of a split incident is another row's Main ID: nothing counts twice.
    subs = incidents["incident_id"].str.split(",").explode()
    owner = incidents["main_id"].reindex(subs.index)
    assert not subs[subs != owner].isin(set(incidents["main_id"])).any()
    # Every record's total is its dead plus missing (empty = 0), negative corrections included.
    netted = incidents["dead"].fillna(0) + incidents["missing"].fillna(0)
    assert netted.equals(incidents["dead_and_missing"])


def test_output_columns_and_dtypes(incidents):
    assert incidents.dtypes.astype(str).to_dict() == {
        "main_id": "str",
        "incident_id": "str",
        "incident_type": "str",
        "date": "datetime64[ns]",
        "year": "Int16",
        "region_of_incident": "str",
        "country_iso3": "str",
        "route": "str",
        **dict.fromkeys(
            ["dead", "missing", "dead_and_missing", "survivors", "females", "males", "children"],
            "float64",
        ),
        "cause": "str",
        "origin": "str",
        "unsd_grouping": "str",
        "source_quality": "str",
    }
    assert incidents["date"].max() == pd.Timestamp("2025-04-29")  # the declared vintage


def _record(incidents: pd.DataFrame, main_id: str) -> dict:
    rows = incidents[incidents["main_id"] == main_id]
    assert len(rows) == 1, main_id
    return rows.iloc[0].to_dict()


def test_hand_picked_records(incidents):
    first = _record(incidents, "2014.MMP00001")  # first row of the sheet
    assert first["date"] == pd.Timestamp("2014-01-06")
    assert first["year"] == 2014
    assert first["country_iso3"] == "USA"
    assert first["route"] == "US-Mexico border crossing"
    assert (first["dead"], first["dead_and_missing"], first["males"]) == (1, 1, 1)
    assert pd.isna(first["missing"]) and pd.isna(first["females"])
    assert first["origin"] == "Guatemala"
    assert first["source_quality"] == "5"

    split = _record(incidents, "2014.MMP00062")  # four sub-records merged in one row
    assert split["incident_type"] == "Split Incident"
    assert split["incident_id"].split(",") == [f"2014.MMP000626{i}" for i in (5, 6, 7, 8)]
    assert (split["dead"], split["missing"], split["dead_and_missing"]) == (10, 0, 10)
    assert (split["country_iso3"], split["route"]) == ("SDN", "Sahara Desert crossing")

    netted = _record(incidents, "2015.MMP00565")  # negative missing: netted, total 56
    assert (netted["dead"], netted["missing"], netted["dead_and_missing"]) == (69, -13, 56)
    assert netted["country_iso3"] == "GRC"

    assert _record(incidents, "2016.MMP00444")["country_iso3"] == "EGY"  # BOM stripped from ID
    no_day = _record(incidents, "2020.MMP01343")  # date cell holds the number 0
    assert pd.isna(no_day["date"]) and no_day["year"] == 2020
    no_year = _record(incidents, "2020.MMP01074")
    assert pd.isna(no_year["year"]) and no_year["country_iso3"] == "MEX"
    assert _record(incidents, "2017.MMP00400")["country_iso3"] == "HKG"
    assert _record(incidents, "2015.MMP00051")["country_iso3"] == "MAC"


def test_groups_without_a_value_are_kept(incidents):
    by_year = iom_mmp.dead_and_missing(incidents, ["year"])
    undated = by_year[by_year["year"].isna()]
    assert len(undated) == 1 and undated.index[0] == len(by_year) - 1  # own row, last
    assert undated["dead_and_missing"].item() == 13

    by_route = iom_mmp.dead_and_missing(incidents, ["route"])
    no_route = by_route.loc[by_route["route"].isna(), "dead_and_missing"].item()
    assert no_route == incidents.loc[incidents["route"].isna(), "dead_and_missing"].sum()

    grand = iom_mmp.dead_and_missing(incidents, [])
    assert grand["dead_and_missing"].item() == by_route["dead_and_missing"].sum() == 74_376
    both = iom_mmp.dead_and_missing(incidents, ["year", "country_iso3", "region_of_incident"])
    assert both["dead_and_missing"].sum() == 74_376
    assert not both.duplicated(["year", "country_iso3", "region_of_incident"]).any()
    with pytest.raises(ValueError, match="cause"):
        iom_mmp.dead_and_missing(incidents, ["cause"])


def test_excerpt_reads_and_empty_country_stays_missing(excerpt, m49, tmp_path):
    def blank(wb: openpyxl.Workbook) -> None:
        wb["Worksheet"]["R2"] = None  # 2014.MMP00001, United States of America
        wb["Worksheet"]["R3"] = "Unknown"  # a name that means no country

    df = iom_mmp.read_incidents(tmp_path, m49, _edited(excerpt, tmp_path, blank))
    assert len(df) == EXCERPT_ROWS
    assert df["country_iso3"].isna().sum() == 2
    assert df.set_index("main_id").loc["2014.MMP00003", "country_iso3"] == "USA"


def _set(cells: dict[str, object]) -> Callable[[openpyxl.Workbook], None]:
    def edit(wb: openpyxl.Workbook) -> None:
        for ref, value in cells.items():
            wb["Worksheet"][ref] = value

    return edit


def _rename(wb: openpyxl.Workbook) -> None:
    wb["Worksheet"].title = "Data"


def _insert(wb: openpyxl.Workbook) -> None:
    ws = wb["Worksheet"]
    ws.insert_cols(5)
    ws["E1"] = "Notes"


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (_insert, f"{FILE} [Worksheet] row 1: column E is 'Notes', expected 'Incident Date'"),
        (_rename, f"{FILE} [Worksheet]: sheet is missing (sheets: Data)"),
        (
            _set({"R2": "Atlantis", "R5": "Narnia", "R6": "Atlantis"}),
            f"{FILE} [Worksheet] column R (Country of Incident): 2 name(s) with no ISO3 "
            "mapping: Atlantis, Narnia",
        ),
        (
            _set({"J3": "several"}),
            f"{FILE} [Worksheet] column J (Total Number of Dead and Missing): 1 non-numeric "
            "value(s), first 'several' (record 2014.MMP00002)",
        ),
        (
            _set({"E4": "14/01/2014"}),
            f"{FILE} [Worksheet] column E (Incident Date): 1 date(s) not in YYYY-MM-DD form, "
            "first '14/01/2014' (record 2014.MMP00003)",
        ),
        (
            _set({"F2": 2015}),
            f"{FILE} [Worksheet]: Incident Date and Incident Year disagree for 1 record(s), "
            "first 2014.MMP00001",
        ),
        (_set({"C2": "Rescue"}), "column C (Incident Type): unknown or empty type(s) ['Rescue']"),
    ],
    ids=[
        "inserted-column",
        "renamed-sheet",
        "unknown-country",
        "text-count",
        "bad-date",
        "year-mismatch",
        "type",
    ],
)
def test_malformed_excerpt_fails_with_one_line(excerpt, m49, tmp_path, edit, message):
    declared = _edited(excerpt, tmp_path, edit)
    with pytest.raises(DataError) as err:
        iom_mmp.read_incidents(tmp_path, m49, declared)
    assert message in str(err.value)
    assert "\n" not in str(err.value)


def test_truncated_copy_is_refused_by_checksum(raw_dir, m49, tmp_path):
    target = tmp_path / "iom_mmp" / FILE
    target.parent.mkdir()
    with (raw_dir / iom_mmp.RAW.path).open("rb") as src, target.open("wb") as dst:
        shutil.copyfileobj(src, dst)
        dst.truncate(1_000_000)
    with pytest.raises(DataError, match=r"checksum .* differs from the declared 2fba916c806f"):
        iom_mmp.read_incidents(tmp_path, m49)
