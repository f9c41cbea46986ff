"""Fetch the declared raw publisher files into a raw-data folder, verified against their sha256.

:func:`pull` brings each :class:`~gcm_report.data.sources._base.RawFile` to
``dest / raw.path``, from a local mirror folder, a mirror server or the publisher's own
``download_url``. Every file is streamed to a temporary file beside its target and only renamed
into place once its size and checksum have been verified, so the target path only ever holds a
complete, declared file (or whatever good file was there before). :func:`summarise` prints the
outcome and returns an exit code.
"""

from __future__ import annotations

import hashlib
import http.client
import os
import secrets
import ssl
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Literal

from rich.console import Console
from rich.progress import (
    BarColumn,
    DownloadColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeRemainingColumn,
    TransferSpeedColumn,
)

from gcm_report import __version__
from gcm_report.data.sources._base import RawFile, sha256_file

__all__ = ["BROWSER_USER_AGENT", "USER_AGENT", "PullResult", "Status", "pull", "summarise"]

Status = Literal["downloaded", "copied", "up to date", "failed", "no source"]

# Who we are, sent to every server that accepts it: publishers can see (and contact) the client.
USER_AGENT = f"gcm-report/{__version__} (Python-urllib)"
# Sent only to publishers declared with ``needs_browser_agent``: un.org answers 403 to non-browser
# clients (see shared/data/undesa_ims/PROVENANCE.md), so there is no other way to get the files.
BROWSER_USER_AGENT = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/124.0.0.0 Safari/537.36"
)

# A transfer writes one file's bytes into a temporary path: (path, task) -> (size, sha256 hex).
_Transfer = Callable[[Path, TaskID], tuple[int, str]]

_CHUNK = 1 << 16
# Client errors that may clear up on their own (request timeout, rate limiting); every other 4xx
# (403, 404, 410, ...) says the same thing on each attempt, so retrying only wastes time.
_TRANSIENT_HTTP = {408, 429}


@dataclass(frozen=True)
class PullResult:
    """The outcome for one declared file.

    Attributes
    ----------
    path
        Target path (``dest / raw.path``).
    status
        ``"downloaded"``, ``"copied"``, ``"up to date"``, ``"failed"`` or ``"no source"``.
    message
        One line: what was done, or why it failed.
    """

    path: Path
    status: Status
    message: str

    @property
    def failed(self) -> bool:
        """Return True if the file could not be brought up to date."""
        return self.status == "failed"


class _Retryable(Exception):
    """A transfer failure that may succeed on another attempt."""


class _Failed(Exception):
    """A failure that another attempt would repeat: report it at once."""


def pull(
    files: Sequence[RawFile],
    dest: Path,
    *,
    mirror: Path | None = None,
    base_url: str | None = None,
    retries: int = 3,
    timeout: float = 60,
    backoff: float = 2.0,
    progress: bool = True,
) -> list[PullResult]:
    """Bring every declared raw file to ``dest``, verified against its declared sha256.

    A target that already holds the declared bytes is left alone. Otherwise the file is copied
    from ``mirror``, or downloaded from ``base_url + raw.path``, or from ``raw.download_url``.
    New bytes go to a temporary file in the target folder and replace the target (atomically)
    only after their size and checksum are verified: a failed or changed download never
    overwrites an existing file and never leaves a partial one behind.

    Parameters
    ----------
    files
        Declared raw files.
    dest
        Raw-data root; each file goes to ``dest / raw.path``.
    mirror
        Local folder laid out like ``dest`` (e.g. ``../shared/data``) to copy the files from.
    base_url
        Mirror server whose ``base_url/<raw.path>`` serves the declared bytes; used instead of
        the publishers' download URLs.
    retries
        Further attempts after a connection error, timeout, HTTP 5xx/408/429 or truncated body.
        Other HTTP errors (403, 404, ...) and checksum mismatches are not retried.
    timeout
        Seconds to wait for the connection and for each read.
    backoff
        Seconds before the first retry, doubled for each further retry.
    progress
        Show a progress bar (bytes) on stderr.

    Returns
    -------
    list of PullResult
        One per declared file, in order. A failure of one file does not stop the others.

    Raises
    ------
    ValueError
        If both ``mirror`` and ``base_url`` are given, or ``retries`` is negative.
    """
    if mirror is not None and base_url is not None:
        raise ValueError("give either mirror or base_url, not both")
    if retries < 0:
        raise ValueError(f"retries must be >= 0, got {retries}")
    dest = Path(dest)
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        DownloadColumn(),
        TransferSpeedColumn(),
        TimeRemainingColumn(),
        console=Console(stderr=True),
        disable=not progress,
    ) as bar:
        fetcher = _Fetcher(bar, retries=retries, timeout=timeout, backoff=backoff)
        return [fetcher.pull_one(raw, dest, mirror, base_url) for raw in files]


