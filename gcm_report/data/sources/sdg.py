"""UN SDG Global Database: the migration-related series of targets 10.7, 10.c and 17.3.

The UN Statistics Division publishes the SDG indicators through its SDG API; the files read here
are Gapminder's *open-numbers* DDF re-keying of a December 2023 extract of that API (values as
published, one CSV per series, keyed by M49 numeric area code). Custodians: UN DESA and IOM for
10.7.2, IOM for 10.7.3, UNHCR for 10.7.4, the World Bank for 10.c.1 and 17.3.2, ILO and the
World Bank for 10.7.1.

:func:`read_sdg` stacks every series into one long table. Dimensions a series does not have
(policy domain, corridor counterpart, sex, migratory status) hold :data:`NOT_APPLICABLE` so
that the table's key columns are never missing.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import numpy as np
import pandas as pd

from gcm_report.data.sources._base import RawFile, expect_columns, resolve_raw, validate_table
from gcm_report.data.sources.codes import harmonise_codes
from gcm_report.data.sources.m49 import M49_OVERVIEW
from gcm_report.errors import DataError

__all__ = [
    "BX_TRF_PWKR",
    "DIMENSIONS",
    "GEO_AREAS",
    "NOT_APPLICABLE",
    "SDG_GROUPS",
    "SERIES",
    "SERIES_FILES",
    "SG_CPA_MIGRP",
    "SG_CPA_MIGRS",
    "SI_RMT_COST",
    "SI_RMT_COST_BC",
    "SI_RMT_COST_SC",
    "SI_RMT_COST_SND",
    "SL_EMP_RCOST_MO",
    "SM_DTH_MIGR",
    "SM_POP_REFG_OR",
    "read_sdg",
]

# Series code -> (SDG indicator, series title as in the SDG Global Database, unit code as
# published in the files' ``units`` column).
SERIES: dict[str, tuple[str, str, str]] = {
    "SL_EMP_RCOST_MO": (
        "10.7.1",
        "Migrant recruitment costs (number of months of earnings)",
        "mo_earn",
    ),
    "SG_CPA_MIGRS": (
        "10.7.2",
        "Countries with migration policies to facilitate orderly, safe, regular and responsible "
        "migration and mobility of people, by policy domain (1 = Requires further progress; "
        "2 = Partially meets; 3 = Meets; 4 = Fully meets)",
        "number",
    ),
    "SG_CPA_MIGRP": (
        "10.7.2",
        "Proportion of countries with migration policies to facilitate orderly, safe, regular and "
        "responsible migration and mobility of people, by policy domain (%)",
        "percent",
    ),
    "SM_DTH_MIGR": (
        "10.7.3",
        "Total deaths and disappearances recorded during migration (number)",
        "number",
    ),
    "SM_POP_REFG_OR": (
        "10.7.4",
        "Number of refugees per 100,000 population, by country of origin (per 100,000 population)",
        "per_100000_pop",
    ),
    "SI_RMT_COST": (
        "10.c.1",
        "Average remittance costs of sending $200 to a receiving country as a proportion of the "
        "amount remitted (%)",
        "percent",
    ),
    "SI_RMT_COST_SND": (
        "10.c.1",
        "Average remittance costs of sending $200 for a sending country as a proportion of the "
        "amount remitted (%)",
        "percent",
    ),
    "SI_RMT_COST_BC": (
        "10.c.1",
        "Average remittance costs of sending $200 in a corridor as a proportion of the amount "
        "remitted (%)",
        "percent",
    ),
    "SI_RMT_COST_SC": (
        "10.c.1",
        "SmaRT average remittance costs of sending $200 in a corridor as a proportion of the "
        "amount remitted (%)",
        "percent",
    ),
    "BX_TRF_PWKR": (
        "17.3.2",
        "Volume of remittances (in United States dollars) as a proportion of total GDP (%)",
        "percent",
    ),
}

# Extra dimensions of the long table, in key order, and the value used where a series has none.
DIMENSIONS = ("policy_domains", "counterpart", "sex", "migratory_status")
NOT_APPLICABLE = "_Z"  # SDMX code for "not applicable" (``_T`` would claim a total)

# Regional groupings of the SDG Global Database that are not part of the M49 hierarchy (the
# overview CSV has the world, regions, sub-regions and intermediate regions, read from there).
SDG_GROUPS: dict[int, str] = {
    62: "Central and Southern Asia",
    199: "Least Developed Countries (LDCs)",
    432: "Landlocked developing countries (LLDCs)",
    513: "Europe and Northern America",
    514: "Developed regions",
    515: "Developing regions",
    543: "Oceania (excluding Australia and New Zealand)",
    722: "Small island developing States (SIDS)",
    747: "Northern Africa and Western Asia",
    753: "Eastern and South-Eastern Asia",
}
# Countries or areas the SDG database reports that the M49 overview lists under no code
# (UNSD reports Kosovo under 412). Channel Islands (830) and Sark (680) come from read_m49.
_EXTRA_COUNTRIES: dict[int, str] = {412: "XKX"}
# Corridor counterparts (ISO 3166-1 alpha-2, lower case) the M49 overview does not list.
# "notspec" occurs for Angola's only corridor; its costs equal Angola's sending-country
# average, and Namibia (ISO2 "NA") is otherwise absent, so it is probably Namibia lost as a
# missing value upstream: unconfirmed, hence "unknown".
_EXTRA_COUNTERPARTS: dict[str, str] = {"xk": "XKX", "notspec": "UNK"}
# Value published instead of a number: only in SG_CPA_MIGRS 2019, for 50 territories that are
# not UN member States (10.7.2 is not applicable to them). Such rows are dropped.
_NOT_AVAILABLE = "N"

# Plausible range of each series' values: (low, high), None = unbounded. Proportions are 0–100.
# SmaRT corridor costs can be negative (a favourable exchange-rate margin: Nigeria from the UK,
# 2021, -7.18); remittances can exceed GDP (Lesotho in the 1980s, up to 236% of GDP).
_SHARES = ("SG_CPA_MIGRP", "SI_RMT_COST", "SI_RMT_COST_SND", "SI_RMT_COST_BC")
_RANGES: dict[str, tuple[float, float | None]] = {
    "SL_EMP_RCOST_MO": (0, None),
    "SG_CPA_MIGRS": (1, 4),
    "SM_DTH_MIGR": (0, None),
    "SM_POP_REFG_OR": (0, 100_000),
    "SI_RMT_COST_SC": (-100, 100),
    "BX_TRF_PWKR": (0, None),
} | dict.fromkeys(_SHARES, (0.0, 100.0))

_REPO = "open-numbers/ddf--unstats--sdg_indicators"
_COMMIT = "e0117e9f1c068be8379f0ad94a07d2839c79a60b"
_PUBLISHER = "United Nations Statistics Division, SDG Global Database"
_CUSTODIANS = {
    "10.7.1": "ILO and World Bank",
    "10.7.2": "UN DESA and IOM",
    "10.7.3": "IOM (Missing Migrants Project)",
    "10.7.4": "UNHCR",
    "10.c.1": "World Bank (Remittance Prices Worldwide)",
    "17.3.2": "World Bank",
}
_API = "https://unstats.un.org/SDGAPI/v1/sdg/"
_LICENCE = "Not stated upstream (UNSD SDG data: free reuse with attribution)"
_VINTAGE = "SDG Global Database extract of 2023-12-17"
_NOTE = (
    f"Gapminder open-numbers DDF re-keying of the UNSD SDG API ({_REPO}, branch autogenerated, "
    f"commit {_COMMIT[:8]}, 2023-12-17), values as published"
)


def _series_file(code: str, dims: tuple[str, ...], sha256: str) -> RawFile:
    indicator, title, _unit = SERIES[code]
    by = "--".join(dims)
    return RawFile(
        path=f"unsd_sdg/ddf--datapoints--{code.lower()}--by--{by}.csv",
        sha256=sha256,
        publisher=f"{_PUBLISHER} (custodian: {_CUSTODIANS[indicator]})",
        title=f"SDG indicator {indicator}, series {code}: {title}",
        url=f"{_API}Series/Data?seriesCode={code}&pageSize=10000",
        licence=_LICENCE,
        vintage=_VINTAGE,
        official=False,
        note=_NOTE,
        citation=(
            f"United Nations Statistics Division, SDG Global Database, series {code} "
            f"(indicator {indicator}; custodian {_CUSTODIANS[indicator]}), "
            f"via {_REPO} commit {_COMMIT[:8]}"
        ),
        download_url=None,
        needs_browser_agent=False,
    )


_BASIC = ("geo_area", "nature", "units", "year")
SL_EMP_RCOST_MO = _series_file(
    "SL_EMP_RCOST_MO",
    ("geo_area", "migratory_status", "nature", "sex", "units", "year"),
    "4c8dd2b55f6a88b3878ed9918423c2577b74054d6bf5ae440fee7f4ae8ffc037",
)
SG_CPA_MIGRS = _series_file(
    "SG_CPA_MIGRS",
    ("geo_area", "nature", "policy_domains", "units", "year"),
    "1248c468fff36d133f2de188babea79d4263d1d3804478abc878ac293d3ec66f",
)
SG_CPA_MIGRP = _series_file(
    "SG_CPA_MIGRP",
    ("geo_area", "nature", "policy_domains", "units", "year"),
    "dc659cf429be4ad4a0094b4a32d97f87f5b5563552c1df0cae742eef319e41b0",
)
SM_DTH_MIGR = _series_file(
    "SM_DTH_MIGR", _BASIC, "ad3fb050d596626d30c8a302697ea8100ac116a1ff752b7840db1a36fc214cc2"
)
SM_POP_REFG_OR = _series_file(
    "SM_POP_REFG_OR", _BASIC, "b0b504923563a5bab07b69868dd0eb9834d403b34886e75f431d6b18e9ba2c4d"
)
SI_RMT_COST = _series_file(
    "SI_RMT_COST", _BASIC, "6140c30e5222365edcb3597029359fc69e3dd47fda7ac9df0db3b04e804a459a"
)
SI_RMT_COST_SND = _series_file(
    "SI_RMT_COST_SND", _BASIC, "0dab399b33d044c7b67aff7a35b150921b91297f449ce82935e4d9eb6ff7cb2b"
)
SI_RMT_COST_BC = _series_file(
    "SI_RMT_COST_BC",
    ("counterpart", *_BASIC),
    "685fc8e24f954e743bb736e8636b7546d7cf2b187c0345b4d27c08eba1d21580",
)
SI_RMT_COST_SC = _series_file(
    "SI_RMT_COST_SC",
    ("counterpart", *_BASIC),
    "205aacdf2cb121e6de64bdba66ee45a8082f775d69d90a1695468ea115f94ca4",
)
BX_TRF_PWKR = _series_file(
    "BX_TRF_PWKR", _BASIC, "8d3e00cc9aef00b190a9763a277022b847eab91aa703c4daea95e6e2e2540122"
)
GEO_AREAS = RawFile(
    path="unsd_sdg/ddf--entities--geo_area.csv",
    sha256="2e2be0f6f7fff0810b41835dbe3eff56bd8a28d7675dbcd27d208b4d5037dd70",
    publisher=_PUBLISHER,
    title="SDG Global Database: geographic areas (M49 code and name)",
    url=f"{_API}GeoArea/List",
    licence=_LICENCE,
    vintage=_VINTAGE,
    official=False,
    note=_NOTE,
    citation=(
        f"United Nations Statistics Division, SDG Global Database, geographic area list, "
        f"via {_REPO} commit {_COMMIT[:8]}"
    ),
    download_url=None,
    needs_browser_agent=False,
)
SERIES_FILES: dict[str, RawFile] = {
    "SL_EMP_RCOST_MO": SL_EMP_RCOST_MO,
    "SG_CPA_MIGRS": SG_CPA_MIGRS,
    "SG_CPA_MIGRP": SG_CPA_MIGRP,
    "SM_DTH_MIGR": SM_DTH_MIGR,
    "SM_POP_REFG_OR": SM_POP_REFG_OR,
    "SI_RMT_COST": SI_RMT_COST,
    "SI_RMT_COST_SND": SI_RMT_COST_SND,
    "SI_RMT_COST_BC": SI_RMT_COST_BC,
    "SI_RMT_COST_SC": SI_RMT_COST_SC,
    "BX_TRF_PWKR": BX_TRF_PWKR,
}

_KEYS = ["series", "geo_area", "year", *DIMENSIONS]
_OUTPUT = [
    "series", "indicator", "geo_area", "iso3", "area_name", "year", "value", "units", "nature",
    *DIMENSIONS,
]  # fmt: skip
# Text columns that are never missing (iso3 is missing for aggregates: it keeps its dtype).
_TEXT = ["series", "indicator", "area_name", "units", "nature", *DIMENSIONS]
# Leading columns of the M49 overview that this module reads (the hierarchy and the codes).
_M49_COLUMNS = [
    "Global Code", "Global Name", "Region Code", "Region Name", "Sub-region Code",
    "Sub-region Name", "Intermediate Region Code", "Intermediate Region Name", "Country or Area",
    "M49 Code", "ISO-alpha2 Code", "ISO-alpha3 Code",
]  # fmt: skip
_HIERARCHY = ["Global Code", "Region Code", "Sub-region Code", "Intermediate Region Code"]


def _read_csv(path: Path) -> pd.DataFrame:
    try:
        # Every cell as text, no NA guessing: Namibia's ISO2 "na" and the "N" marker stay as is.
        return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    except (ValueError, OSError, UnicodeDecodeError) as exc:
        raise DataError(f"{path}: unreadable ({str(exc).splitlines()[0]})") from None


def _integers(values: pd.Series, where: str) -> pd.Series:
    """Return ``values`` as int64, or raise a DataError listing the cells that are not integers."""
    bad = sorted(set(values[~values.str.fullmatch(r"-?\d+")]))
    if bad:
        raise DataError(f"{where}: non-integer value(s) {bad[:10]}")
    return values.astype("int64")


def _m49_lookups(raw_dir: Path) -> tuple[dict[str, str], set[int]]:
    """Return the ISO2 (lower case) -> ISO3 map and the M49 hierarchy (region) codes.

    ``read_m49`` keeps neither, so the declared M49 overview is read again here.
    """
    path = resolve_raw(raw_dir, M49_OVERVIEW)
    try:
        df = pd.read_csv(path, dtype=str, encoding="utf-8-sig", keep_default_na=False)
    except (ValueError, OSError, UnicodeDecodeError) as exc:
        raise DataError(f"{path}: unreadable ({str(exc).splitlines()[0]})") from None
    expect_columns(str(path), df.columns[: len(_M49_COLUMNS)], _M49_COLUMNS)
    iso2 = dict(zip(df["ISO-alpha2 Code"].str.lower(), df["ISO-alpha3 Code"], strict=True))
    iso2.pop("", None)
    regions = {int(c) for column in _HIERARCHY for c in df[column] if c.strip()}
    return iso2, regions


def _read_geo_areas(raw_dir: Path, raw: RawFile) -> dict[int, str]:
    path = resolve_raw(raw_dir, raw)
    df = _read_csv(path)
    expect_columns(str(path), df.columns, ["geo_area", "name"])
    codes = _integers(df["geo_area"], f"{path}: column geo_area")
    if codes.duplicated().any():
        raise DataError(f"{path}: duplicate geo_area code(s) {sorted(codes[codes.duplicated()])}")
    return dict(zip(codes, df["name"].str.strip(), strict=True))


def _read_series(
    raw_dir: Path, code: str, raw: RawFile, iso2: Mapping[str, str], m49: pd.DataFrame
) -> pd.DataFrame:
    """Read one series file into the long layout (geo areas still as codes)."""
    path = resolve_raw(raw_dir, raw)
    # The header is the file name's "by" list followed by the value column.
    dims = raw.path.rsplit("/", 1)[-1].removesuffix(".csv").split("--by--", 1)[1].split("--")
    df = _read_csv(path)
    value_column = code.lower()
    expect_columns(str(path), df.columns, [*dims, value_column])
    indicator, _title, unit = SERIES[code]
    units = sorted(set(df["units"]) - {unit})
    if units:
        raise DataError(f"{path}: column units holds {units}, expected only {unit!r}")
    df = df[df[value_column] != _NOT_AVAILABLE]
    numbers = pd.to_numeric(df[value_column], errors="coerce")
    bad = sorted(set(df.loc[~np.isfinite(numbers), value_column]))
    if bad:
        raise DataError(f"{path}: column {value_column} holds non-numeric value(s) {bad[:10]}")
    out = pd.DataFrame(
        {
            "series": code,
            "indicator": indicator,
            "geo_area": _integers(df["geo_area"], f"{path}: column geo_area"),
            "year": _integers(df["year"], f"{path}: column year"),
            "value": numbers.astype("float64"),
            "units": df["units"],
            "nature": df["nature"],
        }
    )
    for dim in DIMENSIONS:
        out[dim] = df[dim] if dim in df.columns else NOT_APPLICABLE
    if "counterpart" in df.columns:
        # Lower-case ISO2 of the receiving end (geo_area is the sending country): to ISO3.
        # Unmapped codes pass through unchanged so that harmonise_codes lists them.
        lookup = {**iso2, **_EXTRA_COUNTERPARTS}
        mapped = df["counterpart"].map(lookup).fillna(df["counterpart"])
        out["counterpart"] = harmonise_codes(mapped, m49, where=f"{path}: column counterpart")
    return out


def _check_ranges(df: pd.DataFrame, files: Mapping[str, RawFile]) -> None:
    for code, (low, high) in _RANGES.items():
        part = df[df["series"] == code]
        where = files[code].path
        if code in _SHARES:
            validate_table(part, where, keys=_KEYS, shares=["value"])
        elif low == 0 and high is None:
            validate_table(part, where, keys=_KEYS, non_negative=["value"])
        values = part["value"]
        outside = part[(values < low) | (values > (np.inf if high is None else high))]
        if len(outside):
            row = outside.iloc[0]
            bounds = f"{low}–{'∞' if high is None else high}"
            raise DataError(
                f"{where}: {len(outside)} value(s) outside {bounds}, e.g. {row['value']} "
                f"for geo_area {row['geo_area']} in {row['year']}"
            )


def read_sdg(
    raw_dir: Path, m49: pd.DataFrame, raw: Mapping[str, RawFile] | None = None
) -> pd.DataFrame:
    """Read the migration-related SDG series into one long table.

    Parameters
    ----------
    raw_dir
        Raw-data root laid out like ``../shared/data``.
    m49
        Output of :func:`gcm_report.data.sources.m49.read_m49`, to attach ISO3 codes.
    raw
        Declared files to use instead of the defaults, keyed by series code (as in
        :data:`SERIES`) or ``"geo_area"`` for the area names (another vintage, or a test copy).

    Returns
    -------
    DataFrame
        One row per series, area, year and dimension values: ``series`` (SDG series code, e.g.
        ``SM_DTH_MIGR``), ``indicator`` (e.g. ``10.7.3``), ``geo_area`` (int16, M49 numeric
        code), ``iso3`` (countries and areas only; missing for regional aggregates),
        ``area_name`` (SDG database name), ``year`` (int16), ``value`` (float64, in ``units``),
        ``units``, ``nature`` (observation nature code: c country data, g global monitoring, n
        non-relevant, ...), and the dimensions ``policy_domains`` (10.7.2: ``alldomains``,
        ``domain1``–``domain6``), ``counterpart`` (corridor series: ISO3 of the receiving
        country; ``geo_area`` is the sending country), ``sex`` and ``migratory_status``
        (10.7.1), each :data:`NOT_APPLICABLE` where the series has no such dimension. Rows
        sorted by the key ``series, geo_area, year, policy_domains, counterpart, sex,
        migratory_status``. 10.7.2 scores published as ``"N"`` (territories that are not UN
        member States, 2019) are left out.

    Raises
    ------
    DataError
        A file is missing, changed or laid out differently, holds an area code that is neither
        an M49 country, an M49 region nor an SDG grouping, a counterpart with no ISO3 mapping,
        or a value outside its series' range.
    """
    files = {**SERIES_FILES, "geo_area": GEO_AREAS, **(raw or {})}
    names = _read_geo_areas(raw_dir, files["geo_area"])
    iso2, regions = _m49_lookups(raw_dir)
    tidy = pd.concat(
        [_read_series(raw_dir, code, files[code], iso2, m49) for code in SERIES],
        ignore_index=True,
    )

    countries = dict(zip(m49["m49"].astype(int), m49["iso3"], strict=True)) | _EXTRA_COUNTRIES
    aggregates = regions | set(SDG_GROUPS)
    for code in SERIES:
        # Report an unknown code against the file that holds it.
        file_codes = set(tidy.loc[tidy["series"] == code, "geo_area"])
        unnamed = sorted(file_codes - set(names))
        if unnamed:
            raise DataError(
                f"{files[code].path}: geo_area code(s) absent from {files['geo_area'].path}: "
                f"{unnamed[:20]}"
            )
        unknown = sorted(file_codes - set(countries) - aggregates)
        if unknown:
            raise DataError(
                f"{files[code].path}: {len(unknown)} geo_area code(s) neither an M49 country, "
                f"an M49 region nor an SDG grouping: {unknown[:20]} "
                "(add them to gcm_report/data/sources/sdg.py)"
            )
    # Missing for aggregates; the countries' codes are checked against the project's keys.
    tidy["iso3"] = tidy["geo_area"].map(countries)
    is_country = tidy["iso3"].notna()
    tidy.loc[is_country, "iso3"] = harmonise_codes(
        tidy.loc[is_country, "iso3"], m49, where="unsd_sdg: geo_area", allow_non_countries=False
    )
    tidy["area_name"] = tidy["geo_area"].map(names)

    out = tidy[_OUTPUT].astype(
        {"geo_area": "int16", "year": "int16", "value": "float64"} | dict.fromkeys(_TEXT, "str")
    )
    out = out.sort_values(_KEYS, ignore_index=True)
    validate_table(
        out,
        "unsd_sdg",
        keys=_KEYS,
        dtypes={"geo_area": "i", "year": "i", "value": "f", "iso3": "O"}
        | dict.fromkeys(_TEXT, "O"),
    )
    _check_ranges(out, files)
    return out
