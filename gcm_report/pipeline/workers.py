"""Build worker processes that never outlive the build, and a build that stops when told.

``concurrent.futures`` workers survive a SIGTERM or SIGKILL of their parent: they would go on
publishing reports after ``gcm-report build`` has exited, then hang. Here every worker (and
every report kernel forked from one) asks the kernel to kill it when its parent dies
(``PR_SET_PDEATHSIG``), and ignores Ctrl-C, which the terminal sends to the whole process
group: only the build's main process decides what an interrupt means (:func:`stop_signals`),
and it kills its workers itself (:func:`run_pool`).
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from typing import Any, TypeVar

__all__ = ["Stopped", "die_with_parent", "ignore_stop_signals", "run_pool", "stop_signals"]

T = TypeVar("T")
J = TypeVar("J")

_PR_SET_PDEATHSIG = 1
_STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)


class Stopped(KeyboardInterrupt):
    """The build was asked to stop by ``signum`` (SIGINT: Ctrl-C; SIGTERM: timeout, CI)."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


def die_with_parent(parent_pid: int) -> None:
    """Make the kernel SIGKILL this process as soon as ``parent_pid`` (its parent) dies.

    Must run in the child, in the thread that will live as long as the child (the signal is
    tied to the parent *thread* that created the child: the pool's main thread here). Where
    ``prctl`` is missing (not Linux), a daemon thread polls the parent instead.
    """
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        if libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "prctl(PR_SET_PDEATHSIG) failed")
    except (AttributeError, OSError):
        threading.Thread(target=_watch_parent, args=(parent_pid,), daemon=True).start()
    # The parent may have died before prctl took effect: then nobody will send the signal.
    if os.getppid() != parent_pid:
        os._exit(1)


def _watch_parent(parent_pid: int) -> None:
    while os.getppid() == parent_pid:
        time.sleep(0.2)
    os._exit(1)


def _init_worker(parent_pid: int, initializer: Callable[[], None] | None) -> None:
    die_with_parent(parent_pid)
    # Ctrl-C goes to the whole foreground process group; the parent handles it. The worker
    # was started with both signals blocked (see run_pool): a Ctrl-C while it was starting
    # is pending, and is dropped here rather than raising in the middle of its start-up.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, _STOP_SIGNALS)
    if initializer is not None:
        initializer()


def _worker_python() -> str:
    """Return the interpreter workers are spawned with: this one, started ignoring Ctrl-C.

    Blocking SIGINT while workers start (:func:`_blocked`) did not always keep a Ctrl-C from
    a worker still importing its modules (a KeyboardInterrupt traceback on the build's
    output). An ignored signal is inherited through ``exec``, and Python then installs no
    handler of its own, so workers are started by a two-line shell wrapper that ignores
    SIGINT and runs this interpreter. Where the wrapper cannot be written, this interpreter.
    """
    import hashlib
    import shlex
    import sys

    from gcm_report.fsutil import cache_dir

    digest = hashlib.sha256(sys.executable.encode()).hexdigest()[:12]
    wrapper = cache_dir() / f"worker-python-{digest}"
    text = f"#!/bin/sh\ntrap '' INT\nexec {shlex.quote(sys.executable)} \"$@\"\n"
    try:
        if not wrapper.exists() or wrapper.read_text() != text:
            wrapper.parent.mkdir(parents=True, exist_ok=True)
            part = wrapper.with_suffix(f".{os.getpid()}.part")
            part.write_text(text)
            part.chmod(0o755)
            part.replace(wrapper)
    except OSError:
        return sys.executable
    return str(wrapper)


@contextlib.contextmanager
def _blocked() -> Iterator[None]:
    """Block SIGINT and SIGTERM in this thread (and in processes it starts meanwhile).

    A signal that arrives meanwhile is delivered when the block ends, not lost.
    """
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, _STOP_SIGNALS)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


