"""World Bank: World Development Indicators (population, remittances, GDP) and remittance prices.

Raw inputs (paths relative to the raw-data root, see ``worldbank/PROVENANCE.md``):

* ``datasets_population_SP.POP.TOTL.csv``: total population (third-party long reshaping);
* ``API_BX.TRF.PWKR.CD.DT_…_38454.csv``: personal remittances received, official WDI bulk CSV
  (2025-07-01, to 2024), with its country metadata file (regions, income groups);
* ``iom_gdidata_wdi.csv.gz``: IOM Global Data Institute's long extract of WDI (early 2025, to
  2023): GDP and remittances paid;
* ``rpw_corridors_databank_ATCR.CORR_2011Q1-2020Q3.csv``: Remittance Prices Worldwide average
  total cost of sending US$200 per corridor, official DataBank export (2011Q1–2020Q3).

Each remittance flow comes from one vintage for every year (received: the official 2025-07 file;
paid: the early-2025 extract), so a series never breaks between vintages and both review
rounds read the same release. Exact zeros in the remittance series are placeholders for "not
compiled" and are dropped (see :func:`read_remittances`).

World Bank aggregates (WLD, ARB, LMY, EUU, ...) are dropped with the WDI country metadata
(empty ``Region``); codes are then harmonised with :mod:`gcm_report.data.sources.codes`.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from gcm_report.data.sources._base import RawFile, expect_columns, resolve_raw, validate_table
from gcm_report.data.sources.codes import harmonise_codes
from gcm_report.errors import DataError

__all__ = [
    "IOM_WDI",
    "RPW_CORRIDORS",
    "WDI_COUNTRY_METADATA",
    "WDI_POPULATION",
    "WDI_REMITTANCES_RECEIVED",
    "read_gdp",
    "read_population",
    "read_remittances",
    "read_rpw_corridors",
    "remittances_share_of_gdp",
]

_PUBLISHER = "The World Bank"
_WDI_LICENCE = "CC BY 4.0"
_WDI_BULK = "https://api.worldbank.org/v2/en/indicator/{}?downloadformat=csv"
_ZIP_NOTE = (
    "The official bulk-download URL returns a ZIP holding this CSV and two metadata CSVs "
    "(and always the latest vintage), not these bytes."
)

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
    citation="World Bank, World Development Indicators (SP.POP.TOTL)",
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
    citation="World Bank, World Development Indicators, country metadata",
)
WDI_REMITTANCES_RECEIVED = RawFile(
    path="worldbank/API_BX.TRF.PWKR.CD.DT_DS2_en_csv_v2_38454.csv",
    sha256="254d1c23504fe34725a2203b02db5bdb2d5576b00eca3a2a816dfcd298a56557",
    publisher=_PUBLISHER,
    title="World Development Indicators: Personal remittances, received (current US$) "
    "(BX.TRF.PWKR.CD.DT)",
    url=_WDI_BULK.format("BX.TRF.PWKR.CD.DT"),
    licence=_WDI_LICENCE,
    vintage="WDI 2025-07-01 (data 1960–2024)",
    official=True,
    note="Official WDI bulk-download CSV, unmodified; copy from GitHub "
    "sadiqalausgi/Yemen-Financial-Remittances-Project (file commit c3a0e67f). " + _ZIP_NOTE,
    citation="World Bank, World Development Indicators (BX.TRF.PWKR.CD.DT)",
    download_url=None,
)
IOM_WDI = RawFile(
    path="worldbank/iom_gdidata_wdi.csv.gz",
    sha256="100ba63160da80cb506537272fe24978cc9b4c486c3dcafed2fc79d99a46bf70",
    publisher=_PUBLISHER,
    title="World Development Indicators extract: GDP (NY.GDP.MKTP.CD), personal remittances "
    "received and paid (BX/BM.TRF.PWKR.CD.DT) and other series, long format",
    url=_WDI_BULK.format("NY.GDP.MKTP.CD"),
    licence=_WDI_LICENCE,
    vintage="WDI early 2025 (data 1990–2023)",
    official=False,
    note="IOM Global Data Institute tidy derivation (GitHub iom/gdidata, data/wdi.rda, commit "
    "1267fd37, 2025-02-07), converted by us from .rda to csv.gz; columns geo, var, t, v; "
    "vars gdp = NY.GDP.MKTP.CD, remin = BX.TRF.PWKR.CD.DT, remout = BM.TRF.PWKR.CD.DT "
    "(pop is UN WPP 2024, not WDI).",
    citation="World Bank, World Development Indicators, via IOM Global Data Institute gdidata",
    download_url=None,  # a conversion no server publishes
)
RPW_CORRIDORS = RawFile(
    path="worldbank/rpw_corridors_databank_ATCR.CORR_2011Q1-2020Q3.csv",
    sha256="6271a54fe4b210792180eb54a3c1b76feb46e8278ba19ad072978b82dd246683",
    publisher=_PUBLISHER,
    title="Remittance Prices Worldwide (Corridors): Average Total Cost to remit in corridor "
    "(ATCR.CORR), % of US$200",
    url="https://remittanceprices.worldbank.org/data-download",
    licence="CC BY 4.0 (World Bank open data terms; the export itself states no licence)",
    vintage="DataBank last updated 12/07/2020 (US order: 2020-12-07); data 2011Q1–2020Q3",
    official=True,
    note="Official DataBank export of the database 'Remittance Prices Worldwide (Corridors)', "
    "unmodified except for the file name (GitHub natesheehan/sdg_10C, "
    "data/36d1ed87-9a2d-41da-8eac-c1c25d45fa65_Data.csv, commit 3365194). DataBank exports "
    "are generated on request, so no URL serves these bytes.",
    citation="World Bank, Remittance Prices Worldwide (Corridors), ATCR.CORR",
    download_url=None,
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


# --- shared helpers -------------------------------------------------------------------------


def _wdi_countries(raw_dir: Path) -> tuple[Path, set[str], set[str]]:
    """Return the metadata path, the WDI country codes, and every code the metadata lists."""
    path = resolve_raw(raw_dir, WDI_COUNTRY_METADATA)
    # keep_default_na=False: an empty Region must read as "" (aggregate), and no code is NaN.
    meta = pd.read_csv(path, encoding="utf-8-sig", dtype=str, keep_default_na=False)
    expect_columns(str(path), meta.columns[:3], ["Country Code", "Region", "IncomeGroup"])
    countries = set(meta.loc[meta["Region"].str.strip() != "", "Country Code"])
    return path, countries, set(meta["Country Code"])


def _countries_only(
    df: pd.DataFrame, raw_dir: Path, m49: pd.DataFrame, *, where: str
) -> pd.DataFrame:
    """Drop WDI aggregates from a table with a ``code`` column and add harmonised ``iso3``.

    Call this after missing values are dropped: the WDI files carry a "Not classified" row
    (INX) that is in no metadata file but holds no value; a code with values that the metadata
    does not list fails instead of being dropped silently.
    """
    _, countries, listed = _wdi_countries(raw_dir)
    unknown = sorted(set(df["code"]) - listed)
    if unknown:
        raise DataError(f"{where}: codes absent from the WDI country metadata: {unknown[:10]}")
    out = df[df["code"].isin(countries)]
    iso3 = harmonise_codes(out["code"], m49, where=where, allow_non_countries=False)
    return out.assign(iso3=iso3.astype(str))


def _to_float(values: pd.Series, where: str, columns: pd.Series) -> pd.Series:
    """Return ``values`` (non-empty text) as float64, or fail naming the first bad cell.

    ``columns`` holds, for each value, the name of the file column it was read from.
    """
    numbers = pd.to_numeric(values, errors="coerce")
    bad = numbers.isna().to_numpy()
    if bad.any():
        first = int(bad.argmax())
        raise DataError(
            f"{where}: column {columns.iloc[first]!r} holds a non-number {values.iloc[first]!r}"
        )
    return numbers.astype("float64")


_WDI_ID_COLUMNS = ["Country Name", "Country Code", "Indicator Name", "Indicator Code"]
_WDI_FIRST_YEAR = 1960
_WDI_PREAMBLE = '"Data Source","World Development Indicators"'


def _read_wdi_api(path: Path, indicator: str) -> tuple[pd.DataFrame, list[int]]:
    """Read a WDI bulk-download ``API_*.csv`` into long ``code``, ``year``, ``value``.

    Empty cells (WDI's "no data") are dropped. Also returns the year columns of the header.
    """
    # The layout: 4 metadata lines (source, blank, last-updated date, blank), then the header.
    with path.open(encoding="utf-8-sig", newline="") as fh:
        first = fh.readline().strip()
    if not first.startswith(_WDI_PREAMBLE):
        raise DataError(
            f"{path}: line 1 is {first[:60]!r}, expected the WDI preamble "
            f"{_WDI_PREAMBLE + ','!r} (header on line 5)"
        )
    df = pd.read_csv(path, skiprows=4, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    # Every data line ends with a comma: pandas names that empty last column "Unnamed: N".
    header = ["" if str(c).startswith("Unnamed: ") else str(c) for c in df.columns]
    years: list[int] = []
    for name in header[len(_WDI_ID_COLUMNS) :]:
        if not (len(name) == 4 and name.isdigit()):
            break
        years.append(int(name))
    n_years = max(len(years), 1)  # so that a renamed first year is reported as such
    expected = [
        *_WDI_ID_COLUMNS,
        *(str(y) for y in range(_WDI_FIRST_YEAR, _WDI_FIRST_YEAR + n_years)),
        "",
    ]
    expect_columns(f"{path} line 5", header, expected)
    codes = sorted(set(df["Indicator Code"]))
    if codes != [indicator]:
        raise DataError(
            f"{path}: column 4 (Indicator Code) holds {codes[:3]}, expected only {indicator!r}"
        )
    year_columns = [str(y) for y in years]
    long = df.melt(
        id_vars=["Country Code"], value_vars=year_columns, var_name="year", value_name="value"
    )
    long = long[long["value"].str.strip() != ""]  # "" = no data: dropped in long format
    value = _to_float(long["value"], str(path), long["year"])
    out = pd.DataFrame(
        {"code": long["Country Code"], "year": long["year"].astype("int16"), "value": value}
    )
    return out, years


_IOM_COLUMNS = ["geo", "var", "t", "v"]


def _read_iom_wdi(raw_dir: Path, raw: RawFile, var: str) -> tuple[Path, pd.DataFrame]:
    """Read one ``var`` of the IOM gdidata WDI extract into long ``code``, ``year``, ``value``."""
    path = resolve_raw(raw_dir, raw)
    try:
        df = pd.read_csv(path, dtype=str, keep_default_na=False)
    except (ValueError, OSError, EOFError) as exc:
        raise DataError(f"{path}: unreadable ({str(exc).splitlines()[0]})") from None
    expect_columns(str(path), df.columns, _IOM_COLUMNS)
    sel = df[df["var"] == var]
    if sel.empty:
        raise DataError(f"{path}: column 2 (var) has no rows for {var!r}")
    # The extract omits missing values; drop empty or "NA" cells should a refresh write them.
    sel = sel[~sel["v"].str.strip().isin(["", "NA"])]
    years = pd.to_numeric(sel["t"], errors="coerce")
    if years.isna().any() or (years % 1 != 0).any():
        raise DataError(f"{path}: column 3 (t) holds a non-integer year")
    value = _to_float(sel["v"], str(path), pd.Series("v", index=sel.index))
    out = pd.DataFrame({"code": sel["geo"], "year": years.astype("int16"), "value": value})
    return path, out


# --- remittances and GDP --------------------------------------------------------------------


def read_remittances(
    raw_dir: Path,
    m49: pd.DataFrame,
    *,
    received: RawFile = WDI_REMITTANCES_RECEIVED,
    recent: RawFile = IOM_WDI,
) -> pd.DataFrame:
    """Read personal remittances received and paid by country and year (current US$).

    Received comes from the official WDI file (2025-07, to 2024); paid from ``remout`` of the
    early-2025 WDI extract (to 2023), for every year, so that each flow has one vintage across
    all years and both review rounds.

    Absence and zeros: no row means the World Bank publishes no figure. WDI carries an exact 0
    for economies whose balance of payments compiles no remittance flow (e.g. the Syrian Arab
    Republic 2011–2023, Iran, Turkmenistan, Venezuela 2017–2023 received; Mexico 2005–2012
    paid): a whole economy receiving or paying exactly US$ 0 is not a measurement, so exact
    zeros are read as "not reported" and dropped like empty cells.

    Parameters
    ----------
    raw_dir
        Raw-data root laid out like ``../shared/data``.
    m49
        Output of :func:`gcm_report.data.sources.m49.read_m49`, to harmonise codes.
    received, recent
        The declared files (another vintage with the same layout may be passed).

    Returns
    -------
    DataFrame
        ``iso3`` (str), ``year`` (int16), ``flow`` ("received" | "paid"), ``value`` (float64,
        current US$, positive), ``source`` (the raw file's path relative to the raw root),
        sorted by ``iso3``, ``year``, ``flow``.
    """
    received_path = resolve_raw(raw_dir, received)
    bx, _ = _read_wdi_api(received_path, "BX.TRF.PWKR.CD.DT")
    _, remout = _read_iom_wdi(raw_dir, recent, "remout")
    frames = [
        bx.assign(flow="received", source=received.path),
        remout.assign(flow="paid", source=recent.path),
    ]
    where = f"{received.path} + {recent.path}"
    tidy = _countries_only(pd.concat(frames, ignore_index=True), raw_dir, m49, where=where)
    tidy = tidy[tidy["value"] != 0]  # placeholder zeros: see the docstring
    out = tidy[["iso3", "year", "flow", "value", "source"]].astype(
        {"iso3": str, "year": "int16", "flow": str, "value": "float64", "source": str}
    )
    validate_table(
        out,
        where,
        keys=["iso3", "year", "flow"],
        non_negative=["value"],
        dtypes={"iso3": "O", "year": "i", "flow": "O", "value": "f", "source": "O"},
    )
    return out.sort_values(["iso3", "year", "flow"], ignore_index=True)


def read_gdp(raw_dir: Path, m49: pd.DataFrame, *, raw: RawFile = IOM_WDI) -> pd.DataFrame:
    """Read GDP (current US$, NY.GDP.MKTP.CD) by country and year from the WDI extract.

    Missing values are dropped (no row), World Bank aggregates are excluded.

    Parameters
    ----------
    raw_dir
        Raw-data root laid out like ``../shared/data``.
    m49
        Output of :func:`gcm_report.data.sources.m49.read_m49`, to harmonise codes.
    raw
        The declared file (another vintage with the same layout may be passed).

    Returns
    -------
    DataFrame
        ``iso3`` (str), ``year`` (int16), ``value`` (float64, current US$), sorted by
        ``iso3``, ``year``.
    """
    path, gdp = _read_iom_wdi(raw_dir, raw, "gdp")
    tidy = _countries_only(gdp, raw_dir, m49, where=str(path))
    out = tidy[["iso3", "year", "value"]].astype({"iso3": str, "year": "int16", "value": "float64"})
    validate_table(
        out, str(path), keys=["iso3", "year"], dtypes={"iso3": "O", "year": "i", "value": "f"}
    )
    # GDP is a denominator: a zero or negative value is a data error, not a data point.
    if (out["value"] <= 0).any():
        first = out.loc[out["value"] <= 0].iloc[0]
        raise DataError(f"{path}: non-positive GDP for {first['iso3']} {first['year']}")
    return out.sort_values(["iso3", "year"], ignore_index=True)


def remittances_share_of_gdp(remittances: pd.DataFrame, gdp: pd.DataFrame) -> pd.DataFrame:
    """Compute personal remittances received as a percentage of GDP (SDG indicator 17.3.2).

    Only country-years present in both tables are kept. With the default inputs the two come
    from different WDI vintages (remittances 2025-07, GDP early 2025), so values can differ
    slightly from the World Bank's own BX.TRF.PWKR.DT.GD.ZS.

    Parameters
    ----------
    remittances
        Output of :func:`read_remittances` (only ``flow == "received"`` is used).
    gdp
        Output of :func:`read_gdp`.

    Returns
    -------
    DataFrame
        ``iso3`` (str), ``year`` (int16), ``value`` (float64, % of GDP), sorted by ``iso3``,
        ``year``.
    """
    for name, df, columns in (
        ("remittances", remittances, ["iso3", "year", "flow", "value"]),
        ("gdp", gdp, ["iso3", "year", "value"]),
    ):
        missing = [c for c in columns if c not in df.columns]
        if missing:
            raise DataError(f"remittances_share_of_gdp: {name} lacks column(s) {missing}")
    received = remittances.loc[remittances["flow"] == "received", ["iso3", "year", "value"]]
    both = received.merge(gdp[["iso3", "year", "value"]], on=["iso3", "year"], how="inner")
    out = pd.DataFrame(
        {
            "iso3": both["iso3"].astype(str),
            "year": both["year"].astype("int16"),
            "value": (100.0 * both["value_x"] / both["value_y"]).astype("float64"),
        }
    )
    validate_table(
        out,
        "remittances received / GDP",
        keys=["iso3", "year"],
        non_negative=["value"],
        dtypes={"iso3": "O", "year": "i", "value": "f"},
    )
    return out.sort_values(["iso3", "year"], ignore_index=True)


# --- remittance prices ----------------------------------------------------------------------

_RPW_ID_COLUMNS = [
    "Sending Countries Name",
    "Sending Countries Code",
    "Series Name",
    "Series Code",
    "Receiving Countries  Name",  # two spaces, as exported by DataBank
    "Receiving Countries  Code",
]
_RPW_SERIES = "ATCR.CORR"
_RPW_PERIOD = re.compile(r"(\d{4}Q[1-4]) \[YR\1\]")
_RPW_FOOTER_LINES = 5  # 3 empty rows, "Data from database: ...", "Last Updated: ..."
# RPW codes that differ from the project's keys (WDI and codes.py use XKX for Kosovo).
_RPW_ALIASES = {"KSV": "XKX"}


def read_rpw_corridors(
    raw_dir: Path, m49: pd.DataFrame, *, raw: RawFile = RPW_CORRIDORS
) -> pd.DataFrame:
    """Read the average total cost of sending US$200 in each corridor and period.

    Each data row of the export is one corridor (sending × receiving country, both given as
    codes) with one column per survey period. ``..`` (not surveyed) is dropped, so only
    surveyed corridor-periods have rows. Periods are half-yearly up to 2012 (Q1, Q3), then
    quarterly. Values are kept as published, including a few negative costs (an exchange-rate
    margin below zero, e.g. Saudi Arabia → Sudan 2017Q4).

    Parameters
    ----------
    raw_dir
        Raw-data root laid out like ``../shared/data``.
    m49
        Output of :func:`gcm_report.data.sources.m49.read_m49`, to harmonise codes.
    raw
        The declared file (another export with the same layout may be passed).

    Returns
    -------
    DataFrame
        ``sending_iso3`` (str), ``receiving_iso3`` (str), ``period`` (str, e.g. ``"2020Q3"``),
        ``cost_pct`` (float64, % of the US$200 sent), sorted by the first three columns.
    """
    path = resolve_raw(raw_dir, raw)
    df = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    columns = [str(c) for c in df.columns]
    expect_columns(str(path), columns[: len(_RPW_ID_COLUMNS)], _RPW_ID_COLUMNS)
    periods = {}
    for number, name in enumerate(columns[len(_RPW_ID_COLUMNS) :], start=len(_RPW_ID_COLUMNS) + 1):
        match = _RPW_PERIOD.fullmatch(name)
        if match is None:
            raise DataError(
                f"{path}: column {number} is {name!r}, expected a period like '2011Q1 [YR2011Q1]'"
            )
        periods[name] = match.group(1)
    if not periods:
        raise DataError(f"{path}: no period columns after column {len(_RPW_ID_COLUMNS)}")
    # DataBank appends a footer whose rows have no series code; it must be exactly the tail.
    footer = (df["Series Code"] == "").to_numpy()
    if footer.sum() != _RPW_FOOTER_LINES or not footer[-_RPW_FOOTER_LINES:].all():
        raise DataError(
            f"{path}: expected {_RPW_FOOTER_LINES} footer lines after the data "
            f"(rows without a Series Code: {int(footer.sum())})"
        )
    body = df.iloc[:-_RPW_FOOTER_LINES]
    series = sorted(set(body["Series Code"]))
    if series != [_RPW_SERIES]:
        raise DataError(
            f"{path}: column 4 (Series Code) holds {series[:3]}, expected {_RPW_SERIES}"
        )
    long = body.melt(
        id_vars=["Sending Countries Code", "Receiving Countries  Code"],
        value_vars=list(periods),
        var_name="column",
        value_name="cost",
    )
    long = long[long["cost"].str.strip() != ".."]  # ".." = not surveyed: dropped
    cost = _to_float(long["cost"], str(path), long["column"])
    sending = harmonise_codes(
        long["Sending Countries Code"].replace(_RPW_ALIASES),
        m49,
        where=f"{path}: Sending Countries Code",
        allow_non_countries=False,
    )
    receiving = harmonise_codes(
        long["Receiving Countries  Code"].replace(_RPW_ALIASES),
        m49,
        where=f"{path}: Receiving Countries  Code",
        allow_non_countries=False,
    )
    out = pd.DataFrame(
        {
            "sending_iso3": sending.astype(str),
            "receiving_iso3": receiving.astype(str),
            "period": long["column"].map(periods).astype(str),
            "cost_pct": cost,
        }
    )
    keys = ["sending_iso3", "receiving_iso3", "period"]
    validate_table(
        out,
        str(path),
        keys=keys,
        dtypes={"sending_iso3": "O", "receiving_iso3": "O", "period": "O", "cost_pct": "f"},
    )
    # A cost beyond ±100% of the amount sent means a unit change (e.g. US$ instead of %).
    if (out["cost_pct"].abs() > 100).any():
        raise DataError(f"{path}: column 'cost_pct' holds values beyond ±100%")
    return out.sort_values(keys, ignore_index=True)
