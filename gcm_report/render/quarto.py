"""Quarto engine: render the executed notebook with ``quarto render`` (never ``--execute``).

Each report renders in its own folder, which sidesteps two known Quarto problems: a shared
``<name>_files/`` folder overwritten by parallel renders, and races inside one Quarto project.
Quarto does not turn Vega-Lite into images for typst, so it uses the SVG stored beside each
chart spec by :mod:`gcm_report.report.charts`.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from datetime import datetime
from pathlib import Path

import nbformat
import yaml

from gcm_report.errors import ReportFailed
from gcm_report.render.assets import CHART_SCRIPT, css, vega_bundle
from gcm_report.render.document import Document
from gcm_report.report.style import FONT_FAMILY, font_dir

__all__ = ["quarto_front_matter", "render_quarto"]


def quarto_front_matter(doc: Document) -> dict[str, object]:
    """Return the Quarto document options shared by the HTML and typst outputs."""
    meta = doc.meta
    return {
        "title": doc.title,
        "subtitle": meta.get("subtitle", ""),
        "execute": {"enabled": False},
        "echo": False,
        "warning": False,
        "format": {
            "html": {
                "embed-resources": True,
                "toc": True,
                "css": "report.css",
                "include-after-body": "vega.html",
            },
            "typst": {
                "toc": True,
                "section-numbering": "1.",
                "page-numbering": "1",
                "mainfont": FONT_FAMILY,
                "font-paths": [str(font_dir())],
                "papersize": "a4",
            },
        },
    }


def _run(args: list[str], cwd: Path, env: dict[str, str] | None = None) -> None:
    proc = subprocess.run(args, cwd=cwd, capture_output=True, text=True, env=env)
    if proc.returncode != 0:
        last = (proc.stderr.strip().splitlines() or ["no output"])[-1]
        raise ReportFailed(f"{' '.join(args[:4])}: exit {proc.returncode}: {last}")


def render_quarto(doc: Document, work: Path, *, date: datetime | None = None) -> None:
    """Render ``work/report.ipynb`` to ``work/report.html`` and ``work/report.pdf`` with Quarto.

    ``date`` reaches typst as ``SOURCE_DATE_EPOCH`` (the PDF's creation date).
    """
    qdir = work / "_quarto"
    qdir.mkdir()
    nb = nbformat.read(work / "report.ipynb", as_version=4)
    front = yaml.safe_dump(quarto_front_matter(doc), sort_keys=False, allow_unicode=True)
    nb.cells.insert(0, nbformat.v4.new_raw_cell(f"---\n{front}---"))
    nbformat.write(nb, qdir / "report.ipynb")
    (qdir / "report.css").write_text(css(), encoding="utf-8")
    (qdir / "vega.html").write_text(
        f"<script>{vega_bundle()}</script><script>{CHART_SCRIPT}</script>", encoding="utf-8"
    )
    quarto = shutil.which("quarto") or "quarto"
    env = os.environ | ({"SOURCE_DATE_EPOCH": str(int(date.timestamp()))} if date else {})
    _run([quarto, "render", "report.ipynb", "--to", "html", "--output", "report.html"], qdir, env)
    _run([quarto, "render", "report.ipynb", "--to", "typst", "--output", "report.pdf"], qdir, env)
    for name in ("report.html", "report.pdf"):
        produced = qdir / name
        if not produced.is_file():
            raise ReportFailed(f"quarto render: {name} was not produced in {qdir}")
        produced.replace(work / name)
