"""The outputs tree as `list` and `index.html` see it: robust to damage, honest, readable."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from gcm_report.cli import main
from gcm_report.fsutil import write_text_atomic
from gcm_report.pipeline.build import run_report
from gcm_report.pipeline.index import report_status, write_index
from gcm_report.pipeline.params import ReportParams


@pytest.fixture
def umask_022():
    old = os.umask(0o022)
    yield
    os.umask(old)


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.mark.parametrize(
    "content",
    [b"{not json", b"", b"[]", b'{"engine": "builtin", "snapshot": 3}', b"\xff\xfe\x00garbage"],
)
def test_corrupt_manifest_is_reported_not_raised(tmp_path, capsys, content):
    # Defect 5: one damaged manifest.json broke `list` and every later build with a traceback.
    folder = tmp_path / "outputs" / "round-2" / "ECE"
    folder.mkdir(parents=True)
    (folder / "manifest.json").write_bytes(content)
    status = report_status(tmp_path / "outputs", 2, "ECE")
    assert status["built"] is False and "manifest.json" in status["problem"]
    page = write_index(tmp_path / "outputs").read_text(encoding="utf-8")
    assert "unreadable manifest" in page
    assert main(["list", "--outputs", str(tmp_path / "outputs")]) == 0
    out = capsys.readouterr().out
    assert "unreadable" in out and "Traceback" not in out


def test_manifest_that_is_a_folder_is_reported(tmp_path):
    (tmp_path / "round-1" / "ECA" / "manifest.json").mkdir(parents=True)
    assert "manifest.json" in report_status(tmp_path, 1, "ECA")["problem"]
    write_index(tmp_path)


def test_successful_rebuild_clears_last_build_failed(tmp_path):
    # Defect 13: "last build failed" stayed in `list` and index.html after a good rebuild.
    outputs = tmp_path / "outputs"
    failed = outputs / ".failed" / "round-1-ECE"
    failed.mkdir(parents=True)
    (failed / "report.ipynb").write_text("{}")
    assert report_status(outputs, 1, "ECE")["failed_last"]
    result = run_report(ReportParams(region="ECE", round=1), outputs_dir=outputs, engine="builtin")
    assert result.ok, result.error
    assert not failed.exists()
    assert not report_status(outputs, 1, "ECE")["failed_last"]
    assert "last rebuild failed" not in write_index(outputs).read_text(encoding="utf-8")


def test_atomic_writes_respect_the_umask(tmp_path, umask_022):
    # Defect 14: index.html (and the Vega bundle cache) were mode 0600 (mkstemp's mode).
    target = tmp_path / "page.html"
    write_text_atomic(target, "hello")
    assert _mode(target) == 0o644
    assert _mode(write_index(tmp_path)) == 0o644
    os.umask(0o027)
    write_text_atomic(target, "again")
    assert _mode(target) == 0o640


def test_vega_bundle_cache_is_readable_by_all(tmp_path, monkeypatch, umask_022):
    from gcm_report.render import assets

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    bundle = assets.vega_bundle.__wrapped__()
    cached = list((tmp_path / "gcm-report").glob("vega-bundle-*.js"))
    assert len(cached) == 1 and cached[0].read_text(encoding="utf-8") == bundle
    assert _mode(cached[0]) == 0o644


def test_failed_atomic_write_leaves_no_temporary_file(tmp_path):
    # Defect 11 (part): a write that failed half-way left outputs/tmp*.tmp behind. (Disk full
    # itself is tested in test_lifecycle.py on a real, small file system.)
    target = tmp_path / "index.html"
    (target / "in-the-way").mkdir(parents=True)  # the final rename fails: a folder is there
    with pytest.raises(OSError):
        write_text_atomic(target, "x" * 100_000)
    assert [p.name for p in tmp_path.iterdir()] == ["index.html"]
