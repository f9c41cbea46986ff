"""Built-in PDF engine: report blocks → pandoc Markdown → typst → PDF.

Charts go in as their SVG (vector), tables as Markdown pipe tables that pandoc turns into
typst tables, and the only fonts typst may use are the embedded ones plus Lato, so the PDF
looks the same on every machine.
"""

from __future__ import annotations

import shutil
from datetime import datetime
from pathlib import Path
from typing import Any

from gcm_report.render.assets import resource_path
from gcm_report.render.document import Document
from gcm_report.render.svgtext import outline_text
from gcm_report.report.charts import VEGALITE_MIME, chart_title, untitled_svg
from gcm_report.report.fonts import font_dirs, typeface
from gcm_report.report.i18n import LANGUAGES, N_, _

__all__ = ["MARKDOWN_READER", "cover_values", "render_pdf", "to_markdown"]


def _escape_alt(text: str) -> str:
    return text.replace("[", "(").replace("]", ")").replace("\n", " ")


def to_markdown(doc: Document, media_dir: Path) -> str:
    """Return the pandoc Markdown of a document, writing chart SVGs into ``media_dir``.

    In a right-to-left document the charts' words are drawn as outlines (see
    :mod:`gcm_report.render.svgtext`): PDF/UA-1 refuses typst's SVG text for joined Arabic.
    """
    language = str(doc.meta.get("language") or "en")
    outlines = LANGUAGES[language].direction == "rtl"
    parts: list[str] = []
    n_fig = 0
    for block in doc.blocks:
        if "cover" in block.tags:
            continue  # the typst template typesets the cover page from doc.meta
        if block.kind == "markdown":
            parts.append(block.markdown)
            continue
        data = block.bundle
        if "image/svg+xml" in data:
            n_fig += 1
            name = f"figure-{n_fig}.svg"
            svg, caption = str(data["image/svg+xml"]), ""
            spec = data.get(VEGALITE_MIME)
            if isinstance(spec, dict) and chart_title(spec):
                # The title becomes the figure's caption (numbered, listed, real text), so the
                # picture is drawn without it.
                caption = chart_title(spec)
                svg = untitled_svg(spec)
            if outlines:
                svg = outline_text(svg)
            (media_dir / name).write_text(svg, encoding="utf-8")
            alt = _escape_alt(str(data.get("text/plain", f"Figure {n_fig}")))
            title = caption.replace("\\", "\\\\").replace('"', '\\"')
            parts.append(f'![{alt}]({name} "{title}"){{width=100%}}')
        elif "text/markdown" in data:
            parts.append(str(data["text/markdown"]))
    return "\n\n".join(parts) + "\n"


# Pandoc Markdown extensions that would let text reach typst as code or as something else:
# raw typst (`x`{=typst}), raw TeX, TeX math between dollars ("fee $5 and $6"), citations
# ("@ref" becomes a typst reference to a label that does not exist), raw HTML, and smart
# punctuation ("<!--" would print as "<!–"; the HTML page has none either).
MARKDOWN_READER = "markdown" + "".join(
    f"-{ext}"
    for ext in (
        "implicit_figures",
        "raw_html",
        "raw_attribute",
        "raw_tex",
        "tex_math_dollars",
        "citations",
        "smart",
    )
)


# The words of the PDF's own furniture (cover labels, header, footer, contents).
LABELS = {
    "label-round": N_("Review round"),
    "label-meeting": N_("Review meeting"),
    "label-data": N_("Data years"),
    "label-produced": N_("Produced"),
    "label-contents": N_("Contents"),
    "label-tables": N_("Tables"),
    "label-figures": N_("Figures"),
    "label-header-round": N_("Round {n}"),
    "label-page": N_("Page {n} of {total}"),
}


def cover_values(doc: Document, built: str) -> dict[str, str]:
    """Return the cover and header values, as the strings the typst template prints.

    They include the document's language (``language``: typst's hyphenation, quotes and,
    for Arabic, right-to-left text) and its typeface (``fonts``, families joined by ``|``).
    """
    meta: dict[str, Any] = doc.meta
    language = str(meta.get("language") or "en")
    # Keys are deliberately not "region" or "lang": pandoc's typst writer treats those as
    # locale settings.
    values = {
        "title": doc.title,
        "subtitle": meta.get("subtitle", ""),
        "commission": meta.get("commission", ""),
        "commission-code": meta.get("commission_code", ""),
        "round": meta.get("round", ""),
        "round-label": f"{meta.get('round', '')} ({meta.get('period', '')})",
        "meeting": meta.get("meeting", ""),
        "reference-year": meta.get("reference_year", ""),
        "built": built,
        "language": language,
        "fonts": "|".join(typeface(language).families),
    } | {key: _(text) for key, text in LABELS.items()}
    return {key: str(value) for key, value in values.items()}


def render_pdf(
    doc: Document, workdir: Path, *, built: str, timestamp: datetime | None = None
) -> bytes:
    """Typeset a document and return the PDF bytes.

    Parameters
    ----------
    doc
        The report document.
    workdir
        Empty scratch folder; typst may only read files under it.
    built
        "Produced" line for the cover (date and tool version).
    timestamp
        Creation date written into the PDF metadata (and the document id derived from it);
        without it typst uses the clock, and no two PDFs are byte-identical.
    """
    import pypandoc
    import typst

    workdir.mkdir(parents=True, exist_ok=True)
    template = workdir / "template.typ"
    shutil.copyfile(resource_path("report.typ"), template)
    markdown = to_markdown(doc, workdir)
    args = [
        "--standalone",
        f"--template={template}",
        f"--lua-filter={resource_path('links.lua')}",
        # Short tables stay on one page with their caption and source (see keep.lua).
        f"--lua-filter={resource_path('keep.lua')}",
        "--shift-heading-level-by=-1",
        "--wrap=none",
    ]
    source = pypandoc.convert_text(markdown, "typst", format=MARKDOWN_READER, extra_args=args)
    main = workdir / "report.typ"
    main.write_text(source, encoding="utf-8")
    # Cover values go in as typst inputs (strings the template prints), never as markup.
    pdf = typst.compile(
        str(main),
        root=str(workdir),
        font_paths=[str(d) for d in font_dirs()],
        ignore_system_fonts=True,
        sys_inputs=cover_values(doc, built),
        timestamp=timestamp,
        # PDF/UA-1: tagged structure, document title and language, alternative text on every
        # figure; typst refuses to write a PDF that would break the standard.
        pdf_standards=["ua-1"],
    )
    return bytes(pdf)
