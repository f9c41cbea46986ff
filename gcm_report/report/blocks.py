"""Display blocks that carry the numbers they show, and render natively in HTML and PDF.

Every block is displayed as one MIME bundle: ``text/html`` (the HTML page and JupyterLab) and/or
``text/markdown`` (parsed by pandoc into real typst tables and text for the PDF), plus a
machine-readable payload (:data:`META_MIME`) holding the statistics the block shows and, for a
table, its raw records. ``indicators.csv`` and ``annex.xlsx`` are built from those payloads, so
a number on a page is published by construction: a block cannot show a statistic it does not
carry. Prose is composed from statistics (:func:`prose`), never by formatting numbers by hand.
"""

from __future__ import annotations

import html
import math
import re
import string
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from gcm_report.analysis.statistics import Stat
from gcm_report.report.format import MISSING, fmt_stat
from gcm_report.report.i18n import N_, _

__all__ = [
    "META_MIME",
    "Block",
    "Chart",
    "Column",
    "Heading",
    "KeyFigure",
    "KeyFigures",
    "Prose",
    "Table",
    "json_safe",
    "prose",
]

# Machine-readable payloads carried inside the executed notebook; renderers skip them.
META_MIME = "application/vnd.gcm-report.meta+json"


def json_safe(value: Any) -> Any:
    """Return ``value`` with every NaN or infinite float replaced by ``None``, recursively.

    Display data is sent to the frontend as JSON, which has no NaN: jupyter_client then warns
    ("Out of range float values are not JSON compliant") into the notebook's output and sends
    the string ``"nan"`` instead, which would reach ``indicators.csv`` as text.
    """
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {k: json_safe(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [json_safe(v) for v in value]
    return value


def _source_line(source: str) -> str:
    """Return the line under a table: "Source: …." in the report's language."""
    return _("Source: {source}.").format(source=source)


# Characters that can start inline markup in pandoc Markdown (emphasis, links, code, math,
# raw HTML, citations, ...): table cells hold data, which must print as it is.
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>$#|~^@&])")


def _md_escape(text: str) -> str:
    return _MD_SPECIAL.sub(r"\\\1", str(text))


def escape_dollars(markdown: str) -> str:
    """Return Markdown whose dollar signs are literal, never TeX math.

    "US$200 … US$ 159.0 bn" would otherwise be read as an inline formula by pandoc, Quarto and
    JupyterLab alike; ``\\$`` is a plain dollar sign in all of them (and in CommonMark).
    """
    return markdown.replace("\\$", "$").replace("$", "\\$")


class Block:
    """Base of every block: the statistics it shows, and its MIME bundle."""

    figures: tuple[Stat, ...] = ()
    meta: Mapping[str, Any] = {}

    def markdown(self) -> str:
        """Return the block as pandoc Markdown."""
        raise NotImplementedError

    def html(self) -> str | None:
        """Return the block as HTML, or ``None`` to render its Markdown."""
        return None

    def records(self) -> list[dict[str, Any]]:
        """Return the block's tables as raw records for the statistical annex."""
        return []

    def payload(self) -> dict[str, Any]:
        """Return the machine-readable payload: figures shown, tables, cover metadata."""
        out: dict[str, Any] = dict(self.meta)
        if self.figures:
            out["figures"] = [f.row() for f in self.figures]
        tables = self.records()
        if tables:
            out["tables"] = tables
        return json_safe(out)

    def _repr_mimebundle_(self, **_: Any) -> dict[str, Any]:
        text = self.markdown()
        bundle: dict[str, Any] = {"text/markdown": text, "text/plain": text}
        rendered = self.html()
        if rendered is not None:
            bundle["text/html"] = rendered
        payload = self.payload()
        if payload:
            bundle[META_MIME] = payload
        return bundle

    def __repr__(self) -> str:
        # The text/plain form: readable, and independent of the terminal width.
        return self.markdown()


@dataclass(eq=False)
class Heading(Block):
    """A section (level 2) or subsection (level 3) heading."""

    text: str
    level: int = 2

    def markdown(self) -> str:
        return f"{'#' * self.level} {self.text}"


@dataclass(eq=False)
class Prose(Block):
    """Text generated from data (Markdown), with the statistics its numbers come from."""

    text: str
    figures: tuple[Stat, ...] = ()
    meta: Mapping[str, Any] = field(default_factory=dict)

    def markdown(self) -> str:
        return escape_dollars(self.text)


class _Shown:
    """A statistic placed in a sentence: formats itself and remembers that it was shown."""

    def __init__(self, stat: Stat, shown: list[Stat]) -> None:
        self.stat, self._shown = stat, shown

    def __format__(self, spec: str) -> str:
        self._shown.append(self.stat)
        # "signed": with its sign (+22.5%); "abs": its size, after "increased by" (22.5%).
        return fmt_stat(self.stat, signed=spec == "signed", magnitude=spec == "abs")


def prose(template: str, /, **values: Any) -> Prose:
    """Compose a paragraph from a template whose numbers are statistics.

    ``{name}`` is replaced by the formatted statistic ``values[name]`` (``{name:signed}`` with a
    sign, ``{name:abs}`` without one, after "increased by") or by ``str(value)`` for text and
    years; every statistic used is carried by the block.

    Raises
    ------
    KeyError
        If the template names a value that is not given.
    """
    shown: list[Stat] = []
    fields = {k: _Shown(v, shown) if isinstance(v, Stat) else v for k, v in values.items()}
    names = {f for _, f, _, _ in string.Formatter().parse(template) if f}
    missing = names - set(fields)
    if missing:
        raise KeyError(f"prose template names {sorted(missing)} without values")
    return Prose(template.format(**fields), tuple(dict.fromkeys(shown)))


def _cell_text(row: Mapping[str, Any], column: Column) -> str:
    value = row.get(column.field)
    if column.row_fmt is not None:
        return column.row_fmt(value, row)
    if column.fmt is not None:
        return column.fmt(value)
    if isinstance(value, Stat):
        return fmt_stat(value)
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return MISSING
    return str(value)


def _raw(value: Any) -> Any:
    """Return a cell as a plain value for the spreadsheet annex (numbers stay numbers)."""
    if isinstance(value, Stat):
        return value.value
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
        return None
    return value.item() if hasattr(value, "item") else value


@dataclass(frozen=True)
class Column:
    """A table column: source field, header, formatter and alignment.

    Cells holding a :class:`Stat` are formatted in its unit unless ``fmt`` (the cell's value)
    or ``row_fmt`` (the value and its row) is given.
    """

    field: str
    header: str
    fmt: Callable[[Any], str] | None = None
    numeric: bool = False
    # Relative width in the PDF: pandoc sizes wrapped pipe-table columns by the dashes under
    # each header, so a wide text column gets more dashes.
    width: int = 1
    row_fmt: Callable[[Any, Mapping[str, Any]], str] | None = None


@dataclass(eq=False)
class Table(Block):
    """A typeset table with caption, units and source under it.

    ``rows`` are mappings from column fields to cell values (text, numbers or statistics).
    """

    rows: Sequence[Mapping[str, Any]]
    columns: Sequence[Column]
    caption: str
    source: str
    note: str = ""
    extra_figures: tuple[Stat, ...] = ()

    @property
    def figures(self) -> tuple[Stat, ...]:  # type: ignore[override]
        cells = [v for row in self.rows for v in row.values() if isinstance(v, Stat)]
        return tuple(dict.fromkeys([*cells, *self.extra_figures]))

    def records(self) -> list[dict[str, Any]]:
        return [
            {
                "title": self.caption,
                "headers": [c.header for c in self.columns],
                "rows": [[_raw(row.get(c.field)) for c in self.columns] for row in self.rows],
                "source": self.source,
                "note": self.note,
            }
        ]

    def _cells(self) -> list[list[str]]:
        return [[_cell_text(row, c) for c in self.columns] for row in self.rows]

    def html(self) -> str:
        head = "".join(
            f'<th scope="col" class="{"num" if c.numeric else ""}">{html.escape(c.header)}</th>'
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
            f'<p class="source">{html.escape(_source_line(self.source))}{note}</p></figure>'
        )

    def markdown(self) -> str:
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
        note = f" {_md_escape(self.note)}" if self.note else ""
        return "\n".join(
            [
                header,
                rule,
                *rows,
                "",
                f": {_md_escape(self.caption)}",
                "",
                # A Div marks the source note for the print layout whatever the language.
                "::: {.source}",
                f"*{_md_escape(_source_line(self.source))}{note}*",
                ":::",
            ]
        )


@dataclass(frozen=True)
class KeyFigure:
    """One headline number: its label, the statistic, and the line under it (year, basis)."""

    label: str
    stat: Stat
    detail: str
    text: str = ""  # the value as shown, when not the statistic's own format (e.g. signed)
    detail_figures: tuple[Stat, ...] = ()  # statistics printed in the detail line

    @property
    def shown(self) -> str:
        """Return the value as printed."""
        return self.text or fmt_stat(self.stat)


@dataclass(eq=False)
class KeyFigures(Block):
    """A row of headline numbers ("cards" in HTML, a compact table in PDF)."""

    items: Sequence[KeyFigure]
    source: str
    caption: str = N_("Key figures")

    @property
    def figures(self) -> tuple[Stat, ...]:  # type: ignore[override]
        return tuple(dict.fromkeys(s for f in self.items for s in (f.stat, *f.detail_figures)))

    def html(self) -> str:
        cards = "".join(
            f'<div class="card"><div class="value">{html.escape(f.shown)}</div>'
            f'<div class="label">{html.escape(f.label)}</div>'
            f'<div class="detail">{html.escape(f.detail)}</div></div>'
            for f in self.items
        )
        return (
            f'<div class="key-figures">{cards}</div>'
            f'<p class="source">{html.escape(_source_line(self.source))}</p>'
        )

    def markdown(self) -> str:
        rows = [
            f"| {_md_escape(f.label)} | {_md_escape(f.shown)} | {_md_escape(f.detail)} |"
            for f in self.items
        ]
        return "\n".join(
            [
                "| "
                + " | ".join(_(h) for h in (N_("Indicator"), N_("Value"), N_("Year and basis")))
                + " |",
                "|:---|---:|:---|",
                *rows,
                "",
                f": {_md_escape(_(self.caption))}",
                "",
                "::: {.source}",
                f"*{_md_escape(_source_line(self.source))}*",
                ":::",
            ]
        )


@dataclass(eq=False)
class Chart(Block):
    """An Altair chart with the statistics it plots (rendered by :mod:`.charts`)."""

    chart: Any
    figures: tuple[Stat, ...] = ()

    def markdown(self) -> str:
        return str(self.chart.to_dict().get("description", ""))

    def _repr_mimebundle_(self, **_: Any) -> dict[str, Any]:
        from gcm_report.report.charts import render_bundle

        bundle = render_bundle(self.chart.to_dict())
        payload = self.payload()
        if payload:
            bundle[META_MIME] = payload
        return bundle


def stats_of(values: Iterable[Any]) -> tuple[Stat, ...]:
    """Return the statistics among ``values``, first occurrence order."""
    return tuple(dict.fromkeys(v for v in values if isinstance(v, Stat)))
