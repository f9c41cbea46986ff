"""World Bank loaders (remittances, GDP, remittance prices) against the raw publisher files.

Expected values are read independently with the ``csv`` and ``gzip`` modules (no pandas, no
project loader code), and a few are also written out as literals copied from the files.
"""

from __future__ import annotations

import csv
import dataclasses
import gzip
import shutil
from functools import cache
from pathlib import Path

import pandas as pd
import pytest

from gcm_report.data.sources import worldbank as wb
from gcm_report.data.sources._base import sha256_file
from gcm_report.data.sources.m49 import read_m49
from gcm_report.errors import DataError

AGGREGATES = ["WLD", "ARB", "LMY", "EUU"]


# --- independent readers ------------------------------------------------------------------


@cache
def _wdi_api(path: Path) -> dict[str, dict[int, float]]:
    """Return {code: {year: value}} from a WDI API CSV (header on line 5, "" = no data)."""
    with path.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    header = rows[4]
    out: dict[str, dict[int, float]] = {}
    for row in rows[5:]:
        out[row[1]] = {
            int(name): float(cell)
            for name, cell in zip(header[4:], row[4:], strict=True)
            if name and cell
        }
    return out


@cache
def _iom(path: Path) -> dict[tuple[str, str, int], float]:
    """Return {(geo, var, year): value} from the IOM gdidata WDI extract."""
    with gzip.open(path, "rt", encoding="utf-8", newline="") as fh:
        return {(r["geo"], r["var"], int(r["t"])): float(r["v"]) for r in csv.DictReader(fh)}


@cache
def _wdi_aggregates(raw_dir: Path) -> frozenset[str]:
    path = raw_dir / wb.WDI_COUNTRY_METADATA.path
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return frozenset(r["Country Code"] for r in csv.DictReader(fh) if not r["Region"])


def _bx(raw_dir: Path) -> dict[str, dict[int, float]]:
    return _wdi_api(raw_dir / wb.WDI_REMITTANCES_RECEIVED.path)


# --- fixtures -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def m49(raw_dir):
    return read_m49(raw_dir)


@pytest.fixture(scope="module")
def remittances(raw_dir, m49):
    return wb.read_remittances(raw_dir, m49)


@pytest.fixture(scope="module")
def gdp(raw_dir, m49):
    return wb.read_gdp(raw_dir, m49)


@pytest.fixture(scope="module")
def share(remittances, gdp):
    return wb.remittances_share_of_gdp(remittances, gdp)


@pytest.fixture(scope="module")
def corridors(raw_dir, m49):
    return wb.read_rpw_corridors(raw_dir, m49)


def _one(df: pd.DataFrame, column: str = "value", **where) -> float:
    sel = df
    for key, value in where.items():
        sel = sel[sel[key] == value]
    assert len(sel) == 1, where
    return float(sel[column].iloc[0])


# --- values ---------------------------------------------------------------------------------


@pytest.mark.parametrize("iso3", ["NPL", "PHL", "MEX", "IND", "TJK", "SLV"])
@pytest.mark.parametrize("year", [2023, 2024])
def test_remittances_received_match_the_official_csv(raw_dir, remittances, iso3, year):
    expected = _bx(raw_dir)[iso3][year]
    got = _one(remittances, iso3=iso3, year=year, flow="received")
    assert got == pytest.approx(expected, rel=1e-12)
    row = remittances[(remittances["iso3"] == iso3) & (remittances["year"] == year)]
    assert set(row["source"]) >= {wb.WDI_REMITTANCES_RECEIVED.path}


def test_hand_copied_literals(remittances, gdp):
    # Copied by eye from the raw files (API_BX 2025-07, IOM extract early 2025).
    assert _one(remittances, iso3="NPL", year=2023, flow="received") == 10396132001.9024
    assert _one(remittances, iso3="MEX", year=2024, flow="received") == 67637913797
    assert _one(remittances, iso3="USA", year=2019, flow="paid") == 71583000000
    assert _one(remittances, iso3="DEU", year=2019, flow="paid") == 19384946880.7898
    assert _one(remittances, iso3="USA", year=2021, flow="paid") == 73551000000
    assert _one(gdp, iso3="PHL", year=2022) == 404353369604.631