def summarise(results: Sequence[PullResult], *, console: Console | None = None) -> int:
    """Print one line per file and a total; return the process exit code.

    Parameters
    ----------
    results
        What :func:`pull` returned.
    console
        Where to print (default: stderr).

    Returns
    -------
    int
        0 if no file failed, 1 otherwise. Files without a download source are listed but do not
        fail the pull: they are declared as coming only from a mirror (``--from DIR``).
    """
    console = console or Console(stderr=True)
    styles = {"failed": "red", "no source": "yellow", "up to date": "dim"}
    for r in results:
        style = styles.get(r.status, "green")
        # markup=False: messages hold paths and URLs whose brackets are not rich markup.
        console.print(f"{r.status:>10}  {r.message}", style=style, markup=False, highlight=False)
    counts: dict[str, int] = {}
    for r in results:
        counts[r.status] = counts.get(r.status, 0) + 1
    console.print(", ".join(f"{n} {status}" for status, n in counts.items()) or "no files")
    return 1 if any(r.failed for r in results) else 0


class _Fetcher:
    """Pull files one by one, sharing a progress bar and the retry settings."""

    def __init__(self, bar: Progress, *, retries: int, timeout: float, backoff: float) -> None:
        self.bar = bar
        self.retries = retries
        self.timeout = timeout
        self.backoff = backoff

    def pull_one(
        self, raw: RawFile, dest: Path, mirror: Path | None, base_url: str | None
    ) -> PullResult:
        """Bring one file up to date; turn every expected failure into a result."""
        parts = Path(raw.path).parts
        if Path(raw.path).is_absolute() or ".." in parts:
            # Declarations are ours, but a typo must not write outside the raw-data root.
            return PullResult(dest / raw.path, "failed", f"{raw.path}: not a relative path")
        target = dest / raw.path
        try:
            if target.is_file() and sha256_file(target) == raw.sha256:
                return PullResult(target, "up to date", f"{raw.path}: up to date")
            if mirror is not None:
                source = Path(mirror) / raw.path
                if not source.is_file():
                    raise _Failed(f"{raw.path}: not found in mirror {mirror}")
                self._fetch(raw, target, lambda tmp, task: self._copy(source, tmp, task))
                return PullResult(target, "copied", f"{raw.path}: copied from {source}")
            if base_url is not None:
                url = base_url.rstrip("/") + "/" + urllib.parse.quote(raw.path)
            elif raw.download_url is not None:
                url = raw.download_url
            else:
                stale = target.exists()
                hint = " (the existing file differs from the declaration)" if stale else ""
                return PullResult(
                    target,
                    "no source",
                    f"{raw.path}: no download source{hint}; pull it from a mirror folder"
                    " (gcm-report data pull --from DIR)",
                )
            if urllib.parse.urlsplit(url).scheme not in ("http", "https"):
                # urllib would also open file:// and ftp:// URLs: only web downloads are meant.
                raise _Failed(f"{raw.path}: not an http(s) URL: {url}")
            size = self._fetch(raw, target, lambda tmp, task: self._download(raw, url, tmp, task))
            return PullResult(target, "downloaded", f"{raw.path}: {size:,} bytes from {url}")
        except _Failed as exc:
            return PullResult(target, "failed", _one_line(str(exc)))
        except OSError as exc:  # local disk trouble (permissions, disk full, ...)
            return PullResult(target, "failed", _one_line(f"{raw.path}: {exc}"))

    def _fetch(self, raw: RawFile, target: Path, transfer: _Transfer) -> int:
        """Run a transfer into a temporary file, verify it, then move it onto the target."""
        target.parent.mkdir(parents=True, exist_ok=True)
        task = self.bar.add_task(raw.path, total=None)
        try:
            with _temporary_beside(target) as tmp:
                size, digest = transfer(tmp, task)
                if digest != raw.sha256:
                    raise _Failed(
                        f"{raw.path}: sha256 {digest[:12]}… differs from the declared "
                        f"{raw.sha256[:12]}… (the publisher may have released a new vintage: "
                        "update its declaration in gcm_report/sources deliberately)"
                    )
                # Same folder, so the rename is atomic: readers see the old file or the new one.
                os.replace(tmp, target)
        finally:
            self.bar.remove_task(task)
        return size

    def _copy(self, source: Path, tmp: Path, task: TaskID) -> tuple[int, str]:
        self.bar.update(task, total=source.stat().st_size)
        with source.open("rb") as fh:
            return _stream(fh, tmp, self.bar, task, expected=None)

    def _download(self, raw: RawFile, url: str, tmp: Path, task: TaskID) -> tuple[int, str]:
        """Download with retries and backoff; return (size, sha256) of the verified transfer."""
        attempts = self.retries + 1
        for attempt in range(1, attempts + 1):
            try:
                return self._download_once(raw, url, tmp, task)
            except _Retryable as exc:
                if attempt == attempts:
                    plural = "s" if attempts > 1 else ""
                    raise _Failed(
                        f"{raw.path}: {exc} (gave up after {attempts} attempt{plural})"
                    ) from exc
                self.bar.update(task, description=f"{raw.path} (retry {attempt}/{self.retries})")
                time.sleep(self.backoff * 2 ** (attempt - 1))
        raise AssertionError("unreachable")  # pragma: no cover - the loop returns or raises

    def _download_once(self, raw: RawFile, url: str, tmp: Path, task: TaskID) -> tuple[int, str]:
        agent = BROWSER_USER_AGENT if raw.needs_browser_agent else USER_AGENT
        request = urllib.request.Request(url, headers={"User-Agent": agent, "Accept": "*/*"})
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                length = response.headers.get("Content-Length", "")
                expected = int(length) if length.strip().isdigit() else None
                self.bar.reset(task, total=expected)
                size, digest = _stream(response, tmp, self.bar, task, expected=expected)
        except urllib.error.HTTPError as exc:
            reason = f"HTTP {exc.code} {exc.reason} from {url}"
            if exc.code >= 500 or exc.code in _TRANSIENT_HTTP:
                raise _Retryable(reason) from exc
            if exc.code == 403 and not raw.needs_browser_agent:
                reason += " (if the publisher refuses non-browser clients, set needs_browser_agent)"
            raise _Failed(f"{raw.path}: {reason}") from exc
        except urllib.error.URLError as exc:  # connection refused, DNS failure, connect timeout
            if isinstance(exc.reason, ssl.SSLCertVerificationError):
                # A certificate problem will not fix itself within seconds.
                raise _Failed(f"{raw.path}: cannot reach {url}: {exc.reason}") from exc
            raise _Retryable(f"cannot reach {url}: {_reason(exc.reason)}") from exc
        except (TimeoutError, ConnectionError, ssl.SSLError, http.client.HTTPException) as exc:
            raise _Retryable(f"transfer from {url} interrupted: {_reason(exc)}") from exc
        if expected is not None and size != expected:
            # http.client returns a short body without raising when the server closes early, so
            # the byte count is the only sign of a truncated transfer.
            raise _Retryable(f"transfer truncated: received {size:,} of {expected:,} bytes")
        return size, digest


