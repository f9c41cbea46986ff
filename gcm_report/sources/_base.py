"""Declared raw inputs, checksums and layout checks shared by the source modules."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from gcm_report.errors import DataError

__all__ = ["RawFile", "expect_columns", "resolve_raw", "sha256_file"]


@dataclass(frozen=True)
class RawFile:
    """A raw input file as published, with its provenance.

    ``path`` is relative to the raw-data root (laid out like ``../shared/data``).
    """

    path: str
    sha256: str
    publisher: str
    title: str
    url: str
    licence: str
    vintage: str
    official: bool  # publisher's own file, unmodified (False: third-party derivation)
    note: str = ""

    def as_dict(self) -> dict[str, Any]:
        """Return the provenance as a plain dict (for manifests)."""
        return asdict(self)


def sha256_file(path: Path) -> str:
    """Return the hex sha256 of a file."""
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def resolve_raw(raw_dir: Path, raw: RawFile) -> Path:
    """Return the path of a declared raw file after checking it exists and is unchanged.

    Raises
    ------
    DataError
        If the file is missing or its checksum differs from the declared one.
    """
    path = Path(raw_dir) / raw.path
    if not path.is_file():
        raise DataError(f"{path}: declared input is missing (download: {raw.url})")
    actual = sha256_file(path)
    if actual != raw.sha256:
        raise DataError(
            f"{path}: checksum {actual[:12]}… differs from the declared {raw.sha256[:12]}… "
            "(file corrupt or a new vintage: update its declaration in gcm_report/sources)"
        )
    return path


def expect_columns(where: str, actual: Sequence[Any], expected: Iterable[Any]) -> None:
    """Raise a one-line DataError naming the first column that differs from the layout."""
    expected = list(expected)
    actual = list(actual)
    for i, exp in enumerate(expected):
        got = actual[i] if i < len(actual) else "<missing>"
        if str(got).strip() != str(exp):
            raise DataError(f"{where}: column {i + 1} is {got!r}, expected {exp!r}")
    if len(actual) > len(expected):
        extra = actual[len(expected)]
        raise DataError(f"{where}: unexpected extra column {len(expected) + 1} ({extra!r})")
