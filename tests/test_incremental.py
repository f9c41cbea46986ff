"""Builds are incremental (unchanged inputs, nothing rebuilt) and byte-reproducible.

Two reports (round 1: ECE and the synthesis) are built into a temporary outputs folder, then
rebuilt as their inputs change. Timings are the benchmark's business (benchmarks/build_all.py):
these tests check what is rebuilt and which bytes come out.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import nbformat
import pytest
from pypdf import PdfReader

from gcm_report.layout import DEFAULT_SNAPSHOT_DIR, OUTPUT_FILES
from gcm_report.pipeline.build import build, select_params
from gcm_report.pipeline.inputs import (
    collect_build_inputs,
    input_key,
    report_inputs,
    tree_digest,
)
from gcm_report.pipeline.params import load_params
from tests.conftest import ROOT

REPORTS = [("round-1", "ECE"), ("round-1", "synthesis")]
BOOKKEEPING = {".lock", ".build-log.jsonl"}  # differ between builds by design (pid, timings)


def _build(params: Path, outputs: Path, **kwargs) -> dict[str, str]:
    # English only: what a build rebuilds does not depend on the language of its reports.
    files = select_params(params, regions=["ECE"], rounds=[1], languages=["en"])
    results = build(files, outputs_dir=outputs, engine="builtin", jobs=2, **kwargs)
    assert all(r.ok for r in results), [r.error for r in results]
    return {r.region: r.status for r in results}


def _state(outputs: Path) -> dict[str, tuple[bytes, int]]:
    """Return every file's bytes and modification time (bookkeeping files excluded)."""
    return {
        str(p.relative_to(outputs)): (p.read_bytes(), p.stat().st_mtime_ns)
        for p in sorted(outputs.rglob("*"))
        if p.is_file() and p.name not in BOOKKEEPING
    }


def _bytes(outputs: Path) -> dict[str, bytes]:
    return {name: data for name, (data, _) in _state(outputs).items()}


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    """A params folder that tests may edit, and one cold build from it."""
    root = tmp_path_factory.mktemp("incremental")
    params = root / "params"
    shutil.copytree(ROOT / "params", params)
    outputs = root / "outputs"
    statuses = _build(params, outputs)
    assert statuses == {"ECE": "built", "synthesis": "built"}
    return {"params": params, "outputs": outputs, "cold": _state(outputs)}


def test_a_build_with_unchanged_inputs_rebuilds_and_rewrites_nothing(project):
    assert _build(project["params"], project["outputs"]) == {
        "ECE": "up to date",
        "synthesis": "up to date",
    }
    assert _state(project["outputs"]) == project["cold"]  # same bytes, not even touched
    log = (project["outputs"] / ".build-log.jsonl").read_text().splitlines()
    assert [json.loads(line)["status"] for line in log] == ["built", "built"] + ["up to date"] * 2
    assert all("execute" in json.loads(line)["timings_s"] for line in log[:2])


def test_timings_live_in_the_build_log_not_the_manifest(project):
    manifest = json.loads((project["outputs"] / "round-1" / "ECE" / "manifest.json").read_text())
    assert "timings_s" not in manifest and "built_at" not in manifest
    assert re.fullmatch(r"[0-9a-f]{64}", manifest["input_key"])


def test_two_builds_with_the_same_inputs_are_byte_identical(project, tmp_path):
    _build(project["params"], tmp_path / "again")
    first, second = _bytes(project["outputs"]), _bytes(tmp_path / "again")
    assert sorted(first) == sorted(second)
    # + index.html and the round's statistics.csv
    assert len(first) == len(REPORTS) * len(OUTPUT_FILES) + 2
    differing = [name for name in first if first[name] != second[name]]
    assert differing == []


def test_the_executed_notebook_holds_no_timing_or_temporary_path(project):
    path = project["outputs"] / "round-1" / "ECE" / "report.ipynb"
    nb = nbformat.read(path, as_version=4)
    text = path.read_text(encoding="utf-8")
    for stamp in ('"start_time"', '"end_time"', '"duration"', '"iopub.', ".tmp/"):
        assert stamp not in text
    assert nb.metadata.papermill["output_path"] == "round-1/ECE/report.ipynb"
    assert nb.metadata.papermill["input_path"] == "notebooks/regional_review.ipynb"
    injected = [c for c in nb.cells if "injected-parameters" in c.metadata.get("tags", [])]
    assert [c.id for c in injected] == ["injected-parameters"]


