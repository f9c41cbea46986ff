"""Atomic file-system writes: a reader never sees a half-written file or folder."""

from __future__ import annotations

import contextlib
import os
import shutil
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

from gcm_report.errors import LockedError

__all__ = [
    "cache_dir",
    "exclusive_lock",
    "replace_dir",
    "restore_parked",
    "umask_mode",
    "write_bytes_atomic",
    "write_text_atomic",
]


def cache_dir() -> Path:
    """Return gcm-report's cache folder (``$XDG_CACHE_HOME/gcm-report``, else ``~/.cache``).

    It holds what is slow to make and safe to lose: font instances, the Vega bundle, the
    workers' interpreter wrapper.
    """
    root = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(root) / "gcm-report"


def umask_mode(mode: int = 0o666) -> int:
    """Return ``mode`` as the process umask lets a newly created file have it."""
    current = os.umask(0)
    os.umask(current)
    return mode & ~current


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths in one atomic step (Linux ``renameat2(RENAME_EXCHANGE)``).

    Returns False where the call or the file system does not support it.
    """
    import ctypes
    import errno

    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (AttributeError, OSError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    if renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.ENOTSUP):
        return False
    raise OSError(code, os.strerror(code), str(a), None, str(b))


def replace_dir(new: Path, target: Path, old: Path) -> None:
    """Put the complete folder ``new`` at ``target``; the previous one ends up at ``old``
    and is then deleted, so ``target`` is only ever the old or the new folder, never a mix.

    Where the system allows it the two folders are exchanged in one atomic step, so even a
    process killed at any instant leaves ``target`` whole. Otherwise ``target`` is missing
    for the instant between two renames; :func:`restore_parked` puts it back after a crash.
    """
    shutil.rmtree(old, ignore_errors=True)
    target.parent.mkdir(parents=True, exist_ok=True)
    if target.exists() and _exchange(new, target):
        new.rename(old)
    else:
        if target.exists():
            target.rename(old)
        new.rename(target)
    shutil.rmtree(old, ignore_errors=True)


def restore_parked(old: Path, target: Path) -> None:
    """Undo a :func:`replace_dir` interrupted between its two renames (``target`` missing)."""
    if old.is_dir() and not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        old.rename(target)


def write_bytes_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file renamed into place.

    The file gets the usual permissions (``0666`` less the umask), not mkstemp's ``0600``,
    and a failed write (disk full, say) removes its temporary file and leaves ``path`` as it
    was.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.chmod(tmp, umask_mode())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def write_text_atomic(path: Path, text: str) -> None:
    """Write ``text`` (UTF-8) to ``path`` atomically; see :func:`write_bytes_atomic`."""
    write_bytes_atomic(path, text.encode("utf-8"))


@contextlib.contextmanager
def exclusive_lock(path: Path, what: str) -> Iterator[None]:
    """Hold an exclusive lock on ``path`` (created if needed) for the ``with`` block.

    The lock is ``flock``-based, so the kernel releases it when the holder exits, however it
    exits (even SIGKILL): a stale lock file never blocks anyone. The holder writes its pid and
    command line into the file so that a refused process can say who holds it.

    Raises
    ------
    LockedError
        If another process holds the lock: one line naming ``what`` and that process.
    OSError
        If the lock file cannot be created (read-only or missing folder).
    """
    import fcntl

    fd = os.open(path, os.O_RDWR | os.O_CREAT, umask_mode())
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 4096, 0).decode("utf-8", "replace").strip()
            pid, _, command = holder.partition(" ")
            who = f"process {pid}" if pid else "another process"
            who += f" ({command})" if command else ""
            raise LockedError(
                f"{what} is in use by {who}: wait for it to finish (lock file {path})"
            ) from None
        os.ftruncate(fd, 0)
        command = " ".join(os.path.basename(a) if i == 0 else a for i, a in enumerate(sys.argv))
        os.pwrite(fd, f"{os.getpid()} {command[:200]}\n".encode(), 0)
        try:
            yield
        finally:
            # Left empty, not removed: removing a lock file lets two processes lock two files.
            with contextlib.suppress(OSError):
                os.ftruncate(fd, 0)
    finally:
        os.close(fd)  # releases the lock
