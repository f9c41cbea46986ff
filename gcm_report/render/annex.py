"""The XLSX statistical annex written beside each report: every table the report shows."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from gcm_report.report.i18n import N_, _

__all__ = ["write_annex"]


def _sheet_name(index: int, title: str) -> str:
    # Excel: at most 31 characters, none of []:*?/\ ; unique within the workbook (the "Tnn"
    # prefix makes it so).
    base = f"T{index:02d} " + re.sub(r"[\[\]:*?/\\]", " ", title)
    return base[:31].rstrip()


# Words of the workbook's own furniture.
COVER = N_("Cover")
INTRO = N_(
    "Every table of the report, one per sheet, with its source and notes above it. Numbers are "
    "stored as numbers; an empty cell means no value."
)
CONTENTS = N_("Contents")
SHEET = N_("Sheet")
TABLE = N_("Table")
PRODUCED = N_("Produced on {date}.")
NO_ROWS = N_("This table has no rows.")


def _headers(headers: list[Any]) -> list[str]:
    # An Excel table needs distinct, non-empty column names.
    seen: dict[str, int] = {}
    out = []
    for n, header in enumerate(headers, start=1):
        name = str(header).strip() or f"{_(TABLE)} {n}"
        if name in seen:
            seen[name] += 1
            name = f"{name} ({seen[name]})"
        else:
            seen[name] = 1
        out.append(name)
    return out


def write_annex(
    path: Path,
    tables: list[dict[str, Any]],
    meta: dict[str, Any],
    *,
    created: datetime | None = None,
) -> None:
    """Write ``tables`` (``Table.records()`` dicts) to an XLSX workbook, one sheet each.

    Laid out as accessible statistical spreadsheets are: a cover sheet (title, what the
    workbook holds, production date, contents with links), then one table per sheet, its
    title in A1 and its source and notes above it, the table itself an Excel table with one
    header row; no merged cells, no blank rows inside a table. In the report's language
    (``meta["language"]``). ``created`` is the workbook's creation date (document properties);
    without it xlsxwriter stamps the clock, and no two annexes are byte-identical.
    """
    import xlsxwriter

    from gcm_report.report.format import fmt_date
    from gcm_report.report.i18n import set_language

    set_language(str(meta.get("language") or "en"))
    with xlsxwriter.Workbook(str(path), {"nan_inf_to_errors": True}) as book:
        properties: dict[str, Any] = {"title": str(meta.get("title", "")), "author": "gcm-report"}
        if created is not None:
            properties["created"] = created.astimezone(UTC).replace(tzinfo=None)
        book.set_properties(properties)
        bold = book.add_format({"bold": True})
        title = book.add_format({"bold": True, "font_size": 14})
        link = book.add_format({"font_color": "#0072B2", "underline": 1})
        cover = book.add_worksheet(_(COVER)[:31])
        cover.write(0, 0, str(meta.get("title", "GCM regional review")), title)
        cover.write(1, 0, str(meta.get("subtitle", "")))
        cover.write(2, 0, _(INTRO))
        if created is not None:
            cover.write(3, 0, _(PRODUCED).format(date=fmt_date(created.date())))
        cover.write(5, 0, _(CONTENTS), bold)
        cover.write(6, 0, _(SHEET), bold)
        cover.write(6, 1, _(TABLE), bold)
        cover.set_column(0, 0, 34)
        cover.set_column(1, 1, 90)
        for n, table in enumerate(tables, start=1):
            name = _sheet_name(n, table["title"])
            cover.write_url(6 + n, 0, f"internal:'{name}'!A1", link, string=name)
            cover.write(6 + n, 1, table["title"])
            sheet = book.add_worksheet(name)
            sheet.write(0, 0, table["title"], title)
            sheet.write(1, 0, _("Source: {source}.").format(source=table["source"]))
            first = 3 if table.get("note") else 2
            if table.get("note"):
                sheet.write(2, 0, table["note"])
            headers = _headers(list(table["headers"]))
            rows = [list(row) for row in table["rows"]]
            for col, header in enumerate(headers):
                sheet.set_column(col, col, max(12, min(60, len(header) + 4)))
            if rows:
                sheet.add_table(
                    first,
                    0,
                    first + len(rows),
                    len(headers) - 1,
                    {
                        "name": f"Table{n:02d}",
                        "columns": [{"header": h} for h in headers],
                        "data": rows,
                        "style": "Table Style Light 1",
                    },
                )
            else:
                for col, header in enumerate(headers):
                    sheet.write(first, col, header, bold)
                sheet.write(first + 1, 0, _(NO_ROWS))
            sheet.freeze_panes(first + 1, 0)
