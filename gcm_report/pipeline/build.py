"""Run reports: execute, render, write machine-readable outputs, and move into place atomically.

``run_report`` builds one report; ``build`` runs many in parallel and never lets one failure
stop the others. A report is assembled in ``outputs/.tmp/`` and only renamed into
``outputs/round-<n>/<REGION>/`` once every file is written, so the previous good report stays
until a new one fully succeeds.
"""

from __future__ import annotations

import csv
import json
import multiprocessing
import os
import shutil
import subprocess
import tempfile
import time
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from typing import Any

from gcm_report import __version__
from gcm_report.codeversion import git_state
from gcm_report.data.sources._base import sha256_file
from gcm_report.errors import GcmReportError, ParamsError, ReportFailed
from gcm_report.fsutil import replace_dir
from gcm_report.layout import (
    DEFAULT_OUTPUTS,
    DEFAULT_PARAMS,
    DEFAULT_SNAPSHOT_DIR,
    DEFAULT_TEMPLATE,
    INDICATOR_COLUMNS,
    OUTPUT_FILES,
    SYNTHESIS_TEMPLATE,
)
from gcm_report.pipeline.params import ParamsFile, ReportParams, discover_params, load_params
from gcm_report.render import render_report, resolve_engine

# Heavy modules (pandas, nbformat, papermill) are imported where used, so the CLI starts fast
# and `gcm-report list` or a params error answers at once.

__all__ = [
    "DEFAULT_OUTPUTS",
    "DEFAULT_PARAMS",
    "DEFAULT_TEMPLATE",
    "OUTPUT_FILES",
    "ReportResult",
    "build",
    "check_options",
    "report_dir",
    "run_report",
    "select_params",
]


@dataclass
class ReportResult:
    """Outcome of one report."""

    round: int
    region: str
    ok: bool
    seconds: float
    error: str = ""
    output_dir: Path | None = None
    timings: dict[str, float] = field(default_factory=dict)


def report_dir(outputs_dir: Path, round_number: int, region: str) -> Path:
    """Return the folder of one report."""
    return Path(outputs_dir) / f"round-{round_number}" / region


@cache
def _quarto_version() -> str:
    try:
        proc = subprocess.run(["quarto", "--version"], capture_output=True, text=True, check=True)
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return proc.stdout.strip() or "unknown"


@cache
def _tool_versions() -> dict[str, str]:
    import platform
    from importlib.metadata import PackageNotFoundError, version

    import pypandoc

    out = {"python": platform.python_version(), "pandoc": str(pypandoc.get_pandoc_version())}
    for dist in ("papermill", "nbclient", "nbformat", "ipykernel", "pandas", "pyarrow", "altair",
                 "vl-convert-python", "typst", "pypandoc-binary"):  # fmt: skip
        try:
            out[dist] = version(dist)
        except PackageNotFoundError:
            out[dist] = "not installed"
    return out


def _format_value(value: Any, unit: str) -> str:
    if value is None or value != value:  # None or NaN
        return ""
    if unit == "persons":
        return str(round(float(value)))
    return f"{float(value):.6f}".rstrip("0").rstrip(".")


def _write_indicators(rows: list[dict[str, Any]], path: Path) -> None:
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(INDICATOR_COLUMNS)
        for row in rows:
            writer.writerow(
                [
                    _format_value(row[c], row["unit"]) if c == "value" else row[c]
                    for c in INDICATOR_COLUMNS
                ]
            )


def _failed_dir(outputs_dir: Path, params: ReportParams) -> Path:
    return outputs_dir / ".failed" / f"round-{params.round}-{params.name}"