@contextlib.contextmanager
def stop_signals() -> Iterator[None]:
    """Turn SIGINT and SIGTERM into :class:`Stopped` in the ``with`` block (main thread only).

    The first signal also makes further ones ignored, so the clean-up that follows (killing
    workers, removing temporary folders, rewriting the index) cannot itself be interrupted
    half-way. Previous handlers are restored on exit.
    """
    if threading.current_thread() is not threading.main_thread():
        yield  # signals are only delivered to the main thread: nothing to install
        return

    def handler(signum: int, _frame: Any) -> None:
        for s in _STOP_SIGNALS:
            signal.signal(s, signal.SIG_IGN)
        raise Stopped(signum)

    previous = {s: signal.signal(s, handler) for s in _STOP_SIGNALS}
    try:
        yield
    finally:
        for s, old in previous.items():
            signal.signal(s, old)


@contextlib.contextmanager
def ignore_stop_signals() -> Iterator[None]:
    """Ignore SIGINT and SIGTERM in the ``with`` block (short clean-up that must complete)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = {s: signal.signal(s, signal.SIG_IGN) for s in _STOP_SIGNALS}
    try:
        yield
    finally:
        for s, old in previous.items():
            signal.signal(s, old)


def _kill(pool: ProcessPoolExecutor) -> None:
    """SIGKILL the pool's worker processes and reap them (their kernels follow them)."""
    # ProcessPoolExecutor has no public way to stop running tasks; its processes are in
    # ``_processes`` (pid -> Process) in every CPython version that has the class.
    processes = list((getattr(pool, "_processes", None) or {}).values())
    for proc in processes:
        with contextlib.suppress(OSError, ValueError):
            proc.kill()
    for proc in processes:
        with contextlib.suppress(OSError, ValueError):
            proc.join(5)


def run_pool(
    fn: Callable[[J], T],
    jobs: Iterable[J],
    *,
    workers: int,
    initializer: Callable[[], None] | None = None,
    warm_up: Callable[[], Any] | None = None,
    on_done: Callable[[J, Future[T]], None],
) -> None:
    """Run ``fn`` over ``jobs`` in spawned worker processes; call ``on_done`` as each ends.

    Workers die with this process, whatever kills it. If anything interrupts the wait (a
    :class:`Stopped` from :func:`stop_signals`, an error in ``on_done``), pending jobs are
    cancelled, running ones are killed with their worker, and the exception propagates once
    every worker has exited: nothing runs or writes after this function returns.

    Parameters
    ----------
    fn
        A picklable function of one job.
    jobs
        Picklable jobs.
    workers
        Number of worker processes.
    initializer
        Run once in each worker before any job.
    warm_up
        Submitted first; its result is ignored (e.g. to fill a cache while others start).
    on_done
        Called in this process with each job and its finished future (result or exception).
    """
    ctx = multiprocessing.get_context("spawn")
    ctx.set_executable(_worker_python())
    pool: ProcessPoolExecutor | None = None
    futures: dict[Future[T], J] = {}
    try:
        # Workers are started by the first submissions. They inherit the blocked signals, so
        # a Ctrl-C during their start-up cannot print a KeyboardInterrupt traceback from them;
        # this process gets it as soon as the block ends.
        with _blocked():
            pool = ProcessPoolExecutor(
                max_workers=workers,
                mp_context=ctx,
                initializer=_init_worker,
                initargs=(os.getpid(), initializer),
            )
            if warm_up is not None:
                pool.submit(warm_up)
            for job in jobs:
                futures[pool.submit(fn, job)] = job
        for future in as_completed(futures):
            on_done(futures[future], future)
    except BaseException:
        # Kill first, then let the pool fail the pending futures itself (BrokenProcessPool):
        # cancelling them here races with its manager thread (InvalidStateError in 3.11).
        if pool is not None:
            _kill(pool)
        raise
    finally:
        if pool is not None:
            pool.shutdown(wait=True)
