"""Loaders and snapshot against the raw publisher files."""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

import openpyxl
import pytest

from gcm_report.data.snapshot import DEFAULT_SNAPSHOT_DIR, TABLES, Snapshot, build_snapshot
from gcm_report.data.sources import m49, undesa, worldbank
from gcm_report.data.sources._base import sha256_file
from gcm_report.errors import DataError


@pytest.fixture(scope="module")
def destination(raw_dir):
    return undesa.read_destination_workbook(raw_dir, m49.read_m49(raw_dir))


def _value(df, **where):
    sel = df
    for k, v in where.items():
        sel = sel[sel[k] == v]
    assert len(sel) == 1, where
    return sel["value"].iloc[0]


def test_workbook_rows_match_hand_picked_cells(destination):
    # Values read off the official workbook (Table 1 row 12: WORLD; Germany; Tonga).
    assert (
        _value(destination, iso3="WLD", measure="migrant_stock", sex="total", year=2020)
        == 280598105
    )
    assert (
        _value(destination, iso3="WLD", measure="migrant_stock", sex="total", year=1990)
        == 152986157
    )
    assert _value(destination, iso3="TON", measure="migrant_stock", sex="total", year=1990) == 2911
    # Table 2 is in thousands: Tonga 1990 = 95.069 thousand.
    assert _value(
        destination, iso3="TON", measure="population", sex="total", year=1990
    ) == pytest.approx(95069)
    assert _value(
        destination, iso3="TUV", measure="female_share_pct", sex="total", year=1990
    ) == pytest.approx(43.396226, abs=1e-6)
    # Table 5: rate of change for 1990-1995, stored at the period's end year; may be negative.
    assert _value(
        destination, iso3="BDI", measure="migrant_stock_change_rate", sex="total", year=1995
    ) == pytest.approx(-5.355717148, abs=1e-8)
    # Table 6: refugees and asylum seekers, and their share of the migrant stock.
    assert (
        _value(destination, iso3="WLD", measure="refugee_stock", sex="total", year=2020) == 33807795
    )
    assert _value(destination, iso3="BDI", measure="refugee_share_pct", sex="total", year=1995) == (
        pytest.approx(67.888939898, abs=1e-8)
    )
    # "~" (not applicable or negligible) is missing too: Comoros 1990 has no refugee row.
    com = destination[(destination["iso3"] == "COM") & (destination["measure"] == "refugee_stock")]
    assert 1990 not in set(com["year"]) and 1995 in set(com["year"])
    # ".." (not available) becomes a missing row, never a zero.
    ssd = destination[(destination["iso3"] == "SSD") & (destination["measure"] == "migrant_stock")]
    assert 1990 not in set(ssd["year"]) and 2020 in set(ssd["year"])


def test_origin_destination_sums_match_provenance_checks(raw_dir):
    od = undesa.read_origin_destination(raw_dir, undesa.IMS_2024_OD, m49.read_m49(raw_dir))
    # Checks published in undesa_ims/PROVENANCE.md.
    assert od.loc[od["year"] == 2024, "value"].sum() == 304021813
    assert od.loc[od["year"] == 2020, "value"].sum() == 275284032
    first = od[(od["dest"] == "ABW") & (od["origin"] == "BES") & (od["year"] == 1990)]
    assert dict(zip(first["sex"], first["value"], strict=True)) == {"female": 25, "male": 28}


def test_population_excludes_world_bank_aggregates(raw_dir):
    pop = worldbank.read_population(raw_dir)
    assert not pop["iso3"].isin(["WLD", "ARB", "LMY", "EUU"]).any()
    assert pop[(pop["iso3"] == "ABW")]["year"].min() == 1990


def _copy_raw(raw_dir: Path, tmp_path: Path) -> Path:
    dest = tmp_path / "raw"
    shutil.copytree(raw_dir, dest)
    for p in dest.rglob("*"):
        p.chmod(0o755 if p.is_dir() else 0o644)
    return dest


def test_changed_raw_file_is_refused_by_checksum(raw_dir, tmp_path):
    raw = _copy_raw(raw_dir, tmp_path)
    target = raw / undesa.IMS_2024_OD.path
    target.write_bytes(target.read_bytes()[:-100])  # truncated download
    with pytest.raises(
        DataError, match=r"iom_gdidata_undesa_stocks_2024rev.csv.gz: checksum .* differs"
    ):
        undesa.read_origin_destination(raw, undesa.IMS_2024_OD, m49.read_m49(raw_dir))


