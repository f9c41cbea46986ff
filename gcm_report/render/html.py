"""Built-in HTML engine: one self-contained page per report, no network requests."""

from __future__ import annotations

import base64
import hashlib
import html
import re
from typing import Any

from markdown_it import MarkdownIt

from gcm_report.render.assets import CHART_SCRIPT, css, vega_bundle
from gcm_report.render.document import Block, Document
from gcm_report.report.i18n import LANGUAGES, N_, _

__all__ = ["render_html"]

_md = MarkdownIt("commonmark", {"html": False, "linkify": False}).enable("table")
_HEADING = re.compile(r"<h([23])>(.*?)</h\1>")


def _csp(scripts: list[str]) -> str:
    """Return the page's Content-Security-Policy.

    The page may load nothing from anywhere, so "offline" is enforced, not just hoped for.
    Only the page's own inline scripts run, each allowed by its sha256 (a script smuggled into
    the page by data would not match), and nothing may eval: Vega runs with its CSP-safe
    expression interpreter (``ast: true`` in :data:`CHART_SCRIPT`). Styles stay inline-allowed:
    Vega writes style attributes on the SVG it draws.
    """
    none = "'none'"
    hashes = " ".join(
        "'sha256-" + base64.b64encode(hashlib.sha256(s.encode()).digest()).decode() + "'"
        for s in scripts
    )
    return (
        f"default-src 'none'; script-src {hashes or none}; "
        "style-src 'unsafe-inline'; img-src data:; font-src data:"
    )


def _slug(text: str, used: set[str]) -> str:
    base = re.sub(r"[^a-z0-9]+", "-", re.sub(r"<[^>]+>", "", text).lower()).strip("-") or "section"
    slug, n = base, 2
    while slug in used:
        slug, n = f"{base}-{n}", n + 1
    used.add(slug)
    return slug


def _block_html(block: Block) -> str:
    if block.kind == "markdown":
        return _md.render(block.markdown)
    data = block.bundle
    if "text/html" in data:
        return str(data["text/html"])
    if "image/svg+xml" in data:
        return f'<figure class="gcm-image">{data["image/svg+xml"]}</figure>'
    if "text/markdown" in data:
        return _md.render(str(data["text/markdown"]))
    return ""


# Words of the page around the report (its blocks come translated from the notebook).
CONTENTS = N_("Contents")
OTHER_LANGUAGES = N_("This report in other languages")
SKIP = N_("Skip to the report")


def _languages_nav(links: dict[str, str], current: str) -> str:
    """Return the links to the report in its other languages, each named in itself."""
    items = "".join(
        f'<li><a href="{html.escape(href)}" hreflang="{code}" lang="{code}" '
        f'dir="{LANGUAGES[code].direction}">{html.escape(LANGUAGES[code].name)}</a></li>'
        for code, href in links.items()
        if code != current
    )
    if not items:
        return ""
    return f'<nav class="languages" aria-label="{html.escape(_(OTHER_LANGUAGES))}"><ul>{items}</ul></nav>'


def render_html(doc: Document, *, footer: str = "", languages: dict[str, str] | None = None) -> str:
    """Return the complete HTML page for a report document.

    Code is never shown; charts are static SVG upgraded to interactive Vega-Lite views by the
    inlined vega-embed bundle; fonts, styles and scripts are all embedded. ``languages`` maps
    each language the report is published in to the address of that version, relative to
    this page; the page is in ``doc.meta["language"]`` and right to left where it is written
    so.
    """
    used: set[str] = set()
    toc: list[tuple[int, str, str]] = []

    def anchor(match: re.Match[str]) -> str:
        level, text = match.group(1), match.group(2)
        slug = _slug(text, used)
        toc.append((int(level), slug, re.sub(r"<[^>]+>", "", text)))
        return f'<h{level} id="{slug}">{text}</h{level}>'

    cover_parts: list[str] = []
    body_parts: list[str] = []
    for block in doc.blocks:
        target = cover_parts if "cover" in block.tags else body_parts
        target.append(_HEADING.sub(anchor, _block_html(block)))
    has_charts = any(b.is_chart for b in doc.blocks)
    nav = "".join(
        f'<li class="toc-l{level}"><a href="#{slug}">{html.escape(text)}</a></li>'
        for level, slug, text in toc
    )
    meta: dict[str, Any] = doc.meta
    language = str(meta.get("language") or "en")
    direction = LANGUAGES[language].direction
    code = [vega_bundle(), CHART_SCRIPT] if has_charts else []
    scripts = "".join(f"<script>{c}</script>" for c in code)
    title = _("{title} · {code} · round {n}").format(
        title=doc.title, code=meta.get("commission_code", ""), n=meta.get("round", "")
    )
    head = f"""<!DOCTYPE html>
<html lang="{language}" dir="{direction}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="{_csp(code)}">
<meta name="generator" content="gcm-report">
<title>{html.escape(title)}</title>
"""
    body = f"""</head>
<body>
<a class="skip-link" href="#content">{html.escape(_(SKIP))}</a>
<header class="masthead">
  <div class="commission">{html.escape(str(meta.get("commission", "")))}</div>
  <h1>{html.escape(doc.title)}</h1>
  <p class="subtitle">{html.escape(str(meta.get("subtitle", "")))}</p>
  {_languages_nav(languages or {}, language)}
</header>
<div class="layout">
<nav class="toc" aria-label="{html.escape(_(CONTENTS))}"><h2 class="toc-title">{html.escape(_(CONTENTS))}</h2><ol>{nav}</ol></nav>
<main id="content">
<section class="cover">{"".join(cover_parts)}</section>
{"".join(body_parts)}
</main>
</div>
<footer class="page-footer">{html.escape(footer)}</footer>
{scripts}
</body>
</html>
"""
    # The typeface goes in last, reduced to the characters of the page (Noto fonts whole would
    # add megabytes); the stylesheet holds no text of its own to add to them.
    return head + f"<style>{css(language, head + body)}</style>\n" + body