@pytest.mark.parametrize("iso3", ["USA", "DEU", "SAU", "CHE", "RUS"])
@pytest.mark.parametrize("year", [2019, 2023])
def test_remittances_paid_come_from_one_vintage_for_every_year(raw_dir, remittances, iso3, year):
    """Paid: the early-2025 extract for every year, so round 1 and round 2 read one release."""
    expected = _iom(raw_dir / wb.IOM_WDI.path)[(iso3, "remout", year)]
    sel = remittances[
        (remittances["iso3"] == iso3)
        & (remittances["year"] == year)
        & (remittances["flow"] == "paid")
    ]
    assert len(sel) == 1
    assert sel["value"].iloc[0] == pytest.approx(expected, rel=1e-12)
    assert sel["source"].iloc[0] == wb.IOM_WDI.path


@pytest.mark.parametrize("iso3", ["NPL", "PHL", "MEX", "IND", "TJK", "SLV"])
def test_gdp_2022_and_share_of_gdp(raw_dir, gdp, share, remittances, iso3):
    iom = _iom(raw_dir / wb.IOM_WDI.path)
    expected_gdp = iom[(iso3, "gdp", 2022)]
    assert _one(gdp, iso3=iso3, year=2022) == pytest.approx(expected_gdp, rel=1e-12)
    expected_share = 100 * _bx(raw_dir)[iso3][2022] / expected_gdp
    assert _one(share, iso3=iso3, year=2022) == pytest.approx(expected_share, rel=1e-12)


def test_share_of_gdp_by_hand(share):
    # Nepal 2022: 9,069,434,126.64 US$ received (API_BX) / 41,182,939,600.67 US$ GDP = 22.02%.
    assert _one(share, iso3="NPL", year=2022) == pytest.approx(22.0223, abs=1e-4)


@pytest.mark.parametrize(("iso3", "m49_code"), [("NPL", 524), ("PHL", 608), ("SLV", 222)])
def test_share_of_gdp_matches_sdg_17_3_2(raw_dir, share, iso3, m49_code):
    """The SDG series BX_TRF_PWKR is remittances received / GDP x 100 for the same country-year.

    The SDG extract dates from December 2023, our numerator from WDI 2025-07 and our GDP from
    WDI early 2025; revisions in between (mostly to GDP) shift some countries by a few tenths
    of a point (Mexico 2019: 3.054 vs 3.074). For these three the 2019 inputs were not revised
    and the values agree to 5 significant digits, so 0.01 percentage point is a tight check
    that the definition (received, not net or paid; GDP, not GNI; percent) is the same.
    """
    path = (
        raw_dir / "unsd_sdg" / "ddf--datapoints--bx_trf_pwkr--by--geo_area--nature--units--year.csv"
    )
    with path.open(encoding="utf-8", newline="") as fh:
        sdg = {
            int(r["year"]): float(r["bx_trf_pwkr"])
            for r in csv.DictReader(fh)
            if int(r["geo_area"]) == m49_code and r["units"] == "percent"
        }
    assert _one(share, iso3=iso3, year=2019) == pytest.approx(sdg[2019], abs=0.01)


def test_share_of_gdp_needs_both_inputs(share, remittances, gdp):
    # GDP in the extract ends in 2023: 2024 remittances have no share.
    assert share["year"].max() == 2023 == gdp["year"].max()
    received = remittances[remittances["flow"] == "received"]
    both = received.merge(gdp, on=["iso3", "year"])
    assert len(share) == len(both)


# --- aggregates, splice, shape --------------------------------------------------------------


def test_world_bank_aggregates_are_absent(raw_dir, remittances, gdp, share):
    aggregates = _wdi_aggregates(raw_dir)
    assert set(AGGREGATES) <= aggregates
    for df in (remittances, gdp, share):
        assert not df["iso3"].isin(aggregates).any()
        assert not df["iso3"].isin(["INX"]).any()  # WDI's "Not classified" row


def test_placeholder_zeros_are_dropped(raw_dir, remittances):
    """WDI's exact zeros mean "not compiled" (Syria received 2011–2023): no row, not 0."""
    assert all(_bx(raw_dir)["SYR"][y] == 0 for y in range(2011, 2024))
    syria = remittances[(remittances["iso3"] == "SYR") & (remittances["flow"] == "received")]
    assert not syria["year"].between(2011, 2023).any()
    assert 2010 in set(syria["year"])  # the last positive value is kept
    assert (remittances["value"] > 0).all()
    assert not remittances.duplicated(["iso3", "year", "flow"]).any()
    assert set(remittances.loc[remittances["flow"] == "paid", "source"]) == {wb.IOM_WDI.path}


