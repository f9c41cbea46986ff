"""The download step against a local HTTP server on 127.0.0.1 (no internet needed)."""

from __future__ import annotations

import hashlib
import io
import socket
import threading
import time
import urllib.parse
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from rich.console import Console

from gcm_report.data.download import BROWSER_USER_AGENT, USER_AGENT, PullResult, pull, summarise
from gcm_report.data.sources._base import RawFile

GOOD = b"geo,t,n\nABW,1990,25\n"
OTHER = b"code,name\n4,Afghanistan\n" * 1000  # several read chunks
TRUNCATED = b"x" * 5000
OLD_VINTAGE = b"geo,t,n\nABW,1990,24\n"
NEW_VINTAGE = b"geo,t,n\nABW,1990,26\n"


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def declare(path: str, data: bytes, **kw: object) -> RawFile:
    """Return a RawFile for ``path`` declared with the checksum of ``data``."""
    return RawFile(
        path=path,
        sha256=sha(data),
        publisher="Test publisher",
        title=path,
        url="https://example.org/",
        licence="CC0",
        vintage="test",
        official=True,
        **kw,  # type: ignore[arg-type]
    )


@dataclass
class ServerState:
    root: Path
    requests: list[tuple[str, str]] = field(default_factory=list)

    def count(self, path: str) -> int:
        return sum(1 for p, _ in self.requests if p == path)

    def agents(self, path: str) -> list[str]:
        return [ua for p, ua in self.requests if p == path]


class Handler(BaseHTTPRequestHandler):
    """Serve files under ``state.root``, plus special paths that misbehave on purpose."""

    server: _Server

    def do_GET(self) -> None:
        state = self.server.state
        path = urllib.parse.unquote(urllib.parse.urlsplit(self.path).path).lstrip("/")
        agent = self.headers.get("User-Agent", "")
        state.requests.append((path, agent))
        n = state.count(path)
        try:
            if path == "missing.csv":
                self.send_error(404)
            elif path == "forbidden.csv" or (
                path.startswith("browser-only/") and not agent.startswith("Mozilla/5.0")
            ):
                self.send_error(403)  # what un.org does to non-browser clients
            elif path == "truncated.csv":
                # Promise more bytes than are sent, then close the connection (HTTP/1.0).
                self.send_response(200)
                self.send_header("Content-Length", str(len(TRUNCATED) + 100))
                self.end_headers()
                self.wfile.write(TRUNCATED)
            elif path == "flaky.csv" and n <= 2:
                self.send_error(500)
            elif path == "slow.csv":
                if n == 1:
                    time.sleep(0.8)  # longer than the client timeout in the test
                self._send_file(GOOD)
            else:
                file = state.root / path
                if not file.is_file():
                    self.send_error(404)
                else:
                    self._send_file(file.read_bytes())
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (timeout test)

    def _send_file(self, body: bytes) -> None:
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass  # keep the test output quiet


class _Server(ThreadingHTTPServer):
    state: ServerState


@dataclass
class Site:
    url: str
    root: Path
    state: ServerState


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Site]:
    # urllib honours proxy variables: make sure 127.0.0.1 is reached directly.
    for var in ("http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"):
        monkeypatch.delenv(var, raising=False)
    root = tmp_path / "served"
    (root / "sub").mkdir(parents=True)
    (root / "browser-only").mkdir()
    (root / "good.csv").write_bytes(GOOD)
    (root / "sub" / "other.csv").write_bytes(OTHER)
    (root / "flaky.csv").write_bytes(GOOD)
    (root / "changed.csv").write_bytes(NEW_VINTAGE)
    (root / "browser-only" / "un.csv").write_bytes(GOOD)
    server = _Server(("127.0.0.1", 0), Handler)
    server.state = ServerState(root)
    # A short poll interval: shutdown() waits up to one interval.
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield Site(f"http://127.0.0.1:{server.server_address[1]}", root, server.state)
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


def run(
    files: list[RawFile],
    dest: Path,
    *,
    mirror: Path | None = None,
    base_url: str | None = None,
    retries: int = 3,
    timeout: float = 5,
    progress: bool = False,
) -> list[PullResult]:
    """Call pull() with a short backoff, so that retries cost milliseconds."""
    return pull(
        files,
        dest,
        mirror=mirror,
        base_url=base_url,
        retries=retries,
        timeout=timeout,
        backoff=0.01,
        progress=progress,
    )


def leftovers(dest: Path) -> list[Path]:
    return [p for p in dest.rglob("*") if p.name.endswith(".part")]


def one(results: list[PullResult]) -> PullResult:
    assert len(results) == 1
    return results[0]


