"""Run reports: execute, render, write machine-readable outputs, and move into place atomically.

``run_report`` builds one report; ``build`` runs many in parallel and never lets one failure
stop the others. A report is assembled in ``outputs/.tmp/`` and only renamed into
``outputs/round-<n>/<REGION>/`` once every file is written, so the previous good report stays
until a new one fully succeeds.

Builds are incremental and reproducible: a report whose inputs (:mod:`.inputs`) are those of
the published one is not built again (``force`` rebuilds), and the same inputs give the same
bytes (dates come from :mod:`.sourcedate`, timings go to the build log, not the manifest).
A build holds the outputs lock, stops cleanly on SIGINT or SIGTERM, and its workers never
outlive it (:mod:`.workers`).
"""

from __future__ import annotations

import contextlib
import functools
import json
import os
import shutil
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from gcm_report import __version__
from gcm_report.data.sources._base import sha256_file
from gcm_report.errors import GcmReportError, ParamsError, ReportFailed
from gcm_report.fsutil import replace_dir
from gcm_report.layout import (
    DEFAULT_OUTPUTS,
    DEFAULT_PARAMS,
    DEFAULT_SNAPSHOT_DIR,
    DEFAULT_TEMPLATE,
    OUTPUT_FILES,
    SYNTHESIS_TEMPLATE,
)
from gcm_report.pipeline.inputs import (
    BuildInputs,
    ExtraInputs,
    collect_build_inputs,
    input_key,
    is_up_to_date,
    report_inputs,
)
from gcm_report.pipeline.outputs import (
    clean_scratch,
    failed_dir,
    is_disk_full,
    outputs_lock,
    parked_dir,
    report_dir,
    work_dir,
)
from gcm_report.pipeline.params import (
    ParamsFile,
    ReportParams,
    discover_params,
    folder_name,
    load_params,
)
from gcm_report.pipeline.published import write_indicators, write_statistics
from gcm_report.pipeline.workers import Stopped, ignore_stop_signals, run_pool, stop_signals
from gcm_report.render import render_report, resolve_engine

# Heavy modules (pandas, nbformat, papermill) are imported where used, so the CLI starts fast,
# `gcm-report list` or a params error answers at once, and a build with nothing to do is quick.

__all__ = [
    "DEFAULT_OUTPUTS",
    "DEFAULT_PARAMS",
    "DEFAULT_TEMPLATE",
    "OUTPUT_FILES",
    "BuildInterrupted",
    "ReportResult",
    "build",
    "check_options",
    "report_dir",
    "run_report",
    "select_params",
]

# ReportResult.status values.
BUILT, UP_TO_DATE, FAILED, CANCELLED = "built", "up to date", "failed", "cancelled"


@dataclass
class ReportResult:
    """Outcome of one report.

    ``status`` is ``built``, ``up to date`` (inputs unchanged: not rebuilt), ``failed`` or
    ``cancelled`` (the build was stopped first); ``ok`` is true for the first two.
    """

    round: int
    region: str
    ok: bool
    seconds: float
    error: str = ""
    output_dir: Path | None = None
    timings: dict[str, float] = field(default_factory=dict)
    status: str = BUILT


class BuildInterrupted(GcmReportError):
    """A build stopped by SIGINT or SIGTERM; ``results`` holds every report's outcome so far.

    The exit status is the shell's for that signal (130 for SIGINT, 143 for SIGTERM).
    """

    def __init__(self, signum: int, results: list[ReportResult]) -> None:
        import signal

        self.signum = signum
        self.results = results
        self.exit_code = 128 + signum
        built = sum(r.status == BUILT for r in results)
        cancelled = sum(r.status == CANCELLED for r in results)
        super().__init__(
            f"stopped by {signal.Signals(signum).name}: {built} report(s) built, "
            f"{cancelled} cancelled; outputs/ holds only complete reports"
        )


def _template_for(params: ReportParams, template: str | Path | None) -> Path:
    if template is None:
        return SYNTHESIS_TEMPLATE if params.report == "synthesis" else DEFAULT_TEMPLATE
    return Path(template)


@dataclass(frozen=True)
class _Job:
    """Everything a worker needs to build one report (picklable)."""

    params: ReportParams
    template: Path
    outputs_dir: Path
    engine: str
    inputs: dict[str, Any]
    key: str
    snapshot_dir: Path | None


