"""A build stops when told, writes nothing after it has exited, and keeps outputs/ consistent.

These tests start ``gcm-report build`` as a real process in its own session and signal it as
`timeout`, CI cancellation, `systemctl stop` or Ctrl-C would. The processes a build started are
found through /proc by a marker in their environment (workers and kernels inherit it), so a
worker or kernel left running is seen even after it has been re-parented.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Callable
from pathlib import Path

import pytest

from gcm_report.layout import OUTPUT_FILES

GCM_REPORT = str(Path(sys.executable).parent / "gcm-report")
MARKER = "GCM_REPORT_TEST_MARKER"


def _marked(marker: str) -> list[int]:
    """Return the pids of live (non-zombie) processes whose environment holds ``marker``."""
    needle = f"{MARKER}={marker}".encode()
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            environ = (entry / "environ").read_bytes()
            state = (entry / "stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue  # gone meanwhile, or not ours to read
        if needle in environ.split(b"\0") and state != "Z":
            found.append(int(entry.name))
    return found


def _wait_for(predicate: Callable[[], object], timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout} s waiting for {what}")
        time.sleep(0.05)


def _tree(outputs: Path) -> dict[str, tuple[int, int]]:
    """Return every path under ``outputs`` with its size and modification time."""
    return {
        str(p.relative_to(outputs)): (p.stat().st_size, p.stat().st_mtime_ns)
        for p in outputs.rglob("*")
    }


def _published(outputs: Path) -> list[Path]:
    return sorted(p.parent for p in outputs.glob("round-*/*/manifest.json"))


class Build:
    """``gcm-report build`` running in its own session, tagged with a unique marker."""

    def __init__(self, outputs: Path, *args: str) -> None:
        self.marker = uuid.uuid4().hex
        env = dict(os.environ, **{MARKER: self.marker})
        self.proc = subprocess.Popen(
            [GCM_REPORT, "build", "--engine", "builtin", "--outputs", str(outputs), *args],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            start_new_session=True,  # its own process group, as a terminal's foreground job
        )

    def wait(self, timeout: float) -> tuple[int, str]:
        _, err = self.proc.communicate(timeout=timeout)
        return self.proc.returncode, err

    def kill(self) -> None:
        # Survivors hold the build's stdout/stderr open: kill them before reading to the end.
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGKILL)
        for pid in _marked(self.marker):
            os.kill(pid, signal.SIGKILL)
        self.proc.communicate(timeout=30)


@pytest.fixture
def start(tmp_path):
    builds: list[Build] = []

    def run(*args: str, outputs: Path | None = None) -> Build:
        build = Build(outputs or tmp_path / "outputs", *args)
        builds.append(build)
        return build

    yield run
    for build in builds:  # never leave a build behind, whatever a test asserted
        build.kill()


def _after_exit_nothing_moves(build: Build, outputs: Path) -> None:
    """Assert that no process of the build survives it and nothing is written after exit."""
    _wait_for(lambda: not _marked(build.marker), 3, "the build's workers and kernels to exit")
    before = _tree(outputs)
    time.sleep(3)
    assert _tree(outputs) == before, "files changed after the build had exited"
    assert not _marked(build.marker)


def _complete(folder: Path) -> bool:
    return sorted(p.name for p in folder.iterdir()) == sorted(OUTPUT_FILES)


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_signal_cancels_the_build_with_a_summary(start, tmp_path, signum):
    # Defect 1 (SIGTERM: workers went on publishing after exit) and defect 2 (Ctrl-C built the
    # rest, then exited 130 silently, leaving outputs/.tmp/ and a stale index).
    outputs = tmp_path / "outputs"
    build = start("--round", "2")
    _wait_for(lambda: _published(outputs), 120, "a first published report")
    sent = time.time()
    if signum == signal.SIGINT:
        os.killpg(build.proc.pid, signal.SIGINT)  # Ctrl-C reaches the whole foreground group
    else:
        build.proc.send_signal(signal.SIGTERM)  # what timeout(1) and CI runners send
    status, err = build.wait(timeout=15)
    assert time.time() - sent < 10
    assert status == 128 + signum, err
    name = signal.Signals(signum).name
    lines = [line for line in err.splitlines() if line.startswith("gcm-report:")]
    assert len(lines) == 1 and name in lines[0] and "cancelled" in lines[0], err
    assert "Summary" in err and "cancelled" in err.split("Summary", 1)[1]
    assert "Traceback" not in err, err
    _after_exit_nothing_moves(build, outputs)
    published = _published(outputs)
    assert 1 <= len(published) < 6  # pending reports were cancelled, not built
    assert all(_complete(folder) for folder in published)
    assert list((outputs / ".tmp").iterdir()) == []
    assert (outputs / "index.html").stat().st_mtime >= sent - 1  # rewritten on the way out
    log = [json.loads(x) for x in (outputs / ".build-log.jsonl").read_text().splitlines()]
    assert {e["status"] for e in log} >= {"built", "cancelled"}


def test_ctrl_c_while_workers_start_is_quiet(start, tmp_path):
    # Ctrl-C reaches the whole process group, workers included: one still starting up must
    # not print a KeyboardInterrupt traceback of its own.
    outputs = tmp_path / "outputs"
    build = start("--round", "2")

    def spawned_workers() -> list[int]:
        return [
            pid
            for pid in _marked(build.marker)
            if b"spawn_main" in Path(f"/proc/{pid}/cmdline").read_bytes()
        ]

    _wait_for(spawned_workers, 60, "the first worker to be spawned")
    os.killpg(build.proc.pid, signal.SIGINT)
    status, err = build.wait(timeout=15)
    assert status == 130, err
    assert "Traceback" not in err and "KeyboardInterrupt" not in err, err
    _after_exit_nothing_moves(build, outputs)


def test_sigkill_leaves_no_process_and_the_next_build_cleans_up(start, tmp_path):
    # Defect 1 (SIGKILL) and defect 12 (temporary folders of killed runs were never cleaned).
    outputs = tmp_path / "outputs"
    build = start("--round", "2")
    _wait_for(lambda: _published(outputs), 120, "a first published report")
    build.proc.send_signal(signal.SIGKILL)
    status, _ = build.wait(timeout=10)
    assert status == -signal.SIGKILL
    _after_exit_nothing_moves(build, outputs)
    assert all(_complete(folder) for folder in _published(outputs))
    stale = outputs / ".tmp" / "round-9-ECE-k1ll3d"
    stale.mkdir(parents=True, exist_ok=True)
    status, err = start("--round", "2", "--region", "ECE", outputs=outputs).wait(timeout=180)
    assert status == 0, err
    assert list((outputs / ".tmp").iterdir()) == []


def test_a_second_build_is_refused_and_told_who_holds_the_lock(start, tmp_path):
    # Defect 18: nothing kept two builds from swapping the same folders at once.
    outputs = tmp_path / "outputs"
    first = start("--round", "1")
    _wait_for(lambda: (outputs / ".tmp").is_dir(), 60, "the first build to start")
    status, err = start("--round", "1", outputs=outputs).wait(timeout=60)
    assert status == 75, err
    line = err.strip()
    assert line.count("\n") == 0 and f"process {first.proc.pid}" in line and "in use" in line
    first.proc.send_signal(signal.SIGTERM)
    first.wait(timeout=15)


def _in_own_mount_namespace(script: str) -> subprocess.CompletedProcess[str]:
    """Run a shell script as root of a new user and mount namespace (tmpfs mounts allowed)."""
    return subprocess.run(
        ["unshare", "--map-root-user", "--mount", "sh", "-ec", script],
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_read_only_outputs_is_one_line_and_exit_2(tmp_path):
    # Defect 10: a read-only outputs/ gave a double traceback.
    outputs = tmp_path / "ro"
    outputs.mkdir()
    proc = _in_own_mount_namespace(
        f"mount -t tmpfs -o ro,size=1m tmpfs {outputs}\n"
        f"{GCM_REPORT} build --region ECE --round 2 --outputs {outputs}"
    )
    assert proc.returncode == 2, proc.stderr
    line = proc.stderr.strip()
    assert line.count("\n") == 0, line
    assert f"--outputs: {outputs}" in line and "Read-only file system" in line


def test_full_disk_names_path_and_step_and_leaves_nothing_behind(tmp_path):
    # Defect 11: the message named neither path nor step, tmp files stayed in outputs/, and the
    # kept failed attempt kept the disk full.
    outputs = tmp_path / "small"
    outputs.mkdir()
    previous = "round-1/ECE"
    script = f"""
mount -t tmpfs -o size=1200k tmpfs {outputs}
mkdir -p {outputs}/{previous}
echo previous > {outputs}/{previous}/report.html
set +e
{GCM_REPORT} build --region ECE --round 1 --engine builtin --outputs {outputs} 2>&1
echo "status=$?"
echo "--- files"
cd {outputs} && find . | sort
echo "--- previous"
cat {previous}/report.html
"""
    proc = _in_own_mount_namespace(script)
    out = proc.stdout
    log, _, rest = out.partition("--- files")
    files, _, previous_text = rest.partition("--- previous")
    assert "status=1" in log, out
    failed = [line for line in log.splitlines() if "FAILED round 1 ECE" in line]
    assert failed and "No space left on device" in failed[0], log
    assert f"{outputs}/" in failed[0] and "(while " in failed[0], failed[0]
    listing = files.split()
    stray = [f for f in listing if f.startswith("./.tmp/") or f.endswith(".tmp")]
    stray.remove("./.tmp")  # the (empty) scratch folder itself
    assert not stray, listing
    assert not [f for f in listing if f.startswith("./.failed/")], listing  # space given back
    assert "removed" in failed[0]
    assert previous_text.strip() == "previous"  # the report in place was not touched
