"""The dataset catalog, `data pull`, `data build` and `data status` through the command line."""

from __future__ import annotations

import json
import re
import shutil

import pytest

from gcm_report.cli import main
from gcm_report.data.catalog import catalog, catalog_rows, stale_inputs
from gcm_report.data.snapshot import TABLES, Snapshot
from gcm_report.data.sources._base import sha256_file
from gcm_report.layout import DEFAULT_SNAPSHOT_DIR


def test_catalog_describes_every_declared_file(raw_dir):
    rows = catalog_rows()
    assert {r["path"].split("/")[0] for r in rows} >= {
        "undesa_ims", "unhcr", "worldbank", "iom_mmp", "unsd_sdg", "unsd_m49", "idmc", "gcm"
    }  # fmt: skip
    for row in rows:
        for field in ("publisher", "title", "licence", "url", "format", "vintage", "sha256"):
            assert row[field], (row["path"], field)
        assert row["url"].startswith("https://"), row["path"]
        # The declared checksum is the checksum of the file in the raw mirror.
        assert sha256_file(raw_dir / row["path"]) == row["sha256"], row["path"]


def test_every_catalog_file_feeds_the_snapshot():
    manifest = Snapshot().manifest
    stale = stale_inputs(manifest)
    assert stale == {"changed": [], "unused": [], "undeclared": []}
    assert set(manifest["tables"]) == set(TABLES)


def test_pull_from_mirror_then_build_reproduces_the_committed_snapshot(raw_dir, tmp_path, capsys):
    dest = tmp_path / "raw"
    assert main(["data", "pull", "--from", str(raw_dir), "--dest", str(dest)]) == 0
    for raw in catalog():
        assert sha256_file(dest / raw.path) == raw.sha256
    # A second pull has nothing to do.
    capsys.readouterr()
    assert main(["data", "pull", "--from", str(raw_dir), "--dest", str(dest)]) == 0
    captured = capsys.readouterr()
    assert "up to date" in captured.out + captured.err
    snap = tmp_path / "snapshot"
    assert main(["data", "build", "--raw", str(dest), "--snapshot", str(snap)]) == 0
    for path in DEFAULT_SNAPSHOT_DIR.iterdir():
        assert (snap / path.name).read_bytes() == path.read_bytes(), path.name


def test_status_flags_a_snapshot_built_from_another_vintage(tmp_path, capsys):
    snap = tmp_path / "snapshot"
    shutil.copytree(DEFAULT_SNAPSHOT_DIR, snap)
    assert main(["data", "status", "--snapshot", str(snap)]) == 0
    out = capsys.readouterr().out
    assert "up to date with the catalog" in out
    assert "unhcr_population" in out and "2025 release" in out
    manifest = json.loads((snap / "manifest.json").read_text())
    entry = manifest["inputs"]["unhcr/unhcr_refugees_pkg_population.csv.gz"]
    entry["sha256"], entry["vintage"] = "0" * 64, "2024 release"
    (snap / "manifest.json").write_text(json.dumps(manifest))
    assert main(["data", "status", "--snapshot", str(snap)]) == 1
    assert "stale: unhcr/unhcr_refugees_pkg_population.csv.gz" in capsys.readouterr().out


@pytest.mark.parametrize("damage", ["delete", "corrupt"])
def test_status_verifies_every_table_checksum(tmp_path, capsys, damage):
    # Defect 9: `data status` said "up to date" with a corrupt or deleted table.
    snap = tmp_path / "snapshot"
    shutil.copytree(DEFAULT_SNAPSHOT_DIR, snap)
    table = snap / "wdi_population.parquet"
    if damage == "delete":
        table.unlink()
    else:
        data = bytearray(table.read_bytes())
        data[len(data) // 2] ^= 0xFF
        table.write_bytes(bytes(data))
    assert main(["data", "status", "--snapshot", str(snap)]) == 1
    out = capsys.readouterr().out
    assert "up to date" not in out
    expected = "is missing" if damage == "delete" else "checksum differs"
    assert f"{table}: " in out and expected in out


@pytest.mark.parametrize("text", ["{}", "[]", '{"snapshot_id": "x", "tables": {"m49": 1}}'])
def test_status_of_a_malformed_manifest_is_one_line(tmp_path, capsys, text):
    # Defect 9: a `{}` manifest gave a traceback.
    snap = tmp_path / "snapshot"
    shutil.copytree(DEFAULT_SNAPSHOT_DIR, snap)
    (snap / "manifest.json").write_text(text)
    assert main(["data", "status", "--snapshot", str(snap)]) == 1
    captured = capsys.readouterr()
    err = captured.err.strip()
    assert err.count("\n") == 0 and f"{snap / 'manifest.json'}: " in err, err
    assert "Traceback" not in captured.out + captured.err


@pytest.mark.parametrize("table", sorted(TABLES))
def test_each_table_names_its_publication_and_release(table):
    snapshot = Snapshot()
    line = snapshot.source_line(table)
    primary = snapshot.manifest["tables"][table]["inputs"][0]
    entry = snapshot.publication(primary)
    # The plain line was written for the manifest's vintage of the file (see publications.yml).
    assert entry.vintage == snapshot.publication_record(primary)["vintage"]
    assert line.startswith(entry.publication) and line.endswith(entry.release)


def test_every_input_is_named_by_one_publication_entry():
    from gcm_report.data.publications import publications

    snapshot = Snapshot()
    used = set()
    for path in snapshot.manifest["inputs"]:
        entry = snapshot.publication(path)  # fails for none, several, or another vintage
        used.add(entry.key)
    assert used == {p.key for p in publications()}  # no entry names nothing
    # What a delegate reads: no copies, commits, package versions or ISO dates.
    plumbing = re.compile(r"commit|gdidata|open-numbers|R package|\d{4}-\d{2}|\.(csv|json|xlsx)\b")
    for path in snapshot.manifest["inputs"]:
        line = snapshot.input_line(path)
        assert not plumbing.search(line), line


def test_a_new_vintage_needs_its_publication_entry_rewritten(tmp_path):
    from gcm_report.errors import DataError

    snap = tmp_path / "snapshot"
    shutil.copytree(DEFAULT_SNAPSHOT_DIR, snap)
    manifest = json.loads((snap / "manifest.json").read_text())
    manifest["inputs"]["worldbank/datasets_population_SP.POP.TOTL.csv"]["vintage"] = "WDI 2027"
    (snap / "manifest.json").write_text(json.dumps(manifest))
    with pytest.raises(DataError, match="wdi_population was written for vintage"):
        Snapshot(snap).source_line("wdi_population")
