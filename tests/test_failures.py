"""Bad input never leaves a half-written or overwritten report, and says what went wrong."""

from __future__ import annotations

import shutil
from pathlib import Path

import nbformat
import pytest

from gcm_report.cli import main
from gcm_report.data.snapshot import DEFAULT_SNAPSHOT_DIR
from gcm_report.pipeline.build import DEFAULT_TEMPLATE, build, run_report, select_params
from gcm_report.pipeline.params import ReportParams


def _broken_template(tmp_path: Path, region: str, failure: str = "") -> Path:
    """Return a copy of the template with a cell that fails for one region."""
    failure = failure or f'raise RuntimeError("simulated failure in {region}")'
    nb = nbformat.read(DEFAULT_TEMPLATE, as_version=4)
    index = next(i for i, c in enumerate(nb.cells) if 'report.section("key_figures")' in c.source)
    nb.cells.insert(index, nbformat.v4.new_code_cell(f'if region == "{region}":\n    {failure}'))
    path = tmp_path / "notebooks" / "regional_review.ipynb"
    path.parent.mkdir(parents=True)
    nbformat.write(nb, path)
    return path


def _snapshot_of(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


@pytest.fixture(scope="module")
def good_outputs(tmp_path_factory):
    outputs = tmp_path_factory.mktemp("outputs")
    files = select_params(rounds=[2], regions=["ECE", "ESCWA"])
    results = build(files, outputs_dir=outputs, engine="builtin", jobs=2)
    assert all(r.ok for r in results), [r.error for r in results]
    return outputs


def test_failing_notebook_keeps_previous_report_and_builds_the_others(
    good_outputs, tmp_path, capsys
):
    template = _broken_template(tmp_path, "ESCWA")
    escwa = good_outputs / "round-2" / "ESCWA"
    before = _snapshot_of(escwa)
    status = main(
        [
            "build",
            "--round",
            "2",
            "--region",
            "ECE",
            "--region",
            "ESCWA",
            "--engine",
            "builtin",
            "--outputs",
            str(good_outputs),
            "--template",
            str(template),
        ]
    )
    assert status == 1
    err = capsys.readouterr().err
    line = next(x for x in err.splitlines() if "FAILED round 2 ESCWA" in x)
    assert "RuntimeError: simulated failure in ESCWA" in err
    assert str(template) in err.replace("\n", "")
    assert "ok round 2 ECE" in err  # the other report still built
    assert _snapshot_of(escwa) == before  # previous good report untouched, byte for byte
    failed = good_outputs / ".failed" / "round-2-ESCWA" / "report.ipynb"
    assert failed.is_file()  # the partial run is kept for inspection, outside the report tree
    assert list((good_outputs / ".tmp").iterdir()) == []
    assert "last rebuild failed" in (good_outputs / "index.html").read_text()
    assert line  # one line per report in the progress log


def test_kernel_that_dies_fails_only_its_report(tmp_path):
    template = _broken_template(tmp_path, "ECA", failure="import os; os._exit(3)")
    files = select_params(rounds=[1], regions=["ECA", "ECE"])
    results = build(
        files, outputs_dir=tmp_path / "out", engine="builtin", jobs=2, template=template
    )
    by_region = {r.region: r for r in results}
    assert by_region["ECE"].ok
    assert not by_region["ECA"].ok
    assert "\n" not in by_region["ECA"].error and "DeadKernelError" in by_region["ECA"].error
    assert not (tmp_path / "out" / "round-1" / "ECA").exists()


def test_run_report_error_is_one_line(tmp_path):
    template = _broken_template(tmp_path, "ECE")
    result = run_report(
        ReportParams(region="ECE", round=1),
        outputs_dir=tmp_path / "out",
        template=template,
        engine="builtin",
    )
    assert not result.ok
    assert "\n" not in result.error
    assert result.error.endswith("raised RuntimeError: simulated failure in ECE")
    assert not (tmp_path / "out" / "round-1" / "ECE").exists()


def test_corrupt_snapshot_fails_before_any_kernel_and_names_the_file(tmp_path):
    snap = tmp_path / "snapshot"
    shutil.copytree(DEFAULT_SNAPSHOT_DIR, snap)
    (snap / "manifest.json").write_text("{not json")
    result = run_report(
        ReportParams(region="ECA", round=2),
        outputs_dir=tmp_path / "out",
        snapshot_dir=snap,
        engine="builtin",
    )
    assert not result.ok and "execute" not in result.timings
    expected = "corrupt manifest (Expecting property name enclosed in double quotes)"
    assert result.error == f"{snap / 'manifest.json'}: {expected}"


def test_changed_snapshot_table_fails_the_report_with_the_file_name(tmp_path):
    snap = tmp_path / "snapshot"
    shutil.copytree(DEFAULT_SNAPSHOT_DIR, snap)
    table = snap / "wdi_population.parquet"
    table.write_bytes(table.read_bytes()[:-10] + b"0123456789")
    result = run_report(
        ReportParams(region="ECA", round=2),
        outputs_dir=tmp_path / "out",
        snapshot_dir=snap,
        engine="builtin",
    )
    assert not result.ok
    assert "wdi_population.parquet: checksum differs from the snapshot manifest" in result.error
    assert not (tmp_path / "out" / "round-2" / "ECA").exists()


def test_template_without_an_injected_parameter_fails_before_its_kernel_starts(tmp_path):
    # A template still written for the old name: it would ignore `round` and quietly build
    # its default round into the round-1 folder.
    nb = nbformat.read(DEFAULT_TEMPLATE, as_version=4)
    params = next(c for c in nb.cells if "parameters" in c.metadata.get("tags", []))
    params.source = params.source.replace("round = 2", "review_round = 2")
    template = tmp_path / "old.ipynb"
    nbformat.write(nb, template)
    result = run_report(
        ReportParams(region="ECE", round=1),
        outputs_dir=tmp_path / "out",
        template=template,
        engine="builtin",
    )
    assert not result.ok and "execute" not in result.timings
    assert result.error == (
        f"{template}: its parameters cell does not define round "
        "(it defines region, review_round, language, top_n, snapshot_dir)"
    )
