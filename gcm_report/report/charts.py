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

import hashlib
import html
import json
import re
from typing import Any

from gcm_report.report.fonts import font_dirs
from gcm_report.report.format import d3_format_locale
from gcm_report.report.i18n import N_, _
from gcm_report.report.style import altair_theme

__all__ = [
    "VEGALITE_MIME",
    "VL_VERSION",
    "chart_title",
    "data_table",
    "enable",
    "render_bundle",
    "untitled_svg",
]

VEGALITE_MIME = "application/vnd.vegalite.v6+json"
# Set in kernels forked by gcm_report.pipeline.kernel: the build worker adds the SVG after
# execution.
DEFER_SVG = False
VL_VERSION = "6.4"  # the Vega-Lite version Altair 6 emits; vl-convert must match it
_fonts_registered = False


_SVG_ID = re.compile(r'id="([A-Za-z_-]*\d+)"')


def _stable_ids(svg: str, spec: dict[str, Any]) -> str:
    """Renumber the SVG's internal ids (gradients, clip paths) per chart.

    vl-convert's Vega runtime numbers them across every chart a process converts, so the same
    chart's SVG would depend on what was converted before, and two charts on one page could
    share an id. Ids become ``c<spec hash>-<n>``: stable, and unique to the chart.
    """
    ids = list(dict.fromkeys(_SVG_ID.findall(svg)))
    if not ids:
        return svg
    prefix = "c" + hashlib.sha256(json.dumps(spec, sort_keys=True).encode()).hexdigest()[:8]
    mapping = {old: f"{prefix}-{n}" for n, old in enumerate(ids)}
    pattern = re.compile(r'(id="|#)(' + "|".join(map(re.escape, ids)) + r')(?=["\)])')
    return pattern.sub(lambda m: m.group(1) + mapping[m.group(2)], svg)


def _svg(spec: dict[str, Any]) -> str:
    global _fonts_registered
    import vl_convert

    if not _fonts_registered:
        for folder in font_dirs():
            vl_convert.register_font_directory(str(folder))
        _fonts_registered = True
    locale = spec.get("usermeta", {}).get("formatLocale")
    svg = vl_convert.vegalite_to_svg(spec, vl_version=VL_VERSION, format_locale=locale)
    return _stable_ids(str(svg), spec)


def chart_title(spec: dict[str, Any]) -> str:
    """Return a chart's title as one line ("" when it has none)."""
    title = spec.get("title")
    text = title.get("text", "") if isinstance(title, dict) else title
    if isinstance(text, list):
        text = " ".join(str(t) for t in text)
    return str(text or "").strip()


def untitled_svg(spec: dict[str, Any]) -> str:
    """Return the chart's SVG without its title (subtitle kept): a caption prints it instead."""
    title = spec.get("title")
    if isinstance(title, dict):
        bare = {**spec, "title": {**title, "text": ""}}
    else:
        bare = {k: v for k, v in spec.items() if k != "title"}
    return _svg(bare)


def _with_locale(spec: dict[str, Any]) -> dict[str, Any]:
    """Return the spec carrying its report language's number format (once, in the kernel).

    The spec travels alone to whatever draws it (the build worker's SVG conversion, the
    page's vega-embed), and neither knows the report's language.
    """
    usermeta = spec.get("usermeta") or {}
    if "formatLocale" in usermeta:
        return spec
    return {**spec, "usermeta": {**usermeta, "formatLocale": d3_format_locale()}}


# Words of the chart furniture on the page.
ACTIONS_LABEL = N_("Save or export this chart")
DATA_LABEL = N_("The data of this chart")
# A data table longer than this would not help anyone: the annex and indicators.csv have all.
_MAX_ROWS = 400


def _encodings(spec: dict[str, Any]) -> list[tuple[str, str, str]]:
    """Return ``(field, title, type)`` of every encoded field, in channel order, once each."""
    found: dict[str, tuple[str, str, str]] = {}
    for view in [spec, *spec.get("layer", []), *spec.get("vconcat", []), *spec.get("hconcat", [])]:
        for channel in ("x", "y", "x2", "y2", "color", "theta", "text", "size", "column", "row"):
            enc = (view.get("encoding") or {}).get(channel)
            if not isinstance(enc, dict) or "field" not in enc:
                continue
            field = str(enc["field"])
            title = enc.get("title")
            if isinstance(title, list):
                title = " ".join(map(str, title))
            found.setdefault(field, (field, str(title or field), str(enc.get("type", ""))))
    return list(found.values())


