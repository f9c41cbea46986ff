"""Pre-warmed report kernels: fork each kernel from a build worker that already imported
IPython, ipykernel, pandas, Altair and gcm_report.

A fresh kernel spends ~0.7 s starting Python and IPython and ~0.6 s importing the report's
libraries, on every report; forked from a warm worker it starts in milliseconds with the same
modules already loaded. The kernel still runs in its own process (own session, killed and
reaped like any kernel) and talks to Papermill over the usual ZeroMQ connection file.

Three fixed waits in jupyter_client's start/stop protocol are also cut for these kernels, as
each was a large share of a ~0.1 s kernel life: the child signals through a pipe once its
sockets are bound (no 100 ms ZeroMQ reconnect), the client trusts ipykernel's IOPub greeting
(no 0.2 s probe and 0.2 s drain), and shutdown is polled every 5 ms (not 100 ms).

Only build workers fork (see :func:`gcm_report.pipeline.build.build`): they are single-purpose
processes, so no unrelated threads or event loops are copied into a kernel. JupyterLab, nbval
and direct :func:`gcm_report.pipeline.build.run_report` calls use ordinary kernels. Measured by
``benchmarks/build_all.py``.
"""

from __future__ import annotations

import contextlib
import os
import select
import subprocess
import time
import uuid
from queue import Empty
from typing import Any

from jupyter_client.asynchronous import AsyncKernelClient
from jupyter_client.connect import KernelConnectionInfo
from jupyter_client.manager import AsyncKernelManager
from jupyter_client.provisioning.local_provisioner import LocalProvisioner
from traitlets import DottedObjectName, Type

from gcm_report.pipeline.workers import die_with_parent

__all__ = ["ForkKernelManager", "fork_supported", "prewarm"]

_PREWARMED = False


def fork_supported() -> bool:
    """Return whether this process may fork report kernels (a pre-warmed build worker)."""
    return _PREWARMED and hasattr(os, "fork")


def prewarm() -> None:
    """Import everything a report kernel needs; run once per build worker process."""
    global _PREWARMED
    import importlib

    # debugpy (imported for the kernel's debugger) warns about frozen modules on import;
    # report kernels are never debugged, so silence that documented check.
    os.environ.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")

    # Everything IPKernelApp.initialize() would otherwise import in each kernel (the debugger
    # alone pulls in debugpy: half of a kernel's start-up).
    modules = ("IPython", "ipykernel.kernelapp", "ipykernel.ipkernel", "ipykernel.debugger")
    for module in (*modules, "gcm_report.report", "altair"):
        importlib.import_module(module)
    from gcm_report.analysis.statistics import precompute
    from gcm_report.data.snapshot import Snapshot

    # A broken snapshot must fail inside the report, with its one-line message, not here.
    with contextlib.suppress(Exception):
        precompute(Snapshot())
    _PREWARMED = True


class _ForkedKernel:
    """The small part of the ``subprocess.Popen`` interface jupyter_client uses."""

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.returncode: int | None = None
        self.stdin = self.stdout = self.stderr = None

    def poll(self) -> int | None:
        if self.returncode is None:
            pid, status = os.waitpid(self.pid, os.WNOHANG)
            if pid:
                self.returncode = os.waitstatus_to_exitcode(status)
        return self.returncode

    def wait(self, timeout: float | None = None) -> int:
        deadline = None if timeout is None else time.monotonic() + timeout
        while self.poll() is None:
            if deadline is not None and time.monotonic() > deadline:
                raise subprocess.TimeoutExpired(f"kernel {self.pid}", timeout or 0)
            time.sleep(0.01)
        assert self.returncode is not None
        return self.returncode

    def send_signal(self, signum: int) -> None:
        if self.poll() is None:
            os.kill(self.pid, signum)

    def terminate(self) -> None:
        import signal

        self.send_signal(signal.SIGTERM)

    def kill(self) -> None:
        import signal

        self.send_signal(signal.SIGKILL)


def _kernel_child(
    connection_file: str, cwd: str | None, env: dict[str, str] | None, ready_fd: int, worker: int
) -> None:
    """Become an IPython kernel (runs in the forked child; never returns).

    Writes one byte to ``ready_fd`` once the kernel's sockets are bound.
    """
    status = 1
    try:
        # Killed with its worker: ipykernel's own parent poller would take up to a second.
        die_with_parent(worker)
        os.setsid()  # own process group: signals to the kernel never reach the worker
        if cwd:
            os.chdir(cwd)
        if env is not None:
            os.environ.clear()
            os.environ.update(env)
        devnull = os.open(os.devnull, os.O_RDONLY)
        os.dup2(devnull, 0)
        import asyncio

        # The fork happened inside the worker's running event loop (jupyter_client is async):
        # the kernel needs a loop of its own, with its own selector.
        asyncio.set_event_loop(asyncio.new_event_loop())
        from gcm_report.report import charts

        # vl-convert's JavaScript runtime lives in threads, and threads do not survive fork():
        # the kernel leaves SVG conversion to the worker (see execute.add_deferred_svgs).
        charts.DEFER_SVG = True
        from ipykernel.kernelapp import IPKernelApp

        app = IPKernelApp.instance()
        # parent_handle's default is read from JPY_PARENT_PID when ipykernel is imported, which
        # happened in the worker before that variable existed: pass it. It makes the kernel exit
        # if the worker dies, and keeps the "connect another client" banner off stdout.
        app.initialize(
            [
                "-f",
                connection_file,
                # jupyter_client interrupts every kernel before shutting it down, and
                # ipykernel logs that as an ERROR; cell errors reach the notebook anyway.
                "--IPKernelApp.log_level=CRITICAL",
                f"--IPKernelApp.parent_handle={os.getppid()}",
            ]
        )
        os.write(ready_fd, b"1")
        os.close(ready_fd)
        app.start()
        status = 0
    except BaseException:  # a kernel that cannot start must say why, as a spawned one would
        import sys
        import traceback

        # ipykernel has replaced sys.stderr with its own stream by now: use the real one.
        traceback.print_exc(file=sys.__stderr__)
    finally:
        os._exit(status)  # never run the worker's cleanup (atexit, pool queues) in the child


