"""Country and area codes harmonised across publishers.

Every table in the snapshot keys countries by ISO 3166-1 alpha-3 as used by UNSD M49, with
these documented additions (areas some publishers report that M49 has no ISO3 for, and
non-country origins). A code that is neither in M49 nor below fails the data build with the
full list of unmatched codes: nothing is ever dropped silently.

=========  ======================================================================================
code       meaning (and the publisher codes mapped to it)
=========  ======================================================================================
``XKX``    Kosovo (under UN Security Council resolution 1244); IDMC, World Bank, UNHCR
``TWN``    Taiwan Province of China; UN DESA IMS, IDMC, World Bank
``AB9``    Abyei Area (disputed between Sudan and South Sudan); IDMC
``CHI``    Channel Islands (Guernsey + Jersey); World Bank ``CHI``, UN DESA IMS 2024 ``XCX``
``XSK``    Sark (M49 680); UN DESA IMS 2020 workbook
``ANT``    Netherlands Antilles (dissolved 2010); historical World Bank rows
``UNK``    Unknown or other origin/destination; UNHCR ``UNK``/``UKN``, UN DESA ``OOO``
``XXA``    Stateless (ISO 3166 user-assigned); UNHCR
``TIB``    Tibetan (UNHCR origin group, not a country)
=========  ======================================================================================

World Bank aggregates (``WLD``, ``ARB``, ``LMY``, ...) are not countries: loaders drop them by
the WDI country metadata (empty ``Region``) before harmonising, so they never reach this table.
"""

from __future__ import annotations

import pandas as pd

from gcm_report.errors import DataError

__all__ = [
    "ALIASES",
    "EXTRA_AREAS",
    "NAME_ALIASES",
    "NON_COUNTRIES",
    "harmonise_codes",
    "names_to_iso3",
]

EXTRA_AREAS: dict[str, str] = {
    "XKX": "Kosovo (under UNSC resolution 1244)",
    "TWN": "Taiwan Province of China",
    "AB9": "Abyei Area",
    "CHI": "Channel Islands",
    "XSK": "Sark",
    "ANT": "Netherlands Antilles (former)",
}
NON_COUNTRIES: dict[str, str] = {
    "UNK": "Unknown or other",
    "XXA": "Stateless",
    "TIB": "Tibetan",
}
ALIASES: dict[str, str] = {"XCX": "CHI", "OOO": "UNK", "UKN": "UNK"}
# Publisher spellings of country names that differ from the M49 "Country or Area" column.
NAME_ALIASES: dict[str, str] = {
    "Côte d'Ivoire": "CIV",
    "Netherlands": "NLD",
    "Kosovo": "XKX",
    "Taiwan": "TWN",
    "Unknown": "UNK",
}


def _known(m49: pd.DataFrame) -> set[str]:
    return set(m49["iso3"]) | set(EXTRA_AREAS) | set(NON_COUNTRIES)


def harmonise_codes(
    codes: pd.Series, m49: pd.DataFrame, *, where: str, allow_non_countries: bool = True
) -> pd.Series:
    """Return ``codes`` mapped to the project's ISO3 keys.

    Parameters
    ----------
    codes
        Publisher codes (ISO3 or publisher-specific).
    m49
        The M49 table (:func:`gcm_report.data.sources.m49.read_m49`).
    where
        "file: column" for the error message.
    allow_non_countries
        Whether ``UNK``/``XXA``/``TIB`` are acceptable (origins), or not (destinations of stock).

    Raises
    ------
    DataError
        Listing every code that has no mapping.
    """
    mapped = codes.astype(str).str.strip().replace(ALIASES)
    known = _known(m49) if allow_non_countries else _known(m49) - set(NON_COUNTRIES)
    unmatched = sorted(set(mapped.unique()) - known)
    if unmatched:
        raise DataError(
            f"{where}: {len(unmatched)} code(s) with no mapping: {', '.join(unmatched[:20])} "
            "(add them to gcm_report/data/sources/codes.py)"
        )
    return mapped


def names_to_iso3(names: pd.Series, m49: pd.DataFrame, *, where: str) -> pd.Series:
    """Return ISO3 codes for country names (M49 names plus :data:`NAME_ALIASES`).

    Raises
    ------
    DataError
        Listing every name that has no mapping.
    """
    lookup = dict(zip(m49["name"], m49["iso3"], strict=True)) | NAME_ALIASES
    cleaned = names.astype(str).str.strip()
    mapped = cleaned.map(lookup)
    unmatched = sorted(cleaned[mapped.isna()].unique())
    if unmatched:
        raise DataError(
            f"{where}: {len(unmatched)} name(s) with no ISO3 mapping: {', '.join(unmatched[:20])} "
            "(add them to NAME_ALIASES in gcm_report/data/sources/codes.py)"
        )
    return mapped
