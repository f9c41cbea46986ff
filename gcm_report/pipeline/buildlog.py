"""The build log: what each build did and how long it took, kept out of the reports.

Timings and wall-clock times differ on every run, so they cannot live in a report's
``manifest.json`` (which must be byte-identical for the same inputs). Each build appends one
JSON line per report to ``outputs/.build-log.jsonl``.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path
from typing import Any

from gcm_report.pipeline.outputs import BUILD_LOG

__all__ = ["append_build_log"]


def append_build_log(
    outputs_dir: Path, started: datetime, entries: Iterable[dict[str, Any]]
) -> Path:
    """Append one line per report of the build that ``started`` to the build log.

    Parameters
    ----------
    outputs_dir
        Root of the outputs tree (the lock must be held: lines of two builds never mix).
    started
        When the build started (wall clock, with time zone).
    entries
        One dict per report: round, report, status, seconds, timings, error.

    Returns
    -------
    Path
        The log file.
    """
    path = Path(outputs_dir) / BUILD_LOG
    stamp = {"build_started": started.isoformat(timespec="seconds"), "pid": os.getpid()}
    lines = "".join(json.dumps(stamp | entry, sort_keys=True) + "\n" for entry in entries)
    if lines:  # a build that stopped before looking at any report has nothing to log
        with path.open("a", encoding="utf-8") as fh:
            fh.write(lines)
    return path
