"""Read an executed report notebook into an ordered list of blocks for the renderers.

Both engines see the same blocks, so the HTML and the PDF show the same content: Markdown
cells, and for each code cell its rich outputs. Code, the parameters cells, stream output and
machine-readable payloads never reach a rendered page.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import nbformat

from gcm_report.errors import ReportFailed
from gcm_report.report.blocks import META_MIME
from gcm_report.report.charts import VEGALITE_MIME

__all__ = ["Block", "Document", "read_document"]

_HIDDEN_TAGS = {"parameters", "injected-parameters", "remove-cell"}


@dataclass(frozen=True)
class Block:
    """One piece of rendered content."""

    kind: Literal["markdown", "output"]
    markdown: str = ""
    bundle: dict[str, Any] = field(default_factory=dict)
    tags: frozenset[str] = frozenset()

    @property
    def is_chart(self) -> bool:
        """Return whether the block is an Altair chart."""
        return VEGALITE_MIME in self.bundle


@dataclass
class Document:
    """The renderable content of an executed report plus its machine-readable payloads."""

    blocks: list[Block]
    meta: dict[str, Any]
    indicators: list[dict[str, Any]]  # every statistic a displayed block carries
    tables: list[dict[str, Any]] = field(default_factory=list)

    @property
    def title(self) -> str:
        """Return the report title."""
        return str(self.meta.get("title", "GCM regional review"))


def read_document(notebook: Path | Any, source: Path | None = None) -> Document:
    """Return the blocks, cover metadata and indicator rows of an executed notebook.

    Parameters
    ----------
    notebook
        A notebook file, or an already loaded ``NotebookNode``.
    source
        Where the notebook lives, for error messages (defaults to ``notebook``).

    Raises
    ------
    ReportFailed
        If a cell holds an error output (the notebook did not run cleanly).
    """
    if isinstance(notebook, (str, Path)):
        path = Path(notebook)
        nb = nbformat.read(path, as_version=4)
    else:
        nb, path = notebook, source or Path("<notebook>")
    blocks: list[Block] = []
    meta: dict[str, Any] = {}
    indicators: list[dict[str, Any]] = []
    tables: list[dict[str, Any]] = []
    for cell in nb.cells:
        tags = frozenset(cell.get("metadata", {}).get("tags", []))
        hidden = bool(tags & _HIDDEN_TAGS)
        if cell.cell_type == "markdown" and not hidden:
            blocks.append(Block("markdown", markdown=cell.source, tags=tags))
            continue
        if cell.cell_type != "code":
            continue
        for out in cell.get("outputs", []):
            if out.output_type == "error":
                raise ReportFailed(f"{path}: cell raised {out.ename}: {out.evalue}")
            if out.output_type not in ("display_data", "execute_result"):
                continue  # stdout/stderr are diagnostics, not report content
            data = dict(out.get("data", {}))
            # Payloads are read from every cell, hidden ones included: that is where they live.
            payload = data.pop(META_MIME, None)
            if payload:
                meta.update({k: v for k, v in payload.items() if k not in ("figures", "tables")})
                if not hidden:
                    # Only what a page shows is published: a hidden cell's figures are not.
                    indicators.extend(payload.get("figures", []))
                    tables.extend(payload.get("tables", []))
            if not hidden and set(data) - {"text/plain"}:
                blocks.append(Block("output", bundle=data, tags=tags))
    return Document(blocks=blocks, meta=meta, indicators=indicators, tables=tables)