@contextlib.contextmanager
def _step(what: str, path: Path) -> Iterator[None]:
    """Name the step and file in any OSError raised inside it (disk full, permissions)."""
    try:
        yield
    except OSError as exc:
        where = exc.filename or path
        raise ReportFailed(f"{where}: {exc.strerror or exc} (while {what})") from exc


def _build_one(job: _Job) -> ReportResult:
    """Build one report into its scratch folder, then publish it (runs in a build worker)."""
    from gcm_report.pipeline.execute import execute_notebook
    from gcm_report.render.annex import write_annex
    from gcm_report.render.document import read_document

    start = time.perf_counter()
    params, outputs_dir = job.params, job.outputs_dir
    final = report_dir(outputs_dir, params.round, params.name)
    work = work_dir(outputs_dir, params.round, params.name)
    timings: dict[str, float] = {}
    date = datetime.fromisoformat(job.inputs["date"])
    cause: BaseException
    try:
        with _step("creating the scratch folder", work):
            shutil.rmtree(work, ignore_errors=True)
            work.mkdir(parents=True)  # 0777 less the umask: reports are for everyone to read
        t = time.perf_counter()
        parameters = params.notebook_parameters()
        if job.snapshot_dir:
            parameters["snapshot_dir"] = str(job.snapshot_dir)
        # Recorded in the notebook: where it came from and where it is published.
        shown = (job.inputs["template"]["path"], f"{final.relative_to(outputs_dir)}/report.ipynb")
        executed = execute_notebook(
            job.template, work / "report.ipynb", parameters, shown_paths=shown
        )
        timings["execute"] = time.perf_counter() - t
        doc = read_document(executed, source=work / "report.ipynb")
        if not doc.indicators:
            raise ReportFailed(f"{job.template}: the notebook published no indicators")
        with _step("rendering HTML and PDF", work):
            timings |= render_report(
                job.engine,
                doc,
                work,
                date=date,
                version=__version__,
                languages={
                    code: f"../{folder_name(params.base_name, code)}/report.html"
                    for code in params.languages
                },
            )
        with _step("writing indicators.csv", work / "indicators.csv"):
            write_indicators(doc.indicators, params.base_name, work / "indicators.csv")
        with _step("writing annex.xlsx", work / "annex.xlsx"):
            write_annex(work / "annex.xlsx", doc.tables, doc.meta, created=date)
        for extra in set(os.listdir(work)) - set(OUTPUT_FILES):
            target = work / extra
            shutil.rmtree(target) if target.is_dir() else target.unlink()
        manifest = dict(job.inputs)
        manifest["report"] = job.inputs["report"] | {"title": doc.title}
        manifest["input_key"] = job.key
        manifest["outputs"] = {
            name: sha256_file(work / name) for name in OUTPUT_FILES if name != "manifest.json"
        }
        with _step("writing manifest.json", work / "manifest.json"):
            text = json.dumps(manifest, indent=2, sort_keys=True) + "\n"
            (work / "manifest.json").write_text(text, encoding="utf-8")
        with _step("publishing the report", final):
            replace_dir(work, final, parked_dir(outputs_dir, params.round, params.name))
            # The report is good again: the previous failed attempt no longer describes it.
            shutil.rmtree(failed_dir(outputs_dir, params.round, params.name), ignore_errors=True)
        seconds = time.perf_counter() - start
        return ReportResult(params.round, params.name, True, seconds, "", final, timings, BUILT)
    except GcmReportError as exc:
        error, cause = str(exc), exc
    except Exception as exc:  # a renderer bug must not take the whole build down
        text = str(exc).strip()
        error, cause = f"{type(exc).__name__}: {text.splitlines()[0] if text else ''}", exc
    failed = failed_dir(outputs_dir, params.round, params.name)
    shutil.rmtree(failed, ignore_errors=True)
    if is_disk_full(cause):
        # Keeping the partial attempt would keep the disk full: give the space back.
        shutil.rmtree(work, ignore_errors=True)
        error += "; the partial attempt was removed to free space"
    else:
        try:
            failed.parent.mkdir(parents=True, exist_ok=True)
            work.rename(failed)
        except OSError:
            shutil.rmtree(work, ignore_errors=True)
    seconds = time.perf_counter() - start
    return ReportResult(params.round, params.name, False, seconds, error, None, timings, FAILED)


