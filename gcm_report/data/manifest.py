"""The snapshot manifest (``data/snapshot/manifest.json``), read without pandas.

Light on purpose: a build decides which reports are up to date from the manifest and the
table files' checksums, and must not pay for importing pandas to do so.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from gcm_report.errors import DataError

__all__ = ["MANIFEST", "load_manifest", "manifest_problem"]

MANIFEST = "manifest.json"


def manifest_problem(manifest: Any) -> str:
    """Return what is wrong with the shape of a snapshot manifest ("" if nothing)."""
    if not isinstance(manifest, dict):
        return "not a JSON object"
    if not isinstance(manifest.get("snapshot_id"), str):
        return "no snapshot_id"
    for key in ("tables", "inputs"):
        if not isinstance(manifest.get(key), dict) or not manifest[key]:
            return f"no {key!r}"
    shape = (("file", str), ("sha256", str), ("inputs", list))
    for name, entry in manifest["tables"].items():
        if not isinstance(entry, dict) or not all(isinstance(entry.get(k), t) for k, t in shape):
            return f"table {name!r} lacks file, sha256 or inputs"
        missing = [p for p in entry["inputs"] if p not in manifest["inputs"]]
        if missing:
            return f"table {name!r} names undeclared input {missing[0]}"
    return ""


def load_manifest(directory: Path) -> dict[str, Any]:
    """Return the manifest of the snapshot in ``directory``, checked for shape.

    Raises
    ------
    DataError
        One line naming the manifest if it is missing, not JSON or malformed.
    """
    path = Path(directory) / MANIFEST
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise DataError(f"{path}: no snapshot here (run `gcm-report data build`)") from None
    except json.JSONDecodeError as exc:
        raise DataError(f"{path}: corrupt manifest ({exc.msg})") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise DataError(f"{path}: unreadable manifest ({exc})") from None
    problem = manifest_problem(manifest)
    if problem:
        raise DataError(f"{path}: corrupt manifest ({problem}; run `gcm-report data build`)")
    checked: dict[str, Any] = manifest
    return checked
