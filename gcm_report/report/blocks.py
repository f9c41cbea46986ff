"""Display blocks that render natively in both HTML and PDF.

Every block exposes ``_repr_html_`` (used by the HTML page and JupyterLab) and
``_repr_markdown_`` (parsed by pandoc into real typst tables and text for the PDF), so a table
is typeset as a table in both outputs, never dumped as DataFrame text.
"""

from __future__ import annotations

import html
import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

__all__ = [
    "META_MIME",
    "Column",
    "KeyFigure",
    "KeyFigures",
    "Note",
    "Table",
    "fmt_int",
    "fmt_pct",
    "fmt_value",
]

# Machine-readable outputs carried inside the executed notebook; renderers skip them.
META_MIME = "application/vnd.gcm-report.meta+json"


def fmt_int(value: float) -> str:
    """Format a count with thousands separators (``1,234,567``); missing → ``–``."""
    return "–" if value is None or pd.isna(value) else f"{round(value):,}"


def fmt_pct(value: float, digits: int = 1, signed: bool = False) -> str:
    """Format a percentage (``12.3%``); missing → ``–``."""
    if value is None or pd.isna(value) or math.isinf(value):
        return "–"
    return f"{value:+.{digits}f}%" if signed else f"{value:.{digits}f}%"


def fmt_value(value: float | None, unit: str) -> str:
    """Format a value in its unit: persons with separators, US$ in millions or billions."""
    if value is None or pd.isna(value):
        return "–"
    if unit in ("percent", "% of countries"):
        return fmt_pct(value)
    if unit == "US$":
        return f"US$ {value / 1e9:,.1f} bn" if abs(value) >= 1e9 else f"US$ {value / 1e6:,.1f} m"
    if unit in ("per 100,000 population", "months of earnings"):
        return f"{value:,.1f}"
    return fmt_int(value)


# Characters that can start inline markup in pandoc Markdown (emphasis, links, code, math,
# raw HTML, citations, ...): table cells hold data, which must print as it is.
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>$#|~^@&])")


def _md_escape(text: str) -> str:
    return _MD_SPECIAL.sub(r"\\\1", str(text))


@dataclass(frozen=True)
class Column:
    """A table column: source field, header, formatter and alignment."""

    field: str
    header: str
    fmt: Callable[[Any], str] = str
    numeric: bool = False
    # Relative width in the PDF: pandoc sizes wrapped pipe-table columns by the dashes under
    # each header, so a wide text column gets more dashes.
    width: int = 1


@dataclass
class Table:
    """A typeset table with caption, units and source under it."""

    data: pd.DataFrame
    columns: Sequence[Column]
    caption: str
    source: str
    note: str = ""

    def __repr__(self) -> str:
        # The text/plain form: readable, and independent of the terminal width.
        return self._repr_markdown_()

    def records(self) -> dict[str, Any]:
        """Return the table as raw values (for the XLSX annex): title, headers, rows."""

        def plain(v: Any) -> Any:
            if v is None or (isinstance(v, float) and math.isnan(v)) or v is pd.NA:
                return None
            return v.item() if hasattr(v, "item") else v

        rows = [[plain(row[c.field]) for c in self.columns] for _, row in self.data.iterrows()]
        return {
            "title": self.caption,
            "headers": [c.header for c in self.columns],
            "rows": rows,
            "source": self.source,
            "note": self.note,
        }

    def _cells(self) -> list[list[str]]:
        return [[c.fmt(row[c.field]) for c in self.columns] for _, row in self.data.iterrows()]

    def _repr_html_(self) -> str:
        head = "".join(
            f'<th class="{"num" if c.numeric else ""}">{html.escape(c.header)}</th>'
            for c in self.columns
        )
        body = "".join(
            "<tr>"
            + "".join(
                f'<td class="{"num" if c.numeric else ""}">{html.escape(v)}</td>'
                for c, v in zip(self.columns, cells, strict=True)
            )
            + "</tr>"
            for cells in self._cells()
        )
        note = f" {html.escape(self.note)}" if self.note else ""
        return (
            f'<figure class="gcm-table"><figcaption>{html.escape(self.caption)}</figcaption>'
            f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
            f'<p class="source">Source: {html.escape(self.source)}.{note}</p></figure>'
        )

    def _repr_markdown_(self) -> str:
        header = "| " + " | ".join(_md_escape(c.header) for c in self.columns) + " |"
        rule = (
            "|"
            + "|".join(
                "-" * (6 * c.width) + ":" if c.numeric else ":" + "-" * (6 * c.width)
                for c in self.columns
            )
            + "|"
        )
        rows = ["| " + " | ".join(_md_escape(v) for v in cells) + " |" for cells in self._cells()]
        note = f" {self.note}" if self.note else ""
        return "\n".join(
            [header, rule, *rows, "", f": {self.caption}", "", f"*Source: {self.source}.{note}*"]
        )


@dataclass(frozen=True)
class KeyFigure:
    """One headline number with its label, year and source."""

    label: str
    value: str
    detail: str


@dataclass
class KeyFigures:
    """A row of headline numbers ("cards" in HTML, a compact table in PDF)."""

    figures: Sequence[KeyFigure]
    source: str

    def __repr__(self) -> str:
        return self._repr_markdown_()

    def _repr_html_(self) -> str:
        cards = "".join(
            f'<div class="card"><div class="value">{html.escape(f.value)}</div>'
            f'<div class="label">{html.escape(f.label)}</div>'
            f'<div class="detail">{html.escape(f.detail)}</div></div>'
            for f in self.figures
        )
        return (
            f'<div class="key-figures">{cards}</div>'
            f'<p class="source">Source: {html.escape(self.source)}.</p>'
        )

    def _repr_markdown_(self) -> str:
        rows = [f"| {f.label} | {f.value} | {f.detail} |" for f in self.figures]
        return "\n".join(
            [
                "| Indicator | Value | Year and basis |",
                "|:---|---:|:---|",
                *rows,
                "",
                ": Key figures",
                "",
                f"*Source: {self.source}.*",
            ]
        )


@dataclass
class Note:
    """Prose generated from data (Markdown source, rendered to HTML by the page renderer)."""

    markdown: str
    meta: dict[str, Any] = field(default_factory=dict)

    def _repr_markdown_(self) -> str:
        return self.markdown

    def _repr_mimebundle_(self, **_: Any) -> dict[str, Any]:
        bundle: dict[str, Any] = {"text/markdown": self.markdown, "text/plain": self.markdown}
        if self.meta:
            bundle[META_MIME] = self.meta
        return bundle