def _safe_build_one(job: _Job) -> ReportResult:
    """Run :func:`_build_one`; whatever escapes it becomes this report's failure."""
    try:
        return _build_one(job)
    except Exception as exc:  # e.g. a worker-side import error: one line, not a traceback
        error = f"{type(exc).__name__}: {exc}"
        return ReportResult(job.params.round, job.params.name, False, 0.0, error, status=FAILED)


def _job(
    params: ReportParams,
    *,
    params_file: Path | None,
    outputs_dir: Path,
    engine: str,
    template: Path,
    shared: BuildInputs,
    extra: Sequence[Path],
) -> _Job:
    inputs = report_inputs(
        params, params_file=params_file, template=template, shared=shared, extra=extra
    )
    return _Job(
        params, template, outputs_dir, engine, inputs, input_key(inputs), shared.snapshot_dir
    )


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

    Always builds (no up-to-date check), holding the outputs lock while it does.

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

    Raises
    ------
    ParamsError
        A bad option, or an outputs folder that cannot be written.
    LockedError
        Another build holds the outputs lock.
    """
    from gcm_report.pipeline.execute import KERNEL_NAME

    start = time.perf_counter()
    template_path = _template_for(params, template)
    check_options(engine=engine, template=template_path)
    outputs_dir = Path(outputs_dir)
    engine_name = resolve_engine(engine)
    with outputs_lock(outputs_dir):
        clean_scratch(outputs_dir)
        try:
            shared = collect_build_inputs(
                engine_name, KERNEL_NAME, Path(snapshot_dir) if snapshot_dir else None
            )
        except GcmReportError as exc:  # a broken snapshot: before any kernel starts
            seconds = time.perf_counter() - start
            return ReportResult(params.round, params.name, False, seconds, str(exc), status=FAILED)
        job = _job(
            params,
            params_file=Path(params_file) if params_file else None,
            outputs_dir=outputs_dir,
            engine=engine_name,
            template=template_path,
            shared=shared,
            extra=(),
        )
        return _build_one(job)


def select_params(
    params_dir: str | Path = DEFAULT_PARAMS,
    regions: Iterable[str] | None = None,
    rounds: Iterable[int] | None = None,
    languages: Iterable[str] | None = None,
) -> list[ParamsFile]:
    """Load and validate every params file, then keep those matching ``regions``/``rounds``.

    Each params file gives one report per language of its ``languages``; ``languages`` keeps
    only the reports in those languages.

    All files are validated, selected or not, so a broken file is caught before any kernel
    starts.

    Raises
    ------
    ParamsError
        On the first invalid file, or if a selected region or round has no params file.
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
    wanted = list(languages or [])
    from gcm_report.report.i18n import LANGUAGES

    for code in wanted:
        if code not in LANGUAGES:
            raise ParamsError(f"--language: {code!r} is not one of {', '.join(LANGUAGES)}")
    reports = [
        ParamsFile(f.path, variant)
        for f in chosen
        for variant in f.params.variants()
        if not wanted or variant.language in wanted
    ]
    if not reports:
        raise ParamsError(
            f"{params_dir}: no selected report is published in {', '.join(wanted)} "
            "(see 'languages' in its params file)"
        )
    return reports


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
    from gcm_report.pipeline.sourcedate import build_date

    build_date(snapshot, [snapshot / "manifest.json"])  # a malformed SOURCE_DATE_EPOCH


def _on_done_factory(
    results: dict[tuple[int, str], ReportResult],
    on_result: Callable[[ReportResult], None] | None,
) -> Callable[[_Job, Future[ReportResult]], None]:
    def on_done(job: _Job, future: Future[ReportResult]) -> None:
        try:
            result = future.result()
        except Exception as exc:  # the worker process died (OOM, killed): not a traceback
            result = ReportResult(
                job.params.round,
                job.params.name,
                False,
                0.0,
                f"build worker died ({type(exc).__name__}: {exc})",
                status=FAILED,
            )
        results[(result.round, result.region)] = result
        if on_result:
            on_result(result)

    return on_done


