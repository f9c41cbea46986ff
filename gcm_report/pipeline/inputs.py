"""What a report is built from, and the key that says whether it must be built again.

A report's inputs are its params, its template, the code (package version, git commit and the
content of every file under ``gcm_report/``, so uncommitted changes count), the snapshot files
(checksums of the bytes on disk), the engine and tool versions, the build date, and any extra
files of its round (:data:`ExtraInputs`). They are recorded in ``manifest.json``; their
``input_key`` (sha256 of their canonical JSON) is compared with the published report's, and a
report whose key and output checksums match is not built again.

The snapshot is keyed as a whole: every report shows every registered indicator, so each one
reads (nearly) every table, and a superset can only cause a rebuild, never miss one.

Everything here is cheap (no pandas, no kernel): a build that has nothing to do must finish in
a small fraction of a cold build.
"""

from __future__ import annotations

import hashlib
import json
import platform
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import Any

from gcm_report import __version__
from gcm_report.codeversion import git_state
from gcm_report.data.manifest import MANIFEST, load_manifest
from gcm_report.data.sources._base import sha256_file
from gcm_report.layout import DEFAULT_SNAPSHOT_DIR, OUTPUT_FILES, PROJECT_ROOT
from gcm_report.pipeline.index import read_manifest
from gcm_report.pipeline.params import ReportParams
from gcm_report.pipeline.sourcedate import build_date

__all__ = [
    "BuildInputs",
    "ExtraInputs",
    "collect_build_inputs",
    "input_key",
    "is_up_to_date",
    "report_inputs",
    "shown_path",
    "tree_digest",
]

PACKAGE_DIR = Path(__file__).resolve().parents[1]

# Extra files each report of a round depends on, by round number: their checksums join the
# input key. A per-round file written by the build before the round's reports (say
# outputs/round-<n>/statistics.csv) goes here, and every report of that round is rebuilt when
# its content changes.
ExtraInputs = Mapping[int, Sequence[Path]]

# Python distributions whose version can change a report's bytes.
_TOOLS = (
    "papermill", "nbclient", "nbformat", "jupyter_client", "ipykernel", "pandas", "pyarrow",
    "altair", "vl-convert-python", "typst", "pypandoc-binary", "xlsxwriter", "markdown-it-py",
    "font-lato",
)  # fmt: skip


def shown_path(path: Path) -> str:
    """Return ``path`` relative to the project when inside it (stable across checkouts)."""
    resolved = Path(path).resolve()
    if resolved.is_relative_to(PROJECT_ROOT):
        return resolved.relative_to(PROJECT_ROOT).as_posix()
    return str(resolved)


def tree_digest(root: Path) -> str:
    """Return the sha256 of every file under ``root`` (names and bytes; caches skipped)."""
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*")):
        if "__pycache__" in path.parts or not path.is_file():
            continue
        digest.update(path.relative_to(root).as_posix().encode() + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


@cache
def tool_versions(engine: str) -> dict[str, str]:
    """Return the versions of Python, pandoc, the Python tools and (quarto engine) Quarto."""
    from importlib.metadata import PackageNotFoundError, version

    import pypandoc

    out = {"python": platform.python_version(), "pandoc": str(pypandoc.get_pandoc_version())}
    for dist in _TOOLS:
        try:
            out[dist] = version(dist)
        except PackageNotFoundError:
            out[dist] = "not installed"
    if engine == "quarto":
        out["quarto"] = _quarto_version()
    return out


def _quarto_version() -> str:
    import subprocess

    try:
        proc = subprocess.run(["quarto", "--version"], capture_output=True, text=True, check=True)
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return proc.stdout.strip() or "unknown"


@dataclass(frozen=True)
class BuildInputs:
    """The inputs every report of one build shares."""

    code: dict[str, Any]
    snapshot: dict[str, Any]
    engine: dict[str, Any]
    date: datetime
    date_source: str
    # The --snapshot folder when one was given: it is passed into the notebook.
    snapshot_dir: Path | None


def collect_build_inputs(engine: str, kernel: str, snapshot_dir: Path | None) -> BuildInputs:
    """Read the code, snapshot, tools and date a build's reports share.

    Parameters
    ----------
    engine
        The concrete engine (``builtin`` or ``quarto``).
    kernel
        The Jupyter kernel name reports run on.
    snapshot_dir
        The snapshot folder given with ``--snapshot`` (None: the default one).

    Raises
    ------
    DataError
        If the snapshot manifest is missing or malformed.
    """
    folder = Path(snapshot_dir) if snapshot_dir else DEFAULT_SNAPSHOT_DIR
    manifest = load_manifest(folder)
    names = sorted({t["file"] for t in manifest["tables"].values()} | {MANIFEST})
    # The bytes on disk, not the checksums the manifest claims: a damaged table is a change.
    files = {
        name: sha256_file(folder / name) if (folder / name).is_file() else "missing"
        for name in names
    }
    commit, dirty = git_state("gcm_report")
    date, source = build_date(folder, [folder / n for n in names])
    return BuildInputs(
        code={
            "package": "gcm-report",
            "version": __version__,
            "git_commit": commit,
            "git_dirty": dirty,
            "tree_sha256": tree_digest(PACKAGE_DIR),
        },
        snapshot={"id": manifest["snapshot_id"], "files": files},
        engine={"name": engine, "kernel": kernel, "tools": tool_versions(engine)},
        date=date,
        date_source=source,
        snapshot_dir=Path(snapshot_dir).resolve() if snapshot_dir else None,
    )


def report_inputs(
    params: ReportParams,
    *,
    params_file: Path | None,
    template: Path,
    shared: BuildInputs,
    extra: Sequence[Path] = (),
) -> dict[str, Any]:
    """Return everything one report is built from, as recorded in its manifest."""
    return {
        "report": {"type": params.report, "region": params.region, "round": params.round},
        "params": params.model_dump(),
        "params_file": shown_path(params_file) if params_file else None,
        "template": {"path": shown_path(template), "sha256": sha256_file(template)},
        "snapshot": shared.snapshot
        | ({"dir": shown_path(shared.snapshot_dir)} if shared.snapshot_dir else {}),
        "code": shared.code,
        "engine": shared.engine,
        "extra_inputs": {
            shown_path(p): sha256_file(p) if p.is_file() else "missing" for p in sorted(extra)
        },
        "date": shared.date.isoformat(),
        "date_source": shared.date_source,
    }


def input_key(inputs: Mapping[str, Any]) -> str:
    """Return the sha256 of the canonical JSON of a report's inputs."""
    text = json.dumps(inputs, sort_keys=True, separators=(",", ":"), ensure_ascii=True)
    return hashlib.sha256(text.encode()).hexdigest()


def is_up_to_date(folder: Path, key: str) -> bool:
    """Return whether the report in ``folder`` was built from inputs with ``key``, intact.

    Intact means every output file is there with the checksum its manifest records; a missing,
    edited or damaged file (or manifest) means the report is built again.
    """
    manifest, _ = read_manifest(folder / "manifest.json")
    if manifest is None or manifest.get("input_key") != key:
        return False
    outputs = manifest["outputs"]
    expected = set(OUTPUT_FILES) - {"manifest.json"}
    if set(outputs) != expected:
        return False
    return all(
        (folder / name).is_file() and sha256_file(folder / name) == outputs[name]
        for name in sorted(expected)
    )