class _ForkProvisioner(LocalProvisioner):
    async def launch_kernel(self, cmd: list[str], **kwargs: Any) -> KernelConnectionInfo:
        connection_file = cmd[cmd.index("-f") + 1]
        cwd, env = kwargs.get("cwd"), kwargs.get("env")
        ready_read, ready_write = os.pipe()
        worker = os.getpid()
        pid = os.fork()
        if pid == 0:
            os.close(ready_read)
            _kernel_child(connection_file, cwd, env, ready_write, worker)
        os.close(ready_write)
        # Return once the kernel's sockets are bound (or it died: EOF), so the client connects
        # at once instead of retrying every 100 ms and missing IOPub's first messages.
        select.select([ready_read], [], [], 60)
        os.close(ready_read)
        self.process = _ForkedKernel(pid)  # type: ignore[assignment]  # Popen-compatible
        self.pid = pid
        self.pgid = pid  # the child calls setsid(): its group id is its pid
        self.cwd = cwd or os.getcwd()
        return self.connection_info


class _ReportKernelClient(AsyncKernelClient):
    """The stock client, minus two fixed pauses at start-up.

    jupyter_client's ``wait_for_ready`` proves IOPub is connected by waiting up to 0.2 s for a
    message after the kernel_info reply (often the first one is lost while the subscription
    forms, so it waits the full 0.2 s and asks again), then drains IOPub until it has been
    silent for 0.2 s. A forked kernel answers in milliseconds, so those pauses were most of its
    start-up. ipykernel greets every IOPub subscriber with ``iopub_welcome`` (JEP 65): once
    greeted, IOPub is known to be connected. Kernels that send no greeting get the stock probe.
    The final drain uses a 20 ms silence window: nbclient matches execution messages by parent
    id, so a late start-up status cannot be mistaken for output.
    """

    async def _async_wait_for_ready(self, timeout: float | None = None) -> None:
        deadline = time.monotonic() + (timeout if timeout is not None else 60.0)
        try:
            first = await self.iopub_channel.get_msg(timeout=0.5)
            welcomed = first["msg_type"] == "iopub_welcome"
        except Empty:
            welcomed = False
        while True:
            self.kernel_info()
            try:
                msg = await self.shell_channel.get_msg(timeout=1)
            except Empty:
                msg = None
            if msg is not None and msg["msg_type"] == "kernel_info_reply":
                if welcomed:
                    self._handle_kernel_info_reply(msg)
                    break
                try:
                    await self.iopub_channel.get_msg(timeout=0.2)  # IOPub is connected
                except Empty:
                    pass
                else:
                    self._handle_kernel_info_reply(msg)
                    break
            if not await self._async_is_alive():
                raise RuntimeError("Kernel died before replying to kernel_info")
            if time.monotonic() > deadline:
                raise RuntimeError(f"Kernel didn't respond in {timeout} seconds")
        while True:
            try:
                await self.iopub_channel.get_msg(timeout=0.02)
            except Empty:
                break

    # AsyncKernelClient binds wait_for_ready to the base implementation at class creation.
    wait_for_ready = _async_wait_for_ready


class ForkKernelManager(AsyncKernelManager):
    """A kernel manager whose kernels are forked from the current (pre-warmed) process."""

    client_class = DottedObjectName("gcm_report.pipeline.kernel._ReportKernelClient")
    client_factory = Type(_ReportKernelClient, klass=AsyncKernelClient)

    async def _async_pre_start_kernel(self, **kwargs: Any) -> tuple[list[str], dict[str, Any]]:
        # jupyter_client creates the provisioner only when none is set: set ours first, and
        # its inherited pre_launch() writes the connection file exactly as for any kernel.
        if self.provisioner is None:
            self.kernel_id = self.kernel_id or kwargs.pop("kernel_id", str(uuid.uuid4()))
            self.provisioner = _ForkProvisioner(
                kernel_id=self.kernel_id, kernel_spec=self.kernel_spec, parent=self
            )
        return await super()._async_pre_start_kernel(**kwargs)

    async def _async_finish_shutdown(
        self, waittime: float | None = None, pollinterval: float = 0.1, restart: bool = False
    ) -> None:
        # The kernel exits within milliseconds of its shutdown reply: check every 5 ms rather
        # than jupyter_client's 100 ms, which was most of each report's shutdown time.
        await super()._async_finish_shutdown(waittime, 0.005, restart)