def _log_entry(result: ReportResult) -> dict[str, Any]:
    return {
        "round": result.round,
        "report": result.region,
        "status": result.status,
        "seconds": round(result.seconds, 3),
        "timings_s": {k: round(v, 3) for k, v in result.timings.items()},
        "error": result.error,
    }


def build(
    params_files: list[ParamsFile],
    *,
    outputs_dir: str | Path = DEFAULT_OUTPUTS,
    engine: str = "auto",
    jobs: int | None = None,
    snapshot_dir: str | Path | None = None,
    template: str | Path | None = None,
    force: bool = False,
    extra_inputs: ExtraInputs | None = None,
    on_start: Callable[[], object] | None = None,
    on_result: Callable[[ReportResult], None] | None = None,
) -> list[ReportResult]:
    """Build the reports whose inputs changed, in parallel, then rewrite ``outputs/index.html``.

    Parameters
    ----------
    params_files
        The reports to consider (see :func:`select_params`).
    outputs_dir
        Root of the outputs tree; locked for the whole build.
    engine
        ``auto``, ``quarto`` or ``builtin``.
    jobs
        Parallel reports (default: the CPU cores).
    snapshot_dir
        Data snapshot (default: the committed one).
    template
        Regional template override (the synthesis keeps its own).
    force
        Build every report, even those whose inputs are unchanged.
    extra_inputs
        Extra files per round that the round's reports depend on (see
        :data:`gcm_report.pipeline.inputs.ExtraInputs`).
    on_start
        Called once the outputs lock is held and the shared inputs are read, before any
        report is looked at.
    on_result
        Called with each report's result as soon as it is known (up-to-date ones first).

    Returns
    -------
    list of ReportResult
        In the order of ``params_files``.

    Raises
    ------
    ParamsError
        A bad option, duplicate reports, or an outputs folder that cannot be written.
    LockedError
        Another build holds the outputs lock.
    BuildInterrupted
        SIGINT or SIGTERM arrived: running reports were killed, pending ones cancelled, the
        scratch folder emptied and the index rewritten; ``results`` says what was done.
    """
    from gcm_report.pipeline.execute import KERNEL_NAME

    check_options(engine=engine, jobs=jobs, template=template, snapshot_dir=snapshot_dir)
    keys = [f.key for f in params_files]
    if len(set(keys)) != len(keys):
        raise ParamsError("build: the same report was selected twice")
    outputs_dir = Path(outputs_dir)
    engine_name = resolve_engine(engine)
    started = datetime.now(UTC)  # for the build log only: no report sees the clock
    results: dict[tuple[int, str], ReportResult] = {}
    stopped: int | None = None
    todo: list[_Job] = []
    with stop_signals(), outputs_lock(outputs_dir):
        try:
            clean_scratch(outputs_dir)
            shared = collect_build_inputs(
                engine_name, KERNEL_NAME, Path(snapshot_dir) if snapshot_dir else None
            )
            if on_start:
                on_start()
            todo[:] = _plan(
                params_files,
                outputs_dir=outputs_dir,
                engine=engine_name,
                template=template,
                shared=shared,
                extra_inputs=extra_inputs or {},
                force=force,
                results=results,
                on_result=on_result,
            )
            if todo:
                _run(todo, jobs=jobs, results=results, on_result=on_result)
            # A round whose reports were all up to date keeps its statistics.csv; one that
            # lost it (deleted by hand) gets it again.
            for n in sorted(
                {f.params.round for f in params_files} - {j.params.round for j in todo}
            ):
                if not (outputs_dir / f"round-{n}" / "statistics.csv").is_file():
                    write_statistics(outputs_dir, n, shared.snapshot_dir)
        except Stopped as exc:
            stopped = exc.signum
            _settle_stopped(todo, params_files, results)
        finally:
            with ignore_stop_signals():
                clean_scratch(outputs_dir)  # work of reports that were stopped half-way
                _write_index(outputs_dir)
                _append_log(outputs_dir, started, [results[k] for k in keys if k in results])
    ordered = [results[k] for k in keys]
    if stopped is not None:
        raise BuildInterrupted(stopped, ordered)
    return ordered