def test_missing_raw_file_names_its_download_url(raw_dir, tmp_path):
    with pytest.raises(
        DataError, match=r"declared input is missing \(download: https://www.un.org/"
    ):
        undesa.read_origin_destination(tmp_path, undesa.IMS_2024_OD, m49.read_m49(raw_dir))


def test_shifted_workbook_column_names_file_sheet_and_column(raw_dir, tmp_path):
    raw = _copy_raw(raw_dir, tmp_path)
    path = raw / undesa.IMS_2020_DESTINATION.path
    wb = openpyxl.load_workbook(path)
    wb["Table 3"].insert_cols(4)  # an extra column D, before "Location code"
    wb.save(path)
    declared = dataclasses.replace(undesa.IMS_2020_DESTINATION, sha256=sha256_file(path))
    with pytest.raises(DataError) as info:
        undesa.read_destination_workbook(raw, m49.read_m49(raw), raw=declared)
    message = str(info.value)
    assert "undesa_pd_2020_ims_stock_by_sex_and_destination.xlsx [Table 3] row 11" in message
    assert message.endswith("column D is <empty>, expected 'Location code'")


def test_renamed_sheet_is_reported(raw_dir, tmp_path):
    raw = _copy_raw(raw_dir, tmp_path)
    path = raw / undesa.IMS_2020_DESTINATION.path
    wb = openpyxl.load_workbook(path)
    wb["Table 2"].title = "Table 2 (population)"
    wb.save(path)
    declared = dataclasses.replace(undesa.IMS_2020_DESTINATION, sha256=sha256_file(path))
    with pytest.raises(DataError, match=r"\[Table 2\]: sheet is missing"):
        undesa.read_destination_workbook(raw, m49.read_m49(raw), raw=declared)


def test_committed_snapshot_is_exactly_what_the_pipeline_builds(raw_dir, tmp_path):
    first = build_snapshot(raw_dir, tmp_path / "a")
    second = build_snapshot(raw_dir, tmp_path / "b")
    assert first == second
    for name in [*(f"{t}.parquet" for t in TABLES), "manifest.json"]:
        rebuilt = (tmp_path / "a" / name).read_bytes()
        assert rebuilt == (tmp_path / "b" / name).read_bytes(), name
        assert rebuilt == (DEFAULT_SNAPSHOT_DIR / name).read_bytes(), f"committed {name} is stale"


def test_failed_snapshot_build_leaves_previous_snapshot_untouched(raw_dir, tmp_path):
    target = tmp_path / "snapshot"
    build_snapshot(raw_dir, target)
    before = {p.name: p.read_bytes() for p in target.iterdir()}
    raw = _copy_raw(raw_dir, tmp_path)
    (raw / worldbank.WDI_POPULATION.path).write_text("Country Name,Country Code,Year,Value\n")
    with pytest.raises(DataError, match=r"datasets_population_SP\.POP\.TOTL\.csv: checksum"):
        build_snapshot(raw, target)
    assert {p.name: p.read_bytes() for p in target.iterdir()} == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".snapshot-")] == []


