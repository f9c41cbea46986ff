"""The Quarto engine, driven through a stand-in `quarto` (Quarto cannot be installed here).

The stand-in records its arguments and the notebook it was given, and writes the two outputs,
so these tests check what gcm-report asks of Quarto, not Quarto itself.
"""

from __future__ import annotations

import json
import os
import stat

import pytest

from gcm_report.errors import ParamsError
from gcm_report.pipeline.build import run_report
from gcm_report.pipeline.params import ReportParams
from gcm_report.render import resolve_engine

FAKE = """#!/usr/bin/env python3
import json, os, shutil, sys
args = sys.argv[1:]
log = os.environ["FAKE_QUARTO_LOG"]
with open(log, "a") as fh:
    fh.write(json.dumps({"args": args, "cwd": os.getcwd()}) + "\\n")
if args == ["--version"]:
    print("1.6.40")
    sys.exit(0)
shutil.copy(args[1], log + ".ipynb")
out = args[args.index("--output") + 1]
with open(out, "wb") as fh:
    fh.write(b"%PDF-1.7 fake" if out.endswith(".pdf") else b"<html>fake quarto</html>")
"""


@pytest.fixture
def fake_quarto(tmp_path, monkeypatch):
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    exe = bin_dir / "quarto"
    exe.write_text(FAKE)
    exe.chmod(exe.stat().st_mode | stat.S_IEXEC)
    log = tmp_path / "quarto.log"
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.setenv("FAKE_QUARTO_LOG", str(log))
    return log


def test_auto_prefers_quarto_and_renders_without_executing(fake_quarto, tmp_path):
    assert resolve_engine("auto") == "quarto"
    result = run_report(ReportParams(region="ECLAC", round=2), outputs_dir=tmp_path / "out")
    assert result.ok, result.error
    calls = [json.loads(line) for line in fake_quarto.read_text().splitlines()]
    calls = [c for c in calls if c["args"] != ["--version"]]
    assert [c["args"][:4] for c in calls] == [
        ["render", "report.ipynb", "--to", "html"],
        ["render", "report.ipynb", "--to", "typst"],
    ]
    assert all("--execute" not in c["args"] for c in calls)
    assert len({c["cwd"] for c in calls}) == 1  # its own folder: no shared *_files/ races
    nb = json.loads((tmp_path / "quarto.log.ipynb").read_text())
    front = nb["cells"][0]
    assert front["cell_type"] == "raw" and "embed-resources: true" in "".join(front["source"])
    assert "font-paths" in "".join(front["source"])
    # The notebook handed to Quarto is the executed one: outputs are already there.
    assert any(c.get("outputs") for c in nb["cells"] if c["cell_type"] == "code")
    folder = tmp_path / "out" / "round-2" / "ECLAC"
    manifest = json.loads((folder / "manifest.json").read_text())
    assert manifest["engine"]["name"] == "quarto"
    assert manifest["engine"]["tools"]["quarto"] == "1.6.40"
    assert (folder / "report.html").read_text() == "<html>fake quarto</html>"


def test_explicit_quarto_without_quarto_is_a_clear_error(monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(ParamsError, match="quarto is not on PATH"):
        resolve_engine("quarto")
    assert resolve_engine("auto") == "builtin"