def test_downloads_and_verifies_good_files(site: Site, tmp_path: Path) -> None:
    dest = tmp_path / "raw"
    files = [
        declare("good.csv", GOOD, download_url=f"{site.url}/good.csv"),
        declare("sub/other.csv", OTHER, download_url=f"{site.url}/sub/other.csv"),
    ]
    results = run(files, dest, progress=True)
    assert [r.status for r in results] == ["downloaded", "downloaded"]
    assert [r.path for r in results] == [dest / "good.csv", dest / "sub" / "other.csv"]
    assert (dest / "good.csv").read_bytes() == GOOD
    assert (dest / "sub" / "other.csv").read_bytes() == OTHER
    assert f"{len(OTHER):,} bytes" in results[1].message
    assert leftovers(dest) == []
    # A second pull finds the declared bytes in place and makes no request.
    before = len(site.state.requests)
    again = run(files, dest)
    assert [r.status for r in again] == ["up to date", "up to date"]
    assert len(site.state.requests) == before


def test_corrupt_existing_file_is_replaced(site: Site, tmp_path: Path) -> None:
    dest = tmp_path / "raw"
    dest.mkdir()
    (dest / "good.csv").write_bytes(b"garbage")
    raw = declare("good.csv", GOOD, download_url=f"{site.url}/good.csv")
    assert one(run([raw], dest)).status == "downloaded"
    assert (dest / "good.csv").read_bytes() == GOOD


def test_404_and_403_fail_at_once_and_others_continue(site: Site, tmp_path: Path) -> None:
    dest = tmp_path / "raw"
    files = [
        declare("missing.csv", GOOD, download_url=f"{site.url}/missing.csv"),
        declare("forbidden.csv", GOOD, download_url=f"{site.url}/forbidden.csv"),
        declare("good.csv", GOOD, download_url=f"{site.url}/good.csv"),
    ]
    missing, forbidden, good = run(files, dest, retries=3)
    assert site.state.count("missing.csv") == 1  # not retried
    assert site.state.count("forbidden.csv") == 1
    assert missing.status == "failed" and "HTTP 404" in missing.message
    assert forbidden.status == "failed" and "HTTP 403" in forbidden.message
    assert "needs_browser_agent" in forbidden.message
    assert "\n" not in missing.message + forbidden.message
    assert good.status == "downloaded"
    assert not (dest / "missing.csv").exists() and not (dest / "forbidden.csv").exists()
    assert leftovers(dest) == []


def test_truncated_transfer_is_retried_then_fails(site: Site, tmp_path: Path) -> None:
    dest = tmp_path / "raw"
    raw = declare("truncated.csv", TRUNCATED, download_url=f"{site.url}/truncated.csv")
    result = one(run([raw], dest, retries=2))
    assert site.state.count("truncated.csv") == 3  # first attempt + 2 retries
    assert result.status == "failed"
    assert "truncated" in result.message
    assert f"received {len(TRUNCATED):,} of {len(TRUNCATED) + 100:,} bytes" in result.message
    assert "gave up after 3 attempts" in result.message
    assert not (dest / "truncated.csv").exists()
    assert leftovers(dest) == []


def test_truncated_transfer_leaves_existing_file_alone(site: Site, tmp_path: Path) -> None:
    dest = tmp_path / "raw"
    dest.mkdir()
    (dest / "truncated.csv").write_bytes(OLD_VINTAGE)
    raw = declare("truncated.csv", TRUNCATED, download_url=f"{site.url}/truncated.csv")
    assert one(run([raw], dest, retries=0)).status == "failed"
    assert site.state.count("truncated.csv") == 1  # retries=0: a single attempt
    assert (dest / "truncated.csv").read_bytes() == OLD_VINTAGE
    assert leftovers(dest) == []


def test_server_errors_are_retried_until_success(site: Site, tmp_path: Path) -> None:
    dest = tmp_path / "raw"
    raw = declare("flaky.csv", GOOD, download_url=f"{site.url}/flaky.csv")
    result = one(run([raw], dest, retries=3))
    assert result.status == "downloaded", result.message
    assert site.state.count("flaky.csv") == 3  # 500, 500, 200
    assert (dest / "flaky.csv").read_bytes() == GOOD


def test_server_errors_exhaust_retries(site: Site, tmp_path: Path) -> None:
    raw = declare("flaky.csv", GOOD, download_url=f"{site.url}/flaky.csv")
    result = one(run([raw], tmp_path / "raw", retries=1))
    assert result.status == "failed"
    assert "HTTP 500" in result.message and "gave up after 2 attempts" in result.message
    assert site.state.count("flaky.csv") == 2


def test_timeout_is_retried(site: Site, tmp_path: Path) -> None:
    dest = tmp_path / "raw"
    raw = declare("slow.csv", GOOD, download_url=f"{site.url}/slow.csv")
    result = one(run([raw], dest, retries=2, timeout=0.3))
    assert result.status == "downloaded", result.message
    assert site.state.count("slow.csv") == 2
    assert (dest / "slow.csv").read_bytes() == GOOD


