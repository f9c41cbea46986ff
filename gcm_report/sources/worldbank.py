"""World Bank World Development Indicators: total population (SP.POP.TOTL)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from gcm_report.errors import DataError
from gcm_report.sources._base import RawFile, expect_columns, resolve_raw

__all__ = ["WDI_COUNTRY_METADATA", "WDI_POPULATION", "read_population"]

WDI_POPULATION = RawFile(
    path="worldbank/datasets_population_SP.POP.TOTL.csv",
    sha256="7d2dd6a17f5ed7916de1f89a9c116791e64d207f2e2f6ce47c57e1ab46f0088a",
    publisher="The World Bank",
    title="World Development Indicators: Population, total (SP.POP.TOTL)",
    url="https://api.worldbank.org/v2/en/indicator/SP.POP.TOTL?downloadformat=csv",
    licence="CC BY 4.0",
    vintage="WDI as of 2026-03",
    official=False,
    note="datahub core/population long-format reshaping (datasets/population, commit 425fc447)",
)
WDI_COUNTRY_METADATA = RawFile(
    path="worldbank/Metadata_Country_API_BX.TRF.PWKR.CD.DT_DS2_en_csv_v2_38454.csv",
    sha256="e4477e21fd4534300e5a05f787a09074487afe1d806a007a76440ada984d6c39",
    publisher="The World Bank",
    title="World Development Indicators: country metadata (regions, income groups)",
    url="https://api.worldbank.org/v2/en/indicator/BX.TRF.PWKR.CD.DT?downloadformat=csv",
    licence="CC BY 4.0",
    vintage="WDI 2025-07-01",
    official=True,
)


def read_population(raw_dir: Path) -> pd.DataFrame:
    """Read total population by country and year, World Bank aggregates excluded.

    Returns
    -------
    DataFrame
        ``iso3``, ``year``, ``value`` (persons, mid-year).
    """
    path = resolve_raw(raw_dir, WDI_POPULATION)
    meta_path = resolve_raw(raw_dir, WDI_COUNTRY_METADATA)
    df = pd.read_csv(path)
    expect_columns(str(path), df.columns, ["Country Name", "Country Code", "Year", "Value"])
    meta = pd.read_csv(meta_path, encoding="utf-8-sig")
    expect_columns(str(meta_path), meta.columns[:3], ["Country Code", "Region", "IncomeGroup"])
    # In WDI metadata an empty Region marks an aggregate (WLD, ARB, LMY, ...).
    countries = set(meta.loc[meta["Region"].notna(), "Country Code"])
    unknown = sorted(set(df["Country Code"]) - set(meta["Country Code"]))
    if unknown:
        raise DataError(f"{path}: codes absent from the WDI country metadata: {unknown[:10]}")
    out = df[df["Country Code"].isin(countries) & (df["Year"] >= 1990)]
    out = out.rename(columns={"Country Code": "iso3", "Year": "year", "Value": "value"})
    out = out[["iso3", "year", "value"]].astype({"year": "int16", "value": "int64"})
    if out.duplicated(["iso3", "year"]).any() or (out["value"] <= 0).any():
        raise DataError(f"{path}: duplicate or non-positive population rows")
    return out.sort_values(["iso3", "year"], ignore_index=True)
