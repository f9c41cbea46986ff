"""The IDMC and GCM-objectives loaders against the raw files, read with the csv/json modules."""

from __future__ import annotations

import csv
import dataclasses
import json
import re
import shutil
from pathlib import Path

import pandas as pd
import pytest

from gcm_report.data.sources import gcm, idmc, m49
from gcm_report.data.sources._base import sha256_file
from gcm_report.errors import DataError


@pytest.fixture(scope="module")
def codes(raw_dir: Path) -> pd.DataFrame:
    return m49.read_m49(raw_dir)


@pytest.fixture(scope="module")
def stocks(raw_dir, codes) -> pd.DataFrame:
    return idmc.read_idp_stocks(raw_dir, codes)


@pytest.fixture(scope="module")
def flows(raw_dir, codes) -> pd.DataFrame:
    return idmc.read_displacements(raw_dir, codes)


def _csv_rows(raw_dir: Path, raw) -> list[dict[str, str]]:
    with (raw_dir / raw.path).open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _raw_json(raw_dir: Path) -> dict:
    return json.loads((raw_dir / gcm.GCM_OBJECTIVES.path).read_text(encoding="utf-8"))


def _copy(raw_dir: Path, tmp_path: Path, *folders: str) -> Path:
    dest = tmp_path / "raw"
    for folder in ("unsd_m49", *folders):
        shutil.copytree(raw_dir / folder, dest / folder)
    for p in dest.rglob("*"):
        p.chmod(0o755 if p.is_dir() else 0o644)
    return dest


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


# --- IDMC -----------------------------------------------------------------------------------


def test_flows_match_the_raw_csv(raw_dir, flows):
    rows = _csv_rows(raw_dir, idmc.IDMC_FLOWS)
    # First row per PROVENANCE.md: a published zero is kept, not dropped.
    assert rows[0] == {"geo": "AB9", "t": "2014", "cause": "conflict", "n": "0"}
    raw_ukr = next(r for r in rows if (r["geo"], r["t"], r["cause"]) == ("UKR", "2022", "conflict"))
    ukr = flows[(flows["iso3"] == "UKR") & (flows["year"] == 2022) & (flows["cause"] == "conflict")]
    assert ukr["value"].tolist() == [int(raw_ukr["n"])] == [16870323]
    abyei = flows[(flows["iso3"] == "AB9") & (flows["year"] == 2014)]
    assert abyei["value"].tolist() == [0]
    expected = {(r["geo"], int(r["t"]), r["cause"]): int(r["n"]) for r in rows}
    got = {(i, y, c): v for i, y, c, v in flows.itertuples(index=False, name=None)}
    assert got == expected and len(flows) == 4071
    assert flows["iso3"].nunique() == 210
    assert (flows["year"].min(), flows["year"].max()) == (2008, 2023)


def test_stocks_match_the_raw_csv(raw_dir, stocks):
    rows = _csv_rows(raw_dir, idmc.IDMC_STOCKS)
    assert rows[0] == {
        "geo": "AB9",
        "t": "2024",
        "cause": "conflict",
        "sex": "unknown",
        "age": "unknown",
        "n": "42000",
    }
    first = stocks.iloc[0]
    assert first.tolist() == ["AB9", 2024, "conflict", "unknown", "unknown", 42000]
    afg_raw = sum(int(r["n"]) for r in rows if r["geo"] == "AFG" and r["cause"] == "conflict")
    afg = stocks[(stocks["iso3"] == "AFG") & (stocks["cause"] == "conflict")]
    assert afg["value"].sum() == afg_raw
    assert len(stocks) == len(rows) == 1541
    # PROVENANCE.md says "117 ISO3 (+AB9)": the file has 117 codes including AB9.
    assert stocks["iso3"].nunique() == 117 and set(stocks["year"]) == {2024}


def test_idmc_schema(stocks, flows):
    assert list(stocks.columns) == ["iso3", "year", "cause", "sex", "age", "value"]
    assert list(flows.columns) == ["iso3", "year", "cause", "value"]
    for df, keys in (
        (stocks, ["iso3", "year", "cause", "sex", "age"]),
        (flows, ["iso3", "year", "cause"]),
    ):
        assert df["year"].dtype == "int16" and df["value"].dtype == "int64"
        assert df.equals(df.sort_values(keys, ignore_index=True))
        assert not df.duplicated(keys).any() and (df["value"] >= 0).all()
    # Codes outside M49 that codes.py documents.
    assert {"AB9", "XKX", "TWN"} <= set(flows["iso3"])


def test_idmc_renamed_column_names_file_and_column(raw_dir, codes, tmp_path):
    raw = _copy(raw_dir, tmp_path, "idmc")
    path = raw / idmc.IDMC_FLOWS.path
    _edit(path, "geo,t,cause,n\n", "geo,year,cause,n\n")
    declared = dataclasses.replace(idmc.IDMC_FLOWS, sha256=sha256_file(path))
    with pytest.raises(DataError) as info:
        idmc.read_displacements(raw, codes, raw=declared)
    message = str(info.value)
    assert "\n" not in message and "iom_gdidata_idmc_flows.csv" in message
    assert message.endswith("column 2 is 'year', expected 't'")


def test_idmc_truncated_file_is_refused_by_checksum(raw_dir, codes, tmp_path):
    raw = _copy(raw_dir, tmp_path, "idmc")
    path = raw / idmc.IDMC_STOCKS.path
    path.write_bytes(path.read_bytes()[:-100])
    with pytest.raises(DataError, match=r"iom_gdidata_idmc_stocks.csv: checksum .* differs"):
        idmc.read_idp_stocks(raw, codes)


