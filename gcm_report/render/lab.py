"""The report's look inside JupyterLab: Lato, the block styles and live charts.

JupyterLab 4 renders Vega-Lite only up to v5 and knows nothing of the report's CSS or fonts,
so a template run there shows each chart's static SVG in a fallback font (a wider one: the
subtitle with its source runs off the picture), the hidden alt-text caption as visible text,
and the key figures as a plain list. :func:`lab_head` is one HTML output that brings the report
page's own pieces into the notebook instead: Lato, the block rules of ``report.css`` scoped to
notebook outputs, the same Vega bundle (offline, from vl-convert) and the same vega-embed
options as the HTML report, and a script that upgrades every chart output, present or to
come, to a live view with tooltips. Chart outputs themselves are unchanged: the notebook
holds exactly what a build holds.

JupyterLab runs scripts only in trusted outputs (those this session produced, or a notebook
the user saved); elsewhere the styles and static SVG remain. Builds never emit this output:
:func:`wanted` is false outside a Jupyter server, and the build sets ``GCM_REPORT_LAB=0``.
"""

from __future__ import annotations

import os
import re
from functools import cache

from gcm_report.render.assets import EMBED_OPTIONS, LIVE_FUNCTION, resource_path, vega_script

__all__ = ["LAB_CHART_SCRIPT", "display_head", "lab_css", "lab_head", "wanted"]

# Every rendered output in JupyterLab (and Notebook 7) sits in this element: rules scoped to
# it style notebook outputs and nothing of JupyterLab's own interface.
SCOPE = ".jp-OutputArea-output"

# Selectors of report.css that style report blocks (the rest lays out the report page).
_BLOCK_PREFIXES = (".key-figures", "p.source", "figure.gcm-", ".gcm-chart", ".visually-hidden")
# Bare element rules of report.css that, in a notebook, belong to the report's tables only.
_TABLE_ELEMENTS = ("table", "th", "td", "th.num", "td.num", "tbody")

# Upgrades each chart's static SVG to a live vega-embed view, like CHART_SCRIPT on the report
# page, but for outputs that appear later too (Run All, re-runs, cells scrolled into view).
# Charts wait for Lato: Vega measures text once, and a fallback font's metrics would misplace
# titles and labels.
LAB_CHART_SCRIPT = (
    LIVE_FUNCTION
    + """
(function () {
  if (window.gcmReportLab) { window.gcmReportLab.scan(); return; }
  var fonts = Promise.all(['400 13px Lato', '700 13px Lato'].map(function (f) {
    return document.fonts.load(f);
  })).catch(function () {});
  function upgrade(fig) {
    fig.setAttribute('data-gcm-seen', '');
    var source = fig.querySelector('script.gcm-chart-spec');
    if (!source || !window.vegaEmbed) { return; }
    var spec = JSON.parse(source.textContent);
    var target = document.createElement('div');
    target.className = 'gcm-chart-live';
    fig.insertBefore(target, fig.firstChild);
    fonts.then(function () { return vegaEmbed(target, spec, """
    + EMBED_OPTIONS
    + """); })
      .then(function () { gcmLive(fig, target); })
      .catch(function (err) { target.remove(); console.error(err); });
  }
  function scan() {
    document.querySelectorAll('figure.gcm-chart:not([data-gcm-seen])').forEach(upgrade);
  }
  var queued = false;
  new MutationObserver(function () {
    if (queued) { return; }
    queued = true;
    setTimeout(function () { queued = false; scan(); }, 30);
  }).observe(document.body, {childList: true, subtree: true});
  window.gcmReportLab = {scan: scan};
  scan();
})();
"""
)


def wanted() -> bool:
    """Return whether this kernel serves a notebook open in a Jupyter server (JupyterLab).

    Jupyter Server sets ``JPY_SESSION_NAME`` for the kernels it starts; Papermill, nbval and
    other headless runners do not. ``GCM_REPORT_LAB=1`` or ``0`` overrides the guess.
    """
    flag = os.environ.get("GCM_REPORT_LAB", "")
    if flag in ("0", "1"):
        return flag == "1"
    return bool(os.environ.get("JPY_SESSION_NAME"))


def _scoped(selector: str) -> list[str]:
    sel = selector.strip()
    if sel == ":root":
        return [SCOPE]  # the colour variables, inherited by the blocks inside
    if sel.startswith(_BLOCK_PREFIXES):
        return [f"{SCOPE} {sel}"]
    if sel == "figure":
        return [f"{SCOPE} figure.gcm-table", f"{SCOPE} figure.gcm-chart"]
    if sel.split()[0] in _TABLE_ELEMENTS:
        return [f"{SCOPE} figure.gcm-table {sel}"]
    return []  # the page itself (body, masthead, contents, headings): not the notebook's


@cache
def lab_css() -> str:
    """Return the block rules of ``report.css``, scoped to notebook outputs.

    Derived from the report's stylesheet rather than copied, so the notebook and the report
    cannot drift apart. Rules inside ``@media`` blocks (page layout, print) are left out.
    """
    source = resource_path("report.css").read_text(encoding="utf-8")
    source = re.sub(r"@media[^{]*\{(?:[^{}]*\{[^{}]*\})*[^{}]*\}", "", source)
    rules = []
    for selectors, body in re.findall(r"([^{}]+)\{([^{}]*)\}", source):
        scoped = [s for sel in selectors.split(",") for s in _scoped(sel)]
        if scoped:
            rules.append(f"{', '.join(scoped)} {{{body.strip()}}}")
    blocks = ", ".join(
        f"{SCOPE} {b}" for b in (".key-figures", "figure.gcm-table", "figure.gcm-chart", "p.source")
    )
    # First the typeface, and undoing JupyterLab's own output styles, which right-align every
    # table cell and shade alternate rows; the report's rules follow and take precedence.
    base = [
        f"{blocks} {{font-family: var(--font, 'Lato', sans-serif); color: var(--ink);}}",
        f"{SCOPE} figure.gcm-table td {{text-align: left; vertical-align: top;}}",
        f"{SCOPE} figure.gcm-table tbody tr:nth-child(odd) {{background: transparent;}}",
    ]
    rules = base + rules
    return "\n".join(rules)


def lab_head(language: str = "en") -> str:
    """Return the HTML that gives a notebook the report's fonts, styles and live charts.

    Lato (Latin-script reports) is embedded. The Noto fonts of Russian and Arabic reports are
    not: whole, they would add megabytes to the saved notebook, and no page text is known yet
    to reduce them to; JupyterLab then uses the browser's own fonts for those scripts.
    """
    from gcm_report.report.fonts import font_face_css, typeface

    face = typeface(language)
    embedded = font_face_css(language) if face.families == ("Lato",) else ""
    return (
        f"<style>{embedded}\n:root {{ --font: {face.css_stack}; }}\n{lab_css()}</style>"
        f"<script>{vega_script()}</script><script>{LAB_CHART_SCRIPT}</script>"
    )


def display_head(language: str = "en") -> None:
    """Display :func:`lab_head` as the current cell's output (it shows nothing visible)."""
    from IPython.display import display

    display(
        {"text/html": lab_head(language), "text/plain": "(report fonts, styles and live charts)"},
        raw=True,
    )