def test_connection_refused_is_retried_then_fails(tmp_path: Path) -> None:
    with socket.socket() as s:  # a port nothing listens on once closed
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    raw = declare("good.csv", GOOD, download_url=f"http://127.0.0.1:{port}/good.csv")
    result = one(run([raw], tmp_path / "raw", retries=1))
    assert result.status == "failed"
    assert "cannot reach" in result.message and "gave up after 2 attempts" in result.message


def test_checksum_change_fails_and_keeps_existing_file(site: Site, tmp_path: Path) -> None:
    # The previous vintage is on disk; the declaration was updated, but the server now serves
    # yet other bytes (a newer release): nothing may replace the file on disk.
    dest = tmp_path / "raw"
    dest.mkdir()
    target = dest / "changed.csv"
    target.write_bytes(OLD_VINTAGE)
    mtime = target.stat().st_mtime_ns
    raw = declare("changed.csv", GOOD, download_url=f"{site.url}/changed.csv")
    result = one(run([raw], dest, retries=3))
    assert result.status == "failed"
    assert site.state.count("changed.csv") == 1  # a checksum mismatch is not retried
    assert "changed.csv" in result.message
    assert sha(NEW_VINTAGE)[:12] in result.message and sha(GOOD)[:12] in result.message
    assert "new vintage" in result.message and "\n" not in result.message
    assert target.read_bytes() == OLD_VINTAGE and target.stat().st_mtime_ns == mtime
    assert leftovers(dest) == []


def test_mirror_copy_verifies_checksums(site: Site, tmp_path: Path) -> None:
    dest = tmp_path / "raw"
    files = [
        declare("good.csv", GOOD),  # no download_url: mirror-only files are copied too
        declare("sub/other.csv", OTHER, download_url=f"{site.url}/sub/other.csv"),
        declare("changed.csv", GOOD),
        declare("absent.csv", GOOD),
    ]
    good, other, changed, absent = run(files, dest, mirror=site.root)
    assert (good.status, other.status) == ("copied", "copied")
    assert (dest / "good.csv").read_bytes() == GOOD
    assert (dest / "sub" / "other.csv").read_bytes() == OTHER
    assert changed.status == "failed" and "new vintage" in changed.message
    assert not (dest / "changed.csv").exists()
    assert absent.status == "failed" and "not found in mirror" in absent.message
    assert site.state.requests == []  # the mirror is used instead of the network
    assert leftovers(dest) == []


def test_browser_user_agent_only_when_declared(site: Site, tmp_path: Path) -> None:
    dest = tmp_path / "raw"
    files = [
        declare(
            "un.csv",
            GOOD,
            download_url=f"{site.url}/browser-only/un.csv",
            needs_browser_agent=True,
        ),
        declare("good.csv", GOOD, download_url=f"{site.url}/good.csv"),
    ]
    results = run(files, dest)
    assert [r.status for r in results] == ["downloaded", "downloaded"]
    assert site.state.agents("browser-only/un.csv") == [BROWSER_USER_AGENT]
    assert BROWSER_USER_AGENT.startswith("Mozilla/5.0") and "Chrome/" in BROWSER_USER_AGENT
    assert site.state.agents("good.csv") == [USER_AGENT]


def test_base_url_overrides_download_url(site: Site, tmp_path: Path) -> None:
    dest = tmp_path / "raw"
    raw = declare("sub/other.csv", OTHER, download_url=f"{site.url}/missing.csv")
    result = one(run([raw], dest, base_url=site.url + "/"))
    assert result.status == "downloaded", result.message
    assert site.state.count("sub/other.csv") == 1 and site.state.count("missing.csv") == 0


def test_no_source_and_summarise(site: Site, tmp_path: Path) -> None:
    dest = tmp_path / "raw"
    files = [
        declare("converted.csv.gz", GOOD),  # no download_url and no mirror
        declare("good.csv", GOOD, download_url=f"{site.url}/good.csv"),
    ]
    results = run(files, dest)
    assert [r.status for r in results] == ["no source", "downloaded"]
    assert "no download source" in results[0].message
    out = io.StringIO()
    assert summarise(results, console=Console(file=out, width=200)) == 0
    assert "1 no source, 1 downloaded" in out.getvalue()
    failed = PullResult(dest / "x.csv", "failed", "x.csv: HTTP 404 Not Found from [url]")
    out = io.StringIO()
    assert summarise([*results, failed], console=Console(file=out, width=200)) == 1
    assert "[url]" in out.getvalue()  # messages are printed verbatim, not as rich markup


def test_invalid_arguments(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="not both"):
        pull([], tmp_path, mirror=tmp_path, base_url="http://127.0.0.1:1")
    with pytest.raises(ValueError, match="retries"):
        pull([], tmp_path, retries=-1)
