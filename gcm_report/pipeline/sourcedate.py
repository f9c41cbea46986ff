"""The date a build stamps on its reports: never the clock.

Reports show when they were produced (cover, footer, PDF and XLSX metadata). For the same
inputs to give the same bytes, that date is ``SOURCE_DATE_EPOCH`` when set (the
reproducible-builds.org convention), otherwise the date of the data the report is built from:
the last commit that changed the snapshot folder or, for a snapshot that is not committed as
it is, the newest modification time of its files.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path

from gcm_report.codeversion import git_commit_time
from gcm_report.errors import ParamsError
from gcm_report.layout import PROJECT_ROOT

__all__ = ["build_date"]


def build_date(snapshot_dir: Path, snapshot_files: Iterable[Path]) -> tuple[datetime, str]:
    """Return the build date (UTC, whole seconds) and where it comes from.

    Parameters
    ----------
    snapshot_dir
        The snapshot folder the reports read.
    snapshot_files
        Its files (manifest and tables), for a snapshot outside git or with changes.

    Raises
    ------
    ParamsError
        If ``SOURCE_DATE_EPOCH`` is set but is not a whole number of seconds.
    """
    value = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if value:
        if not value.isdigit():
            raise ParamsError(
                f"SOURCE_DATE_EPOCH: {value!r} is not a whole number of seconds since 1970"
            )
        return datetime.fromtimestamp(int(value), UTC), "SOURCE_DATE_EPOCH"
    folder = Path(snapshot_dir).resolve()
    if folder.is_relative_to(PROJECT_ROOT):
        relative = folder.relative_to(PROJECT_ROOT).as_posix()
        stamp = git_commit_time(relative)
        if stamp is not None:
            return datetime.fromtimestamp(stamp, UTC), f"last commit of {relative}"
    mtimes = [int(p.stat().st_mtime) for p in snapshot_files if p.is_file()]
    if not mtimes:
        raise ParamsError(f"--snapshot: {snapshot_dir}: no snapshot files to date the build by")
    return datetime.fromtimestamp(max(mtimes), UTC), f"modification time of {folder}"
