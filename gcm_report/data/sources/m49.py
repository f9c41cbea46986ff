"""UNSD M49 country and area codes (official "Overview" CSV)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from gcm_report.data.sources._base import RawFile, expect_columns, resolve_raw

__all__ = ["EXTRA_AREAS", "M49_OVERVIEW", "read_m49"]

M49_OVERVIEW = RawFile(
    path="unsd_m49/UNSD-methodology-M49-en.csv",
    sha256="7f065ee4ee9ef7f1819f2e90bd58850eacd47615fc77f62eb71a6e01d0e7100a",
    publisher="United Nations Statistics Division",
    title="Standard country or area codes for statistical use (M49), overview",
    url="https://unstats.un.org/unsd/methodology/m49/overview/",
    licence="UN terms of use (free reuse with attribution)",
    vintage="2024-09",
    official=True,
    citation="UNSD, Standard country or area codes for statistical use (M49)",
)

_COLUMNS = [
    "Global Code", "Global Name", "Region Code", "Region Name", "Sub-region Code",
    "Sub-region Name", "Intermediate Region Code", "Intermediate Region Name", "Country or Area",
    "M49 Code", "ISO-alpha2 Code", "ISO-alpha3 Code", "Least Developed Countries (LDC)",
    "Land Locked Developing Countries (LLDC)", "Small Island Developing States (SIDS)",
]  # fmt: skip

# Areas that publishers report but the M49 overview has no ISO3 for. Codes follow the
# World Bank / IOM usage so that the same area gets the same key across publishers.
EXTRA_AREAS = pd.DataFrame(
    {
        "m49": [830, 680],
        "iso3": ["CHI", "XSK"],
        "name": ["Channel Islands", "Sark"],
    }
)


def read_m49(raw_dir: Path) -> pd.DataFrame:
    """Read the M49 overview into one row per country or area.

    Returns
    -------
    DataFrame
        ``m49`` (int), ``iso3``, ``name``, ``region``, ``subregion``, ``intermediate_region``
        (empty where M49 does not divide the sub-region), ``ldc``, ``lldc``, ``sids``.
    """
    path = resolve_raw(raw_dir, M49_OVERVIEW)
    df = pd.read_csv(path, dtype=str, encoding="utf-8-sig", keep_default_na=False)
    expect_columns(f"{path}", df.columns, _COLUMNS)
    out = pd.DataFrame(
        {
            "m49": df["M49 Code"].astype(int),
            "iso3": df["ISO-alpha3 Code"],
            "name": df["Country or Area"],
            "region": df["Region Name"],
            "subregion": df["Sub-region Name"],
            "intermediate_region": df["Intermediate Region Name"],
            "ldc": df["Least Developed Countries (LDC)"].eq("x"),
            "lldc": df["Land Locked Developing Countries (LLDC)"].eq("x"),
            "sids": df["Small Island Developing States (SIDS)"].eq("x"),
        }
    )
    # Antarctica has no ISO3 in some exports; keep only coded areas.
    out = out[out["iso3"] != ""]
    extra = EXTRA_AREAS[~EXTRA_AREAS["m49"].isin(out["m49"])].assign(
        region="", subregion="", intermediate_region="", ldc=False, lldc=False, sids=False
    )
    out = pd.concat([out, extra], ignore_index=True)
    return out.sort_values("iso3", ignore_index=True)
