"""Declared raw inputs, checksums and layout checks shared by the source modules."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from gcm_report.errors import DataError

__all__ = [
    "RawFile",
    "column_letter",
    "declared_step",
    "expect_columns",
    "reading",
    "resolve_raw",
    "sha256_file",
    "validate_table",
]


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
    citation: str = ""
    # Where these exact bytes can be downloaded. None when the file is a conversion that no
    # server publishes (it then comes only from a mirror: `gcm-report data pull --from DIR`).
    download_url: str | None = None
    # Publishers that refuse non-browser clients (un.org answers 403 to curl's User-Agent).
    needs_browser_agent: bool = False

    @property
    def format(self) -> str:
        """Return the file format from its name (``xlsx``, ``csv``, ``csv.gz``, ``json``)."""
        name = self.path.rsplit("/", 1)[-1]
        return name.split(".", 1)[1] if "." in name else ""

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


# (step name, raw paths it declared) while a snapshot step runs; None outside a build.
_STEP: ContextVar[tuple[str, frozenset[str]] | None] = ContextVar("_STEP", default=None)
# The raw file a step resolved last: the one a reader error is about.
_READING: ContextVar[Path | None] = ContextVar("_READING", default=None)


@contextmanager
def declared_step(name: str, inputs: Iterable[RawFile]) -> Iterator[None]:
    """Run a snapshot step that may read only ``inputs`` (as owid/etl steps do)."""
    token = _STEP.set((name, frozenset(raw.path for raw in inputs)))
    reading = _READING.set(None)
    try:
        yield
    finally:
        _READING.reset(reading)
        _STEP.reset(token)


def reading() -> Path | None:
    """Return the raw file the running snapshot step resolved last (None if none yet)."""
    return _READING.get()


def resolve_raw(raw_dir: Path, raw: RawFile) -> Path:
    """Return the path of a declared raw file after checking it exists and is unchanged.

    Raises
    ------
    DataError
        If the file is missing, its checksum differs from the declared one, or the running
        snapshot step did not declare it as an input.
    """
    step = _STEP.get()
    if step is not None and raw.path not in step[1]:
        raise DataError(f"snapshot step {step[0]!r} read {raw.path}, which it did not declare")
    path = Path(raw_dir) / raw.path
    if not path.is_file():
        raise DataError(f"{path}: declared input is missing (download: {raw.url})")
    actual = sha256_file(path)
    if actual != raw.sha256:
        raise DataError(
            f"{path}: checksum {actual[:12]}… differs from the declared {raw.sha256[:12]}… "
            "(file corrupt or a new vintage: update its declaration in gcm_report/sources)"
        )
    _READING.set(path)
    return path


def column_letter(index: int) -> str:
    """Return the spreadsheet name of 1-based column ``index`` (1 → A, 27 → AA)."""
    name = ""
    while index:
        index, rem = divmod(index - 1, 26)
        name = chr(65 + rem) + name
    return name


def _column_name(index: int, letters: bool) -> str:
    return column_letter(index) if letters else str(index)


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


def validate_table(
    df: Any,
    where: str,
    *,
    keys: Sequence[str],
    non_negative: Sequence[str] = (),
    shares: Sequence[str] = (),
    dtypes: dict[str, str] | None = None,
) -> None:
    """Check a tidy table against its schema; raise one DataError line on the first problem.

    Parameters
    ----------
    df
        The table.
    where
        File (and sheet) the table came from, for the message.
    keys
        Columns that together identify a row: must be present, non-null and unique.
    non_negative
        Count columns: missing allowed, negative values not.
    shares
        Percentage columns: missing allowed, values within 0–100.
    dtypes
        Expected pandas dtype *kind* per column: ``"i"`` integer, ``"f"`` float, ``"O"`` text,
        ``"b"`` boolean (a float column also satisfies ``"i"``-or-missing counts: use ``"f"``).
    """
    missing = [c for c in [*keys, *non_negative, *shares, *(dtypes or {})] if c not in df.columns]
    if missing:
        raise DataError(f"{where}: missing column(s) {missing}")
    for column, kind in (dtypes or {}).items():
        actual = df[column].dtype.kind
        ok = actual == kind or (kind == "O" and actual in "OUT") or (kind == "f" and actual == "i")
        if not ok:
            raise DataError(
                f"{where}: column {column!r} has dtype {df[column].dtype}, expected {kind}"
            )
    null_keys = [c for c in keys if df[c].isna().any()]
    if null_keys:
        raise DataError(f"{where}: key column(s) {null_keys} hold missing values")
    duplicated = df.duplicated(list(keys))
    if duplicated.any():
        first = df.loc[duplicated, list(keys)].iloc[0].to_dict()
        raise DataError(f"{where}: {int(duplicated.sum())} duplicate row(s) for key {first}")
    for column in non_negative:
        if (df[column] < 0).any():
            raise DataError(f"{where}: column {column!r} holds negative counts")
    for column in shares:
        values = df[column].dropna()
        if ((values < 0) | (values > 100)).any():
            raise DataError(f"{where}: column {column!r} holds shares outside 0–100")
