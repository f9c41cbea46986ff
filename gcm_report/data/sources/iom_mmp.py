"""IOM Missing Migrants Project: people recorded dead or missing during migration (SDG 10.7.3).

The official export ``Missing_Migrants_Global_Figures_allData.xlsx`` holds one record per row:
an incident (or a set of them, see below) with its date, place, route and counts of dead,
missing and survivors.

How records add up
------------------
``Main ID`` is unique, and IOM's published totals (e.g. 2024: 9,002 dead and missing) are the
plain sum of ``Total Number of Dead and Missing`` over *every* record of the incident year,
whatever its ``Incident Type``:

* ``Split Incident`` (and ``Incident,Split Incident``): one event whose victims IOM recorded in
  several sub-records (remains found at several places after one shipwreck, say). The export
  already merges them into one row: ``Incident ID`` lists the sub-record IDs, comma-separated,
  and the text columns join their values with commas ("Central Mediterranean,Sahara Desert
  crossing"). No sub-record ID is the Main ID of another row, so no one is counted twice.
* ``Cumulative Incident``: deaths gathered over a period or an area (remains recovered in a
  district over months, say) rather than one event. They are part of the totals; they only make
  a count of *rows* a poor count of *events*.

``dead + missing == dead_and_missing`` (empty = 0) in every record. A few records carry a
negative ``Minimum Estimated Number of Missing`` (2015.MMP00308, 2015.MMP00513, 2015.MMP00565,
2022.MMP00157, 2023.MMP1327), apparently to net out people counted as missing elsewhere and found
dead here (2015.MMP00565: 69 dead, -13 missing, 56 in total), and one a negative ``Number of
Survivors`` (2020.MMP00661, -1). All are kept as published. Thirteen 2020 records (Mexico,
United States) have no date and no year: they keep a missing ``year`` and fall outside every
yearly total, as in IOM's figures. 2014.MMP01266 and 2014.MMP1039 look like one event recorded
twice (same date, coordinates and source; 3 missing each): IOM's totals count both, and so do
these tables.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path

import pandas as pd

from gcm_report.data.sources._base import RawFile, expect_columns, resolve_raw, validate_table
from gcm_report.data.sources.codes import NON_COUNTRIES, names_to_iso3
from gcm_report.errors import DataError

__all__ = ["GROUPS", "RAW", "dead_and_missing", "read_incidents"]

RAW = RawFile(
    path="iom_mmp/Missing_Migrants_Global_Figures_allData.xlsx",
    sha256="2fba916c806fc4d72ecb7f0abe261b86b4ac3754740df3cdacc6a3d2ae226f97",
    publisher="International Organization for Migration (IOM), Missing Migrants Project",
    title="Missing Migrants Project: global figures, all data",
    url="https://missingmigrants.iom.int/downloads",
    licence='not stated in the file; IOM asks for the citation "IOM Missing Migrants Project"',
    vintage="latest incident 2025-04-29",
    official=True,
    note="Publisher export, unmodified, as committed to GitHub repo "
    "joaopedromarcondes/Trabalho-IA (file commit a864f53e, 2025-06-26). The downloads page "
    "regenerates the export whenever records are added, so no URL serves these exact bytes: "
    "copy it from a mirror.",
    citation="IOM Missing Migrants Project",
    download_url=None,
    # Nothing is downloaded automatically (no download_url), so no client ever asks IOM.
    needs_browser_agent=False,
)

_SHEET = "Worksheet"
# Published header (row 1) -> output column; None: not carried into the tidy table.
_LAYOUT: dict[str, str | None] = {
    "Main ID": "main_id",
    "Incident ID": "incident_id",
    "Incident Type": "incident_type",
    "Region of Incident": "region_of_incident",
    "Incident Date": "date",
    "Incident Year": "year",
    "Month": None,
    "Number of Dead": "dead",
    "Minimum Estimated Number of Missing": "missing",
    "Total Number of Dead and Missing": "dead_and_missing",
    "Number of Survivors": "survivors",
    "Number of Females": "females",
    "Number of Males": "males",
    "Number of Children": "children",
    "Country of Origin": "origin",
    "Region of Origin": None,
    "Cause of Death": "cause",
    "Country of Incident": "country_iso3",
    "Migration Route": "route",
    "Location of Incident": None,
    "Coordinates": None,
    "UNSD Geographical Grouping": "unsd_grouping",
    "Information Source": None,
    "URL": None,
    "Source Quality": "source_quality",
}
_COUNTS = ["dead", "missing", "dead_and_missing", "survivors", "females", "males", "children"]
_TEXT = [
    "incident_id",
    "incident_type",
    "region_of_incident",
    "route",
    "cause",
    "origin",
    "unsd_grouping",
    "source_quality",
]
_OUTPUT = [
    "main_id",
    "incident_id",
    "incident_type",
    "date",
    "year",
    "region_of_incident",
    "country_iso3",
    "route",
    *_COUNTS,
    "cause",
    "origin",
    "unsd_grouping",
    "source_quality",
]
_TYPES = {"Incident", "Split Incident", "Cumulative Incident"}

GROUPS = ("year", "country_iso3", "region_of_incident", "route")
"""Columns :func:`dead_and_missing` can group by."""


def _letter(name: str) -> str:
    """Return the spreadsheet letter of a published column (the layout has fewer than 27)."""
    return chr(ord("A") + list(_LAYOUT).index(name))


def _text(values: pd.Series) -> pd.Series:
    """Return cells as text, empty cells missing.

    Source Quality is a number in Excel unless it lists several grades ("4,5"): write 4.0 as
    "4" so that the column reads the same either way.
    """
    return values.map(lambda v: int(v) if isinstance(v, float) and v.is_integer() else v).astype(
        "str"
    )


def _counts(values: pd.Series, where: str, ids: pd.Series) -> pd.Series:
    """Return a count column as float64 (empty cells stay missing), refusing any text."""
    numbers = pd.to_numeric(values, errors="coerce")
    bad = values.notna() & numbers.isna()
    if bad.any():
        first = bad.idxmax()
        raise DataError(
            f"{where}: {int(bad.sum())} non-numeric value(s), first {values[first]!r} "
            f"(record {ids[first]})"
        )
    return numbers.astype("float64")


def _dates(values: pd.Series, where: str, ids: pd.Series) -> pd.Series:
    """Return incident dates; text must be ISO ``YYYY-MM-DD``.

    IOM writes dates as text. One record (2020.MMP01343) holds the number 0 instead: a
    placeholder for an unknown day, read as missing (its year and month are filled in).
    """
    is_text = values.map(lambda v: isinstance(v, str))
    parsed = pd.to_datetime(values.where(is_text), format="%Y-%m-%d", errors="coerce")
    bad = is_text & parsed.isna()
    if bad.any():
        first = bad.idxmax()
        raise DataError(
            f"{where}: {int(bad.sum())} date(s) not in YYYY-MM-DD form, first "
            f"{values[first]!r} (record {ids[first]})"
        )
    # Should a later export store real Excel dates, calamine returns them as datetimes.
    is_date = values.map(lambda v: isinstance(v, (date, datetime)))
    if is_date.any():
        parsed[is_date] = pd.to_datetime(values[is_date])
    return parsed.astype("datetime64[ns]")


def _countries(values: pd.Series, m49: pd.DataFrame, where: str) -> pd.Series:
    """Return ISO3 codes of the countries of incident; missing where no country is given.

    An empty cell (no country: an incident at sea, say) stays missing, and so does a name that
    means no country ("Unknown"); any other name must map, else DataError lists the names.
    """
    text = _text(values)
    given = text.notna() & text.str.strip().ne("")
    iso3 = pd.Series(pd.NA, index=values.index, dtype="str")
    if given.any():
        iso3[given] = names_to_iso3(text[given], m49, where=where)
    return iso3.where(~iso3.isin(list(NON_COUNTRIES)))


def read_incidents(raw_dir: Path, m49: pd.DataFrame, raw: RawFile = RAW) -> pd.DataFrame:
    """Read the Missing Migrants Project export into one row per record.

    Parameters
    ----------
    raw_dir
        Raw-data root laid out like ``../shared/data``.
    m49
        Output of :func:`gcm_report.data.sources.m49.read_m49`, to map countries to ISO3.
    raw
        The declared workbook (another vintage with the same layout may be passed).

    Returns
    -------
    DataFrame
        One row per ``main_id`` (sorted by it): ``incident_id`` (comma-separated sub-record IDs
        for split incidents), ``incident_type``, ``date`` (datetime64, missing for 14 records),
        ``year`` (Int16, missing for 13), ``region_of_incident``, ``country_iso3`` (missing
        when the record names no country), ``route`` (missing when none), the float64 counts
        ``dead``, ``missing``, ``dead_and_missing``, ``survivors``, ``females``, ``males``,
        ``children`` (missing = not recorded), and the text as published of ``cause``,
        ``origin`` (Country of Origin), ``unsd_grouping`` and ``source_quality`` (1–5, or a
        comma-separated list such as "4,5" for merged sub-records).

    Raises
    ------
    DataError
        If the file is missing or changed, its sheet or columns differ from the published
        layout, a value has the wrong form, or a country name has no ISO3 mapping.
    """
    path = resolve_raw(raw_dir, raw)
    where = f"{path.name} [{_SHEET}]"
    with pd.ExcelFile(path, engine="calamine") as book:
        if _SHEET not in book.sheet_names:
            raise DataError(f"{where}: sheet is missing (sheets: {', '.join(book.sheet_names)})")
        sheet = pd.read_excel(book, _SHEET, header=None, dtype=object)
    if sheet.empty:
        raise DataError(f"{where}: sheet is empty")
    expect_columns(f"{where} row 1", sheet.iloc[0].tolist(), _LAYOUT, letters=True)
    body = sheet.iloc[1:].set_axis(list(_LAYOUT), axis=1).reset_index(drop=True)

    def column(name: str) -> str:
        return f"{where} column {_letter(name)} ({name})"

    # Nine Main IDs start with a byte-order mark (pasted text); it is not part of the ID.
    ids = _text(body["Main ID"]).str.replace("\ufeff", "", regex=False).str.strip()
    out = pd.DataFrame({"main_id": ids})
    for name, target in _LAYOUT.items():
        if target in _TEXT:
            out[target] = _text(body[name])
        elif target in _COUNTS:
            out[target] = _counts(body[name], column(name), ids)
    out["incident_id"] = out["incident_id"].str.replace("\ufeff", "", regex=False)
    out["date"] = _dates(body["Incident Date"], column("Incident Date"), ids)
    year = _counts(body["Incident Year"], column("Incident Year"), ids)
    if (year.dropna() % 1 != 0).any():
        raise DataError(f"{column('Incident Year')}: holds non-integer years")
    out["year"] = year.astype("Int16")
    mismatch = out["date"].notna() & out["year"].notna() & (out["date"].dt.year != out["year"])
    if mismatch.any():
        first = mismatch.idxmax()
        raise DataError(
            f"{where}: Incident Date and Incident Year disagree for {int(mismatch.sum())} "
            f"record(s), first {ids[first]}"
        )
    out["country_iso3"] = _countries(
        body["Country of Incident"], m49, column("Country of Incident")
    )
    # The totals' meaning depends on the record types (module docstring): refuse new ones.
    parts = set(out["incident_type"].dropna().str.split(",").explode().str.strip())
    unknown = sorted(parts - _TYPES)
    if unknown or out["incident_type"].isna().any():
        raise DataError(f"{column('Incident Type')}: unknown or empty type(s) {unknown}")

    out = out[_OUTPUT].sort_values("main_id", ignore_index=True)
    validate_table(
        out,
        where,
        keys=["main_id"],
        # missing and survivors may be negative by design (netting, module docstring).
        non_negative=["dead", "dead_and_missing", "females", "males", "children"],
        dtypes={
            **dict.fromkeys(_COUNTS, "f"),
            **dict.fromkeys(["main_id", *_TEXT, "country_iso3"], "O"),
            "year": "i",
            "date": "M",
        },
    )
    return out


def dead_and_missing(incidents: pd.DataFrame, by: Sequence[str]) -> pd.DataFrame:
    """Total the dead and missing of :func:`read_incidents` records by the given columns.

    Every record counts, split and cumulative incidents included: that is how IOM's published
    totals are made (module docstring). Records with no value in a grouping column (no year, no
    country, no route) form their own group, placed last, instead of being dropped.

    Parameters
    ----------
    incidents
        Output of :func:`read_incidents` (or a subset of its rows).
    by
        Grouping columns, a subset of :data:`GROUPS` (empty: one grand total row).

    Returns
    -------
    DataFrame
        The ``by`` columns, then float64 ``dead``, ``missing`` and ``dead_and_missing`` (an
        empty count adds zero, so ``dead + missing == dead_and_missing`` per group), one row per
        group, sorted by ``by``.

    Raises
    ------
    ValueError
        If ``by`` names a column outside :data:`GROUPS` or repeats one.
    """
    by = list(by)
    if not set(by) <= set(GROUPS) or len(set(by)) != len(by):
        raise ValueError(f"by must be distinct columns among {GROUPS}, got {by}")
    totals = ["dead", "missing", "dead_and_missing"]
    if not by:
        return pd.DataFrame({c: [float(incidents[c].sum())] for c in totals})
    grouped = incidents.groupby(by, dropna=False, sort=False)[totals].sum().reset_index()
    return grouped.sort_values(by, na_position="last", ignore_index=True).astype(
        dict.fromkeys(totals, "float64")
    )