def test_missing_values_are_dropped_not_zero(raw_dir, remittances):
    # Aruba received: no 2024 value in API_BX ("" in the file), so no row.
    assert 2024 not in _bx(raw_dir)["ABW"]
    abw = remittances[(remittances["iso3"] == "ABW") & (remittances["flow"] == "received")]
    assert 2023 in set(abw["year"]) and 2024 not in set(abw["year"])
    assert remittances["value"].notna().all()


def test_dtypes_and_order(remittances, gdp, share, corridors):
    assert remittances["year"].dtype == "int16" and remittances["value"].dtype == "float64"
    assert set(remittances["flow"]) == {"received", "paid"}
    assert gdp["year"].dtype == "int16" and share["value"].dtype == "float64"
    assert corridors["cost_pct"].dtype == "float64"
    for df, keys in (
        (remittances, ["iso3", "year", "flow"]),
        (gdp, ["iso3", "year"]),
        (share, ["iso3", "year"]),
        (corridors, ["sending_iso3", "receiving_iso3", "period"]),
    ):
        assert df.equals(df.sort_values(keys, ignore_index=True))


# --- remittance prices ----------------------------------------------------------------------


@cache
def _rpw(path: Path) -> dict[tuple[str, str, str], float]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    header = rows[0]
    out = {}
    for row in rows[1:-5]:  # 5 footer lines
        for name, cell in zip(header[6:], row[6:], strict=True):
            if cell != "..":
                out[(row[1], row[5], name.split(" ")[0])] = float(cell)
    return out


def test_rpw_corridors_match_the_export(raw_dir, corridors):
    expected = _rpw(raw_dir / wb.RPW_CORRIDORS.path)
    assert len(corridors) == len(expected) == 10417
    # United States -> Yemen, first surveyed in 2014Q1 (9th period column).
    assert _one(
        corridors, "cost_pct", sending_iso3="USA", receiving_iso3="YEM", period="2014Q1"
    ) == pytest.approx(5.52199983596802)
    for key in [("USA", "MEX", "2020Q3"), ("GBR", "NGA", "2017Q2"), ("SAU", "IND", "2011Q1")]:
        got = _one(corridors, "cost_pct", sending_iso3=key[0], receiving_iso3=key[1], period=key[2])
        assert got == pytest.approx(expected[key], rel=1e-12)
    # RPW codes Kosovo KSV: the project key is XKX (Germany -> Kosovo surveyed from 2015Q4).
    assert _one(
        corridors, "cost_pct", sending_iso3="DEU", receiving_iso3="XKX", period="2016Q1"
    ) == pytest.approx(expected[("DEU", "KSV", "2016Q1")])
    assert "KSV" not in set(corridors["receiving_iso3"])
    # Published negative cost kept as is (Saudi Arabia -> Sudan, 2017Q4).
    assert _one(
        corridors, "cost_pct", sending_iso3="SAU", receiving_iso3="SDN", period="2017Q4"
    ) == pytest.approx(-11.3599996566772)
    assert set(corridors["period"]) >= {"2011Q1", "2011Q3", "2020Q3"}
    assert "2011Q2" not in set(corridors["period"])


# --- layout changes and corrupt files -------------------------------------------------------


@pytest.fixture
def tmp_raw(raw_dir, tmp_path) -> Path:
    """Return a writable copy of the worldbank folder under a temporary raw root."""
    dest = tmp_path / "raw" / "worldbank"
    dest.mkdir(parents=True)
    for path in (raw_dir / "worldbank").iterdir():
        shutil.copyfile(path, dest / path.name)
    return dest.parent


def _message(excinfo: pytest.ExceptionInfo[DataError]) -> str:
    message = str(excinfo.value)
    assert "\n" not in message
    return message


