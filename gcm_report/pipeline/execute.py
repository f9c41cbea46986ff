"""Execute a template notebook with Papermill on the project's own, explicit kernel."""

from __future__ import annotations

import contextlib
import json
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from gcm_report.errors import ReportFailed

__all__ = [
    "KERNEL_NAME",
    "add_deferred_svgs",
    "ensure_kernel",
    "execute_notebook",
    "normalize_notebook",
]

KERNEL_NAME = "gcm-report"


def ensure_kernel() -> str:
    """Install (or repair) the ``gcm-report`` kernelspec for this Python and return its name.

    The spec lives under ``sys.prefix`` and points at ``sys.executable``, so reports always run
    on the interpreter that has gcm_report installed, whatever other "python3" kernels exist.
    """
    spec_dir = Path(sys.prefix) / "share" / "jupyter" / "kernels" / KERNEL_NAME
    spec = {
        "argv": [
            sys.executable,
            "-m",
            "ipykernel_launcher",
            "-f",
            "{connection_file}",
            # ipykernel 7 warns about plain TCP on every start; the kernel only listens on
            # loopback for this one run, so keep the build log readable.
            "--IPKernelApp.log_level=ERROR",
        ],
        "display_name": "Python (gcm-report)",
        "language": "python",
        "metadata": {"debugger": False},
    }
    path = spec_dir / "kernel.json"
    if not path.is_file() or json.loads(path.read_text()) != spec:
        spec_dir.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(spec, indent=1))
    return KERNEL_NAME


@contextlib.contextmanager
def _headless_kernel_env() -> Iterator[None]:
    # A build started from inside JupyterLab (a terminal, or `!gcm-report build` in a cell)
    # inherits JPY_SESSION_NAME; this keeps its kernels from adding the JupyterLab display
    # (gcm_report.render.lab) to report notebooks.
    previous = os.environ.get("GCM_REPORT_LAB")
    os.environ["GCM_REPORT_LAB"] = "0"
    try:
        yield
    finally:
        if previous is None:
            del os.environ["GCM_REPORT_LAB"]
        else:
            os.environ["GCM_REPORT_LAB"] = previous


def add_deferred_svgs(nb: Any) -> int:
    """Complete the chart outputs a forked kernel left without SVG; return how many.

    Each such output is rebuilt with :func:`gcm_report.report.charts.render_bundle` from its own
    Vega-Lite spec, so the notebook ends up exactly as if the kernel had converted it.
    """
    from gcm_report.report.charts import VEGALITE_MIME, render_bundle
    from gcm_report.report.i18n import writing_in

    done = 0
    # In the notebook's language, not the worker's (the last report it rendered).
    language = nb.metadata.get("papermill", {}).get("parameters", {}).get("language") or "en"
    with writing_in(str(language)):
        for cell in nb.cells:
            for out in cell.get("outputs", []):
                data = out.get("data", {})
                if VEGALITE_MIME in data and "image/svg+xml" not in data:
                    # Keep what else the output carries (the block's published figures).
                    out["data"] = {**data, **render_bundle(dict(data[VEGALITE_MIME]))}
                    done += 1
    return done


# Per-run values Papermill and nbclient record in a notebook: start and end times, durations.
_TIMINGS = ("start_time", "end_time", "duration")
INJECTED_CELL_ID = "injected-parameters"


def normalize_notebook(nb: Any, *, input_path: str, output_path: str) -> None:
    """Remove what differs between two runs of the same notebook with the same inputs.

    Papermill records start and end times, durations and the (temporary) paths it read and
    wrote; nbclient adds execution timestamps; the parameters cell Papermill injects gets a
    random id. The executed notebook keeps its outputs, statuses and parameters, with the
    paths given here and a fixed id for the injected cell, so it is byte-reproducible.
    """
    papermill = nb.metadata.get("papermill")
    if papermill is not None:
        for key in _TIMINGS:
            papermill.pop(key, None)
        papermill["input_path"] = input_path
        papermill["output_path"] = output_path
    ids = {cell.get("id") for cell in nb.cells}
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
        for key in _TIMINGS:
            cell.metadata.get("papermill", {}).pop(key, None)
        tags = cell.metadata.get("tags", [])
        if "injected-parameters" in tags and INJECTED_CELL_ID not in ids:
            cell["id"] = INJECTED_CELL_ID


def execute_notebook(
    template: Path,
    output: Path,
    parameters: dict[str, Any],
    *,
    timeout: int = 600,
    shown_paths: tuple[str, str] | None = None,
) -> Any:
    """Run ``template`` with ``parameters``, write the executed notebook to ``output``, return it.

    In a pre-warmed build worker the kernel is forked from the worker
    (:mod:`gcm_report.pipeline.kernel`); elsewhere it is an ordinary ``gcm-report`` kernel.
    The notebook is written normalised (:func:`normalize_notebook`), recording
    ``shown_paths`` (template, final report) as the paths it was read from and written to.

    Raises
    ------
    ReportFailed
        One line naming the notebook, the failing cell and the exception, or the file that
        could not be written.
    """
    import papermill
    from papermill.exceptions import PapermillExecutionError

    from gcm_report.pipeline.kernel import ForkKernelManager, fork_supported

    # Papermill only logs a parameter the template does not declare, and the template then
    # runs on its own default: a report for the wrong region or round, without a word.
    declared = papermill.inspect_notebook(str(template))
    unknown = sorted(set(parameters) - set(declared))
    if unknown:
        raise ReportFailed(
            f"{template}: its parameters cell does not define {', '.join(unknown)} "
            f"(it defines {', '.join(declared) or 'nothing'})"
        )
    engine_kwargs: dict[str, Any] = {}
    if fork_supported():
        engine_kwargs["kernel_manager_class"] = ForkKernelManager
    try:
        with _headless_kernel_env():
            nb = papermill.execute_notebook(
                str(template),
                str(output),
                parameters=parameters,
                kernel_name=ensure_kernel(),
                progress_bar=False,
                log_output=False,
                # One write at the end (or of the failed notebook), not one per cell.
                request_save_on_cell_execute=False,
                execution_timeout=timeout,
                cwd=str(template.parent),
                **engine_kwargs,
            )
    except PapermillExecutionError as exc:
        evalue = str(exc.evalue).splitlines()[0] if exc.evalue else ""
        raise ReportFailed(
            f"{template}: cell {exc.exec_count} raised {exc.ename}: {evalue}"
        ) from None
    except OSError as exc:  # the executed notebook could not be written (disk full, ...)
        where = exc.filename or output
        raise ReportFailed(f"{where}: {exc.strerror or exc} (while executing {template})") from exc
    except Exception as exc:  # kernel died, notebook unreadable, timeout, ...
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
        raise ReportFailed(f"{template}: {type(exc).__name__}: {first}") from None
    import nbformat

    add_deferred_svgs(nb)
    shown_input, shown_output = shown_paths or (str(template), str(output))
    normalize_notebook(nb, input_path=shown_input, output_path=shown_output)
    try:
        nbformat.write(nb, output)
    except OSError as exc:
        raise ReportFailed(f"{output}: {exc.strerror or exc} (while writing the notebook)") from exc
    return nb
