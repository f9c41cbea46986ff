"""Quarto engine: render the executed notebook with ``quarto render`` (never ``--execute``).

Each report renders in its own folder, which sidesteps two known Quarto problems: a shared
``<name>_files/`` folder overwritten by parallel renders, and races inside one Quarto project.
Quarto does not turn Vega-Lite into images for typst, so it uses the SVG stored beside each
chart spec by :mod:`gcm_report.report.charts`.

Both outputs get the built-in engine's look: the HTML the same stylesheet and chart script,
the PDF the project's typst template, handed to Quarto as template partials (Quarto's typst
template is assembled from named partials, and a document may replace any of them).
Everything Quarto is asked for is checked against Quarto's own option schemas in
``tests/test_quarto.py``, since Quarto itself cannot run there.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from datetime import datetime
from pathlib import Path

import nbformat
import yaml

from gcm_report.errors import ReportFailed
from gcm_report.render.assets import CHART_SCRIPT, css, resource_path, vega_script
from gcm_report.render.document import Document
from gcm_report.render.pdf import MARKDOWN_READER, cover_values
from gcm_report.report.fonts import font_dirs

__all__ = ["METADATA_KEY", "quarto_front_matter", "render_quarto", "typst_partials"]

# The report's own metadata (cover page, running header) lives under one key that is no
# Quarto option, so none of it can be mistaken for one (Quarto reads `region` and `lang` as
# locale settings, for instance). Templates read it as $gcm.commission$ and so on.
METADATA_KEY = "gcm"
# Cover values that are Quarto document options of the same meaning.
_QUARTO_OPTIONS = ("title", "subtitle")
# "round" fills the running header's "Round {n}" (a string replacement), so it is one too.
_STRING_KEYS = ("language", "fonts", "round")
# The line of report.typ that reads the cover values from typst's sys.inputs (built-in engine).
_META_LINE = re.compile(r'^#let meta\(key\) = sys\.inputs\.at\(key, default: ""\)$', re.M)


def _meta_from_front_matter(keys: list[str]) -> str:
    # Quarto runs typst itself and passes no sys.inputs: under Quarto, meta() reads the front
    # matter instead. Pandoc writes each value as escaped typst markup inside [...], so a value
    # is still printed as text, never run as code.
    def entry(key: str) -> str:
        variable = f"${key}$" if key in _QUARTO_OPTIONS else f"${METADATA_KEY}.{key}$"
        # Values the template computes with (language, fonts, labels with {n}) must be
        # strings; they come from the code and catalogs, never from data files.
        return (
            f'"{key}": "{variable}"'
            if key in _STRING_KEYS or key.startswith("label-")
            else (f'"{key}": [{variable}]')
        )

    entries = ", ".join(entry(key) for key in keys)
    return f'#let meta(key) = ({entries}).at(key, default: "")'


def typst_partials(keys: list[str] | None = None) -> dict[str, str]:
    """Return Quarto typst partials that typeset the document as ``report.typ`` does.

    Quarto's ``template.typ`` includes, in order, ``numbering``, ``definitions``,
    ``typst-template`` and ``page``, then ``typst-show`` (which starts the document), then the
    body. ``report.typ``'s preamble (styles, cover page, page setup, contents) becomes
    ``typst-show.typ``, its cover values (``keys``; those of :func:`cover_values` by default)
    read from the front matter; ``page.typ`` is emptied because the preamble sets up the pages
    itself.
    """
    preamble, marker, rest = (
        resource_path("report.typ").read_text(encoding="utf-8").partition("$body$")
    )
    if not marker or rest.strip():
        raise ReportFailed("report.typ: expected $body$ as its last line")
    if not _META_LINE.search(preamble):
        raise ReportFailed("report.typ: expected the line that defines meta() from sys.inputs")
    if keys is None:
        keys = list(cover_values(Document(blocks=[], meta={}, indicators=[]), ""))
    show = _META_LINE.sub(lambda _m: _meta_from_front_matter(keys), preamble)
    return {
        "typst-show.typ": "// gcm-report: report.typ up to its body (see render/quarto.py)\n"
        + show,
        "page.typ": "// gcm-report: the pages are set up in typst-show.typ\n",
    }


KEEP_FILTER = "keep.lua"
LINKS_FILTER = "links.lua"


def quarto_front_matter(doc: Document, *, built: str = "") -> dict[str, object]:
    """Return the Quarto document options shared by the HTML and typst outputs."""
    variables: dict[str, str] = cover_values(doc, built)
    title, subtitle = (variables.pop(k) for k in _QUARTO_OPTIONS)
    return {
        "title": title,
        "subtitle": subtitle,
        METADATA_KEY: variables,
        # The notebook was executed by Papermill: show its outputs, never code or warnings.
        "execute": {"enabled": False, "echo": False, "warning": False},
        "format": {
            # The reader the built-in engine uses: no raw typst, TeX, HTML or smart quotes
            # from the data (see gcm_report.render.pdf), so both engines print the same text.
            "html": {
                "from": MARKDOWN_READER,
                "embed-resources": True,
                "toc": True,
                "css": "report.css",
                "include-after-body": "vega.html",
            },
            "typst": {
                "from": MARKDOWN_READER,
                "template-partials": sorted(typst_partials()),
                # Short tables stay on one page with their caption and source, as built-in.
                "filters": [LINKS_FILTER, KEEP_FILTER],
                # Sections are level-2 headings in the notebook, level 1 in the PDF.
                "shift-heading-level-by": -1,
                "font-paths": [str(d) for d in font_dirs()],
            },
        },
    }


def _run(args: list[str], cwd: Path, env: dict[str, str] | None = None) -> None:
    proc = subprocess.run(args, cwd=cwd, capture_output=True, text=True, env=env)
    if proc.returncode != 0:
        last = (proc.stderr.strip().splitlines() or ["no output"])[-1]
        raise ReportFailed(f"{' '.join(args[:4])}: exit {proc.returncode}: {last}")


def render_quarto(
    doc: Document, work: Path, *, built: str = "", date: datetime | None = None
) -> None:
    """Render ``work/report.ipynb`` to ``work/report.html`` and ``work/report.pdf`` with Quarto.

    ``date`` reaches typst as ``SOURCE_DATE_EPOCH`` (the PDF's creation date).
    """
    qdir = work / "_quarto"
    qdir.mkdir()
    nb = nbformat.read(work / "report.ipynb", as_version=4)
    front = yaml.safe_dump(
        quarto_front_matter(doc, built=built), sort_keys=False, allow_unicode=True
    )
    nb.cells.insert(0, nbformat.v4.new_raw_cell(f"---\n{front}---"))
    nbformat.write(nb, qdir / "report.ipynb")
    (qdir / "report.css").write_text(css(), encoding="utf-8")
    (qdir / "vega.html").write_text(
        f"<script>{vega_script()}</script><script>{CHART_SCRIPT}</script>", encoding="utf-8"
    )
    for name, text in typst_partials().items():
        (qdir / name).write_text(text, encoding="utf-8")
    for name in (LINKS_FILTER, KEEP_FILTER):
        shutil.copyfile(resource_path(name), qdir / name)
    quarto = shutil.which("quarto") or "quarto"
    env = os.environ | ({"SOURCE_DATE_EPOCH": str(int(date.timestamp()))} if date else {})
    _run([quarto, "render", "report.ipynb", "--to", "html", "--output", "report.html"], qdir, env)
    _run([quarto, "render", "report.ipynb", "--to", "typst", "--output", "report.pdf"], qdir, env)
    for name in ("report.html", "report.pdf"):
        produced = qdir / name
        if not produced.is_file():
            raise ReportFailed(f"quarto render: {name} was not produced in {qdir}")
        produced.replace(work / name)