def _rows(spec: dict[str, Any]) -> list[dict[str, Any]]:
    data = spec.get("data") or {}
    if isinstance(data, dict) and "values" in data:
        return list(data["values"])
    name = data.get("name") if isinstance(data, dict) else None
    datasets = spec.get("datasets") or {}
    if name in datasets:
        return list(datasets[name])
    # A layered chart: its first layer with its own data.
    for layer in spec.get("layer", []):
        rows = _rows({**layer, "datasets": datasets})
        if rows:
            return rows
    return []


def _cell(value: Any, kind: str) -> str:
    from gcm_report.report.format import fmt_decimal

    if isinstance(value, bool) or value is None:
        return "" if value is None else str(value)
    if isinstance(value, int | float) and kind == "quantitative":
        return fmt_decimal(float(value), 0 if float(value).is_integer() else 2)
    return str(value)


def data_table(spec: dict[str, Any]) -> str:
    """Return the chart's plotted rows as an HTML table in a closed ``<details>`` ("" if none).

    Maps (geographic shapes) have none here: their values are the annex table's.
    """
    if spec.get("mark") == "geoshape" or any(
        (layer.get("mark") == "geoshape" or (layer.get("mark") or {}) == {"type": "geoshape"})
        for layer in spec.get("layer", [])
    ):
        return ""
    columns = [c for c in _encodings(spec) if "." not in c[0]]
    rows = _rows(spec)
    columns = [c for c in columns if any(c[0] in r for r in rows)]
    if not columns or not rows or len(rows) > _MAX_ROWS:
        return ""
    head = "".join(f'<th scope="col">{html.escape(title)}</th>' for _f, title, _t in columns)
    body = "".join(
        "<tr>"
        + "".join(
            f'<td class="{"num" if kind == "quantitative" else ""}">'
            f"{html.escape(_cell(row.get(field), kind))}</td>"
            for field, _title, kind in columns
        )
        + "</tr>"
        for row in rows
    )
    return (
        f'<details class="chart-data"><summary>{html.escape(_(DATA_LABEL))}</summary>'
        f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></details>"
    )


def render_bundle(spec: dict[str, Any], **_options: Any) -> dict[str, Any]:
    """Return the MIME bundle for a Vega-Lite spec (the Altair renderer entry point).

    Raises
    ------
    ValueError
        If the chart has no ``description``: every chart needs a text alternative.
    """
    spec = _with_locale(spec)
    description = spec.get("description")
    if not description:
        raise ValueError("chart has no description: pass description=... to alt.Chart")
    if DEFER_SVG:
        return {VEGALITE_MIME: spec, "text/plain": description}
    svg = _svg(spec)
    # Sorted keys: the snippet is byte-identical however the spec was produced or stored.
    # No raw <, > or & in the JSON: inside <script>, "<!--<script>" in a label would otherwise
    # make the browser swallow the rest of the page.
    payload = (
        json.dumps(spec, separators=(",", ":"), sort_keys=True)
        .replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
    )
    # The figure is named by its description; the static picture is one image with that
    # name (the live view replaces it), and the chart's rows follow as a table anyone can
    # open: a data alternative for readers who cannot see the chart.
    snippet = (
        f'<figure class="gcm-chart" data-actions-label="{html.escape(_(ACTIONS_LABEL))}">'
        f'<div class="gcm-chart-static" role="img" aria-label="{html.escape(description)}">'
        f"{svg}</div>"
        f'<script type="application/json" class="gcm-chart-spec">{payload}</script>'
        f'<figcaption class="visually-hidden">{html.escape(description)}</figcaption>'
        f"{data_table(spec)}</figure>"
    )
    return {
        VEGALITE_MIME: spec,
        "image/svg+xml": svg,
        "text/html": snippet,
        "text/plain": description,
    }


def enable() -> None:
    """Register and enable the gcm theme and renderer in Altair."""
    import altair as alt

    if "gcm" not in alt.theme.names():
        # Altair types themes as its ThemeConfig TypedDict; ours is the same plain dict.
        alt.theme.register("gcm", enable=False)(altair_theme)  # type: ignore[arg-type]
    alt.theme.enable("gcm")
    alt.renderers.register("gcm", render_bundle)
    alt.renderers.enable("gcm")
