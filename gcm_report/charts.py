"""The single Altair renderer used by every report and both rendering engines.

A chart is displayed as one MIME bundle holding:

* ``application/vnd.vegalite.v6+json``: the Vega-Lite spec (interactive HTML re-embeds it);
* ``image/svg+xml``: a vector rendering by vl-convert (PDF, Quarto typst, static fallback);
* ``text/html``: the SVG inside a ``<figure>`` with the spec beside it; a report page that
  carries the Vega bundle upgrades it to an interactive chart, anywhere else the SVG shows;
* ``text/plain``: the chart's text description (alt text).

Altair 6's own ``mimetype`` renderer emits ``application/vnd.vegalite.v6.json`` (no ``+json``),
which nbformat rejects when Papermill writes the notebook; this renderer avoids that.
"""

from __future__ import annotations

import html
import json
import sys
from typing import Any

from gcm_report.style import altair_theme, font_dir

__all__ = ["VEGALITE_MIME", "VL_VERSION", "enable", "render_bundle"]

VEGALITE_MIME = "application/vnd.vegalite.v6+json"
VL_VERSION = "6.4"  # the Vega-Lite version Altair 6 emits; vl-convert must match it
_fonts_registered = False


def _svg(spec: dict[str, Any]) -> str:
    global _fonts_registered
    import vl_convert

    if not _fonts_registered:
        vl_convert.register_font_directory(str(font_dir()))
        _fonts_registered = True
    return str(vl_convert.vegalite_to_svg(spec, vl_version=VL_VERSION))


def render_bundle(spec: dict[str, Any], **_: Any) -> dict[str, Any]:
    """Return the MIME bundle for a Vega-Lite spec (the Altair renderer entry point).

    Raises
    ------
    ValueError
        If the chart has no ``description``: every chart needs a text alternative.
    """
    description = spec.get("description")
    if not description:
        raise ValueError("chart has no description: pass description=... to alt.Chart")
    svg = _svg(spec)
    payload = json.dumps(spec, separators=(",", ":")).replace("</", "<\\/")
    snippet = (
        f'<figure class="gcm-chart" role="img" aria-label="{html.escape(description)}">'
        f'<div class="gcm-chart-static">{svg}</div>'
        f'<script type="application/json" class="gcm-chart-spec">{payload}</script>'
        f'<figcaption class="visually-hidden">{html.escape(description)}</figcaption></figure>'
    )
    return {
        VEGALITE_MIME: spec,
        "image/svg+xml": svg,
        "text/html": snippet,
        "text/plain": description,
    }


def _import_altair() -> Any:
    """Import Altair without jsonschema's optional IRI checker.

    Where JupyterLab is installed, ``jsonschema[format-nongpl]`` brings ``rfc3987_syntax``, which
    compiles a grammar at import: 0.9 s of every report kernel's ~3.7 s here. Altair never checks
    the "iri" format, so the module is hidden only while jsonschema first loads; afterwards it is
    importable again as usual.
    """
    if "jsonschema" in sys.modules or "rfc3987_syntax" in sys.modules:
        import altair

        return altair
    sys.modules["rfc3987_syntax"] = None  # type: ignore[assignment]
    try:
        import altair
    finally:
        del sys.modules["rfc3987_syntax"]
    return altair


def enable() -> None:
    """Register and enable the gcm theme and renderer in Altair."""
    alt = _import_altair()
    if "gcm" not in alt.theme.names():
        alt.theme.register("gcm", enable=False)(altair_theme)
    alt.theme.enable("gcm")
    alt.renderers.register("gcm", render_bundle)
    alt.renderers.enable("gcm")
