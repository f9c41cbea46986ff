"""The XLSX statistical annex written beside each report: every table the report shows."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

__all__ = ["write_annex"]


def _sheet_name(index: int, title: str) -> str:
    # Excel: at most 31 characters, none of []:*?/\ ; unique within the workbook (the "Tnn"
    # prefix makes it so).
    base = f"T{index:02d} " + re.sub(r"[\[\]:*?/\\]", " ", title)
    return base[:31].rstrip()


def write_annex(
    path: Path,
    tables: list[dict[str, Any]],
    meta: dict[str, Any],
    *,
    created: datetime | None = None,
) -> None:
    """Write ``tables`` (``Table.records()`` dicts) to an XLSX workbook, one sheet each.

    The first sheet, "About", names the report, its data snapshot and lists the tables.
    ``created`` is the workbook's creation date (document properties); without it xlsxwriter
    stamps the clock, and no two annexes are byte-identical.
    """
    import xlsxwriter

    with xlsxwriter.Workbook(str(path), {"nan_inf_to_errors": True}) as book:
        if created is not None:
            book.set_properties({"created": created.astimezone(UTC).replace(tzinfo=None)})
        bold = book.add_format({"bold": True})
        title = book.add_format({"bold": True, "font_size": 13})
        italic = book.add_format({"italic": True, "font_color": "#5f6b7a"})
        about = book.add_worksheet("About")
        about.write(0, 0, str(meta.get("title", "GCM regional review")), title)
        about.write(1, 0, str(meta.get("subtitle", "")))
        about.write(2, 0, f"Data snapshot: {meta.get('snapshot_id', '')}")
        about.write(4, 0, "Sheet", bold)
        about.write(4, 1, "Table", bold)
        about.set_column(0, 0, 34)
        about.set_column(1, 1, 90)
        for n, table in enumerate(tables, start=1):
            name = _sheet_name(n, table["title"])
            about.write(4 + n, 0, name)
            about.write(4 + n, 1, table["title"])
            sheet = book.add_worksheet(name)
            sheet.write(0, 0, table["title"], title)
            for col, header in enumerate(table["headers"]):
                sheet.write(2, col, header, bold)
                sheet.set_column(col, col, max(12, min(60, len(str(header)) + 4)))
            for r, row in enumerate(table["rows"], start=3):
                for col, value in enumerate(row):
                    if value is not None:
                        sheet.write(r, col, value)
            end = 3 + len(table["rows"]) + 1
            sheet.write(end, 0, f"Source: {table['source']}.", italic)
            if table.get("note"):
                sheet.write(end + 1, 0, table["note"], italic)
            sheet.freeze_panes(3, 1)
