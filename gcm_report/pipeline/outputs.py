"""The outputs tree: where each report lives, its scratch and failed folders, and the lock.

```
outputs/
  round-<n>/<REGION>/      published reports (only ever complete)
  .tmp/round-<n>-<REGION>/ a report being assembled (one at a time per report: the lock)
  .failed/round-<n>-<REGION>/ the last failed attempt, kept for inspection
  .lock                    held by the build writing this tree (pid and command inside)
  .build-log.jsonl         one line per report and build: status, timings (see buildlog)
```
"""

from __future__ import annotations

import contextlib
import errno
import shutil
from collections.abc import Iterator
from pathlib import Path

from gcm_report.errors import ParamsError
from gcm_report.fsutil import exclusive_lock, restore_parked

__all__ = [
    "BUILD_LOG",
    "clean_scratch",
    "failed_dir",
    "is_disk_full",
    "outputs_lock",
    "parked_dir",
    "report_dir",
    "work_dir",
]

SCRATCH = ".tmp"
FAILED = ".failed"
LOCK = ".lock"
BUILD_LOG = ".build-log.jsonl"


def report_dir(outputs_dir: Path, round_number: int, name: str) -> Path:
    """Return the folder of one published report."""
    return Path(outputs_dir) / f"round-{round_number}" / name


def work_dir(outputs_dir: Path, round_number: int, name: str) -> Path:
    """Return the scratch folder a report is assembled in.

    Its name is fixed (not random), so nothing in the report depends on where it was built;
    the outputs lock guarantees one build at a time.
    """
    return Path(outputs_dir) / SCRATCH / f"round-{round_number}-{name}"


def parked_dir(outputs_dir: Path, round_number: int, name: str) -> Path:
    """Return where the previous version of a report waits while the new one moves in."""
    return Path(outputs_dir) / SCRATCH / f"old-round-{round_number}-{name}"


def failed_dir(outputs_dir: Path, round_number: int, name: str) -> Path:
    """Return where the last failed attempt at a report is kept."""
    return Path(outputs_dir) / FAILED / f"round-{round_number}-{name}"


def is_disk_full(exc: BaseException) -> bool:
    """Return whether ``exc`` (or what caused it) says the disk or quota is full."""
    while exc is not None:
        if isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, errno.EDQUOT):
            return True
        exc = exc.__cause__ or exc.__context__  # type: ignore[assignment]
    return False


@contextlib.contextmanager
def outputs_lock(outputs_dir: Path) -> Iterator[None]:
    """Hold the lock of ``outputs_dir`` (created if needed) for the ``with`` block.

    Raises
    ------
    ParamsError
        If the folder cannot be created or written (read-only, no permission): one line.
    LockedError
        If another build holds it: one line naming that process.
    """
    outputs_dir = Path(outputs_dir)
    with contextlib.ExitStack() as stack:
        try:
            outputs_dir.mkdir(parents=True, exist_ok=True)
            stack.enter_context(exclusive_lock(outputs_dir / LOCK, f"outputs {outputs_dir}"))
        except OSError as exc:
            reason = exc.strerror or str(exc)
            raise ParamsError(f"--outputs: {outputs_dir}: not writable ({reason})") from None
        yield


def clean_scratch(outputs_dir: Path) -> None:
    """Empty ``outputs/.tmp/``: folders left there by a build that was killed or stopped.

    Call with the lock held (no other build can be using them). A report parked by a swap that
    was interrupted between its two renames is first put back in place.
    """
    scratch = Path(outputs_dir) / SCRATCH
    if not scratch.is_dir():
        return
    for entry in sorted(scratch.iterdir()):
        if entry.name.startswith("old-round-") and entry.is_dir():
            n, _, name = entry.name.removeprefix("old-round-").partition("-")
            if n.isdigit():
                restore_parked(entry, report_dir(outputs_dir, int(n), name))
        if entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry, ignore_errors=True)
        elif entry.exists() or entry.is_symlink():
            entry.unlink()
