"""Static assets for rendered pages: CSS, the Vega bundle (cached), the chart upgrade script."""

from __future__ import annotations

from functools import cache
from importlib import resources
from importlib.metadata import version as dist_version
from pathlib import Path

from gcm_report.fsutil import cache_dir, write_text_atomic

__all__ = ["CHART_SCRIPT", "EMBED_OPTIONS", "css", "resource_path", "vega_bundle", "vega_script"]

# vega-embed options of every live chart (report page, Quarto page, JupyterLab).
# The number format travels in the spec (usermeta.formatLocale, see report.charts): labels and
# tooltips then use the report language's separators, as the static SVG does. `ast: true` makes
# Vega interpret expressions instead of compiling them with `new Function`, so the page needs
# no 'unsafe-eval'.
EMBED_OPTIONS = (
    "{renderer: 'svg', ast: true, formatLocale: (spec.usermeta || {}).formatLocale, "
    "actions: {export: true, source: false, compiled: false, editor: false}}"
)

# What a chart becomes once live: the static picture hides, the live view takes its name, and
# the actions menu (an icon) gets a name a screen reader can say.
LIVE_FUNCTION = """
function gcmLive(fig, target) {
  fig.classList.add('is-live');
  var still = fig.querySelector('.gcm-chart-static');
  var view = target.querySelector('svg');
  if (still && view) { view.setAttribute('role', 'img'); view.setAttribute('aria-label', still.getAttribute('aria-label')); }
  var summary = target.querySelector('details > summary');
  if (summary) { summary.setAttribute('aria-label', fig.getAttribute('data-actions-label') || 'Chart actions'); }
}
"""

# Replace each chart's static SVG with an interactive vega-embed view. If anything fails the
# static SVG stays, so a chart is never blank.
CHART_SCRIPT = (
    LIVE_FUNCTION
    + """
document.querySelectorAll('figure.gcm-chart').forEach(function (fig) {
  var spec = JSON.parse(fig.querySelector('script.gcm-chart-spec').textContent);
  var target = document.createElement('div');
  target.className = 'gcm-chart-live';
  fig.insertBefore(target, fig.firstChild);
  vegaEmbed(target, spec, """
    + EMBED_OPTIONS
    + """)
    .then(function () { gcmLive(fig, target); })
    .catch(function (err) { target.remove(); console.error(err); });
});
"""
)


def resource_path(name: str) -> Path:
    """Return the path of a packaged resource file."""
    return Path(str(resources.files("gcm_report.resources").joinpath(name)))


@cache
def _stylesheet() -> str:
    return resource_path("report.css").read_text(encoding="utf-8")


def css(language: str = "en", text: str | None = None) -> str:
    """Return the report stylesheet with the language's typeface embedded.

    With ``text`` (the page), fonts that would be large are reduced to the characters it uses
    (see :func:`gcm_report.report.fonts.font_face_css`).
    """
    from gcm_report.report.fonts import font_face_css, typeface

    stack = typeface(language).css_stack
    return f"{font_face_css(language, text)}\n:root {{ --font: {stack}; }}\n{_stylesheet()}"


@cache
def vega_bundle() -> str:
    """Return the vega + vega-lite + vega-embed JavaScript bundle (~0.9 MB).

    Building it takes vl-convert over a second, so it is cached on disk per vl-convert and
    Vega-Lite version. A lock file makes concurrent build workers build it once and share it.
    """
    import fcntl

    import vl_convert

    from gcm_report.report.charts import VL_VERSION

    version = dist_version("vl-convert-python")
    path = cache_dir() / f"vega-bundle-{version}-vl{VL_VERSION}.js"
    if path.is_file():
        return path.read_text(encoding="utf-8")
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path.with_suffix(".lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes
        if path.is_file():  # another worker built it while this one waited
            return path.read_text(encoding="utf-8")
        # The stub marks `snippet` as required, but the function defaults it (globals
        # vegaEmbed, vegaLite, vega); pin Vega-Lite to the version the charts use.
        bundle = str(vl_convert.javascript_bundle(vl_version=VL_VERSION))  # type: ignore[call-arg]
        write_text_atomic(path, bundle)
    return bundle


def vega_script() -> str:
    """Return the Vega bundle as a script that can share a page with other scripts.

    The bundle declares its helpers as top-level ``const``s, which in a classic script are
    page-wide names: a second copy (a re-run notebook cell) or another script using the same
    short names would fail with a redeclaration error. Inside a function they stay local; the
    bundle publishes ``vegaEmbed``, ``vega`` and ``vegaLite`` on ``window`` itself.
    """
    return "if (!window.vegaEmbed) { (function () {\n" + vega_bundle() + "\n})(); }"
