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


def _column_name(index: int, letters: bool) -> str:
    if not letters:
        return str(index)
    name = ""
    while index:
        index, rem = divmod(index - 1, 26)
        name = chr(65 + rem) + name
    return name


def _shown(value: Any) -> str:
    if value is None or (isinstance(value, float) and value != value):
        return "<empty>"
    return repr(value.item() if hasattr(value, "item") else value)


def expect_columns(
    where: str,
    actual: Sequence[Any],
    expected: Iterable[Any],
    *,
    first_column: int = 1,
    letters: bool = False,
) -> None:
    """Raise a one-line DataError naming the first column that differs from the layout.

    ``first_column`` is the 1-based position of ``actual[0]`` in the file; ``letters`` names
    columns the spreadsheet way (A, B, ..., AA).
    """
    expected = list(expected)
    actual = list(actual)
    for i, exp in enumerate(expected):
        got = actual[i] if i < len(actual) else None
        if str(got).strip() != str(exp):
            col = _column_name(first_column + i, letters)
            raise DataError(f"{where}: column {col} is {_shown(got)}, expected {exp!r}")
    if len(actual) > len(expected):
        col = _column_name(first_column + len(expected), letters)
        raise DataError(f"{where}: unexpected extra column {col} ({_shown(actual[len(expected)])})")
