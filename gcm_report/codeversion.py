"""The code version a report was produced with: git commit and whether the tree had changes."""

from __future__ import annotations

import subprocess
from functools import cache

from gcm_report.layout import PROJECT_ROOT

__all__ = ["git_state"]


@cache
def git_state(*paths: str) -> tuple[str | None, bool | None]:
    """Return ``(commit, dirty)`` of the project checkout; ``(None, None)`` outside git.

    ``dirty`` looks only at ``paths`` (relative to the project root) when given.
    """

    def git(*args: str) -> str:
        return subprocess.run(
            ["git", "-C", str(PROJECT_ROOT), *args], capture_output=True, text=True, check=True
        ).stdout.strip()

    try:
        commit = git("rev-parse", "HEAD")
        dirty = bool(git("status", "--porcelain", "--", *paths))
    except (OSError, subprocess.CalledProcessError):
        return None, None
    return commit, dirty
