"""UNHCR Refugee Population Statistics Database: stocks, asylum and durable solutions.

The files are UNHCR's own R data package ``refugees`` (2025 release, end-2025 figures), which
republishes the Refugee Data Finder API unchanged; the data curator converted its ``.rda``
files to gzip-compressed CSV with pyreadr (values unchanged, only ``year`` cast to integer).
Every file has one row per year × country of origin × country of asylum (× procedure keys for
the asylum files), with UNHCR's own country codes (``coo``/``coa``) next to ISO3
(``coo_iso``/``coa_iso``). Only the ISO3 columns are used: UNHCR codes clash with ISO3 (UNHCR
``AUS`` is Austria, ISO3 ``AUS`` is Australia). The demographics file (sex and age) holds one
year only, end-2025, and adds the location within the country of asylum to each row.

Data conventions shared by all loaders:

* An empty cell means "not reported" (UNHCR's ``-``); an explicit ``0`` is a reported zero.
  Long tables drop empty cells and keep zeros.
* UNHCR suppresses small counts for confidentiality: no count of 1–4 occurs in this release,
  and counts of exactly 5 are four to five times as frequent as 6 (e.g. 20,065 vs 4,054
  refugee cells), so a 5 should be read as "1 to 5". Sums over many small cells are biased up
  accordingly; the values are kept as published.
* ``UNK`` (unknown), ``XXA`` (stateless) and ``TIB`` (Tibetan) are origins, not countries (see
  :mod:`gcm_report.data.sources.codes`); ``UNK`` also occurs as the country of asylum (170
  population rows, 1951–2025; 138 solutions rows), ``XXA``/``TIB`` never do.
* Harmonising codes never merges rows: two publisher codes mapped to the same key (e.g. ``UKN``
  and ``UNK``) for the same year and partner fail with a :class:`DataError` naming both codes,
  since summing or choosing between them is a decision to make here, explicitly. No such pair
  occurs in this release.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from gcm_report.data.sources._base import RawFile, expect_columns, resolve_raw, validate_table
from gcm_report.data.sources.codes import NON_COUNTRIES, harmonise_codes
from gcm_report.errors import DataError

__all__ = [
    "AGE_BANDS",
    "ASYLUM_APPLICATIONS",
    "ASYLUM_DECISIONS",
    "DEMOGRAPHICS",
    "DEMOGRAPHIC_POPULATIONS",
    "POPULATION",
    "POPULATION_TYPES",
    "SOLUTIONS",
    "SOLUTION_TYPES",
    "UNRWA",
    "read_asylum_applications",
    "read_asylum_decisions",
    "read_demographics",
    "read_population",
    "read_solutions",
    "read_unrwa",
]

_PUBLISHER = "Office of the United Nations High Commissioner for Refugees (UNHCR)"
_LICENCE = "CC BY 4.0"
_API = "https://api.unhcr.org/population/v1/"
_API_DOCS = "https://api.unhcr.org/docs/refugee-statistics.html"
_VINTAGE = "2025 release (Global Trends 2025, end-2025 figures; R package refugees 2025.12.1)"
_CITATION = "UNHCR Refugee Population Statistics Database"


def _declare(
    name: str, sha256: str, title: str, dataset: str, rda: str, commit: str, ext: str = "csv.gz"
) -> RawFile:
    return RawFile(
        path=f"unhcr/unhcr_refugees_pkg_{name}.{ext}",
        sha256=sha256,
        publisher=_PUBLISHER,
        title=f"UNHCR Refugee Population Statistics Database: {title}",
        url=f"{_API}{dataset}/?coo_all=true&coa_all=true",
        licence=_LICENCE,
        vintage=_VINTAGE,
        official=False,
        note=(
            f"UNHCR R package refugees 2025.12.1 (github.com/PopulationStatistics/refugees, "
            f"data/{rda}.rda at commit {commit[:8]}), a copy of the Refugee Data Finder API "
            f"({_API_DOCS}); converted from .rda to gzip CSV with pyreadr by the data curator, "
            "values unchanged, year cast to integer"
        ),
        citation=_CITATION,
        download_url=None,
        needs_browser_agent=False,
    )


_COMMIT = "8239ce0f0609cd33196badc3d66c0911916dda5e"  # population and asylum files, 2026-06-25
POPULATION = _declare(
    "population",
    "75493f8499b3517e5ad573d10ca0fa2c0be05514f9475a19d24bfb2fdca973a5",
    "end-year population of concern by origin and asylum",
    "population",
    "population",
    _COMMIT,
)
ASYLUM_APPLICATIONS = _declare(
    "asylum_applications",
    "31bd2a28908364ebea23f20d87b90a8ddc2bc964d03efcabc33047f5413f86f0",
    "asylum applications by origin and asylum",
    "asylum-applications",
    "asylum_applications",
    _COMMIT,
)
ASYLUM_DECISIONS = _declare(
    "asylum_decisions",
    "de54bd667e31bc990fbd8912f688972740c1a6fe21ee89b1ec601248cc19baf5",
    "decisions on asylum applications by origin and asylum",
    "asylum-decisions",
    "asylum_decisions",
    _COMMIT,
)
# Sex and age of the people UNHCR counts, end-2025 only: the package's demographics dataset
# holds the latest year alone (the API serves earlier years, but this release does not).
DEMOGRAPHICS = _declare(
    "demographics",
    "62fbc2c11d1a7d2c5415c426516229a706562830e909fb3336a6537f3a22728e",
    "end-year population of concern by origin, asylum, sex and age (end-2025 only)",
    "demographics",
    "demographics",
    _COMMIT,
)
SOLUTIONS = _declare(
    "solutions",
    "e28bfd723093b4ceb0fd55c5f364c652bbb24216f52d29de485bed013f460d7c",
    "durable solutions by origin and asylum",
    "solutions",
    "solutions",
    "fbc3be092cbcfb7b5a3559483072eec9f88a62ef",  # 2026-06-12
)

UNRWA = dataclasses.replace(
    _declare(
        "unrwa",
        "a8de121a4ffe7953e53052bf48682681a0ab469e0bbbb8bba9101db0df466a3a",
        "Palestine refugees under UNRWA's mandate, by country or territory of asylum",
        "unrwa",
        "unrwa",
        "fbc3be092cbcfb7b5a3559483072eec9f88a62ef",  # 2026-06-12
        ext="csv",
    ),
    citation="UNRWA, registered Palestine refugees, via the UNHCR Refugee Population Statistics "
    "Database",
)

POPULATION_TYPES = (
    "refugees",
    "asylum_seekers",
    "returned_refugees",
    "idps",
    "returned_idps",
    "stateless",
    "ooc",
    "oip",
    "hst",
)
SOLUTION_TYPES = ("returned_refugees", "resettlement", "naturalisation", "returned_idps")

_ID_COLUMNS = ["year", "coo_name", "coo", "coo_iso", "coa_name", "coa", "coa_iso"]
_DECISIONS = ["dec_recognized", "dec_other", "dec_rejected", "dec_closed", "dec_total"]
# Closed vocabularies (package documentation); app_type and dec_level are open-ended.
_VOCABULARY = {
    "procedure_type": {"G", "J", "U"},  # government, joint, UNHCR
    "app_pc": {"C", "P"},  # cases, persons
    "dec_pc": {"C", "P"},
}
_YEARS = (1900, 2100)


def _read_wide(
    path: Path,
    m49: pd.DataFrame,
    columns: Sequence[str],
    keys: Sequence[str],
    values: Sequence[str],
    rows: Callable[[pd.DataFrame], pd.Series] | None = None,
) -> pd.DataFrame:
    """Read a UNHCR file into ``year``, ``origin``, ``asylum``, other keys and numeric values.

    Rows come back sorted by ``year``, ``origin``, ``asylum`` and ``keys``; empty value cells
    are NaN. ``rows``, given the file as read, says which rows to keep (before codes are
    checked, so a row left out cannot fail the build).
    """
    numeric = ["year", *values]
    try:
        # Text columns keep every cell as written: "NA" is a real code ("new applications" in
        # dec_level and app_type) that pandas' default missing-value markers would turn into
        # NaN. In number columns only an empty cell means missing.
        df = pd.read_csv(
            path,
            dtype={c: ("float64" if c in numeric else "str") for c in columns},
            keep_default_na=False,
            na_values={column: [""] for column in numeric},
        )
    except ValueError as exc:
        # A cell that is not a number: read again as text to name the column, value and line.
        _diagnose_numbers(path, columns, numeric)
        raise DataError(f"{path}: unreadable ({str(exc).splitlines()[0]})") from None
    except (OSError, EOFError) as exc:
        raise DataError(f"{path}: unreadable ({str(exc).splitlines()[0]})") from None
    expect_columns(str(path), df.columns, columns)
    year = df["year"]
    bad_year = ~year.between(*_YEARS) | (year % 1 != 0)  # also catches an empty year (NaN)
    if bad_year.any():
        line = int(np.flatnonzero(bad_year.to_numpy())[0]) + 2  # 1-based, after the header
        value = year[bad_year].iloc[0]
        shown = "an empty cell" if np.isnan(value) else repr(float(value))
        raise DataError(f"{path}: column 'year' holds {shown} on line {line}")
    if rows is not None:
        df = df[rows(df).to_numpy()].reset_index(drop=True)
        year = df["year"]
    out = pd.DataFrame({"year": year.astype("int16")})
    out["origin"] = harmonise_codes(df["coo_iso"], m49, where=f"{path.name}: column 'coo_iso'")
    out["asylum"] = harmonise_codes(df["coa_iso"], m49, where=f"{path.name}: column 'coa_iso'")
    # Stateless and Tibetan are kinds of origin, never a place where people live.
    misplaced = sorted(set(out["asylum"].unique()) & (set(NON_COUNTRIES) - {"UNK"}))
    if misplaced:
        raise DataError(f"{path.name}: column 'coa_iso' holds origin-only code(s) {misplaced}")
    for key in keys:
        text = df[key].str.strip()
        allowed = _VOCABULARY.get(key)
        bad = text.eq("") if allowed is None else ~text.isin(allowed)
        if bad.any():
            raise DataError(f"{path}: column {key!r} holds {text[bad].iloc[0]!r}")
        out[key] = text
    for column in values:
        out[column] = df[column]
    out = out.astype({c: "str" for c in ["origin", "asylum", *keys]})
    _refuse_merged_codes(out, df, path, ["year", "origin", "asylum", *keys])
    return out.sort_values(["year", "origin", "asylum", *keys], ignore_index=True)


def _diagnose_numbers(path: Path, columns: Sequence[str], numeric: Sequence[str]) -> None:
    """Raise a DataError naming the first cell of a number column that is not a number."""
    try:
        text = pd.read_csv(path, dtype=str, keep_default_na=False)
    except (ValueError, OSError, EOFError) as exc:
        raise DataError(f"{path}: unreadable ({str(exc).splitlines()[0]})") from None
    expect_columns(str(path), text.columns, columns)
    for column in numeric:
        cells = text[column].str.strip()
        bad = pd.to_numeric(cells.mask(cells.eq("")), errors="coerce").isna() & cells.ne("")
        if bad.any():
            line = int(np.flatnonzero(bad.to_numpy())[0]) + 2  # 1-based, after the header
            raise DataError(
                f"{path}: column {column!r} holds {cells[bad].iloc[0]!r} on line {line}, "
                "not a number"
            )


def _refuse_merged_codes(
    out: pd.DataFrame, raw: pd.DataFrame, path: Path, keys: Sequence[str]
) -> None:
    """Raise if two rows share a key, naming the publisher codes when harmonising merged them."""
    duplicated = out.duplicated(list(keys), keep=False)
    if not duplicated.any():
        return
    first = out.loc[duplicated, list(keys)].iloc[0]
    same = (out[list(keys)] == first).all(axis=1)
    key = {k: (v.item() if isinstance(v, np.generic) else v) for k, v in first.items()}
    pairs = sorted(set(zip(raw.loc[same, "coo_iso"], raw.loc[same, "coa_iso"], strict=True)))
    if len(pairs) == 1:  # the publisher's own keys repeat: no code mapping involved
        raise DataError(f"{path.name}: duplicate rows for {key}")
    raise DataError(
        f"{path.name}: {int(duplicated.sum())} rows share a key after harmonising codes, "
        f"e.g. {key} from (coo_iso, coa_iso) {pairs} (decide in "
        "gcm_report/data/sources/unhcr.py whether to sum them)"
    )


def _to_long(wide: pd.DataFrame, values: Sequence[str], name: str) -> pd.DataFrame:
    """Stack value columns into ``name`` + ``value``, dropping empty cells, keeping key order.

    ``wide`` is sorted by its keys; stacking each row's values in alphabetical order of their
    names keeps the result sorted by (keys, name) without a sort over the long table.
    """
    ordered = sorted(values)
    matrix = wide[ordered].to_numpy(dtype="float64")
    flat = matrix.ravel()  # row-major: row 0's values, then row 1's, ...
    reported = ~np.isnan(flat)
    rows = np.repeat(np.arange(len(wide)), len(ordered))[reported]
    out = wide[["year", "origin", "asylum"]].iloc[rows].reset_index(drop=True)
    out[name] = pd.Series(np.tile(np.array(ordered, dtype=object), len(wide))[reported])
    out["value"] = flat[reported]
    return out.astype({name: "str"})


def read_population(raw_dir: Path, m49: pd.DataFrame, raw: RawFile = POPULATION) -> pd.DataFrame:
    """Read end-year stocks of people UNHCR counts, by origin, asylum and population type.

    Parameters
    ----------
    raw_dir
        Raw-data root laid out like ``../shared/data``.
    m49
        Output of :func:`gcm_report.data.sources.m49.read_m49`, to check country codes.
    raw
        The declared file (another vintage with the same layout may be passed).

    Returns
    -------
    DataFrame
        ``year`` (int16), ``origin`` and ``asylum`` (ISO3, or ``UNK``/``XXA``/``TIB``; see the
        module notes), ``population_type`` (one of :data:`POPULATION_TYPES`: refugees,
        asylum_seekers, returned_refugees, idps, returned_idps, stateless, ooc = others of
        concern, oip = other people in need of international protection, hst = host
        community) and ``value`` (float64, persons at the end of the year; returns are counts
        during the year). Empty cells ("not reported", e.g. ``oip`` before 2018) are dropped;
        explicit zeros are kept. Sorted by year, origin, asylum, population_type.

    Raises
    ------
    DataError
        If the file is missing, changed, laid out differently or holds unknown codes.
    """
    path = resolve_raw(raw_dir, raw)
    wide = _read_wide(path, m49, [*_ID_COLUMNS, *POPULATION_TYPES], [], POPULATION_TYPES)
    out = _to_long(wide, POPULATION_TYPES, "population_type")
    validate_table(
        out,
        path.name,
        keys=["year", "origin", "asylum", "population_type"],
        non_negative=["value"],
        dtypes={"year": "i", "origin": "O", "asylum": "O", "population_type": "O", "value": "f"},
    )
    return out


_APPLICATION_KEYS = ["procedure_type", "app_type", "dec_level", "app_pc"]


def read_asylum_applications(
    raw_dir: Path, m49: pd.DataFrame, raw: RawFile = ASYLUM_APPLICATIONS
) -> pd.DataFrame:
    """Read asylum applications lodged during the year, by origin, asylum and procedure.

    Parameters
    ----------
    raw_dir
        Raw-data root laid out like ``../shared/data``.
    m49
        Output of :func:`gcm_report.data.sources.m49.read_m49`, to check country codes.
    raw
        The declared file (another vintage with the same layout may be passed).

    Returns
    -------
    DataFrame
        ``year`` (int16), ``origin``, ``asylum`` (ISO3), ``procedure_type`` (G government,
        J joint, U UNHCR), ``app_type`` (stage: N new, R repeat, A appeal, ...), ``dec_level``
        (NA new applications, RA repeat/reopened, AR administrative review, ...), ``app_pc``
        (C cases, P persons: do not add the two) and ``applied`` (float64). Rows with an empty
        ``applied`` (not reported) are dropped. Sorted by year, origin, asylum and the four
        procedure keys, which identify a row.
    """
    path = resolve_raw(raw_dir, raw)
    columns = [*_ID_COLUMNS, *_APPLICATION_KEYS, "applied"]
    wide = _read_wide(path, m49, columns, _APPLICATION_KEYS, ["applied"])
    out = wide.dropna(subset=["applied"]).reset_index(drop=True)
    keys = ["year", "origin", "asylum", *_APPLICATION_KEYS]
    validate_table(
        out,
        path.name,
        keys=keys,
        non_negative=["applied"],
        dtypes={"year": "i", **dict.fromkeys(keys[1:], "O"), "applied": "f"},
    )
    return out


_DECISION_KEYS = ["procedure_type", "dec_level", "dec_pc"]


def read_asylum_decisions(
    raw_dir: Path, m49: pd.DataFrame, raw: RawFile = ASYLUM_DECISIONS
) -> pd.DataFrame:
    """Read decisions on asylum applications taken during the year, by outcome.

    Parameters
    ----------
    raw_dir
        Raw-data root laid out like ``../shared/data``.
    m49
        Output of :func:`gcm_report.data.sources.m49.read_m49`, to check country codes.
    raw
        The declared file (another vintage with the same layout may be passed).

    Returns
    -------
    DataFrame
        ``year`` (int16), ``origin``, ``asylum`` (ISO3), ``procedure_type``, ``dec_level``,
        ``dec_pc`` (C cases, P persons), then float64 counts ``recognized`` (refugee status),
        ``other`` (complementary protection), ``rejected``, ``closed`` (otherwise closed) and
        ``total``, as published: ``total`` is UNHCR's own figure and differs from the sum of
        the outcomes in some rows (national rounding, e.g. to 5 in the United Kingdom, and
        small-count suppression), so it is not recomputed. An empty cell (not reported)
        stays NaN; rows with no reported outcome at all are dropped. Sorted by year, origin,
        asylum and the three procedure keys, which identify a row.
    """
    path = resolve_raw(raw_dir, raw)
    columns = [*_ID_COLUMNS, *_DECISION_KEYS, *_DECISIONS]
    wide = _read_wide(path, m49, columns, _DECISION_KEYS, _DECISIONS)
    wide = wide.rename(columns={c: c.removeprefix("dec_") for c in _DECISIONS})
    counts = [c.removeprefix("dec_") for c in _DECISIONS]
    out = wide.dropna(subset=counts, how="all").reset_index(drop=True)
    keys = ["year", "origin", "asylum", *_DECISION_KEYS]
    validate_table(
        out,
        path.name,
        keys=keys,
        non_negative=counts,
        dtypes={"year": "i", **dict.fromkeys(keys[1:], "O"), **dict.fromkeys(counts, "f")},
    )
    return out


def read_solutions(raw_dir: Path, m49: pd.DataFrame, raw: RawFile = SOLUTIONS) -> pd.DataFrame:
    """Read durable solutions during the year, by origin, asylum and kind of solution.

    Parameters
    ----------
    raw_dir
        Raw-data root laid out like ``../shared/data``.
    m49
        Output of :func:`gcm_report.data.sources.m49.read_m49`, to check country codes.
    raw
        The declared file (another vintage with the same layout may be passed).

    Returns
    -------
    DataFrame
        ``year`` (int16), ``origin``, ``asylum`` (ISO3), ``solution_type`` (one of
        :data:`SOLUTION_TYPES`: returned_refugees, resettlement [arrivals in ``asylum``],
        naturalisation, returned_idps) and ``value`` (float64, persons). Empty cells (not
        reported) are dropped; explicit zeros would be kept (this release has none).
        ``returned_refugees`` and ``returned_idps`` repeat the same flows as
        :func:`read_population`. Sorted by year, origin, asylum, solution_type.
    """
    path = resolve_raw(raw_dir, raw)
    wide = _read_wide(path, m49, [*_ID_COLUMNS, *SOLUTION_TYPES], [], SOLUTION_TYPES)
    out = _to_long(wide, SOLUTION_TYPES, "solution_type")
    validate_table(
        out,
        path.name,
        keys=["year", "origin", "asylum", "solution_type"],
        non_negative=["value"],
        dtypes={"year": "i", "origin": "O", "asylum": "O", "solution_type": "O", "value": "f"},
    )
    return out


def read_unrwa(raw_dir: Path, m49: pd.DataFrame, raw: RawFile = UNRWA) -> pd.DataFrame:
    """Read Palestine refugees registered with UNRWA at the end of the year, by place of asylum.

    UNHCR republishes UNRWA's figures beside its own (Global Trends counts them apart from
    refugees under UNHCR's mandate). UNRWA works in five fields only (Jordan, Lebanon, the
    Syrian Arab Republic, the West Bank and the Gaza Strip), so no row for a country means no
    Palestine refugees under UNRWA's mandate there: zero, not missing.

    Returns
    -------
    DataFrame
        ``year`` (int16), ``origin`` (``PSE``), ``asylum`` (ISO3, or ``UNK`` where UNRWA's
        field is not given), ``value`` (float64, persons). Sorted by year, origin, asylum.
    """
    path = resolve_raw(raw_dir, raw)
    wide = _read_wide(path, m49, [*_ID_COLUMNS, "total"], [], ["total"])
    out = wide.dropna(subset=["total"]).rename(columns={"total": "value"}).reset_index(drop=True)
    validate_table(
        out,
        path.name,
        keys=["year", "origin", "asylum"],
        non_negative=["value"],
        dtypes={"year": "i", "origin": "O", "asylum": "O", "value": "f"},
    )
    return out[["year", "origin", "asylum", "value"]]


# --- demographics (sex and age) -------------------------------------------------------------

# UNHCR's population-type codes in the demographics file, by the names read_population uses.
_DEMOGRAPHIC_TYPES = {
    "REF": "refugees",
    "ASY": "asylum_seekers",
    "OIP": "oip",
    "IDP": "idps",
    "RET": "returned_refugees",
    "RDP": "returned_idps",
    "STA": "stateless",
    "OOC": "ooc",
    "HST": "hst",
}
# The populations in need of international protection the file breaks down: refugees under
# UNHCR's mandate, asylum-seekers and other people in need of international protection. The
# other types (internally displaced, returnees, stateless, others of concern, host
# communities) are not migrants in need of international protection and are not kept.
DEMOGRAPHIC_POPULATIONS = ("refugees", "asylum_seekers", "oip")
# Age bands as published (years), then age not reported.
AGE_BANDS = ("0-4", "5-11", "12-17", "18-59", "60+", "unknown")
_AGE_COLUMNS = ("0_4", "5_11", "12_17", "18_59", "60", "other")
_DEMOGRAPHIC_KEYS = ["pop_type", "location", "loc_type", "acc_type"]
_SEX_COLUMNS = {sex: [f"{sex[0]}_{band}" for band in _AGE_COLUMNS] for sex in ("female", "male")}


def read_demographics(
    raw_dir: Path, m49: pd.DataFrame, raw: RawFile = DEMOGRAPHICS
) -> pd.DataFrame:
    """Read people in need of international protection by sex and age (end-2025 only).

    The file has one row per origin × asylum × population type × location in the country of
    asylum (with its location and accommodation types), persons by sex in five age bands plus
    "other" (age not reported), each sex's total, and the row's ``total``. Where a country
    reports no sex and age, the bands are zero and only ``total`` is given; UNHCR's suppression
    of small counts also leaves some rows with fewer persons by sex than in total. The
    remainder, ``total`` minus both sexes, is kept as sex ``unknown``, so every row sums to its
    total and the share of a population whose sex and age are known can be stated.

    Parameters
    ----------
    raw_dir
        Raw-data root laid out like ``../shared/data``.
    m49
        Output of :func:`gcm_report.data.sources.m49.read_m49`, to check country codes.
    raw
        The declared file (another vintage with the same layout may be passed).

    Returns
    -------
    DataFrame
        ``year`` (int16), ``origin``, ``asylum`` (ISO3, or ``UNK``/``XXA``/``TIB`` as
        origins), ``population_type`` (one of :data:`DEMOGRAPHIC_POPULATIONS`), ``sex``
        (female, male, unknown), ``age`` (one of :data:`AGE_BANDS`; ``unknown`` for sex
        unknown) and ``value`` (float64, persons at the end of the year), summed over the
        locations within the country of asylum. Cells of zero persons are left out (they add
        nothing to a sum). Sorted by year, origin, asylum, population_type, sex, age.

    Raises
    ------
    DataError
        If the file is missing, changed, laid out differently, holds an unknown population
        type or code, or a sex's total differs from the sum of its age bands.
    """
    path = resolve_raw(raw_dir, raw)
    bands = [c for columns in _SEX_COLUMNS.values() for c in columns]
    values = [*bands, "f_total", "m_total", "total"]
    columns = [*_ID_COLUMNS, *_DEMOGRAPHIC_KEYS, *_SEX_COLUMNS["female"], "f_total"]
    columns += [*_SEX_COLUMNS["male"], "m_total", "total"]

    def in_scope(df: pd.DataFrame) -> pd.Series:
        # Every type must be known, kept or not: a new one in a new release is a decision.
        unknown = sorted(set(df["pop_type"].str.strip()) - set(_DEMOGRAPHIC_TYPES))
        if unknown:
            raise DataError(f"{path}: column 'pop_type' holds unknown type(s) {unknown}")
        names = df["pop_type"].str.strip().map(_DEMOGRAPHIC_TYPES)
        return names.isin(DEMOGRAPHIC_POPULATIONS)

    wide = _read_wide(path, m49, columns, _DEMOGRAPHIC_KEYS, values, rows=in_scope)
    if wide[values].isna().any().any():
        column = next(c for c in values if wide[c].isna().any())
        raise DataError(f"{path}: column {column!r} has an empty cell (expected a count)")
    for sex, own in _SEX_COLUMNS.items():
        total = f"{sex[0]}_total"
        off = (wide[own].sum(axis=1) - wide[total]).abs() > 0.5
        if off.any():
            row = wide[off].iloc[0]
            raise DataError(
                f"{path}: {total} differs from the sum of its age bands for "
                f"{row['origin']} in {row['asylum']} ({row['pop_type']}, {row['location']})"
            )
    unknown_sex = wide["total"] - wide["f_total"] - wide["m_total"]
    if (unknown_sex < -0.5).any():
        row = wide[unknown_sex < -0.5].iloc[0]
        raise DataError(
            f"{path}: f_total + m_total exceeds total for {row['origin']} in {row['asylum']} "
            f"({row['pop_type']}, {row['location']})"
        )
    cells = wide[["year", "origin", "asylum"]].assign(
        population_type=wide["pop_type"].map(_DEMOGRAPHIC_TYPES)
    )
    parts = []
    for sex, own in _SEX_COLUMNS.items():
        for band, column in zip(AGE_BANDS, own, strict=True):
            parts.append(cells.assign(sex=sex, age=band, value=wide[column]))
    parts.append(cells.assign(sex="unknown", age="unknown", value=unknown_sex.clip(lower=0)))
    long = pd.concat(parts, ignore_index=True)
    keys = ["year", "origin", "asylum", "population_type", "sex", "age"]
    # Locations within a country of asylum are summed: reports look at countries.
    out = long.groupby(keys, as_index=False, sort=True)["value"].sum()
    out = out[out["value"] > 0].reset_index(drop=True)
    out = out.astype({"year": "int16", "value": "float64", **dict.fromkeys(keys[1:], "str")})
    validate_table(
        out,
        path.name,
        keys=keys,
        non_negative=["value"],
        dtypes={"year": "i", **dict.fromkeys(keys[1:], "O"), "value": "f"},
    )
    return out