def _plan(
    params_files: list[ParamsFile],
    *,
    outputs_dir: Path,
    engine: str,
    template: str | Path | None,
    shared: BuildInputs,
    extra_inputs: ExtraInputs,
    force: bool,
    results: dict[tuple[int, str], ReportResult],
    on_result: Callable[[ReportResult], None] | None,
) -> list[_Job]:
    """Return the jobs of reports to build; record the up-to-date ones in ``results``."""
    todo = []
    for f in params_files:
        params = f.params
        # A --template override is a regional template; the synthesis keeps its own.
        own = None if params.report == "synthesis" else template
        job = _job(
            params,
            params_file=f.path,
            outputs_dir=outputs_dir,
            engine=engine,
            template=_template_for(params, own),
            shared=shared,
            extra=extra_inputs.get(params.round, ()),
        )
        final = report_dir(outputs_dir, params.round, params.name)
        if not force and is_up_to_date(final, job.key):
            # The published report matches its inputs: a failed attempt since is obsolete.
            shutil.rmtree(failed_dir(outputs_dir, params.round, params.name), ignore_errors=True)
            result = ReportResult(params.round, params.name, True, 0.0, "", final, {}, UP_TO_DATE)
            results[f.key] = result
            if on_result:
                on_result(result)
        else:
            todo.append(job)
    return todo


def _settle_stopped(
    todo: list[_Job],
    params_files: list[ParamsFile],
    results: dict[tuple[int, str], ReportResult],
) -> None:
    """Give every report without a result its status after a stop: built or cancelled.

    A worker may have published its report just before it was killed, without the result
    reaching this process: the published folder then has this build's input key.
    """
    for job in todo:
        key = (job.params.round, job.params.name)
        final = report_dir(job.outputs_dir, *key)
        if key not in results and is_up_to_date(final, job.key):
            results[key] = ReportResult(*key, True, 0.0, "", final, {}, BUILT)
    for f in params_files:
        cancelled = ReportResult(*f.key, False, 0.0, "cancelled", status=CANCELLED)
        results.setdefault(f.key, cancelled)


def _run(
    todo: list[_Job],
    *,
    jobs: int | None,
    results: dict[tuple[int, str], ReportResult],
    on_result: Callable[[ReportResult], None] | None,
) -> None:
    """Build ``todo`` in worker processes that fork pre-warmed report kernels."""
    from gcm_report.pipeline.execute import ensure_kernel
    from gcm_report.pipeline.kernel import prewarm

    ensure_kernel()
    # Each round with a report to build gets its canonical statistics written beside it.
    statistics = sorted(
        {(job.outputs_dir, job.params.round, job.snapshot_dir) for job in todo},
        key=lambda item: item[1],
    )
    # Always run reports in worker processes, even one at a time: each worker pre-imports the
    # kernel's libraries once and forks report kernels from itself (gcm_report.pipeline.kernel),
    # and a dedicated single-threaded process is the only safe place to fork from.
    run_pool(
        _safe_build_one,
        todo,
        workers=max(1, min(jobs or os.cpu_count() or 1, len(todo))),
        initializer=prewarm,
        # The first task fills the Vega bundle cache (cold: ~1.3 s) while the other workers
        # start executing reports; their HTML step waits on its lock only if they get there
        # first. The same task then writes each round's statistics.csv (the statistics are
        # computed already in a pre-warmed worker: see gcm_report.pipeline.kernel.prewarm).
        warm_up=functools.partial(_warm_up, statistics),
        on_done=_on_done_factory(results, on_result),
    )


def _warm_up(statistics: Sequence[tuple[Path, int, Path | None]]) -> None:
    from gcm_report.render.assets import vega_bundle

    vega_bundle()
    for outputs_dir, round_number, snapshot_dir in statistics:
        write_statistics(outputs_dir, round_number, snapshot_dir)


def _write_index(outputs_dir: Path) -> None:
    from gcm_report.pipeline.index import write_index

    write_index(outputs_dir)


def _append_log(outputs_dir: Path, started: datetime, results: list[ReportResult]) -> None:
    from gcm_report.pipeline.buildlog import append_build_log

    append_build_log(outputs_dir, started, [_log_entry(r) for r in results])