def test_default_date_is_the_snapshot_commit_not_the_clock(project):
    manifest = json.loads((project["outputs"] / "round-1" / "ECE" / "manifest.json").read_text())
    stamp = subprocess.run(
        ["git", "-C", str(ROOT), "log", "-1", "--format=%ct", "--", "data/snapshot"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    expected = datetime.fromtimestamp(int(stamp), UTC)
    assert manifest["date"] == expected.isoformat()
    assert manifest["date_source"] == "last commit of data/snapshot"
    pdf = PdfReader(project["outputs"] / "round-1" / "ECE" / "report.pdf")
    assert pdf.metadata.creation_date.astimezone(UTC) == expected


def test_changing_one_params_file_rebuilds_only_that_report(project):
    ece = project["params"] / "round-1" / "ECE.yml"
    ece.write_text(ece.read_text().replace("top_n: 10", "top_n: 12"))
    before = _state(project["outputs"])
    assert _build(project["params"], project["outputs"]) == {
        "ECE": "built",
        "synthesis": "up to date",
    }
    after = _state(project["outputs"])
    synthesis = [k for k in before if k.startswith("round-1/synthesis/")]
    assert all(after[k] == before[k] for k in synthesis)
    manifest = json.loads((project["outputs"] / "round-1" / "ECE" / "manifest.json").read_text())
    assert manifest["params"]["top_n"] == 12


def test_a_damaged_output_or_manifest_is_rebuilt(project):
    outputs = project["outputs"]
    (outputs / "round-1" / "ECE" / "report.html").write_text("edited by hand")
    (outputs / "round-1" / "synthesis" / "manifest.json").write_text("{")
    assert _build(project["params"], outputs) == {"ECE": "built", "synthesis": "built"}
    assert "edited by hand" not in (outputs / "round-1" / "ECE" / "report.html").read_text()


def test_force_rebuilds_everything_to_the_same_bytes(project):
    before = _bytes(project["outputs"])
    assert _build(project["params"], project["outputs"], force=True) == {
        "ECE": "built",
        "synthesis": "built",
    }
    assert _bytes(project["outputs"]) == before


def test_source_date_epoch_sets_every_date(project, tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")  # 2023-11-14 22:13:20 UTC
    outputs = tmp_path / "dated"
    _build(project["params"], outputs)
    folder = outputs / "round-1" / "ECE"
    manifest = json.loads((folder / "manifest.json").read_text())
    assert manifest["date"] == "2023-11-14T22:13:20+00:00"
    assert manifest["date_source"] == "SOURCE_DATE_EPOCH"
    reader = PdfReader(folder / "report.pdf")
    assert reader.metadata.creation_date == datetime(2023, 11, 14, 22, 13, 20, tzinfo=UTC)
    assert "Produced14November2023" in reader.pages[0].extract_text().replace(" ", "")
    assert "produced 14 November 2023" in (folder / "report.html").read_text()
    core = zipfile.ZipFile(folder / "annex.xlsx").read("docProps/core.xml").decode()
    assert "2023-11-14T22:13:20Z" in core
    other = json.loads((project["outputs"] / "round-1" / "ECE" / "manifest.json").read_text())
    assert manifest["input_key"] != other["input_key"]


def test_a_malformed_source_date_epoch_is_one_line_and_exit_2(tmp_path, monkeypatch, capsys):
    from gcm_report.cli import main

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "yesterday")
    status = main(["build", "--outputs", str(tmp_path / "out")])
    err = capsys.readouterr().err.strip()
    assert status == 2 and err.count("\n") == 0 and "SOURCE_DATE_EPOCH" in err
    assert not (tmp_path / "out").exists()


def _key(params_file: Path, template: Path, shared, extra=()) -> str:
    f = load_params(params_file)
    return input_key(
        report_inputs(f.params, params_file=f.path, template=template, shared=shared, extra=extra)
    )


def test_the_input_key_covers_template_snapshot_tools_extras_and_code(tmp_path):
    params = ROOT / "params" / "round-2" / "ECE.yml"
    template = tmp_path / "template.ipynb"
    shutil.copyfile(ROOT / "notebooks" / "regional_review.ipynb", template)
    shared = collect_build_inputs("builtin", "gcm-report", None)
    base = _key(params, template, shared)
    assert _key(params, template, shared) == base  # stable
    # Template bytes.
    template.write_bytes(template.read_bytes() + b"\n")
    assert _key(params, template, shared) != base
    shutil.copyfile(ROOT / "notebooks" / "regional_review.ipynb", template)
    # Snapshot: the bytes of a table on disk, whatever the manifest claims.
    snapshot = tmp_path / "snapshot"
    shutil.copytree(DEFAULT_SNAPSHOT_DIR, snapshot)
    copy = collect_build_inputs("builtin", "gcm-report", snapshot)
    table = snapshot / "wdi_population.parquet"
    table.write_bytes(table.read_bytes() + b"x")
    changed = collect_build_inputs("builtin", "gcm-report", snapshot)
    assert _key(params, template, changed) != _key(params, template, copy)
    # Engine and tool versions.
    other_tools = shared.engine | {"tools": shared.engine["tools"] | {"typst": "0.0.1"}}
    shared_tools = type(shared)(**{**shared.__dict__, "engine": other_tools})
    assert _key(params, template, shared_tools) != base
    # A round's extra inputs (e.g. a per-round statistics.csv).
    stats = tmp_path / "statistics.csv"
    stats.write_text("a,b\n1,2\n")
    with_stats = _key(params, template, shared, extra=[stats])
    assert with_stats != base
    stats.write_text("a,b\n1,3\n")
    assert _key(params, template, shared, extra=[stats]) != with_stats
    # Code: every file under gcm_report/, committed or not.
    package = tmp_path / "gcm_report"
    shutil.copytree(ROOT / "gcm_report", package, ignore=shutil.ignore_patterns("__pycache__"))
    digest = tree_digest(package)
    assert digest == shared.code["tree_sha256"]
    (package / "report" / "style.py").write_text("# changed\n", encoding="utf-8")
    assert tree_digest(package) != digest
    assert shared.code["git_commit"] and shared.code["version"]