def test_renamed_column_in_the_api_csv(tmp_raw, m49):
    path = tmp_raw / wb.WDI_REMITTANCES_RECEIVED.path
    text = path.read_text(encoding="utf-8-sig")
    path.write_text(text.replace('"Country Code"', '"ISO3 Code"', 1), encoding="utf-8-sig")
    raw = dataclasses.replace(wb.WDI_REMITTANCES_RECEIVED, sha256=sha256_file(path))
    with pytest.raises(DataError) as excinfo:
        wb.read_remittances(tmp_raw, m49, received=raw)
    message = _message(excinfo)
    assert path.name in message
    assert "column 2 is 'ISO3 Code', expected 'Country Code'" in message


def test_api_csv_without_its_preamble(tmp_raw, m49):
    path = tmp_raw / wb.WDI_REMITTANCES_RECEIVED.path
    lines = path.read_text(encoding="utf-8-sig").splitlines(keepends=True)
    path.write_text("".join(lines[4:]), encoding="utf-8")
    raw = dataclasses.replace(wb.WDI_REMITTANCES_RECEIVED, sha256=sha256_file(path))
    with pytest.raises(DataError) as excinfo:
        wb.read_remittances(tmp_raw, m49, received=raw)
    message = _message(excinfo)
    assert path.name in message and "line 1" in message and "preamble" in message


def test_extra_column_in_the_iom_extract(tmp_raw, m49):
    path = tmp_raw / wb.IOM_WDI.path
    with gzip.open(path, "rt", encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    with gzip.open(path, "wt", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow([*rows[0], "unit"])
        writer.writerows([*r, "US$"] for r in rows[1:])
    raw = dataclasses.replace(wb.IOM_WDI, sha256=sha256_file(path))
    with pytest.raises(DataError) as excinfo:
        wb.read_gdp(tmp_raw, m49, raw=raw)
    message = _message(excinfo)
    assert path.name in message and "unexpected extra column 5 ('unit')" in message


def test_renamed_column_in_the_rpw_export(tmp_raw, m49):
    path = tmp_raw / wb.RPW_CORRIDORS.path
    text = path.read_text(encoding="utf-8-sig")
    path.write_text(
        text.replace("Receiving Countries  Code", "Receiving Country Code", 1),
        encoding="utf-8-sig",
    )
    raw = dataclasses.replace(wb.RPW_CORRIDORS, sha256=sha256_file(path))
    with pytest.raises(DataError) as excinfo:
        wb.read_rpw_corridors(tmp_raw, m49, raw=raw)
    message = _message(excinfo)
    assert path.name in message
    assert "column 6 is 'Receiving Country Code', expected 'Receiving Countries  Code'" in message


def test_extra_column_in_the_rpw_export(tmp_raw, m49):
    path = tmp_raw / wb.RPW_CORRIDORS.path
    lines = path.read_text(encoding="utf-8-sig").splitlines()
    path.write_text("\n".join(f"{line},x" for line in lines) + "\n", encoding="utf-8")
    raw = dataclasses.replace(wb.RPW_CORRIDORS, sha256=sha256_file(path))
    with pytest.raises(DataError) as excinfo:
        wb.read_rpw_corridors(tmp_raw, m49, raw=raw)
    message = _message(excinfo)
    assert path.name in message and "column 42 is 'x'" in message


@pytest.mark.parametrize("raw", [wb.WDI_REMITTANCES_RECEIVED, wb.IOM_WDI, wb.RPW_CORRIDORS])
def test_truncated_copy_is_refused_by_checksum(tmp_raw, m49, raw):
    path = tmp_raw / raw.path
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])  # interrupted download
    loader = {
        wb.RPW_CORRIDORS.path: wb.read_rpw_corridors,
        wb.IOM_WDI.path: wb.read_gdp,
    }.get(raw.path, wb.read_remittances)
    with pytest.raises(DataError) as excinfo:
        loader(tmp_raw, m49)
    message = _message(excinfo)
    assert path.name in message and "checksum" in message


def test_declarations_are_complete():
    for raw in (wb.WDI_REMITTANCES_RECEIVED, wb.RPW_CORRIDORS):
        assert raw.official and raw.citation and raw.note and raw.download_url is None
    assert not wb.IOM_WDI.official and wb.IOM_WDI.download_url is None
    assert wb.WDI_REMITTANCES_RECEIVED.citation == (
        "World Bank, World Development Indicators (BX.TRF.PWKR.CD.DT)"
    )