def test_corrupt_snapshot_table_is_refused(tmp_path):
    snap_dir = tmp_path / "snapshot"
    shutil.copytree(DEFAULT_SNAPSHOT_DIR, snap_dir)
    table = snap_dir / "undesa_ims_2024_od.parquet"
    data = bytearray(table.read_bytes())
    data[len(data) // 2] ^= 0xFF
    table.write_bytes(bytes(data))
    with pytest.raises(DataError, match=r"undesa_ims_2024_od.parquet: checksum differs"):
        Snapshot(snap_dir).table("undesa_ims_2024_od")


def test_snapshot_records_provenance_of_every_input():
    manifest = Snapshot().manifest
    for entry in manifest["inputs"].values():
        assert len(entry["sha256"]) == 64
        assert entry["url"].startswith("https://")
        assert entry["licence"] and entry["vintage"] and entry["publisher"]
    assert (
        sum((DEFAULT_SNAPSHOT_DIR / t["file"]).stat().st_size for t in manifest["tables"].values())
        < 20e6
    )


def test_a_snapshot_step_cannot_read_an_input_it_did_not_declare(raw_dir, tmp_path, monkeypatch):
    from gcm_report.data import snapshot

    spec = snapshot.TABLES["m49"]
    sneaky = snapshot.TableSpec(
        spec.title, spec.inputs, lambda raw, done: worldbank.read_population(raw)
    )
    monkeypatch.setitem(snapshot.TABLES, "m49", sneaky)
    with pytest.raises(DataError, match=r"step 'm49' read worldbank/.*, which it did not declare"):
        build_snapshot(raw_dir, tmp_path / "snapshot")
    assert not (tmp_path / "snapshot").exists()


def _linked_raw(raw_dir: Path, tmp_path: Path) -> Path:
    """Return a raw folder of symlinks to the shared files (fast to make, safe to alter)."""
    dest = tmp_path / "raw"
    for src in raw_dir.rglob("*"):
        if src.is_file():
            link = dest / src.relative_to(raw_dir)
            link.parent.mkdir(parents=True, exist_ok=True)
            link.symlink_to(src)
    return dest


def _redeclare(monkeypatch, module, name: str, path: Path) -> None:
    """Declare ``path``'s current bytes as the expected ones, as a deliberate update would."""
    declared = dataclasses.replace(getattr(module, name), sha256=sha256_file(path))
    monkeypatch.setattr(module, name, declared)


def test_non_utf8_m49_csv_is_one_line_naming_the_file(raw_dir, tmp_path, monkeypatch):
    # Defect 16: with an updated checksum declaration, a re-encoded file gave a traceback.
    raw = _linked_raw(raw_dir, tmp_path)
    path = raw / m49.M49_OVERVIEW.path
    text = path.read_text(encoding="utf-8-sig")
    path.unlink()
    path.write_bytes(text.encode("cp1252", errors="replace"))
    _redeclare(monkeypatch, m49, "M49_OVERVIEW", path)
    with pytest.raises(DataError) as info:
        build_snapshot(raw, tmp_path / "snapshot")
    message = str(info.value)
    assert message.startswith(f"{path}: ") and "\n" not in message
    assert "step 'm49'" in message and "utf-8" in message.lower()
    assert not (tmp_path / "snapshot").exists()


def test_truncated_workbook_is_one_line_naming_the_file(raw_dir, tmp_path, monkeypatch):
    raw = _linked_raw(raw_dir, tmp_path)
    path = raw / undesa.IMS_2020_DESTINATION.path
    data = path.read_bytes()
    path.unlink()
    path.write_bytes(data[: len(data) // 2])  # an interrupted download, declared by mistake
    from gcm_report.data import snapshot

    declared = dataclasses.replace(undesa.IMS_2020_DESTINATION, sha256=sha256_file(path))
    name = "undesa_ims_2020_destination"
    spec = snapshot.TABLES[name]
    step = snapshot.TableSpec(
        spec.title,
        (declared, m49.M49_OVERVIEW),
        lambda raw, done: undesa.read_destination_workbook(raw, done["m49"], raw=declared),
    )
    monkeypatch.setitem(snapshot.TABLES, name, step)
    with pytest.raises(DataError) as info:
        build_snapshot(raw, tmp_path / "snapshot")
    message = str(info.value)
    assert message.startswith(f"{path}: ") and "\n" not in message
    assert "step 'undesa_ims_2020_destination'" in message


def test_stale_temporary_snapshots_are_removed_and_ignored(raw_dir, tmp_path, monkeypatch):
    # Defect 12: data/.snapshot-* folders of killed builds stayed forever, and git saw them.
    import subprocess

    from gcm_report.data import snapshot

    stale = [tmp_path / ".snapshot-k1ll3d", tmp_path / "snapshot.old"]
    for folder in stale:
        folder.mkdir()
        (folder / "m49.parquet").write_bytes(b"partial")

    def fail(raw, done):
        raise DataError("stop after the clean-up")

    spec = snapshot.TABLES["m49"]
    monkeypatch.setitem(snapshot.TABLES, "m49", snapshot.TableSpec(spec.title, spec.inputs, fail))
    with pytest.raises(DataError, match="stop after the clean-up"):
        build_snapshot(raw_dir, tmp_path / "snapshot")
    assert sorted(p.name for p in tmp_path.iterdir()) == [".snapshot.lock"]
    root = Path(__file__).resolve().parents[1]
    for name in ("data/.snapshot-k1ll3d", "data/snapshot.old", "data/.snapshot.lock"):
        ignored = subprocess.run(["git", "-C", str(root), "check-ignore", "-q", name])
        assert ignored.returncode == 0, f"{name} is not gitignored"


def test_two_snapshot_builds_cannot_run_at_once(raw_dir, tmp_path):
    import fcntl
    import os

    from gcm_report.errors import LockedError

    lock = tmp_path / ".snapshot.lock"
    with lock.open("w") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        fh.write(f"{os.getpid()}\n")
        fh.flush()
        with pytest.raises(LockedError, match=rf"in use by process {os.getpid()}"):
            build_snapshot(raw_dir, tmp_path / "snapshot")
    assert not (tmp_path / "snapshot").exists()
