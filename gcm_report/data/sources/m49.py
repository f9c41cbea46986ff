"""UNSD M49 country and area codes (official "Overview" CSV)."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from gcm_report.data.sources._base import RawFile, expect_columns, resolve_raw

__all__ = [
    "COUNTRY_NAMES",
    "EXTRA_AREAS",
    "M49_OVERVIEW",
    "NAME_LANGUAGES",
    "read_country_names",
    "read_m49",
]

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

COUNTRY_NAMES = RawFile(
    path="unsd_m49/datasets_country-codes.csv",
    sha256="67b009b529330b0a6043551189f43faa785c9c3cc0011ad2bdb4eac876356c43",
    publisher="Open Knowledge Foundation (datahub core/country-codes), from UNSD M49 and UNTERM",
    title="Country codes with the UNTERM and M49 names in the six UN languages",
    url="https://github.com/datasets/country-codes",
    licence="ODC-PDDL-1.0",
    vintage="2026-05",
    official=False,
    note=(
        "A compilation; only its UNTERM short names and official_name_fr/es/ru/ar columns (the "
        "M49 names, where UNTERM has none yet) are read. English names stay those of the "
        "unmodified M49 overview, because the compilation edits some English names (Côte "
        "d’Ivoire becomes Ivory Coast)."
    ),
    citation="UNSD, M49 standard, names in French, Spanish, Russian and Arabic",
)

_NAMES_COLUMNS = [
    "FIFA", "Dial", "ISO3166-1-Alpha-3", "MARC", "is_independent", "ISO3166-1-numeric", "GAUL",
    "FIPS", "WMO", "ISO3166-1-Alpha-2", "ITU", "IOC", "DS", "UNTERM Spanish Formal",
    "Global Code", "Intermediate Region Code", "official_name_fr", "UNTERM French Short",
    "ISO4217-currency_name", "UNTERM Russian Formal", "UNTERM English Short",
    "ISO4217-currency_alphabetic_code", "Small Island Developing States (SIDS)",
    "UNTERM Spanish Short", "ISO4217-currency_numeric_code", "UNTERM Chinese Formal",
    "UNTERM French Formal", "UNTERM Russian Short", "M49", "Sub-region Code", "Region Code",
    "official_name_ar", "ISO4217-currency_minor_unit", "UNTERM Arabic Formal",
    "UNTERM Chinese Short", "Land Locked Developing Countries (LLDC)",
    "Intermediate Region Name", "official_name_es", "UNTERM English Formal", "official_name_cn",
    "official_name_en", "ISO4217-currency_country_name", "Least Developed Countries (LDC)",
    "Region Name", "UNTERM Arabic Short", "Sub-region Name", "official_name_ru", "Global Name",
    "Capital", "Continent", "TLD", "Languages", "Geoname ID", "CLDR display name", "EDGAR",
    "wikidata_id",
]  # fmt: skip

# Languages whose names the compilation carries, beside the M49 overview's English.
NAME_LANGUAGES = ("fr", "es", "ru", "ar")
_UNTERM_SHORT = {
    "fr": "UNTERM French Short",
    "es": "UNTERM Spanish Short",
    "ru": "UNTERM Russian Short",
    "ar": "UNTERM Arabic Short",
}
# UNTERM's short names carry the article a sentence needs ("France (la)", "Estado de Palestina
# (el) *") and an asterisk for non-member States: a table or list shows the name alone.
_ARTICLE = re.compile(r"\s*\((?:la|le|l'|l’|les|el|los|las|the)\)")


def _short_name(unterm: str) -> str:
    return _ARTICLE.sub("", unterm).replace("*", "").strip()


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


def read_country_names(raw_dir: Path, m49: pd.DataFrame) -> pd.DataFrame:
    """Read the UN names of every country or area in each report language.

    The UNTERM short name without its article, else the M49 name of that language.

    Parameters
    ----------
    raw_dir
        The raw-data root.
    m49
        Output of :func:`read_m49`: its ISO3 codes and English names.

    Returns
    -------
    DataFrame
        ``iso3``, ``language`` (``en``, ``fr``, ``es``, ``ru``, ``ar``), ``name``. An area the
        compilation lacks (Channel Islands, Sark) has only its English row.
    """
    path = resolve_raw(raw_dir, COUNTRY_NAMES)
    df = pd.read_csv(path, dtype=str, encoding="utf-8-sig", keep_default_na=False)
    expect_columns(f"{path}", df.columns, _NAMES_COLUMNS)
    by_iso3 = df[df["ISO3166-1-Alpha-3"] != ""].set_index("ISO3166-1-Alpha-3")
    frames = [m49[["iso3", "name"]].assign(language="en")]
    for lang in NAME_LANGUAGES:
        unterm = m49["iso3"].map(by_iso3[_UNTERM_SHORT[lang]]).fillna("").map(_short_name)
        official = m49["iso3"].map(by_iso3[f"official_name_{lang}"]).fillna("").str.strip()
        # UNTERM first; its newest renames (Türkiye, Côte d'Ivoire) are still blank there.
        names = unterm.where(unterm != "", official)
        # No row rather than the English name: the report's message catalog names the rest.
        kept = names != ""
        frames.append(
            pd.DataFrame({"iso3": m49["iso3"][kept], "name": names[kept], "language": lang})
        )
    out = pd.concat(frames, ignore_index=True)[["iso3", "language", "name"]]
    return out.sort_values(["iso3", "language"], ignore_index=True)