def test_idmc_unknown_code_is_listed(raw_dir, codes, tmp_path):
    raw = _copy(raw_dir, tmp_path, "idmc")
    path = raw / idmc.IDMC_STOCKS.path
    _edit(path, "\nAFG,", "\nQQQ,")
    declared = dataclasses.replace(idmc.IDMC_STOCKS, sha256=sha256_file(path))
    with pytest.raises(DataError) as info:
        idmc.read_idp_stocks(raw, codes, raw=declared)
    message = str(info.value)
    assert "iom_gdidata_idmc_stocks.csv: column geo: 1 code(s) with no mapping: QQQ" in message


def test_idmc_unknown_category_is_listed(raw_dir, codes, tmp_path):
    raw = _copy(raw_dir, tmp_path, "idmc")
    path = raw / idmc.IDMC_FLOWS.path
    _edit(path, "\nAB9,2014,conflict,", "\nAB9,2014,tsunami,")
    declared = dataclasses.replace(idmc.IDMC_FLOWS, sha256=sha256_file(path))
    with pytest.raises(DataError, match=r"column cause holds unknown categories \['tsunami'\]"):
        idmc.read_displacements(raw, codes, raw=declared)


# --- GCM objectives --------------------------------------------------------------------------


def _reference_round_tables(raw_dir: Path) -> dict[str, tuple[str, tuple[int, ...]]]:
    """Parse the round-table table of shared/reference/review-process.md."""
    reference = raw_dir.parent / "reference" / "review-process.md"
    found = {}
    for line in reference.read_text(encoding="utf-8").splitlines():
        m = re.fullmatch(r"\|\s*(RT\d)\s*\|\s*([^|]+?)\s*\|\s*([\d,\s]+?)\s*\|", line.strip())
        if m:
            found[m[1]] = (m[2], tuple(int(x) for x in m[3].split(",")))
    return found


def test_round_tables_are_those_of_the_review_process(raw_dir):
    assert _reference_round_tables(raw_dir) == gcm.ROUND_TABLES
    objectives = [o for _theme, objs in gcm.ROUND_TABLES.values() for o in objs]
    assert sorted(objectives) == list(range(1, 24))


def test_objectives_match_the_raw_json(raw_dir):
    doc = _raw_json(raw_dir)
    objectives = gcm.read_objectives(raw_dir)
    assert len(objectives) == len(doc["objectives"]) == 23
    assert objectives["objective"].dtype == "int8"
    assert list(objectives.columns) == [
        "objective",
        "title",
        "commitment",
        "round_table",
        "round_table_theme",
    ]
    raw23 = doc["objectives"][22]
    row = objectives[objectives["objective"] == 23].iloc[0]
    assert (
        row["title"]
        == raw23["title"]
        == (
            "Strengthen international cooperation and global partnerships for safe, orderly and "
            "regular migration"
        )
    )
    assert row["commitment"] == raw23["commitment"].strip()
    assert (row["round_table"], row["round_table_theme"]) == (
        "RT4",
        "Data, evidence and cooperation",
    )
    assert objectives.set_index("objective")["round_table"].to_dict()[13] == "RT2"


def test_actions_match_the_raw_json(raw_dir):
    doc = _raw_json(raw_dir)
    actions = gcm.read_actions(raw_dir)
    assert list(actions.columns) == ["objective", "action", "text", "short_label"]
    assert len(actions) == sum(len(o["actions"]) for o in doc["objectives"]) == 187
    counts = actions.groupby("objective").size().to_dict()
    assert counts[23] == len(doc["objectives"][22]["actions"]) == 5
    raw_b = doc["objectives"][22]["actions"][1]
    b = actions[(actions["objective"] == 23) & (actions["action"] == "b")].iloc[0]
    assert (b["text"], b["short_label"]) == (raw_b["text"], raw_b["short_label"])
    # Objective 20 has no short labels upstream (PROVENANCE.md); every other action has one.
    missing = actions[actions["short_label"].isna()]
    assert set(missing["objective"]) == {20} and len(missing) == 9
    assert actions.equals(actions.sort_values(["objective", "action"], ignore_index=True))


def test_gcm_renamed_field_names_file_and_field(raw_dir, tmp_path):
    raw = _copy(raw_dir, tmp_path, "gcm")
    path = raw / gcm.GCM_OBJECTIVES.path
    _edit(path, '"title":', '"name":')
    declared = dataclasses.replace(gcm.GCM_OBJECTIVES, sha256=sha256_file(path))
    with pytest.raises(DataError) as info:
        gcm.read_objectives(raw, raw=declared)
    message = str(info.value)
    assert "\n" not in message
    assert message.endswith("gcm_objectives.json: objectives[0]: field 'title' is missing")


def test_gcm_truncated_file_is_refused_by_checksum(raw_dir, tmp_path):
    raw = _copy(raw_dir, tmp_path, "gcm")
    path = raw / gcm.GCM_OBJECTIVES.path
    path.write_bytes(path.read_bytes()[:-50])
    with pytest.raises(DataError, match=r"gcm_objectives.json: checksum .* differs"):
        gcm.read_actions(raw)


def test_gcm_missing_action_is_reported(raw_dir, tmp_path):
    raw = _copy(raw_dir, tmp_path, "gcm")
    path = raw / gcm.GCM_OBJECTIVES.path
    doc = json.loads(path.read_text(encoding="utf-8"))
    del doc["objectives"][22]["actions"][1]  # objective 23 loses action b
    path.write_text(json.dumps(doc), encoding="utf-8")
    declared = dataclasses.replace(gcm.GCM_OBJECTIVES, sha256=sha256_file(path))
    with pytest.raises(DataError, match=r"objective 23\) has actions acde, expected abcd"):
        gcm.read_actions(raw, raw=declared)
