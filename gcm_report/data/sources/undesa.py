"""UN DESA Population Division: International Migrant Stock (IMS), 2020 and 2024 revisions.

Two published layouts are read:

* the official 2020 workbook *by sex and destination* (Tables 1–4: migrant stock, total
  population, stock as % of population, females as % of the stock), one row per area;
* the origin × destination × sex file of each revision (IOM Global Data Institute's tidy,
  value-unchanged conversion of the UN DESA files), one row per destination, origin, year, sex.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from gcm_report.data.sources._base import RawFile, column_letter, expect_columns, resolve_raw
from gcm_report.data.sources.codes import harmonise_codes
from gcm_report.errors import DataError

__all__ = [
    "IMS_2020_DESTINATION",
    "IMS_2020_OD",
    "IMS_2024_OD",
    "read_destination_workbook",
    "read_origin_destination",
]

_SERIES = "https://www.un.org/development/desa/pd/content/international-migrant-stock"
_FILES = "https://www.un.org/development/desa/pd/sites/www.un.org.development.desa.pd/files/"
_PUBLISHER = "United Nations, Department of Economic and Social Affairs, Population Division"
_LICENCE = "CC BY 3.0 IGO"

IMS_2020_DESTINATION = RawFile(
    path="undesa_ims/undesa_pd_2020_ims_stock_by_sex_and_destination.xlsx",
    sha256="c2bae98812a1f68b1d7f57a8d3d11903b85522d664f319dfe87daa30f653fd5b",
    publisher=_PUBLISHER,
    title="International Migrant Stock 2020: by sex and destination (POP/DB/MIG/Stock/Rev.2020)",
    url=_FILES + "undesa_pd_2020_ims_stock_by_sex_and_destination.xlsx",
    licence=_LICENCE,
    vintage="2020 revision (POP/DB/MIG/Stock/Rev.2020)",
    official=True,
    citation="UN DESA, International Migrant Stock 2020",
    download_url=_FILES + "undesa_pd_2020_ims_stock_by_sex_and_destination.xlsx",
    needs_browser_agent=True,
)
IMS_2024_OD = RawFile(
    path="undesa_ims/iom_gdidata_undesa_stocks_2024rev.csv.gz",
    sha256="4816b9fb8899afe4ff32281b4ac3dd988de9387436d761a3799889d2189f3224",
    publisher=_PUBLISHER,
    title="International Migrant Stock 2024: by destination, origin and sex",
    url=_FILES + "undesa_pd_2024_ims_stock_by_sex_destination_and_origin.xlsx",
    licence=_LICENCE,
    vintage="2024 revision (estimates released January 2025)",
    official=False,
    citation="UN DESA, International Migrant Stock 2024",
    note="IOM Global Data Institute tidy conversion (iom/gdidata data/undesa_stocks.rda, "
    "commit d6262efc), values unchanged; series page " + _SERIES,
)
IMS_2020_OD = RawFile(
    path="undesa_ims/iom_gdidata_undesa_stocks_2020rev.csv.gz",
    sha256="ca61ca85bc6d20ce90f3a07b02eba83329c2064b32338c0e5d845eb1aa496dfa",
    publisher=_PUBLISHER,
    title="International Migrant Stock 2020: by destination, origin and sex",
    url=_FILES + "undesa_pd_2020_ims_stock_by_sex_destination_and_origin.xlsx",
    licence=_LICENCE,
    vintage="2020 revision (POP/DB/MIG/Stock/Rev.2020)",
    official=False,
    citation="UN DESA, International Migrant Stock 2020",
    note="IOM Global Data Institute tidy conversion (iom/gdidata data/undesa_stocks_2020.rda, "
    "commit 1c27ae4b), values unchanged",
)

_YEARS_2020 = [1990, 1995, 2000, 2005, 2010, 2015, 2020]
_PERIODS_2020 = ["1990-1995", "1995-2000", "2000-2005", "2005-2010", "2010-2015", "2015-2020"]
_ID_COLUMNS = [
    "Region, development group, country or area",
    "Notes",
    "Location code",
    "Type of data",
]
_HEADER_ROW = 10  # 0-based: the header is on spreadsheet row 11
_LABEL_ROW = 7  # 0-based: block titles ("..., both sexes combined") on spreadsheet row 8


@dataclass(frozen=True)
class _Block:
    """A run of columns in a workbook table: one measure, one sex, years or periods."""

    measure: str
    sex: str
    columns: tuple[str | int, ...]
    label: str  # text the block's title cell must contain (lower case)
    scale: float = 1.0


def _sexed(measure: str, title: str, columns: list[Any], scale: float = 1.0) -> list[_Block]:
    return [
        _Block(measure, sex, tuple(columns), f"{title}, {label}", scale)
        for sex, label in (("total", "both sexes"), ("male", "males"), ("female", "females"))
    ]


# Sheet -> blocks in column order. Values are persons or percent (Table 2 is in thousands).
# Rates of change are per cent per year over a five-year period, stored at the period's end
# year (1990-1995 -> 1995); they may be negative.
_TABLES: dict[str, list[_Block]] = {
    "Table 1": _sexed("migrant_stock", "international migrant stock at mid-year", _YEARS_2020),
    "Table 2": _sexed("population", "total population at mid-year", _YEARS_2020, 1000.0),
    "Table 3": _sexed(
        "migrant_share_pct",
        "international migrant stock as a percentage of the total population",
        _YEARS_2020,
    ),
    "Table 4": [
        _Block("female_share_pct", "total", tuple(_YEARS_2020), "female migrants as a percentage")
    ],
    "Table 5": _sexed(
        "migrant_stock_change_rate", "annual rate of change of the migrant stock", _PERIODS_2020
    ),
    "Table 6": [
        _Block("refugee_stock", "total", tuple(_YEARS_2020), "refugee and asylum seekers at"),
        _Block(
            "refugee_share_pct",
            "total",
            tuple(_YEARS_2020),
            "refugee and asylum seekers as a percentage",
        ),
        _Block(
            "refugee_stock_change_rate",
            "total",
            tuple(_PERIODS_2020),
            "annual rate of change of the refugee",
        ),
    ],
}
_RATES = {"migrant_stock_change_rate", "refugee_stock_change_rate"}


def _header_value(value: Any) -> Any:
    if isinstance(value, float) and value == value and value.is_integer():
        return int(value)
    return value


def _read_table(book: pd.ExcelFile, path: Path, sheet: str) -> pd.DataFrame:
    blocks = _TABLES[sheet]
    where = f"{path.name} [{sheet}]"
    if sheet not in book.sheet_names:
        raise DataError(f"{where}: sheet is missing (sheets: {', '.join(book.sheet_names)})")
    raw = pd.read_excel(book, sheet, header=None)
    if raw.shape[0] <= _HEADER_ROW:
        raise DataError(f"{where}: header row 11 not found (sheet has {raw.shape[0]} rows)")
    header = [_header_value(v) for v in raw.iloc[_HEADER_ROW].tolist()]
    expected = _ID_COLUMNS + [c for b in blocks for c in b.columns]
    expect_columns(f"{where} row 11", header[1:], expected, first_column=2, letters=True)
    body = raw.iloc[_HEADER_ROW + 1 :]
    body = body[body[3].notna()]
    frames, start = [], 5
    for block in blocks:
        title = str(raw.iat[_LABEL_ROW, start]).lower()
        if block.label not in title:
            col = column_letter(start + 1)
            raise DataError(f"{where} row 8: column {col} should start {block.label!r}: {title!r}")
        values = body.iloc[:, start : start + len(block.columns)].copy()
        years = [int(str(c)[-4:]) for c in block.columns]  # a period is stored at its end year
        values.columns = years
        # ".." is "not available" and "~" "not applicable or negligible" in UN DESA tables.
        values = values.replace({"..": np.nan, "~": np.nan}).apply(pd.to_numeric, errors="coerce")
        values.insert(0, "location_code", body[3].astype(int))
        values.insert(1, "area_type", np.where(body[4].isna(), "aggregate", "country"))
        long = values.melt(["location_code", "area_type"], var_name="year", value_name="value")
        frames.append(
            long.assign(sex=block.sex, measure=block.measure, value=long["value"] * block.scale)
        )
        start += len(block.columns)
    return pd.concat(frames, ignore_index=True)


def read_destination_workbook(
    raw_dir: Path, m49: pd.DataFrame, raw: RawFile = IMS_2020_DESTINATION
) -> pd.DataFrame:
    """Read Tables 1–6 of the official 2020 IMS workbook into a tidy table.

    Parameters
    ----------
    raw_dir
        Raw-data root laid out like ``../shared/data``.
    m49
        Output of :func:`gcm_report.data.sources.m49.read_m49`, to attach ISO3 codes.
    raw
        The declared workbook (another vintage with the same layout may be passed).

    Returns
    -------
    DataFrame
        ``iso3`` (country ISO3, or ``"WLD"`` for the world), ``m49``, ``year``, ``sex``
        (total/male/female), ``measure`` (migrant_stock, population [persons],
        migrant_share_pct, female_share_pct, migrant_stock_change_rate [% per year over the
        five years to ``year``], refugee_stock, refugee_share_pct [% of the migrant stock],
        refugee_stock_change_rate) and ``value``; countries and the world only.
    """
    path = resolve_raw(raw_dir, raw)
    with pd.ExcelFile(path, engine="calamine") as book:
        tidy = pd.concat([_read_table(book, path, s) for s in _TABLES], ignore_index=True)
    world = tidy["location_code"] == 900
    tidy = tidy[(tidy["area_type"] == "country") | world]
    codes = dict(zip(m49["m49"], m49["iso3"], strict=True)) | {900: "WLD"}
    tidy = tidy.assign(iso3=tidy["location_code"].map(codes))
    unmatched = sorted(tidy.loc[tidy["iso3"].isna(), "location_code"].unique())
    if unmatched:
        raise DataError(f"{path.name}: location codes with no ISO3 mapping: {unmatched}")
    out = tidy.rename(columns={"location_code": "m49"})[
        ["iso3", "m49", "year", "sex", "measure", "value"]
    ]
    out = out.astype({"year": "int16", "m49": "int16"}).dropna(subset=["value"])
    _validate_destination(out, path)
    return out.sort_values(["measure", "iso3", "sex", "year"], ignore_index=True)


def _validate_destination(df: pd.DataFrame, path: Path) -> None:
    keys = ["iso3", "year", "sex", "measure"]
    if df.duplicated(keys).any():
        dup = df[df.duplicated(keys)].iloc[0]
        raise DataError(f"{path.name}: duplicate row for {dict(dup[keys])}")
    levels = df[~df["measure"].isin(_RATES)]
    if (levels["value"] < 0).any():
        raise DataError(f"{path.name}: negative values found")
    pct = df[df["measure"].str.endswith("_pct")]
    if ((pct["value"] < 0) | (pct["value"] > 100)).any():
        raise DataError(f"{path.name}: a percentage lies outside 0–100")


_OD_COLUMNS = ["geo", "t", "from", "sex", "n", "type_b", "type_c", "type_r", "type_i"]


def read_origin_destination(raw_dir: Path, raw: RawFile, m49: pd.DataFrame) -> pd.DataFrame:
    """Read an origin × destination × sex migrant-stock file (``IMS_2024_OD`` or ``IMS_2020_OD``).

    Codes are harmonised (:mod:`gcm_report.data.sources.codes`): the Channel Islands' ``XCX``
    becomes ``CHI`` and "other / unknown origin" ``OOO`` becomes ``UNK``.

    Returns
    -------
    DataFrame
        ``dest`` (ISO3), ``origin`` (ISO3; ``"UNK"`` = other/unknown), ``year``, ``sex``
        (male/female; no total rows: sum them), ``value`` (persons).
    """
    path = resolve_raw(raw_dir, raw)
    try:
        df = pd.read_csv(
            path,
            dtype={"geo": str, "from": str, "sex": str, "t": "int16", "n": "int64"},
            keep_default_na=False,
        )
    except (ValueError, OSError, EOFError) as exc:
        raise DataError(f"{path}: unreadable ({str(exc).splitlines()[0]})") from None
    expect_columns(str(path), df.columns, _OD_COLUMNS)
    if not df["sex"].isin(["male", "female"]).all():
        raise DataError(f"{path}: column 'sex' holds values other than male/female")
    if (df["n"] < 0).any():
        raise DataError(f"{path}: column 'n' holds negative counts")
    out = df.rename(columns={"geo": "dest", "from": "origin", "t": "year", "n": "value"})[
        ["dest", "origin", "year", "sex", "value"]
    ]
    out["dest"] = harmonise_codes(
        out["dest"], m49, where=f"{path.name}: column 'geo'", allow_non_countries=False
    )
    out["origin"] = harmonise_codes(out["origin"], m49, where=f"{path.name}: column 'from'")
    if out.duplicated(["dest", "origin", "year", "sex"]).any():
        raise DataError(f"{path}: duplicate destination/origin/year/sex rows")
    return out.sort_values(["dest", "origin", "year", "sex"], ignore_index=True)


# --- one shape for every revision -------------------------------------------------------------
# The analysis layer reads a round's migrant stock and population through the tables named in
# rounds.yml; these derivations give every IMS revision the same two shapes, so a new revision
# is a new declaration plus two table entries, never a code path of its own.


def stock_from_destination(destination: pd.DataFrame) -> pd.DataFrame:
    """Return migrant stock by destination, year and sex from a destination workbook table.

    Parameters
    ----------
    destination
        Output of :func:`read_destination_workbook`.

    Returns
    -------
    DataFrame
        ``iso3``, ``year`` (int16), ``sex`` (total, female, male), ``value`` (persons), for the
        countries and areas and the workbook's own world row (``WLD``), which is the
        publisher's world figure.
    """
    sel = destination[destination["measure"] == "migrant_stock"]
    out = sel[["iso3", "year", "sex", "value"]].astype({"year": "int16", "value": "float64"})
    return out.sort_values(["iso3", "year", "sex"], ignore_index=True)


def population_from_destination(destination: pd.DataFrame) -> pd.DataFrame:
    """Return the total population the destination workbook divides by (persons).

    Returns
    -------
    DataFrame
        ``iso3``, ``year`` (int16), ``value`` (persons), countries and areas and the world row
        (``WLD``: UN DESA's world population, which includes Taiwan Province of China, an area
        the workbook does not list).
    """
    sel = destination[(destination["measure"] == "population") & (destination["sex"] == "total")]
    out = sel[["iso3", "year", "value"]].astype({"year": "int16", "value": "float64"})
    return out.sort_values(["iso3", "year"], ignore_index=True)


def stock_from_origin_destination(od: pd.DataFrame) -> pd.DataFrame:
    """Return migrant stock by destination, year and sex from an origin × destination table.

    The total is female + male, only where a destination has both (the file has no total
    rows); every origin counts, "other or unknown" included, as in UN DESA's destination totals.

    Returns
    -------
    DataFrame
        ``iso3``, ``year`` (int16), ``sex`` (total, female, male), ``value`` (persons).
    """
    by_sex = od.groupby(["dest", "year", "sex"], observed=True)["value"].sum().unstack("sex")
    by_sex = by_sex.dropna(subset=["female", "male"])
    by_sex["total"] = by_sex["female"] + by_sex["male"]
    long = by_sex.stack().rename("value").reset_index()
    out = long.rename(columns={"dest": "iso3"})[["iso3", "year", "sex", "value"]]
    out = out.astype({"iso3": str, "sex": str, "year": "int16", "value": "float64"})
    return out.sort_values(["iso3", "year", "sex"], ignore_index=True)
