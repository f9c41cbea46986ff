"""The code version a report was produced with: git commit and whether the tree had changes."""

from __future__ import annotations

import subprocess
from functools import cache

from gcm_report.layout import PROJECT_ROOT

__all__ = ["git_commit_time", "git_state"]


def _git(*args: str) -> str:
    return subprocess.run(
        ["git", "-C", str(PROJECT_ROOT), *args], capture_output=True, text=True, check=True
    ).stdout.strip()


@cache
def git_state(*paths: str) -> tuple[str | None, bool | None]:
    """Return ``(commit, dirty)`` of the project checkout; ``(None, None)`` outside git.

    ``dirty`` looks only at ``paths`` (relative to the project root) when given.
    """
    try:
        commit = _git("rev-parse", "HEAD")
        dirty = bool(_git("status", "--porcelain", "--", *paths))
    except (OSError, subprocess.CalledProcessError):
        return None, None
    return commit, dirty


def git_commit_time(*paths: str) -> int | None:
    """Return the commit time (Unix seconds) of the last commit that changed ``paths``.

    ``None`` outside git, when no commit touched them, or when they have uncommitted changes
    (the committed date would then not describe what is on disk).
    """
    try:
        if _git("status", "--porcelain", "--untracked-files=all", "--", *paths):
            return None
        stamp = _git("log", "-1", "--format=%ct", "--", *paths)
    except (OSError, subprocess.CalledProcessError):
        return None
    return int(stamp) if stamp.isdigit() else None