def run_report(
    params: ReportParams,
    *,
    outputs_dir: str | Path = DEFAULT_OUTPUTS,
    engine: str = "auto",
    snapshot_dir: str | Path | None = None,
    template: str | Path | None = None,
    params_file: str | Path | None = None,
) -> ReportResult:
    """Build one report: execute the template, render HTML and PDF, write CSV and manifest.

    Parameters
    ----------
    params
        Validated report parameters.
    outputs_dir
        Root of the outputs tree.
    engine
        ``auto``, ``quarto`` or ``builtin``.
    snapshot_dir
        Data snapshot to use (default: the committed one).
    template
        Template notebook (default: the regional or synthesis template, by report type).
    params_file
        Path of the params file, recorded in the manifest.

    Returns
    -------
    ReportResult
        With ``ok=False`` and a one-line ``error`` if anything failed; the previous report, if
        any, is then left untouched and the partial work is kept under ``outputs/.failed/``.
    """
    from gcm_report.data.snapshot import Snapshot
    from gcm_report.render.document import read_document

    start = time.perf_counter()
    if template is None:
        template = SYNTHESIS_TEMPLATE if params.report == "synthesis" else DEFAULT_TEMPLATE
    outputs_dir, template = Path(outputs_dir), Path(template)
    snapshot = Snapshot(snapshot_dir)
    final = report_dir(outputs_dir, params.round, params.name)
    scratch = outputs_dir / ".tmp"
    scratch.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f"round-{params.round}-{params.name}-", dir=scratch))
    work.chmod(0o755)  # mkdtemp makes 0700; published reports are for everyone to read
    timings: dict[str, float] = {}
    try:
        engine_name = resolve_engine(engine)
        snapshot_files = snapshot.files()  # verifies the manifest exists before a kernel starts
        t = time.perf_counter()
        from gcm_report.pipeline.execute import KERNEL_NAME, execute_notebook

        parameters = params.notebook_parameters()
        if snapshot_dir:
            parameters["snapshot_dir"] = str(Path(snapshot_dir).resolve())
        executed = execute_notebook(template, work / "report.ipynb", parameters)
        timings["execute"] = time.perf_counter() - t
        doc = read_document(executed, source=work / "report.ipynb")
        if not doc.indicators:
            raise ReportFailed(f"{template}: the notebook published no indicators")
        built_at = datetime.now(UTC).replace(microsecond=0)
        timings |= render_report(
            engine_name,
            doc,
            work,
            built=f"{built_at:%d %B %Y} with gcm-report {__version__}",
        )
        commit, dirty = git_state()
        _write_indicators(doc.indicators, work / "indicators.csv")
        from gcm_report.render.annex import write_annex

        write_annex(work / "annex.xlsx", doc.tables, doc.meta)
        manifest = {
            "report": {
                "type": params.report,
                "region": params.region,
                "round": params.round,
                "title": doc.title,
            },
            "params": params.model_dump(),
            "params_file": str(params_file) if params_file else None,
            "template": {"path": str(template), "sha256": sha256_file(template)},
            "snapshot": {"id": snapshot.snapshot_id, "files": snapshot_files},
            "code": {
                "package": "gcm-report",
                "version": __version__,
                "git_commit": commit,
                "git_dirty": dirty,
            },
            "engine": {
                "name": engine_name,
                "kernel": KERNEL_NAME,
                "tools": _tool_versions()
                | ({"quarto": _quarto_version()} if engine_name == "quarto" else {}),
            },
            "outputs": {
                name: sha256_file(work / name) for name in OUTPUT_FILES if name != "manifest.json"
            },
            "built_at": built_at.isoformat(),
            "timings_s": {k: round(v, 3) for k, v in timings.items()}
            | {"total": round(time.perf_counter() - start, 3)},
        }
        (work / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
        for extra in set(os.listdir(work)) - set(OUTPUT_FILES):
            target = work / extra
            shutil.rmtree(target) if target.is_dir() else target.unlink()
        replace_dir(work, final, scratch / f"old-{final.parent.name}-{final.name}")
        # The report is good again: the previous failed attempt no longer describes it.
        shutil.rmtree(_failed_dir(outputs_dir, params), ignore_errors=True)
        return ReportResult(
            params.round,
            params.name,
            True,
            time.perf_counter() - start,
            output_dir=final,
            timings=timings,
        )
    except GcmReportError as exc:
        error = str(exc)
    except Exception as exc:  # a renderer bug must not take the whole build down
        error = (
            f"{type(exc).__name__}: {str(exc).strip().splitlines()[0] if str(exc).strip() else ''}"
        )
    failed = _failed_dir(outputs_dir, params)
    shutil.rmtree(failed, ignore_errors=True)
    failed.parent.mkdir(parents=True, exist_ok=True)
    work.rename(failed)
    return ReportResult(
        params.round,
        params.name,
        False,
        time.perf_counter() - start,
        error=error,
        timings=timings,
    )


def select_params(
    params_dir: str | Path = DEFAULT_PARAMS,
    regions: Iterable[str] | None = None,
    rounds: Iterable[int] | None = None,
) -> list[ParamsFile]:
    """Load and validate every params file, then keep those matching ``regions``/``rounds``.

    All files are validated, selected or not, so a broken file is caught before any kernel
    starts.

    Raises
    ------
    ParamsError
        On the first invalid file, or if the selection matches nothing.
    """
    from gcm_report.data.regions import get_commission
    from gcm_report.data.rounds import get_round

    regions = list(regions or [])
    rounds = list(rounds or [])
    for code in regions:
        get_commission(code)
    for number in rounds:
        get_round(number)
    paths = discover_params(params_dir)
    if not paths:
        raise ParamsError(f"{params_dir}: no params files (expected round-<n>/<REGION>.yml)")
    files = [load_params(p) for p in paths]
    # Every region and round asked for must have its params files: otherwise a typo or a
    # missing file would silently build something else (only the synthesis, say) and exit 0.
    have = {f.key for f in files}
    for number in rounds:
        if not any(n == number for n, _ in have):
            folder = Path(params_dir) / f"round-{number}"
            raise ParamsError(f"{folder}: no params files for round {number}")
    for code in regions:
        for number in rounds or sorted({n for n, _ in have}):
            if (number, code) not in have:
                path = Path(params_dir) / f"round-{number}" / f"{code}.yml"
                raise ParamsError(f"{path}: no params file for {code} in round {number}")
    # A region filter selects those regions' reports; the synthesis comes with any round.
    chosen = [
        f
        for f in files
        if (not regions or f.params.region in regions or f.params.report == "synthesis")
        and (not rounds or f.params.round in rounds)
    ]
    if not chosen:
        raise ParamsError(f"{params_dir}: no params file matches the selected region/round")
    return chosen


def check_options(
    *,
    engine: str = "auto",
    jobs: int | None = None,
    template: str | Path | None = None,
    snapshot_dir: str | Path | None = None,
) -> None:
    """Refuse bad build options up front, before any folder is touched or kernel started.

    Raises
    ------
    ParamsError
        One line naming the option.
    """
    resolve_engine(engine)  # unknown engine, or quarto asked for and missing
    if jobs is not None and jobs < 1:
        raise ParamsError(f"--jobs: {jobs} is not a positive number of parallel reports")
    if template is not None and not Path(template).is_file():
        raise ParamsError(f"--template: {template}: no such notebook")
    snapshot = Path(snapshot_dir) if snapshot_dir else DEFAULT_SNAPSHOT_DIR
    if not (snapshot / "manifest.json").is_file():
        raise ParamsError(f"--snapshot: {snapshot}: no data snapshot here (no manifest.json)")


def _run_one(job: tuple[ParamsFile, dict[str, Any]]) -> ReportResult:
    params_file, options = job
    if params_file.params.report == "synthesis":
        # A --template override is a regional template; the synthesis keeps its own.
        options = {**options, "template": None}
    return run_report(params_file.params, params_file=params_file.path, **options)


def build(
    params_files: list[ParamsFile],
    *,
    outputs_dir: str | Path = DEFAULT_OUTPUTS,
    engine: str = "auto",
    jobs: int | None = None,
    snapshot_dir: str | Path | None = None,
    template: str | Path | None = None,
    on_result: Callable[[ReportResult], None] | None = None,
) -> list[ReportResult]:
    """Build many reports in parallel, then rewrite ``outputs/index.html``.

    Returns
    -------
    list of ReportResult
        In the order of ``params_files``.
    """
    check_options(engine=engine, jobs=jobs, template=template, snapshot_dir=snapshot_dir)
    from gcm_report.pipeline.execute import ensure_kernel

    ensure_kernel()
    options = {
        "outputs_dir": Path(outputs_dir),
        "engine": engine,
        "snapshot_dir": snapshot_dir,
        "template": Path(template) if template else None,
    }
    jobs = max(1, min(jobs or os.cpu_count() or 1, len(params_files)))
    results: dict[tuple[int, str], ReportResult] = {}
    work = [(f, options) for f in params_files]
    # Always run reports in worker processes, even one at a time: each worker pre-imports the
    # kernel's libraries once and forks report kernels from itself (gcm_report.pipeline.kernel),
    # and a dedicated single-threaded process is the only safe place to fork from.
    from gcm_report.pipeline.kernel import prewarm
    from gcm_report.render.assets import vega_bundle

    ctx = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=jobs, mp_context=ctx, initializer=prewarm) as pool:
        # The first task fills the Vega bundle cache (cold: ~1.3 s) while the other workers
        # start executing reports; their HTML step waits on its lock only if they get there first.
        pool.submit(vega_bundle)
        futures = [pool.submit(_run_one, job) for job in work]
        for future in as_completed(futures):
            result = future.result()
            results[(result.round, result.region)] = result
            if on_result:
                on_result(result)
    from gcm_report.pipeline.index import write_index

    write_index(Path(outputs_dir))
    return [results[f.key] for f in params_files]
