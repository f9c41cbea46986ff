"""IDMC Global Internal Displacement Database: internally displaced people and displacements.

The Internal Displacement Monitoring Centre (IDMC) publishes country figures on its database
site; the files read here are IOM Global Data Institute's tidy derivations of them (package
``iom/gdidata``), converted from ``.rda`` to CSV with values unchanged. Two measures:

* *stocks*: people living in internal displacement at the end of 2024, by cause (conflict,
  disaster), sex and age group (``unknown`` where IDMC has no breakdown, e.g. Abyei);
* *flows*: internal displacements (movements, not people) during each year 2008–2023, by cause:
  ``conflict`` or the disaster's hazard type (``flood``, ``storm``, ...). Their sum over the
  hazard types is IDMC's total of disaster displacements.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from gcm_report.data.sources._base import RawFile, expect_columns, resolve_raw, validate_table
from gcm_report.data.sources.codes import harmonise_codes
from gcm_report.errors import DataError

__all__ = [
    "AGE_GROUPS",
    "DISPLACEMENT_CAUSES",
    "IDMC_FLOWS",
    "IDMC_STOCKS",
    "IDP_CAUSES",
    "SEXES",
    "read_displacements",
    "read_idp_stocks",
]

_PUBLISHER = "Internal Displacement Monitoring Centre (IDMC)"
_URL = "https://www.internal-displacement.org/database/displacement-data"
# As stated on https://www.internal-displacement.org/terms-of-use/ (stored copy of the page).
_LICENCE = "IDMC terms of use: reuse with attribution, in line with CC BY 3.0 IGO"
_REPO = "iom/gdidata"

IDMC_STOCKS = RawFile(
    path="idmc/iom_gdidata_idmc_stocks.csv",
    sha256="7c490411cc2496df69e2a21ca9da082dbc85f5de5c28f6274a4f94c761c6716e",
    publisher=_PUBLISHER,
    title="Global Internal Displacement Database: internally displaced people at the end of "
    "2024, by cause, sex and age",
    url=_URL,
    licence=_LICENCE,
    vintage="IDMC GIDD, last updated 2025-05-13",
    official=False,
    note=f"IOM Global Data Institute tidy derivation ({_REPO} data/idmc_stocks.rda, commit "
    "ecebde06, 2025-06-04), converted from .rda to CSV, values unchanged",
    citation="Internal Displacement Monitoring Centre (2025). Global Internal Displacement "
    "Database, IDP stocks 2024 by sex and age, via IOM Global Data "
    "Institute gdidata commit ecebde06.",
    download_url=None,
    needs_browser_agent=False,
)
IDMC_FLOWS = RawFile(
    path="idmc/iom_gdidata_idmc_flows.csv",
    sha256="e3b11fda038011423dc7bdd4b8d238c0b1a060dc021be91b6851e23ddd21ef7d",
    publisher=_PUBLISHER,
    title="Global Internal Displacement Database: internal displacements (flows) by cause, "
    "2008–2023",
    url=_URL,
    licence=_LICENCE,
    vintage="IDMC GIDD, as received by IOM in early 2025",
    official=False,
    note=f"IOM Global Data Institute tidy derivation ({_REPO} data/idmc_flows.rda, commit "
    "d6262efc, 2025-02-05; figures received via correspondence with IDMC), converted from .rda "
    "to CSV, values unchanged",
    citation="Internal Displacement Monitoring Centre (2025). Global Internal Displacement "
    "Database, internal displacements 2008–2023, via IOM Global Data Institute gdidata commit "
    "d6262efc.",
    download_url=None,
    needs_browser_agent=False,
)

# Categories as published. A new category means a new layout: it fails the build, listed.
IDP_CAUSES = ("conflict", "disaster")
SEXES = ("female", "male", "unknown")
AGE_GROUPS = ("0-4", "5-11", "12-17", "18-59", "60+", "unknown")
DISPLACEMENT_CAUSES = (
    "conflict",
    "drought",
    "earthquake",
    "erosion",
    "extreme temperature",
    "flood",
    "mass movement",
    "storm",
    "volcanic activity",
    "wave action",
    "wildfire",
)


def _read(path: Path, columns: list[str]) -> pd.DataFrame:
    try:
        # Text first, no NA guessing: codes and counts are checked explicitly below.
        df = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    except (ValueError, OSError, UnicodeDecodeError) as exc:
        raise DataError(f"{path}: unreadable ({str(exc).splitlines()[0]})") from None
    expect_columns(str(path), df.columns, columns)
    for column in ("t", "n"):
        bad = sorted(set(df.loc[~df[column].str.fullmatch(r"\d+"), column]))
        if bad:
            raise DataError(f"{path}: column {column} holds non-integer value(s) {bad[:10]}")
    return df


def _check_categories(df: pd.DataFrame, path: Path, column: str, allowed: tuple[str, ...]) -> None:
    unknown = sorted(set(df[column]) - set(allowed))
    if unknown:
        raise DataError(
            f"{path}: column {column} holds unknown categories {unknown} "
            "(declare them in gcm_report/data/sources/idmc.py)"
        )


def read_idp_stocks(raw_dir: Path, m49: pd.DataFrame, raw: RawFile = IDMC_STOCKS) -> pd.DataFrame:
    """Read the number of internally displaced people at year end, by cause, sex and age.

    Parameters
    ----------
    raw_dir
        Raw-data root laid out like ``../shared/data``.
    m49
        Output of :func:`gcm_report.data.sources.m49.read_m49`, to check the country codes.
    raw
        The declared file (another vintage with the same layout may be passed).

    Returns
    -------
    DataFrame
        ``iso3`` (str; includes ``AB9`` Abyei, ``XKX``, ``TWN``), ``year`` (int16), ``cause``
        (conflict/disaster), ``sex`` (female/male/unknown), ``age`` (0-4, 5-11, 12-17, 18-59,
        60+, unknown), ``value`` (int64, persons). No total rows: sum sex and age groups. Sorted
        by ``iso3, year, cause, sex, age``.
    """
    path = resolve_raw(raw_dir, raw)
    df = _read(path, ["geo", "t", "cause", "sex", "age", "n"])
    _check_categories(df, path, "cause", IDP_CAUSES)
    _check_categories(df, path, "sex", SEXES)
    _check_categories(df, path, "age", AGE_GROUPS)
    out = pd.DataFrame(
        {
            "iso3": harmonise_codes(
                df["geo"], m49, where=f"{path}: column geo", allow_non_countries=False
            ),
            "year": df["t"].astype("int16"),
            "cause": df["cause"],
            "sex": df["sex"],
            "age": df["age"],
            "value": df["n"].astype("int64"),
        }
    ).astype({"iso3": "str", "cause": "str", "sex": "str", "age": "str"})
    out = out.sort_values(["iso3", "year", "cause", "sex", "age"], ignore_index=True)
    validate_table(
        out,
        str(path),
        keys=["iso3", "year", "cause", "sex", "age"],
        non_negative=["value"],
        dtypes={"iso3": "O", "year": "i", "cause": "O", "sex": "O", "age": "O", "value": "i"},
    )
    return out


def read_displacements(raw_dir: Path, m49: pd.DataFrame, raw: RawFile = IDMC_FLOWS) -> pd.DataFrame:
    """Read the number of internal displacements (movements) per year, by cause.

    Parameters
    ----------
    raw_dir
        Raw-data root laid out like ``../shared/data``.
    m49
        Output of :func:`gcm_report.data.sources.m49.read_m49`, to check the country codes.
    raw
        The declared file (another vintage with the same layout may be passed).

    Returns
    -------
    DataFrame
        ``iso3`` (str), ``year`` (int16), ``cause`` (``conflict`` or a disaster hazard type, see
        :data:`DISPLACEMENT_CAUSES`), ``value`` (int64, displacements; a published 0 is kept as
        a recorded zero). Sorted by ``iso3, year, cause``.
    """
    path = resolve_raw(raw_dir, raw)
    df = _read(path, ["geo", "t", "cause", "n"])
    _check_categories(df, path, "cause", DISPLACEMENT_CAUSES)
    out = pd.DataFrame(
        {
            "iso3": harmonise_codes(
                df["geo"], m49, where=f"{path}: column geo", allow_non_countries=False
            ),
            "year": df["t"].astype("int16"),
            "cause": df["cause"],
            "value": df["n"].astype("int64"),
        }
    ).astype({"iso3": "str", "cause": "str"})
    out = out.sort_values(["iso3", "year", "cause"], ignore_index=True)
    validate_table(
        out,
        str(path),
        keys=["iso3", "year", "cause"],
        non_negative=["value"],
        dtypes={"iso3": "O", "year": "i", "cause": "O", "value": "i"},
    )
    return out
