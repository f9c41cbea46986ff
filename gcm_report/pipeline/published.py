"""The machine-readable tables a build publishes: ``indicators.csv`` and ``statistics.csv``.

``indicators.csv`` (per report) holds every statistic the report's blocks displayed, with the
report's region; ``statistics.csv`` (per round) holds the round's canonical statistics, one row
per indicator × area. Values are written in full precision (counts as integers), never as
formatted for a page.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from gcm_report.errors import ReportFailed
from gcm_report.fsutil import write_text_atomic
from gcm_report.layout import INDICATOR_COLUMNS, STATISTICS_COLUMNS

__all__ = ["indicator_rows", "write_indicators", "write_statistics"]


def _cell(column: str, row: dict[str, Any]) -> str:
    value = row.get(column)
    if value is None or (isinstance(value, float) and value != value):  # None or NaN
        return ""
    if column == "value":
        if row["unit"] in ("persons", "movements"):
            return str(round(float(value)))
        return f"{float(value):.6f}".rstrip("0").rstrip(".")
    return str(value)


def indicator_rows(figures: Iterable[dict[str, Any]], region: str) -> list[dict[str, Any]]:
    """Return the distinct figures a report showed, with its region, sorted.

    Raises
    ------
    ReportFailed
        If one statistic (indicator, area, round, year, source) was shown with two values:
        the same number must read the same everywhere.
    """
    out: dict[tuple[Any, ...], dict[str, Any]] = {}
    for figure in figures:
        row = {**figure, "region": region}
        key = (row["indicator"], row["area"], row["round"], row["year"], row["source"])
        if key in out and _cell("value", out[key]) != _cell("value", row):
            raise ReportFailed(
                f"{row['indicator']} {row['area']} {row['year']} (round {row['round']}) is shown "
                f"as both {_cell('value', out[key])} and {_cell('value', row)}"
            )
        out.setdefault(key, row)
    return sorted(
        out.values(),
        key=lambda r: (r["indicator"], r["area"], r["round"], r["year"] or 0, r["source"]),
    )


def _csv(rows: Iterable[dict[str, Any]], columns: list[str]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_cell(c, row) for c in columns])
    return buffer.getvalue()


def write_indicators(figures: Iterable[dict[str, Any]], region: str, path: Path) -> None:
    """Write a report's ``indicators.csv``."""
    path.write_text(_csv(indicator_rows(figures, region), INDICATOR_COLUMNS), encoding="utf-8")


def write_statistics(
    outputs_dir: Path, round_number: int, snapshot_dir: str | Path | None = None
) -> Path:
    """Compute round ``round_number``'s canonical statistics and write its ``statistics.csv``."""
    from gcm_report.analysis.statistics import round_statistics
    from gcm_report.data.snapshot import Snapshot

    stats = round_statistics(round_number, Snapshot(snapshot_dir))
    path = Path(outputs_dir) / f"round-{round_number}" / "statistics.csv"
    path.parent.mkdir(parents=True, exist_ok=True)
    write_text_atomic(path, _csv((s.row() for s in stats.all()), STATISTICS_COLUMNS))
    return path