def _stream(
    source: BinaryIO | http.client.HTTPResponse,
    tmp: Path,
    bar: Progress,
    task: TaskID,
    *,
    expected: int | None,
) -> tuple[int, str]:
    """Copy ``source`` into ``tmp`` (truncating it), hashing on the way; return (size, sha256)."""
    digest = hashlib.sha256()
    size = 0
    with tmp.open("wb") as out:
        while True:
            try:
                chunk = source.read(_CHUNK)
            except http.client.IncompleteRead as exc:
                total = f"{expected:,}" if expected is not None else "?"
                raise _Retryable(
                    f"transfer truncated: received {size + len(exc.partial):,} of {total} bytes"
                ) from exc
            if not chunk:
                break
            out.write(chunk)
            digest.update(chunk)
            size += len(chunk)
            bar.update(task, completed=size)
        out.flush()
        # Flush to disk before the rename, so a crash cannot leave a renamed but empty file.
        os.fsync(out.fileno())
    return size, digest.hexdigest()


@contextmanager
def _temporary_beside(target: Path) -> Iterator[Path]:
    """Yield a fresh hidden path beside ``target``; remove whatever is left there on exit."""
    tmp = target.with_name(f".{target.name}.{secrets.token_hex(6)}.part")
    # Create it now with the usual permissions (umask applies), unlike tempfile's 0600 files,
    # so the file renamed onto the target is as readable as one written directly.
    os.close(os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666))
    try:
        yield tmp
    finally:
        tmp.unlink(missing_ok=True)


def _reason(exc: object) -> str:
    text = str(exc) or type(exc).__name__
    return "timed out" if isinstance(exc, TimeoutError) and "timed out" not in text else text


def _one_line(text: str) -> str:
    return " ".join(text.split())
